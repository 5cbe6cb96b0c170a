package io.krill.core.cluster;

import io.krill.core.server.KrillServer;
import io.krill.slots.HashSlot;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: failover on real in-process nodes (digest 7): when a master node closes, its replica is elected and
 * serves the slots, every other node agrees and reports cluster_state:ok, and clients can write to the new master
 * (and get MOVED there from the others); CLUSTER FAILOVER replies as Redis 7.0 does and swaps a healthy shard.
 * Method: a 3-master, 1-replica-each LocalCluster in this JVM (in-JVM bus, node timeout 1 s); one master is closed;
 * CLUSTER NODES / INFO over RESP are polled until the new roles show; Jedis writes a key of the moved slots. The
 * data a promoted replica carries over is checked in ClusterReplicationTest.
 */
class ClusterFailoverTest
{
    private static final long TIMEOUT_MS = 20_000;

    @Test
    void shouldPromoteTheReplicaAndServeWritesWhenItsMasterCloses() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null,
            List.of("--cluster-node-timeout", "1000")))
        {
            cluster.form(30_000);
            final KrillServer master = cluster.servers().get(0);
            final String masterId = call(master, "CLUSTER", "MYID");
            final KrillServer replica = replicaOf(cluster, masterId);
            final String replicaId = call(replica, "CLUSTER", "MYID");
            final int firstSlot = firstSlot(myLine(master));

            final long closedNs = System.nanoTime();
            master.close();
            awaitTrue(() -> myLine(replica).contains("myself,master"), "the replica becomes master");
            final long promotedMs = (System.nanoTime() - closedNs) / 1_000_000;
            for (final KrillServer node : cluster.servers())
            {
                if (node == master)
                {
                    continue;
                }
                awaitTrue(() -> info(node).contains("cluster_state:ok") && ownsSlot(nodes(node), replicaId, firstSlot),
                    "every node agrees on the new owner and is ok");
            }
            final long convergedMs = (System.nanoTime() - closedNs) / 1_000_000;
            System.out.println("failover: promoted " + promotedMs + " ms, all nodes ok " + convergedMs +
                " ms after the master closed (node timeout 1000 ms)");
            assertTrue(firstSlot(myLine(replica)) == firstSlot, myLine(replica));

            final String key = keyInSlotRange(firstSlot, firstSlot + 5460);
            try (Jedis jedis = new Jedis("127.0.0.1", replica.port()))
            {
                assertEquals("OK", jedis.set(key, "after-failover"));
                assertEquals("after-failover", jedis.get(key));
            }
            try (Jedis jedis = new Jedis("127.0.0.1", cluster.servers().get(1).port()))
            {
                final JedisMovedDataException moved =
                    assertThrows(JedisMovedDataException.class, () -> jedis.set(key, "x"));
                assertEquals(replica.port(), moved.getTargetNode().getPort());
            }
        }
    }

    @Test
    void shouldSwapRolesWhenClusterFailoverRunsOnAReplica() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null,
            List.of("--cluster-node-timeout", "1000")))
        {
            cluster.form(30_000);
            final KrillServer master = cluster.servers().get(1);
            final String masterId = call(master, "CLUSTER", "MYID");
            final KrillServer replica = replicaOf(cluster, masterId);
            final String replicaId = call(replica, "CLUSTER", "MYID");
            try (Jedis jedis = new Jedis("127.0.0.1", master.port()))
            {
                final JedisDataException error =
                    assertThrows(JedisDataException.class, () -> jedis.clusterFailover());
                assertEquals("ERR You should send CLUSTER FAILOVER to a replica", error.getMessage());
                assertEquals("ERR syntax error",
                    assertThrows(JedisDataException.class, () -> jedis.sendCommand(
                        redis.clients.jedis.Protocol.Command.CLUSTER, "FAILOVER", "SOON")).getMessage());
            }
            final long startNs = System.nanoTime();
            assertEquals("OK", call(replica, "CLUSTER", "FAILOVER"));
            awaitTrue(() -> myLine(master).contains("myself,slave " + replicaId), "the old master follows");
            System.out.println("manual failover: roles swapped " + (System.nanoTime() - startNs) / 1_000_000 +
                " ms after CLUSTER FAILOVER");
            assertTrue(myLine(replica).contains("myself,master"));
            for (final KrillServer node : cluster.servers())
            {
                awaitTrue(() -> info(node).contains("cluster_state:ok"), "state ok");
            }
        }
    }

    private static KrillServer replicaOf(final LocalCluster cluster, final String masterId) throws IOException
    {
        for (final KrillServer node : cluster.servers())
        {
            if (myLine(node).contains("myself,slave " + masterId))
            {
                return node;
            }
        }
        throw new AssertionError("no replica of " + masterId);
    }

    private static String keyInSlotRange(final int first, final int last)
    {
        for (int i = 0; ; i++)
        {
            final String key = "key:" + i;
            final int slot = HashSlot.slot(key);
            if (slot >= first && slot <= last)
            {
                return key;
            }
        }
    }

    private static boolean ownsSlot(final String nodes, final String id, final int slot)
    {
        for (final String line : nodes.split("\n"))
        {
            if (line.startsWith(id + " ") && line.contains("master") && firstSlot(line) == slot)
            {
                return true;
            }
        }
        return false;
    }

    /** The first slot of a CLUSTER NODES line, or -1. */
    private static int firstSlot(final String line)
    {
        final String[] fields = line.trim().split(" ");
        if (fields.length < 9)
        {
            return -1;
        }
        final String range = fields[8];
        final int dash = range.indexOf('-');
        return Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
    }

    private static String myLine(final KrillServer server) throws IOException
    {
        for (final String line : nodes(server).split("\n"))
        {
            if (line.contains("myself"))
            {
                return line;
            }
        }
        throw new AssertionError("no myself line");
    }

    private static String nodes(final KrillServer server) throws IOException
    {
        return call(server, "CLUSTER", "NODES");
    }

    private static String info(final KrillServer server) throws IOException
    {
        return call(server, "CLUSTER", "INFO");
    }

    private static String call(final KrillServer server, final String... args) throws IOException
    {
        try (AdminConnection connection = new AdminConnection("127.0.0.1", server.port()))
        {
            final Object reply = connection.callOk(args);
            assertNotNull(reply);
            return String.valueOf(reply);
        }
    }

    private interface Check
    {
        boolean holds() throws IOException;
    }

    private static void awaitTrue(final Check check, final String what) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < deadlineNs)
        {
            if (check.holds())
            {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting: " + what);
    }
}
