package io.krill.examples;

import io.krill.core.cluster.ClusterFaults;
import io.krill.core.cluster.LocalCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the integration test a user writes against an in-process cluster with faults: an unmodified cluster client
 * keeps writing through a master's partition (served by the elected replica) and after the heal.
 * Method: a 6-node LocalCluster (node timeout 1 s), JedisCluster; master 0 is isolated on the cluster bus, the
 * test waits for its replica (node 3) to be elected and writes the master's slots through a client that sees the
 * majority; the cut-off master refuses writes with CLUSTERDOWN; after heal() it is a replica.
 */
class FaultInjectionExampleTest
{
    private static final long TIMEOUT_MS = 15_000;

    @Test
    void shouldKeepWritingThroughAFailoverWhenAMasterIsPartitionedAway() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null,
            List.of("--cluster-node-timeout", "1000")))
        {
            cluster.form(30_000);
            final String key = keyOnNode(cluster, 0);
            try (JedisCluster jedis = client(cluster, 0))
            {
                assertEquals("OK", jedis.set(key, "before"));
            }

            final ClusterFaults faults = cluster.faults();
            faults.isolate(0);
            cluster.awaitRole(3, "master", TIMEOUT_MS);
            // the client reaches every node (faults cut the bus, not clients); the cut-off master refuses writes
            // once it sees itself in the minority
            try (Jedis isolated = new Jedis("127.0.0.1", cluster.servers().get(0).port()))
            {
                awaitTrue(() -> isolated.clusterInfo().contains("cluster_state:fail"));
                assertTrue(assertThrows(JedisDataException.class, () -> isolated.set(key, "lost"))
                    .getMessage().startsWith("CLUSTERDOWN"));
            }
            // a client that learns the slots from the majority writes to the elected replica
            try (JedisCluster jedis = client(cluster, 1))
            {
                assertEquals("OK", jedis.set(key, "during"));
                assertEquals("during", jedis.get(key));
            }

            faults.heal();
            cluster.awaitRole(0, "replica", TIMEOUT_MS);
            try (JedisCluster jedis = client(cluster, 1))
            {
                for (int i = 0; i < 100; i++)
                {
                    assertEquals("OK", jedis.set("after:" + i, "v" + i));
                }
                assertEquals("during", jedis.get(key));
            }
        }
    }

    private static JedisCluster client(final LocalCluster cluster, final int seedNode)
    {
        return new JedisCluster(new HostAndPort("127.0.0.1", cluster.servers().get(seedNode).port()));
    }

    /** A key whose slot node {@code node} serves: the first one it answers without a redirect. */
    private static String keyOnNode(final LocalCluster cluster, final int node)
    {
        try (Jedis jedis = new Jedis("127.0.0.1", cluster.servers().get(node).port()))
        {
            for (int i = 0; ; i++)
            {
                final String key = "user:" + i;
                try
                {
                    jedis.get(key);
                    return key;
                }
                catch (final JedisMovedDataException moved)
                {
                    // another master's slot
                }
            }
        }
    }

    private interface Check
    {
        boolean holds();
    }

    private static void awaitTrue(final Check check) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT_MS * 1_000_000;
        while (!check.holds())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
