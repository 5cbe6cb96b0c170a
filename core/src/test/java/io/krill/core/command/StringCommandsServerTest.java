package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import static io.krill.core.command.InProcessNode.bulk;
import static io.krill.core.command.InProcessNode.error;
import static io.krill.core.command.InProcessNode.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Goal: the string commands work end to end over a socket, on a running server, with no redis-server needed:
 * registration, arity from the Redis metadata, replies through the network encoder, values larger than a
 * socket read.
 * Method: a Krill server started in-process on a free port, driven by a raw RESP client; replies are compared
 * byte for byte with Redis 7.0.15's (as observed with redis-cli).
 */
class StringCommandsServerTest
{
    @Test
    void shouldServeStringCommandsWhenCalledOverSocket() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
            WireClient client = new WireClient(server.port()))
        {
            assertEquals("+OK\r\n", client.call("MSET", "a", "ohmytext", "b", "mynewtext"));
            assertEquals(bulk("mytext"), client.call("LCS", "a", "b"));
            assertEquals(integer(14), client.call("APPEND", "a", "-more!"));
            assertEquals(bulk("more"), client.call("SUBSTR", "a", "-5", "-2"));
            assertEquals(bulk("0.1"), client.call("INCRBYFLOAT", "f", "0.1"));
            assertEquals(bulk("0.3"), client.call("INCRBYFLOAT", "f", "0.2"));
            assertEquals(integer(10), client.call("INCRBY", "n", "10"));
            assertEquals("*3\r\n$-1\r\n$3\r\n0.3\r\n$2\r\n10\r\n", client.call("MGET", "missing", "f", "n"));
            assertEquals(error("ERR wrong number of arguments for 'getrange' command"),
                client.call("GETRANGE", "a", "1"));
            assertEquals(error("ERR wrong number of arguments for 'mset' command"), client.call("MSET", "a", "b", "c"));
            final String big = "x".repeat(300_000);
            assertEquals(integer(300_000), client.call("SETRANGE", "big", "0", big));
            assertEquals(integer(600_000), client.call("APPEND", "big", big));
            assertEquals(bulk(big + big), client.call("GETDEL", "big"));
            assertEquals(integer(0), client.call("EXISTS", "big"));
        }
    }
}
