package io.krill.core.cluster;

import io.krill.core.server.KrillServer;
import io.krill.slots.HashSlot;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the fault API of LocalCluster (ClusterFaults) produces the Redis Cluster behaviour each fault should: a
 * partitioned master fails over on the majority side and goes cluster_state:fail with CLUSTERDOWN on its own side,
 * and rejoins as a replica once healed; a pause longer than the node timeout fails a master over, a shorter one
 * does not; a cluster still forms over a lossy bus; delayed messages arrive late; kill loses what a graceful
 * shutdown saves; a TCP-bus cluster refuses bus faults clearly.
 * Method: real LocalClusters in this JVM (in-JVM bus, node timeout 1000 ms so that each test stays within seconds),
 * observed over RESP with AdminConnection and Jedis exactly as a user's test would.
 */
class ClusterFaultsTest
{
    private static final List<String> FAST = List.of("--cluster-node-timeout", "1000");
    private static final long TIMEOUT_MS = 15_000;

    @Test
    void shouldFailOverOnTheMajorityAndFailTheMinorityWhenAMasterIsIsolated() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null, FAST))
        {
            cluster.form(30_000);
            final KrillServer master = cluster.servers().get(0);
            final String masterId = call(master, "CLUSTER", "MYID");
            final KrillServer replica = replicaOf(cluster, masterId);
            final String replicaId = call(replica, "CLUSTER", "MYID");
            final String key = keyOwnedBy(master);

            final long startNs = System.nanoTime();
            cluster.faults().isolate(0);
            awaitTrue(() -> myLine(replica).contains("myself,master"), "the replica is elected on the majority");
            final long failoverMs = elapsedMs(startNs);
            awaitTrue(() -> info(master).contains("cluster_state:fail"), "the isolated master reports fail");
            final long minorityMs = elapsedMs(startNs);
            System.out.println("partition: replica elected after " + failoverMs + " ms, isolated master " +
                "cluster_state:fail after " + minorityMs + " ms (node timeout 1000 ms)");
            assertTrue(cluster.faults().droppedBusMessages() > 0);

            try (Jedis isolated = new Jedis("127.0.0.1", master.port()))
            {
                final JedisDataException down = assertThrows(JedisDataException.class, () -> isolated.set(key, "x"));
                assertTrue(down.getMessage().startsWith("CLUSTERDOWN"), down.getMessage());
            }
            for (final KrillServer node : cluster.servers())
            {
                if (node != master)
                {
                    awaitTrue(() -> info(node).contains("cluster_state:ok"), "the majority is ok");
                }
            }
            try (Jedis promoted = new Jedis("127.0.0.1", replica.port()))
            {
                assertEquals("OK", promoted.set(key, "written on the majority"));
            }

            cluster.faults().heal();
            awaitTrue(() -> myLine(master).contains("myself,slave " + replicaId), "the old master follows");
            awaitTrue(() -> info(master).contains("cluster_state:ok"), "the old master is ok again");
            System.out.println("partition healed: old master is a replica " + elapsedMs(startNs) + " ms after the " +
                "partition began");
        }
    }

    @Test
    void shouldFailOverWhenAMasterIsPausedLongerThanTheNodeTimeout() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null, FAST))
        {
            cluster.form(30_000);
            final KrillServer master = cluster.servers().get(1);
            final String masterId = call(master, "CLUSTER", "MYID");
            final KrillServer replica = replicaOf(cluster, masterId);
            final String replicaId = call(replica, "CLUSTER", "MYID");

            final long startNs = System.nanoTime();
            cluster.faults().pause(1);
            assertTrue(master.isPaused());
            awaitTrue(() -> myLine(replica).contains("myself,master"), "the replica is elected");
            System.out.println("pause: replica elected " + elapsedMs(startNs) + " ms into the pause");
            cluster.faults().resume(1);
            assertFalse(master.isPaused());
            awaitTrue(() -> myLine(master).contains("myself,slave " + replicaId), "the thawed master follows");
        }
    }

    @Test
    void shouldKeepTheMasterAndDelayItsRepliesWhenPausedShorterThanTheNodeTimeout() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null, FAST))
        {
            cluster.form(30_000);
            final KrillServer master = cluster.servers().get(2);
            final String masterId = call(master, "CLUSTER", "MYID");
            try (Jedis client = new Jedis("127.0.0.1", master.port()))
            {
                assertEquals("PONG", client.ping());
                cluster.faults().pause(2, Duration.ofMillis(400));
                final long startNs = System.nanoTime();
                // the request waits in the socket while the node is frozen, then is answered
                assertEquals("PONG", client.ping());
                final long answeredMs = elapsedMs(startNs);
                assertTrue(answeredMs >= 300, "answered after " + answeredMs + " ms of a 400 ms pause");
            }
            // two node timeouts of observation: a failover would have happened by now
            Thread.sleep(2_000);
            assertTrue(myLine(master).contains("myself,master"), myLine(master));
            for (final KrillServer node : cluster.servers())
            {
                final String line = lineOf(nodes(node), masterId);
                assertTrue(line.contains("master") && !line.contains("fail"), line);
                assertTrue(info(node).contains("cluster_state:ok"));
            }
        }
    }

    @Test
    void shouldFormOverABusThatLosesAFifthOfItsMessages() throws Exception
    {
        // 5 s rather than 1-2 s: with many heartbeats lost, a short timeout keeps marking live nodes PFAIL, and a
        // master that reaches FAIL starts elections that can keep the cluster from settling within the test's time
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null,
            List.of("--cluster-node-timeout", "5000")))
        {
            cluster.faults().dropBusMessages(0.2);
            final long startNs = System.nanoTime();
            cluster.form(60_000);
            System.out.println("formed in " + cluster.formationMs() + " ms, cluster_state:ok everywhere after " +
                elapsedMs(startNs) + " ms, losing 20% of bus messages (seed " + cluster.faults().seed() + "), " +
                cluster.faults().droppedBusMessages() + " lost");
            assertTrue(cluster.faults().droppedBusMessages() > 0);
            try (Jedis jedis = new Jedis("127.0.0.1", cluster.servers().get(0).port()))
            {
                assertTrue(jedis.clusterInfo().contains("cluster_state:ok"));
            }
        }
    }

    @Test
    void shouldDeliverRelayedMessagesLateWhenTheLinkIsDelayed() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[3], 0, null, FAST))
        {
            cluster.form(30_000);
            cluster.faults().delayBusMessages(0, 1, 300, 400);
            final long slowMs = publishLatencyMs(cluster, 0, 1);
            final long fastMs = publishLatencyMs(cluster, 0, 2);
            System.out.println("PUBLISH relayed over a link delayed 300-400 ms: " + slowMs + " ms; undelayed: " +
                fastMs + " ms");
            assertTrue(slowMs >= 300, "delayed link delivered after " + slowMs + " ms");
            assertTrue(fastMs < 300, "undelayed link delivered after " + fastMs + " ms");
            assertTrue(cluster.faults().delayedBusMessages() > 0);
            cluster.faults().heal();
            // messages held back before the heal still arrive first, in order: let them drain
            Thread.sleep(500);
            final long healedMs = publishLatencyMs(cluster, 0, 1);
            assertTrue(healedMs < 300, "healed link delivered after " + healedMs + " ms");
        }
    }

    @Test
    void shouldLoseUnsavedDataOnKillButNotOnShutdown() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[3], 0, null,
            List.of("--cluster-node-timeout", "1000", "--save", "3600 1")))
        {
            cluster.form(30_000);
            final String id = call(cluster.servers().get(0), "CLUSTER", "MYID");
            final String saved = keyOwnedBy(cluster.servers().get(0));
            final String unsaved = "{" + saved + "}:unsaved";
            try (Jedis jedis = new Jedis("127.0.0.1", cluster.servers().get(0).port()))
            {
                assertEquals("OK", jedis.set(saved, "kept"));
            }
            try (Socket client = new Socket("127.0.0.1", cluster.servers().get(0).port()))
            {
                cluster.faults().shutdown(0);
                // a graceful stop ends the stream (a kill resets it, below)
                assertEquals(-1, client.getInputStream().read());
            }
            KrillServer node = cluster.faults().restart(0);
            assertEquals(id, call(node, "CLUSTER", "MYID"));
            awaitOk(cluster);
            try (Jedis jedis = new Jedis("127.0.0.1", node.port()))
            {
                assertEquals("kept", jedis.get(saved));
            }

            try (Socket client = new Socket("127.0.0.1", node.port()))
            {
                client.getOutputStream().write(("*3\r\n$3\r\nSET\r\n$" + unsaved.length() + "\r\n" + unsaved +
                    "\r\n$4\r\nlost\r\n").getBytes(StandardCharsets.US_ASCII));
                final InputStream in = client.getInputStream();
                assertEquals('+', in.read());
                in.readNBytes(4);
                cluster.faults().kill(0);
                // kill resets connections (a graceful close ends the stream instead)
                assertThrows(SocketException.class, in::read);
            }
            node = cluster.faults().restart(0);
            assertEquals(id, call(node, "CLUSTER", "MYID"));
            awaitOk(cluster);
            try (Jedis jedis = new Jedis("127.0.0.1", node.port()))
            {
                assertEquals("kept", jedis.get(saved));
                assertNull(jedis.get(unsaved));
            }
        }
    }

    private static void awaitOk(final LocalCluster cluster) throws Exception
    {
        for (final KrillServer server : cluster.servers())
        {
            awaitTrue(() -> info(server).contains("cluster_state:ok"), "the cluster is ok after a restart");
        }
    }

    @Test
    void shouldRefuseBusFaultsButPauseWhenTheBusRunsOverTcp() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[3], 0, null,
            List.of("--cluster-node-timeout", "1000", "--cluster-bus-transport", "tcp")))
        {
            final ClusterFaults faults = cluster.faults();
            final UnsupportedOperationException refused =
                assertThrows(UnsupportedOperationException.class, () -> faults.isolate(0));
            assertTrue(refused.getMessage().contains("cluster-bus-transport tcp"), refused.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> faults.dropBusMessages(0, 1, 0.5));
            assertThrows(UnsupportedOperationException.class, () -> faults.delayBusMessages(0, 1, 1, 2));
            faults.pause(1, Duration.ofMillis(200));
            final long startNs = System.nanoTime();
            assertEquals("PONG", call(cluster.servers().get(1), "PING"));
            assertTrue(elapsedMs(startNs) >= 100);
            faults.kill(2);
            assertThrows(IOException.class, () -> call(cluster.servers().get(2), "PING"));
        }
    }

    /** Milliseconds from PUBLISH on one node until a subscriber of another node receives it. */
    private static long publishLatencyMs(final LocalCluster cluster, final int from, final int to) throws Exception
    {
        final CountDownLatch subscribed = new CountDownLatch(1);
        final CountDownLatch received = new CountDownLatch(1);
        final long[] receivedNs = new long[1];
        final JedisPubSub listener = new JedisPubSub()
        {
            @Override
            public void onSubscribe(final String channel, final int count)
            {
                subscribed.countDown();
            }

            @Override
            public void onMessage(final String channel, final String message)
            {
                receivedNs[0] = System.nanoTime();
                received.countDown();
                unsubscribe();
            }
        };
        final Thread subscriber = new Thread(() ->
        {
            try (Jedis jedis = new Jedis("127.0.0.1", cluster.servers().get(to).port()))
            {
                jedis.subscribe(listener, "faults");
            }
        });
        subscriber.start();
        assertTrue(subscribed.await(5, TimeUnit.SECONDS));
        final long sentNs;
        try (Jedis jedis = new Jedis("127.0.0.1", cluster.servers().get(from).port()))
        {
            sentNs = System.nanoTime();
            jedis.publish("faults", "hello");
        }
        assertTrue(received.await(5, TimeUnit.SECONDS), "message never arrived");
        subscriber.join(5_000);
        return (receivedNs[0] - sentNs) / 1_000_000;
    }

    private static long elapsedMs(final long startNs)
    {
        return (System.nanoTime() - startNs) / 1_000_000;
    }

    /** A key of the first slot range of a master. */
    private static String keyOwnedBy(final KrillServer master) throws IOException
    {
        final String range = myLine(master).trim().split(" ")[8];
        final int dash = range.indexOf('-');
        final int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
        final int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
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

    private static String lineOf(final String nodes, final String id)
    {
        for (final String line : nodes.split("\n"))
        {
            if (line.startsWith(id + " "))
            {
                return line;
            }
        }
        throw new AssertionError("no line for " + id + " in " + nodes);
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
            return String.valueOf(connection.callOk(args));
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
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting: " + what);
    }
}
