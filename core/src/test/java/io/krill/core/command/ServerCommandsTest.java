package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: TIME, WAIT, SHUTDOWN and DEBUG (SLEEP, POPULATE, HELP) behave as in Redis 7.0.15: reply shapes, argument
 * errors, WAIT blocking until its timeout (no replica can acknowledge), SHUTDOWN stopping the node without a
 * reply (with no save points, so no dump.rdb is written), DEBUG SLEEP stalling every client, DEBUG POPULATE's keys and values, and DEBUG refused unless
 * enable-debug-command allows it.
 * Method: in-process KrillServers over sockets; scripts of commands must give byte-identical replies on Krill and
 * on a real redis-server (skipped when absent); timing checks use generous bounds for a loaded 2-core machine.
 */
class ServerCommandsTest
{
    private static final String[][] ARGUMENT_SCRIPT = {
        {"TIME", "x"}, {"WAIT"}, {"WAIT", "0"}, {"WAIT", "0", "0"}, {"WAIT", "x", "0"}, {"WAIT", "0", "x"},
        {"WAIT", "x", "-1"}, {"WAIT", "0", "-1"}, {"WAIT", "-1", "0"}, {"WAIT", "0", "1.5"},
        {"SHUTDOWN", "foo"}, {"SHUTDOWN", "ABORT"}, {"SHUTDOWN", "NOSAVE", "SAVE"}, {"SHUTDOWN", "ABORT", "NOW"},
        {"SHUTDOWN", "save", "abort"}, {"DEBUG"}, {"DEBUG", "SLEEP", "0"}, {"DEBUG", "HELP"}, {"PING"},
    };

    private static final String[][] DEBUG_SCRIPT = {
        {"DEBUG", "FOO"}, {"DEBUG", "SLEEP"}, {"DEBUG", "SLEEP", "x"}, {"DEBUG", "SLEEP", "0.01"},
        {"DEBUG", "SLEEP", "-1"}, {"DEBUG", "SLEEP", "0", "1"}, {"DEBUG", "SLEEP", "1e-3"},
        {"DEBUG", "POPULATE"}, {"DEBUG", "POPULATE", "x"}, {"DEBUG", "POPULATE", "-1"},
        {"SET", "key:1", "keep"}, {"DEBUG", "POPULATE", "3"}, {"DEBUG", "POPULATE", "3", "pre", "2"},
        {"DEBUG", "POPULATE", "2", "pre2", "-1"}, {"DEBUG", "POPULATE", "2", "pre3", "x"},
        {"DEBUG", "POPULATE", "2", "pre4", "10", "extra"}, {"DEBUG", "POPULATE", "2", "pre5", "0"},
        {"DEBUG", "POPULATE", "2", "pre6", "12"}, {"DEBUG", "POPULATE", "0"}, {"DBSIZE"},
        {"GET", "key:0"}, {"GET", "key:1"}, {"GET", "key:2"}, {"GET", "key:3"}, {"GET", "pre:0"}, {"GET", "pre:2"},
        {"GET", "pre5:1"}, {"GET", "pre6:0"}, {"GET", "pre6:1"},
    };

    @Test
    void shouldAnswerTimeAsSecondsAndMicroseconds() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient client = new WireClient(server.port()))
        {
            final String[] parts = client.call("TIME").split("\r\n");
            assertEquals("*2", parts[0]);
            final long seconds = Long.parseLong(parts[2]);
            final long micros = Long.parseLong(parts[4]);
            assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) <= 2, "wall clock seconds");
            assertTrue(micros >= 0 && micros < 1_000_000);
        }
    }

    @Test
    void shouldReplyAsRealRedisToArgumentErrors() throws Exception
    {
        HelloCommandsTest.assertSameAsRedis(ARGUMENT_SCRIPT);
    }

    @Test
    void shouldPopulateAndValidateAsRealRedisWhenDebugIsEnabled() throws Exception
    {
        HelloCommandsTest.assertSameAsRedis(DEBUG_SCRIPT, "--enable-debug-command", "yes");
    }

    @Test
    void shouldBlockWaitUntilTimeoutWhileServingOthersWhenReplicasAreAskedFor() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient waiter = new WireClient(server.port());
            WireClient other = new WireClient(server.port()))
        {
            assertEquals(":0\r\n", waiter.call("WAIT", "0", "0"), "no replica asked for: at once");
            final long startNs = System.nanoTime();
            waiter.send("WAIT", "1", "400");
            Thread.sleep(100);
            assertTrue(other.callText("CLIENT", "LIST").contains(" flags=b "), "the waiter shows as blocked");
            assertTrue(other.callText("INFO", "clients").contains("\r\nblocked_clients:1\r\n"));
            assertEquals(":0\r\n", waiter.reply());
            final long waitedMs = (System.nanoTime() - startNs) / 1_000_000;
            assertTrue(waitedMs >= 350, "WAIT waited for its timeout: " + waitedMs + " ms");
            assertEquals("+PONG\r\n", waiter.call("PING"), "the waiter reads commands again");
        }
    }

    @Test
    void shouldStopNodeWithoutReplyWhenShutdown() throws Exception
    {
        final KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0", "--save", ""));
        try (WireClient caller = new WireClient(server.port());
            WireClient bystander = new WireClient(server.port()))
        {
            assertEquals("+PONG\r\n", bystander.call("PING"));
            caller.send("SHUTDOWN", "NOW");
            final CompletableFuture<Void> stopped = CompletableFuture.runAsync(() ->
            {
                try
                {
                    server.awaitTermination();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            });
            stopped.get(10, TimeUnit.SECONDS);
            assertTrue(caller.closedByServer(5000), "no reply, just the close");
            assertTrue(bystander.closedByServer(5000));
        }
        finally
        {
            server.close();
        }
    }

    @Test
    void shouldStallOtherClientsWhileDebugSleeps() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0", "--enable-debug-command", "yes"));
            WireClient sleeper = new WireClient(server.port());
            WireClient other = new WireClient(server.port()))
        {
            assertEquals("+PONG\r\n", other.call("PING"));
            sleeper.send("DEBUG", "SLEEP", "0.5");
            Thread.sleep(100);
            final long startNs = System.nanoTime();
            assertEquals("+PONG\r\n", other.call("PING"));
            final long waitedMs = (System.nanoTime() - startNs) / 1_000_000;
            assertEquals("+OK\r\n", sleeper.reply());
            assertTrue(waitedMs >= 250, "PING waited for the sleeping node: " + waitedMs + " ms");
        }
    }

    @Test
    void shouldRefuseDebugUnlessEnabled() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient client = new WireClient(server.port()))
        {
            assertTrue(client.call("DEBUG", "POPULATE", "10").startsWith("-ERR DEBUG command not allowed."));
            assertEquals(":0\r\n", client.call("DBSIZE"));
        }
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0", "--enable-debug-command",
            "local"));
            WireClient client = new WireClient(server.port()))
        {
            assertEquals("+OK\r\n", client.call("DEBUG", "POPULATE", "10"), "loopback counts as local");
            assertEquals(":10\r\n", client.call("DBSIZE"));
            final String help = client.call("DEBUG", "HELP");
            assertTrue(help.contains("+POPULATE <count> [<prefix>] [<size>]\r\n"));
            assertTrue(help.contains("+RELOAD [NOSAVE]\r\n"));
            assertFalse(help.contains("RESTART"), "only what Krill serves is offered");
        }
    }
}
