package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: a transaction crosses replication as one unit, both ways: a Krill replica of a real redis-server master
 * queues the master's MULTI ... EXEC and runs it at EXEC (before, MULTI/EXEC were unknown commands and the inner
 * writes ran one by one), and a real redis-server replica of a Krill master receives Krill's MULTI ... EXEC.
 * Method: real TCP replication; write a transaction on the master, WAIT 1, then read the data on the replica and
 * its INFO commandstats, where one MULTI and one EXEC call show the block was applied as a transaction. Skipped
 * when redis-server is absent.
 */
class TransactionReplicationTest
{
    private static final long LINK_TIMEOUT_MS = 15_000;

    @Test
    void shouldApplyMasterTransactionAtomicallyWhenKrillIsReplicaOfRealRedis() throws Exception
    {
        try (RealRedisServer redis = RealRedisServer.start("--repl-diskless-sync-delay", "0");
            WireClient master = new WireClient(redis.port()))
        {
            final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1",
                "--replicaof", "127.0.0.1", Integer.toString(redis.port())));
            try (WireClient replica = new WireClient(krill.port()))
            {
                awaitLinkUp(replica);
                replica.call("CONFIG", "RESETSTAT");
                transaction(master);
                assertEquals(":1\r\n", master.call("WAIT", "1", "5000"));
                assertReplicated(replica);
                final String stats = replica.callText("INFO", "commandstats");
                assertTrue(stats.contains("cmdstat_multi:calls=1,"), stats);
                assertTrue(stats.contains("cmdstat_exec:calls=1,"), stats);
                assertTrue(replica.callText("INFO", "errorstats").lines().noneMatch(l -> l.startsWith("errorstat_")),
                    "the master's stream raised no error on the replica");
            }
            finally
            {
                krill.close();
            }
        }
    }

    @Test
    void shouldPropagateTransactionAsMultiExecWhenRealRedisIsReplicaOfKrill() throws Exception
    {
        final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        try (RealRedisServer redis = RealRedisServer.start("--replicaof", "127.0.0.1", Integer.toString(krill.port()));
            WireClient master = new WireClient(krill.port());
            WireClient replica = new WireClient(redis.port()))
        {
            awaitLinkUp(replica);
            replica.call("CONFIG", "RESETSTAT");
            transaction(master);
            assertEquals(":1\r\n", master.call("WAIT", "1", "5000"));
            assertReplicated(replica);
            final String stats = replica.callText("INFO", "commandstats");
            assertTrue(stats.contains("cmdstat_multi:calls=1,"), stats);
            assertTrue(stats.contains("cmdstat_exec:calls=1,"), stats);
        }
        finally
        {
            krill.close();
        }
    }

    private static void transaction(final WireClient master) throws IOException
    {
        assertEquals("+OK\r\n", master.call("MULTI"));
        assertEquals("+QUEUED\r\n", master.call("SET", "a", "1"));
        assertEquals("+QUEUED\r\n", master.call("INCRBY", "n", "5"));
        assertEquals("+QUEUED\r\n", master.call("RPUSH", "l", "x", "y"));
        assertEquals("+QUEUED\r\n", master.call("INCRBYFLOAT", "f", "1.5"));
        assertEquals("*4\r\n+OK\r\n:5\r\n:2\r\n$3\r\n1.5\r\n", master.call("EXEC"));
    }

    private static void assertReplicated(final WireClient replica) throws IOException
    {
        assertEquals("$1\r\n1\r\n", replica.call("GET", "a"));
        assertEquals("$1\r\n5\r\n", replica.call("GET", "n"));
        assertEquals("*2\r\n$1\r\nx\r\n$1\r\ny\r\n", replica.call("LRANGE", "l", "0", "-1"));
        assertEquals("$3\r\n1.5\r\n", replica.call("GET", "f"));
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
