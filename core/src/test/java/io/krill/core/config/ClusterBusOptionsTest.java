package io.krill.core.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: Krill's own cluster bus options (cluster-bus-transport, cluster-bus-inbox-size) parse, show and refuse like
 * Redis options of their types, and are marked as Krill's so comparisons with a Redis server leave them out.
 * Method: ServerConfig parsed from command lines, read back through the getters and CONFIG GET/SET.
 */
class ClusterBusOptionsTest
{
    @Test
    void shouldDefaultToAutoAndTwoMebibytesWhenNotSet()
    {
        final ServerConfig config = ServerConfig.defaults();
        assertEquals("auto", config.clusterBusTransport());
        assertEquals(2L * 1024 * 1024, config.clusterBusInboxSizeBytes());
        assertEquals("auto", config.get("cluster-bus-transport"));
        assertTrue(OptionTable.CLUSTER_BUS_TRANSPORT.is(ConfigOption.KRILL_ONLY));
        assertTrue(OptionTable.CLUSTER_BUS_INBOX_SIZE.is(ConfigOption.KRILL_ONLY));
    }

    @Test
    void shouldReadModeAndSizeWhenGivenOnCommandLine() throws ConfigException
    {
        final ServerConfig config = ServerConfig.parse("--cluster-bus-transport", "TCP", "--cluster-bus-inbox-size",
            "4mb");
        assertEquals("tcp", config.clusterBusTransport());
        assertEquals(4L * 1024 * 1024, config.clusterBusInboxSizeBytes());
    }

    @Test
    void shouldRefuseUnknownModeAndTinyInboxAndLiveChange()
    {
        assertThrows(ConfigException.class, () -> ServerConfig.parse("--cluster-bus-transport", "udp"));
        assertThrows(ConfigException.class, () -> ServerConfig.parse("--cluster-bus-inbox-size", "1kb"));
        final String error = ServerConfig.defaults().set(new String[] {"cluster-bus-transport", "tcp"});
        assertTrue(error != null && error.contains("immutable"), error);
    }
}
