package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: HELLO, AUTH and RESET behave as in Redis 7.0.15 (reply maps in RESP2 and RESP3, protocol switch, exact
 * error strings, the default user with and without requirepass), and real clients connect: Lettuce 6 (which
 * opens with HELLO 3) and Jedis 5 in both protocols.
 * Method: an in-process KrillServer on a free port, driven over sockets. Expected bytes are literals captured from
 * redis-server 7.0.15; where redis-server is installed the same scripts also run against it and every reply must
 * be byte-identical (the client id inside HELLO's map is masked, since ids differ between servers).
 */
class HelloCommandsTest
{
    private static final String[][] NO_PASSWORD_SCRIPT = {
        {"HELLO"}, {"HELLO", "2"}, {"HELLO", "3"}, {"CLIENT", "GETNAME"}, {"HELLO", "4"}, {"HELLO", "1"},
        {"HELLO", "abc"}, {"HELLO", "3", "FOO"}, {"HELLO", "3", "AUTH"}, {"HELLO", "3", "AUTH", "default"},
        {"HELLO", "3", "SETNAME"}, {"HELLO", "3", "SETNAME", "a b"}, {"HELLO", "2", "SETNAME", "x\ny"},
        {"HELLO", "3", "AUTH", "default", "anything"}, {"HELLO", "2", "AUTH", "nobody", "x"},
        {"HELLO", "2", "SETNAME", "first", "SETNAME", "second"}, {"CLIENT", "GETNAME"},
        {"HELLO", "3", "AUTH", "a", "b", "c"}, {"HELLO", "3", "SETNAME", "a b", "FOO"},
        {"HELLO", "3", "FOO", "SETNAME", "a b"}, {"HELLO", "3", "SETNAME", "ok", "AUTH", "nobody", "x"},
        {"HELLO", "3", "SETNAME", "a b", "AUTH", "nobody", "x"},
        {"AUTH", "x"}, {"AUTH", "a", "b"}, {"AUTH", "default", "b"}, {"AUTH", "a", "b", "c"}, {"AUTH"},
        {"RESET", "x"}, {"HELLO", "3"}, {"RESET"}, {"CLIENT", "GETNAME"}, {"PING"},
    };

    private static final String[][] PASSWORD_SCRIPT = {
        {"PING"}, {"CLIENT", "ID"}, {"HELLO"}, {"HELLO", "3"}, {"HELLO", "3", "SETNAME", "x"}, {"HELLO", "4"},
        {"HELLO", "3", "AUTH", "default", "wrong"}, {"HELLO", "3", "AUTH", "foo", "sekret"}, {"AUTH", "wrong"},
        {"AUTH", "default", "wrong"}, {"AUTH", "foo", "sekret"}, {"PING"},
        {"HELLO", "2", "AUTH", "default", "sekret", "SETNAME", "bad name"}, {"PING"},
        {"HELLO", "2", "AUTH", "default", "sekret", "SETNAME", "bar"}, {"CLIENT", "GETNAME"}, {"AUTH", "wrong"},
        {"PING"}, {"AUTH", "sekret"}, {"AUTH", "default", "sekret"}, {"HELLO", "3", "SETNAME", "n"}, {"RESET"},
        {"HELLO", "2", "AUTH", "default", "sekret", "BAD"}, {"PING"}, {"RESET"},
        {"PING"}, {"CLIENT", "GETNAME"}, {"AUTH", "sekret"}, {"CLIENT", "GETNAME"}, {"ECHO", "in resp2"},
    };

    @Test
    void shouldAnswerHelloWithServerMapInRespTwoAndThree() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient client = new WireClient(server.port()))
        {
            final String id = client.call("CLIENT", "ID").substring(1).trim();
            assertEquals("*14\r\n" + helloFields(2, id), client.call("HELLO"));
            assertEquals("%7\r\n" + helloFields(3, id), client.call("HELLO", "3"));
            assertEquals("_\r\n", client.call("CLIENT", "GETNAME"), "RESP3 null after HELLO 3");
            client.call("HELLO", "2");
            assertEquals("$-1\r\n", client.call("CLIENT", "GETNAME"), "RESP2 null after HELLO 2");
        }
    }

    @Test
    void shouldAnswerModeClusterWhenClusterEnabled() throws Exception
    {
        // a cluster node keeps nodes.conf in its dir: a temporary one, so tests leave no file behind
        final Path dir = Files.createTempDirectory("krill-hello-cluster");
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0", "--cluster-enabled", "yes",
                "--dir", dir.toString()));
            WireClient client = new WireClient(server.port()))
        {
            assertTrue(client.call("HELLO").contains("$4\r\nmode\r\n$7\r\ncluster\r\n"));
        }
        finally
        {
            Files.deleteIfExists(dir.resolve("nodes.conf"));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void shouldRejectBadHelloAndAuthArgumentsWithRedisErrors() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient client = new WireClient(server.port()))
        {
            assertEquals("-NOPROTO unsupported protocol version\r\n", client.call("HELLO", "4"));
            assertEquals("-ERR Protocol version is not an integer or out of range\r\n", client.call("HELLO", "x"));
            assertEquals("-ERR Syntax error in HELLO option 'AUTH'\r\n", client.call("HELLO", "3", "AUTH", "u"));
            assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                client.call("HELLO", "3", "SETNAME", "a b"));
            assertEquals("$-1\r\n", client.call("CLIENT", "GETNAME"), "a failed HELLO changes nothing");
            assertEquals("-ERR AUTH <password> called without any password configured for the default user. " +
                "Are you sure your configuration is correct?\r\n", client.call("AUTH", "x"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                client.call("AUTH", "someone", "x"));
            assertEquals("+OK\r\n", client.call("AUTH", "default", "any password"));
        }
    }

    @Test
    void shouldRequirePasswordAndForgetItOnResetWhenRequirepassIsSet() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0", "--requirepass", "sekret"));
            WireClient client = new WireClient(server.port()))
        {
            assertEquals("-NOAUTH Authentication required.\r\n", client.call("PING"));
            assertTrue(client.call("HELLO", "3").startsWith("-NOAUTH HELLO must be called with the client already"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                client.call("AUTH", "wrong"));
            assertTrue(client.call("HELLO", "3", "AUTH", "default", "sekret", "SETNAME", "app").startsWith("%7\r\n"));
            assertEquals("$3\r\napp\r\n", client.call("CLIENT", "GETNAME"));
            assertEquals("+RESET\r\n", client.call("RESET"));
            assertEquals("-NOAUTH Authentication required.\r\n", client.call("PING"));
            assertEquals("+OK\r\n", client.call("AUTH", "sekret"));
            assertEquals("$-1\r\n", client.call("CLIENT", "GETNAME"), "RESET dropped the name and RESP3");
        }
    }

    @Test
    void shouldReplyAsRealRedisWhenNoPasswordIsSet() throws Exception
    {
        assertSameAsRedis(NO_PASSWORD_SCRIPT);
    }

    @Test
    void shouldReplyAsRealRedisWhenRequirepassIsSet() throws Exception
    {
        assertSameAsRedis(PASSWORD_SCRIPT, "--requirepass", "sekret");
    }

    @Test
    void shouldServeLettuceWhichConnectsWithHello3() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0", "--requirepass", "pw")))
        {
            final RedisClient lettuce = RedisClient.create(
                RedisURI.builder().withHost("127.0.0.1").withPort(server.port()).withPassword("pw".toCharArray())
                    .withTimeout(Duration.ofSeconds(10)).build());
            try (StatefulRedisConnection<String, String> connection = lettuce.connect())
            {
                assertEquals("OK", connection.sync().set("lettuce", "works"));
                assertEquals("works", connection.sync().get("lettuce"));
                final String self = connection.sync().clientInfo();
                assertTrue(self.contains(" resp=3\n") || self.endsWith(" resp=3"), self);
            }
            finally
            {
                lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void shouldServeJedisInBothProtocols() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0")))
        {
            for (final RedisProtocol protocol : new RedisProtocol[] {RedisProtocol.RESP2, RedisProtocol.RESP3})
            {
                try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", server.port()),
                    DefaultJedisClientConfig.builder().protocol(protocol).clientName("jedis-" + protocol).build()))
                {
                    assertEquals("OK", jedis.set("jedis", protocol.name()));
                    assertEquals(protocol.name(), jedis.get("jedis"));
                    assertEquals("jedis-" + protocol, jedis.clientGetname());
                    final String expected = protocol == RedisProtocol.RESP3 ? "resp=3" : "resp=2";
                    assertTrue(jedis.clientInfo().contains(expected), jedis.clientInfo());
                }
            }
        }
    }

    /** HELLO's seven fields as Redis 7.0.15 sends them, after the map (RESP3) or array (RESP2) header. */
    private static String helloFields(final int protocol, final String id)
    {
        return "$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:" + protocol +
            "\r\n$2\r\nid\r\n:" + id + "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n" +
            "$7\r\nmodules\r\n*0\r\n";
    }

    /** Runs {@code script} on Krill and on a real redis-server started with {@code args}; replies must match. */
    static void assertSameAsRedis(final String[][] script, final String... args) throws Exception
    {
        final List<String> krillArgs = new ArrayList<>(List.of("--port", "0"));
        krillArgs.addAll(List.of(args));
        final List<String> krill;
        try (KrillServer server = KrillServer.start(ServerConfig.parse(krillArgs.toArray(new String[0]))))
        {
            krill = WireClient.script(server.port(), script);
        }
        final List<String> redis;
        try (RealRedisServer real = RealRedisServer.start(args))
        {
            redis = WireClient.script(real.port(), script);
        }
        for (int i = 0; i < script.length; i++)
        {
            assertEquals(maskClientId(redis.get(i)), maskClientId(krill.get(i)), String.join(" ", script[i]));
        }
    }

    /** HELLO's map carries the connection id, which differs between two servers. */
    static String maskClientId(final String reply)
    {
        return reply.replaceAll("\\$2\r\nid\r\n:\\d+\r\n", "\\$2\r\nid\r\n:ID\r\n");
    }
}
