package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: replication over TCP with real components in both roles: a real redis-server replica of a Krill master,
 * a Krill replica of a real redis-server master, and Krill of Krill; writes reach the replica, WAIT counts the
 * acknowledging replica, a replica refuses writes, INFO/ROLE show the link.
 * A full sync carries a data set that exists before the replica attaches, both ways (Krill's RDB loaded by Redis,
 * Redis's RDB loaded by Krill).
 * Method: start the servers, wait for master_link_status:up, write on the master, WAIT 1, read on the replica;
 * for the full syncs, load data of every type first and compare typed reads of every key on both sides after
 * the sync. Skipped when redis-server is absent.
 */
class ReplicationRealRedisTest
{
    private static final long LINK_TIMEOUT_MS = 15_000;

    @Test
    void shouldFeedRealRedisReplicaWhenKrillIsMaster() throws Exception
    {
        final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        try (RealRedisServer redis = RealRedisServer.start("--replicaof", "127.0.0.1", Integer.toString(krill.port()));
            WireClient master = new WireClient(krill.port());
            WireClient replica = new WireClient(redis.port()))
        {
            awaitLinkUp(replica);
            assertEquals("+OK\r\n", master.call("SET", "foo", "bar"));
            assertEquals("$3\r\n1.5\r\n", master.call("INCRBYFLOAT", "f", "1.5"));
            assertEquals(":1\r\n", master.call("EXPIRE", "foo", "100"));
            assertEquals(":1\r\n", master.call("WAIT", "1", "5000"));
            assertEquals("$3\r\nbar\r\n", replica.call("GET", "foo"));
            assertEquals("$3\r\n1.5\r\n", replica.call("GET", "f"));
            assertTtlNear(100_000, replica.call("PTTL", "foo"));
            final String info = master.call("INFO", "replication");
            assertTrue(info.contains("connected_slaves:1\r\nslave0:ip=127.0.0.1,port=" + redis.port() +
                ",state=online,offset="), info);
            assertTrue(master.call("ROLE").startsWith("*3\r\n$6\r\nmaster\r\n:"));
        }
        finally
        {
            krill.close();
        }
    }

    @Test
    void shouldApplyRealMasterStreamWhenKrillIsReplica() throws Exception
    {
        try (RealRedisServer redis = RealRedisServer.start("--repl-diskless-sync-delay", "0");
            WireClient master = new WireClient(redis.port()))
        {
            final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1",
                "--replicaof", "127.0.0.1", Integer.toString(redis.port())));
            try (WireClient replica = new WireClient(krill.port()))
            {
                awaitLinkUp(replica);
                master.call("SET", "foo", "bar");
                master.call("SADD", "s", "a", "b", "c");
                master.call("SPOP", "s", "2");
                master.call("INCRBYFLOAT", "f", "0.1");
                master.call("EXPIRE", "foo", "100");
                assertEquals(":1\r\n", master.call("WAIT", "1", "5000"));
                assertEquals("$3\r\nbar\r\n", replica.call("GET", "foo"));
                assertEquals(master.call("SMEMBERS", "s"), replica.call("SMEMBERS", "s"));
                assertEquals("$3\r\n0.1\r\n", replica.call("GET", "f"));
                assertTtlNear(100_000, replica.call("PTTL", "foo"));
                assertEquals("-READONLY You can't write against a read only replica.\r\n",
                    replica.call("SET", "x", "y"));
                final String info = replica.call("INFO", "replication");
                assertTrue(info.contains("role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:" + redis.port() +
                    "\r\nmaster_link_status:up\r\n"), info);
                assertTrue(info.contains("slave_read_only:1\r\nreplica_announced:1\r\nconnected_slaves:0\r\n"), info);
                final String masterInfo = master.call("INFO", "replication");
                assertTrue(masterInfo.contains("slave0:ip=127.0.0.1,port=" + krill.port() + ",state=online"),
                    masterInfo);
                assertTrue(replica.call("ROLE").contains("$9\r\nconnected\r\n"));
            }
            finally
            {
                krill.close();
            }
        }
    }

    @Test
    void shouldReplicateAndPromoteWhenBothAreKrill() throws Exception
    {
        final KrillServer primary = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        final KrillServer secondary = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        try (WireClient master = new WireClient(primary.port()); WireClient replica = new WireClient(secondary.port()))
        {
            assertEquals("+OK\r\n", replica.call("REPLICAOF", "127.0.0.1", Integer.toString(primary.port())));
            awaitLinkUp(replica);
            master.call("RPUSH", "l", "a", "b");
            master.call("BLPOP", "l", "0");
            assertEquals(":1\r\n", master.call("WAIT", "1", "5000"));
            assertEquals("*1\r\n$1\r\nb\r\n", replica.call("LRANGE", "l", "0", "-1"));
            final String masterInfo = master.call("INFO", "replication");
            final String replid = field(masterInfo, "master_replid");
            assertEquals("+OK\r\n", replica.call("REPLICAOF", "NO", "ONE"));
            final String promoted = replica.call("INFO", "replication");
            assertEquals(replid, field(promoted, "master_replid2"));
            assertEquals("+OK\r\n", replica.call("SET", "x", "y"));
        }
        finally
        {
            secondary.close();
            primary.close();
        }
    }

    private static String field(final String info, final String name)
    {
        for (final String line : info.split("\r\n"))
        {
            if (line.startsWith(name + ":"))
            {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Test
    void shouldCarryExistingDataInTheFullSyncWhenARealRedisReplicatesKrill() throws Exception
    {
        final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        try (WireClient master = new WireClient(krill.port()))
        {
            load(master);
            try (RealRedisServer redis = RealRedisServer.start("--replicaof", "127.0.0.1",
                Integer.toString(krill.port()));
                WireClient replica = new WireClient(redis.port()))
            {
                awaitLinkUp(replica);
                assertEquals(":1\r\n", master.call("WAIT", "1", "5000"));
                assertSameData(master, replica);
            }
        }
        finally
        {
            krill.close();
        }
    }

    @Test
    void shouldCarryExistingDataInTheFullSyncWhenKrillReplicatesARealRedis() throws Exception
    {
        try (RealRedisServer redis = RealRedisServer.start("--repl-diskless-sync-delay", "0");
            WireClient master = new WireClient(redis.port()))
        {
            load(master);
            final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1",
                "--replicaof", "127.0.0.1", Integer.toString(redis.port())));
            try (WireClient replica = new WireClient(krill.port()))
            {
                awaitLinkUp(replica);
                assertEquals(":1\r\n", master.call("WAIT", "1", "5000"));
                assertSameData(master, replica);
            }
            finally
            {
                krill.close();
            }
        }
    }

    /** 200 keys of every type, in small and large encodings, some with a TTL. */
    private static void load(final WireClient master) throws IOException
    {
        for (int i = 0; i < 40; i++)
        {
            master.call("SET", "str:" + i, i % 2 == 0 ? Integer.toString(i * 1000) : "value-" + "x".repeat(i * 3));
            master.call("RPUSH", "list:" + i, "a", "b", Integer.toString(i), "c".repeat(i * 5));
            master.call("HSET", "hash:" + i, "f1", "v1", "f2", Integer.toString(i), "f3", "w".repeat(i * 3));
            master.call("SADD", "set:" + i, i % 2 == 0 ? Integer.toString(i) : "m" + i, "7", "8");
            master.call("ZADD", "zset:" + i, "1.5", "a", Integer.toString(i), "b", "-2", "c".repeat(i * 3));
        }
        for (int i = 0; i < 130; i++)
        {
            master.call("SADD", "bigset", "member-" + i);
            master.call("HSET", "bighash", "field-" + i, "v" + i);
            master.call("ZADD", "bigzset", Integer.toString(i), "m" + i);
        }
        master.call("PFADD", "hll", "a", "b", "c");
        master.call("EXPIRE", "str:1", "1000");
        master.call("PEXPIRE", "hash:2", "5000000");
    }

    private static void assertSameData(final WireClient master, final WireClient replica) throws IOException
    {
        assertEquals(master.call("DBSIZE"), replica.call("DBSIZE"));
        for (int i = 0; i < 40; i++)
        {
            assertEquals(master.call("GET", "str:" + i), replica.call("GET", "str:" + i));
            assertEquals(master.call("LRANGE", "list:" + i, "0", "-1"), replica.call("LRANGE", "list:" + i, "0", "-1"));
            assertEquals(master.call("HGET", "hash:" + i, "f3"), replica.call("HGET", "hash:" + i, "f3"));
            assertEquals(master.call("SISMEMBER", "set:" + i, "7"), replica.call("SISMEMBER", "set:" + i, "7"));
            assertEquals(master.call("ZRANGE", "zset:" + i, "0", "-1", "WITHSCORES"),
                replica.call("ZRANGE", "zset:" + i, "0", "-1", "WITHSCORES"));
        }
        assertEquals(master.call("SCARD", "bigset"), replica.call("SCARD", "bigset"));
        assertEquals(master.call("HGET", "bighash", "field-77"), replica.call("HGET", "bighash", "field-77"));
        assertEquals(master.call("ZRANGE", "bigzset", "0", "-1", "WITHSCORES"),
            replica.call("ZRANGE", "bigzset", "0", "-1", "WITHSCORES"));
        assertEquals(master.call("GET", "hll"), replica.call("GET", "hll"));
        assertTtlNear(1_000_000, replica.call("PTTL", "str:1"));
        assertTtlNear(5_000_000, replica.call("PTTL", "hash:2"));
    }

    /** A PTTL reply within 10 s below what was set: the expiry crossed over as an absolute time, not reset. */
    private static void assertTtlNear(final long setMs, final String pttlReply)
    {
        final long pttl = Long.parseLong(pttlReply.substring(1).trim());
        assertTrue(pttl > setMs - 10_000 && pttl <= setMs, "PTTL " + pttl + " after setting " + setMs + " ms");
    }

    private static void awaitLinkUp(final WireClient replica) throws IOException, InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + LINK_TIMEOUT_MS;
        String info = "";
        while (System.currentTimeMillis() < deadlineMs)
        {
            info = replica.call("INFO", "replication");
            if (info.contains("master_link_status:up"))
            {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("replication link not up: " + info);
    }
}
