package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: MIGRATE behaves as Redis 7.0's, both ways between Krill and a real redis-server.
 * Method: one script of MIGRATE cases (busy keys, REPLACE, COPY, KEYS, AUTH/AUTH2, syntax errors, unreachable,
 * silent and password-protected targets) runs once with a real Redis as the source and once with Krill, against
 * the same real Redis targets, and the replies must be byte-identical; then every value type with TTLs goes
 * Krill to Redis and Redis to Krill (read back with DUMP, which must match byte for byte, and PTTL), the command
 * must reach replicas as DEL of the moved keys, and a cached connection the target closed must be retried.
 */
class MigrateCommandTest
{
    private static RealRedisServer target;
    private static RealRedisServer securedTarget;
    private static ServerSocket silentTarget;
    private static int deadPort;

    @BeforeAll
    static void startTargets() throws Exception
    {
        target = RealRedisServer.start();
        securedTarget = RealRedisServer.start("--requirepass", "pw");
        silentTarget = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        deadPort = RealRedisServer.freePort();
    }

    @AfterAll
    static void stopTargets() throws Exception
    {
        if (silentTarget != null)
        {
            silentTarget.close();
        }
        if (securedTarget != null)
        {
            securedTarget.close();
        }
        if (target != null)
        {
            target.close();
        }
    }

    @Test
    void shouldReplyLikeRedisWhenRunningTheSameMigrateScript() throws Exception
    {
        final List<String> expected;
        try (RealRedisServer redis = RealRedisServer.start())
        {
            expected = runScript(redis.port());
        }
        final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        final List<String> actual;
        try
        {
            actual = runScript(krill.port());
        }
        finally
        {
            krill.close();
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        assertTrue(expected.stream().anyMatch(r -> r.contains("-> -IOERR error or timeout reading")),
            expected.toString());
    }

    @Test
    void shouldMoveEveryTypeWithTtlWhenKrillMigratesToRedis() throws Exception
    {
        final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        try
        {
            moveEveryType(krill.port(), target.port());
        }
        finally
        {
            krill.close();
        }
    }

    @Test
    void shouldMoveEveryTypeWithTtlWhenRedisMigratesToKrill() throws Exception
    {
        final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        try (RealRedisServer redis = RealRedisServer.start())
        {
            moveEveryType(redis.port(), krill.port());
        }
        finally
        {
            krill.close();
        }
    }

    @Test
    void shouldPropagateDelOfMovedKeysWhenNotCopying() throws Exception
    {
        final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        try (RawReplica replica = new RawReplica(krill.port()); WireClient client = new WireClient(krill.port()))
        {
            client.call("FLUSHALL");
            client.call("MSET", "p1", "1", "p2", "2", "p3", "3");
            WireClient.script(target.port(), new String[] {"FLUSHALL"}, new String[] {"SET", "p3", "busy"});
            final String port = Integer.toString(target.port());
            assertEquals("+OK\r\n", client.call("MIGRATE", "127.0.0.1", port, "p1", "0", "1000", "COPY"));
            assertTrue(client.call("MIGRATE", "127.0.0.1", port, "", "0", "1000", "KEYS", "p1", "p2", "p3")
                .startsWith("-ERR Target instance replied with error: BUSYKEY"));
            client.call("SET", "zz:end", "1");
            final List<String> stream = replica.commandsUntil("zz:end");
            final List<String> tail = stream.subList(stream.indexOf("MSET p1 1 p2 2 p3 3") + 1, stream.size());
            assertEquals(List.of("DEL p2", "SET zz:end 1"), tail.stream().filter(c -> !c.equals("ping")).toList());
        }
        finally
        {
            krill.close();
        }
    }

    @Test
    void shouldReconnectOnceWhenTheTargetClosedTheCachedConnection() throws Exception
    {
        final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        try (WireClient client = new WireClient(krill.port()); WireClient admin = new WireClient(target.port()))
        {
            admin.call("FLUSHALL");
            final String port = Integer.toString(target.port());
            client.call("MSET", "r1", "1", "r2", "2");
            assertEquals("+OK\r\n", client.call("MIGRATE", "127.0.0.1", port, "r1", "0", "1000"));
            assertTrue(client.call("INFO", "stats").contains("migrate_cached_sockets:1\r\n"));
            // the target drops every other client, the cached connection included
            admin.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
            assertEquals("+OK\r\n", client.call("MIGRATE", "127.0.0.1", port, "r2", "0", "1000"));
            assertEquals("$1\r\n2\r\n", admin.call("GET", "r2"));
        }
        finally
        {
            krill.close();
        }
    }

    /** Creates one key per type on {@code from}, migrates them to {@code to}, and checks what arrived. */
    private static void moveEveryType(final int from, final int to) throws IOException
    {
        final String[][] setup = {
            {"FLUSHALL"}, {"SET", "s", "hello"}, {"SET", "n", "12345"}, {"RPUSH", "l", "a", "b", "1"},
            {"HSET", "h", "f", "v", "g", "1"}, {"SADD", "is", "1", "2", "3"}, {"SADD", "ss", "x", "y"},
            {"ZADD", "z", "1.5", "a", "2", "b"}, {"PFADD", "hll", "a", "b", "c"}, {"SETBIT", "bits", "100", "1"},
            {"PEXPIRE", "l", "100000"}, {"PEXPIRE", "z", "200000"}};
        final String[] keys = {"s", "n", "l", "h", "is", "ss", "z", "hll", "bits"};
        final List<String> dumps = new ArrayList<>();
        try (WireClient source = new WireClient(from); WireClient destination = new WireClient(to))
        {
            destination.call("FLUSHALL");
            for (final String[] command : setup)
            {
                assertTrue(!source.call(command).startsWith("-"), String.join(" ", command));
            }
            for (final String key : keys)
            {
                dumps.add(readBack(source, key));
            }
            final String[] migrate = new String[7 + keys.length];
            System.arraycopy(new String[] {"MIGRATE", "127.0.0.1", Integer.toString(to), "", "0", "5000", "KEYS"},
                0, migrate, 0, 7);
            System.arraycopy(keys, 0, migrate, 7, keys.length);
            assertEquals("+OK\r\n", source.call(migrate));
            assertEquals(":0\r\n", source.call("DBSIZE"));
            for (int i = 0; i < keys.length; i++)
            {
                assertEquals(dumps.get(i), readBack(destination, keys[i]), keys[i]);
            }
            assertTtlNear(destination, "l", 100_000);
            assertTtlNear(destination, "z", 200_000);
            assertEquals(":-1\r\n", destination.call("PTTL", "s"));
            assertEquals("+NOKEY\r\n", source.call("MIGRATE", "127.0.0.1", Integer.toString(to), "s", "0", "5000"));
        }
    }

    /** DUMP, except for a hashtable set: its members' order is each server's own, so they are compared sorted. */
    private static String readBack(final WireClient client, final String key) throws IOException
    {
        return key.equals("ss") ? client.call("SORT", key, "ALPHA") : client.call("DUMP", key);
    }

    private static void assertTtlNear(final WireClient client, final String key, final long ttlMs) throws IOException
    {
        final String reply = client.call("PTTL", key);
        final long actual = Long.parseLong(reply.substring(1, reply.length() - 2));
        assertTrue(actual <= ttlMs && actual > ttlMs - 10_000, key + " PTTL " + actual);
    }

    /**
     * The MIGRATE script. Lines starting with "@t" run on the plain target; $T, $S, $D and $Q stand for the plain
     * target's, the password-protected target's, a closed port and a silent listener.
     */
    private static List<String> runScript(final int sourcePort) throws IOException
    {
        final String[] script = {
            "FLUSHALL", "@t FLUSHALL", "SET a 1", "@t SET a x",
            "MIGRATE 127.0.0.1 $T a 0 1000", "GET a", "MIGRATE 127.0.0.1 $T a 0 1000 REPLACE", "EXISTS a",
            "@t GET a", "MIGRATE 127.0.0.1 $T a 0 1000",
            "SET b 1", "MIGRATE 127.0.0.1 $T b 0 1000 COPY", "EXISTS b", "MIGRATE 127.0.0.1 $T b 0 1000 COPY",
            "MIGRATE 127.0.0.1 $T b 0 1000 COPY REPLACE", "EXISTS b",
            "MSET c1 1 c2 2 c3 3", "@t SET c2 x", "MIGRATE 127.0.0.1 $T \"\" 0 1000 KEYS c1 nokey c2 c3",
            "EXISTS c1 c2 c3", "@t MGET c1 c2 c3",
            "MIGRATE 127.0.0.1 $T \"\" 0 1000 KEYS nokey1 nokey2",
            "MIGRATE 127.0.0.1 $T b 0 1000 KEYS b", "MIGRATE 127.0.0.1 $T b 0 1000 FOO",
            "MIGRATE 127.0.0.1 $T b 0 1000 AUTH", "MIGRATE 127.0.0.1 $T b 0 1000 AUTH2 u",
            "MIGRATE 127.0.0.1 $T b x 1000", "MIGRATE 127.0.0.1 $T b 0 x", "MIGRATE 127.0.0.1 $T b 16 1000 REPLACE",
            "MIGRATE 127.0.0.1 $T b 0 1000 REPLACE AUTH pw",
            "SET d 1", "MIGRATE 127.0.0.1 $S d 0 1000", "MIGRATE 127.0.0.1 $S d 0 1000 AUTH wrong",
            "MIGRATE 127.0.0.1 $S d 0 1000 AUTH2 default wrong", "MIGRATE 127.0.0.1 $S d 0 1000 COPY AUTH pw",
            "MIGRATE 127.0.0.1 $S d 0 1000 REPLACE AUTH2 default pw", "EXISTS d",
            "SET e 1 PX 100000", "MIGRATE 127.0.0.1 $D e 0 500", "MIGRATE nonexistent.invalid $T e 0 500",
            "MIGRATE 127.0.0.1 notaport e 0 500", "MIGRATE 127.0.0.1 $Q e 0 300", "EXISTS e",
            "MIGRATE 127.0.0.1 $T e 0 0", "EXISTS e", "@t EXISTS e"};
        WireClient.script(securedTarget.port(), new String[] {"AUTH", "pw"}, new String[] {"FLUSHALL"});
        final List<String> replies = new ArrayList<>();
        try (WireClient source = new WireClient(sourcePort); WireClient plain = new WireClient(target.port()))
        {
            for (final String line : script)
            {
                final boolean onTarget = line.startsWith("@t ");
                final String[] words = (onTarget ? line.substring(3) : line).split(" ");
                for (int i = 0; i < words.length; i++)
                {
                    words[i] = words[i].replace("$T", Integer.toString(target.port()))
                        .replace("$S", Integer.toString(securedTarget.port()))
                        .replace("$D", Integer.toString(deadPort))
                        .replace("$Q", Integer.toString(silentTarget.getLocalPort()))
                        .replace("\"\"", "");
                }
                replies.add(line + " -> " + (onTarget ? plain : source).call(words).replace("\r\n", " "));
            }
        }
        return replies;
    }
}
