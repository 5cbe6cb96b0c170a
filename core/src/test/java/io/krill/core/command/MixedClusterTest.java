package io.krill.core.command;

import io.krill.core.cluster.LocalCluster;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/*
 * Goal: Krill speaks Redis 7.0's cluster bus well enough that a real redis-server joins a Krill cluster as a peer:
 * it completes the MEET handshake, learns every Krill node and slot through gossip, becomes a replica of a Krill
 * master when told, and every node (Krill and Redis) ends with the same view; PUBLISH crosses the bus in both
 * directions, and the Redis node redirects clients to the Krill masters that own the slots.
 * Method: three Krill masters formed in this JVM (LocalCluster), one real redis-server 7.0 with cluster support on
 * a free client port and a free bus port (cluster-port), joined by CLUSTER MEET sent to the Redis node and made a
 * replica with CLUSTER REPLICATE; views are compared as sets of "id role master slots" built from every node's
 * CLUSTER NODES. Replication itself is not exercised (the Redis replica's sync from a Krill master is not part of
 * this test). Skipped with a message when redis-server is absent.
 */
class MixedClusterTest
{
    private static final long WAIT_MS = 20_000;

    private static LocalCluster cluster;
    private static RealRedisServer redis;

    @BeforeAll
    static void form() throws Exception
    {
        redis = RealRedisServer.start("--cluster-enabled", "yes", "--cluster-port",
            Integer.toString(RealRedisServer.freePort()), "--cluster-node-timeout", "5000");
        cluster = LocalCluster.start("127.0.0.1", new int[3], 0, null, List.of("--cluster-node-timeout", "5000"));
        cluster.form(30_000);
        final KrillServer first = cluster.servers().get(0);
        try (WireClient client = new WireClient(redis.port()))
        {
            assertEquals("+OK\r\n", client.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(first.port()),
                Integer.toString(first.busPort())));
        }
        waitFor("every node knows the four nodes, none in handshake", () -> everyView(view -> view.size() == 4 &&
            view.stream().noneMatch(node -> node.contains("handshake") || node.contains("noaddr"))));
    }

    @AfterAll
    static void stop() throws Exception
    {
        if (cluster != null)
        {
            cluster.close();
        }
        if (redis != null)
        {
            redis.close();
        }
    }

    @Test
    void shouldAgreeOnOneViewWhenARealRedisNodeReplicatesAKrillMaster() throws Exception
    {
        final String masterId = myId(cluster.servers().get(1).port());
        try (WireClient client = new WireClient(redis.port()))
        {
            assertEquals("+OK\r\n", client.call("CLUSTER", "REPLICATE", masterId));
        }
        final String redisId = myId(redis.port());
        waitFor("every node sees the Redis node as a replica of " + masterId, () -> everyView(view ->
            view.contains(redisId + " slave " + masterId + " ")));
        waitFor("all four views are equal", () -> distinctViews() == 1);
        waitFor("the Redis node reports cluster_state:ok", () ->
            clusterInfo(redis.port()).contains("cluster_state:ok"));
        final String info = clusterInfo(redis.port());
        assertTrue(info.contains("cluster_slots_assigned:16384"), info);
        assertTrue(info.contains("cluster_known_nodes:4"), info);
        assertTrue(info.contains("cluster_size:3"), info);
    }

    @Test
    void shouldRedirectFromTheRedisNodeToTheKrillOwnerWhenKeysAreAsked() throws Exception
    {
        waitFor("the Redis node reports cluster_state:ok", () ->
            clusterInfo(redis.port()).contains("cluster_state:ok"));
        try (WireClient client = new WireClient(redis.port()))
        {
            for (final String key : List.of("a", "b", "c", "user:1", "{tag}x"))
            {
                final String moved = client.call("GET", key);
                assertTrue(moved.startsWith("-MOVED "), key + ": " + moved);
                final String[] parts = moved.trim().split(" ");
                final int port = Integer.parseInt(parts[2].substring(parts[2].lastIndexOf(':') + 1));
                try (WireClient owner = new WireClient(port))
                {
                    assertEquals(":" + parts[1] + "\r\n", owner.call("CLUSTER", "KEYSLOT", key));
                    assertEquals("+OK\r\n", owner.call("SET", key, "v"), "the redirect names the owner of " + key);
                }
            }
        }
    }

    @Test
    void shouldDeliverPublishAcrossTheBusWhenEitherKindOfNodePublishes() throws Exception
    {
        final KrillServer krill = cluster.servers().get(2);
        try (WireClient onRedis = new WireClient(redis.port());
            WireClient onKrill = new WireClient(krill.port());
            WireClient publisher = new WireClient(cluster.servers().get(0).port());
            WireClient redisPublisher = new WireClient(redis.port()))
        {
            onRedis.call("SUBSCRIBE", "mixed");
            onKrill.call("SUBSCRIBE", "mixed");
            publisher.call("PUBLISH", "mixed", "from-krill");
            final String fromKrill = "*3\r\n$7\r\nmessage\r\n$5\r\nmixed\r\n$10\r\nfrom-krill\r\n";
            assertEquals(fromKrill, onRedis.reply(), "Krill -> Redis");
            assertEquals(fromKrill, onKrill.reply(), "Krill -> Krill");
            redisPublisher.call("PUBLISH", "mixed", "from-redis");
            final String fromRedis = "*3\r\n$7\r\nmessage\r\n$5\r\nmixed\r\n$10\r\nfrom-redis\r\n";
            assertEquals(fromRedis, onKrill.reply(), "Redis -> Krill");
            assertEquals(fromRedis, onRedis.reply(), "Redis -> its own subscriber");
        }
    }

    private interface ViewCheck
    {
        boolean test(TreeSet<String> view);
    }

    /** Every node's CLUSTER NODES as a set of "id role master slots" (flags other than the role left out). */
    private static List<TreeSet<String>> views() throws IOException
    {
        final List<Integer> ports = new ArrayList<>();
        for (final KrillServer server : cluster.servers())
        {
            ports.add(server.port());
        }
        ports.add(redis.port());
        final List<TreeSet<String>> views = new ArrayList<>();
        for (final int port : ports)
        {
            final TreeSet<String> view = new TreeSet<>();
            final String nodes;
            try (WireClient client = new WireClient(port))
            {
                nodes = client.callText("CLUSTER", "NODES");
            }
            for (final String line : nodes.split("\n"))
            {
                final String[] fields = line.trim().split(" ");
                if (fields.length < 8)
                {
                    continue;
                }
                final String flags = fields[2];
                final String role = flags.contains("master") ? "master" : flags.contains("slave") ? "slave" : flags;
                final StringBuilder entry = new StringBuilder(fields[0]).append(' ').append(role).append(' ')
                    .append(fields[3]).append(' ');
                for (int i = 8; i < fields.length; i++)
                {
                    entry.append(fields[i]).append(',');
                }
                if (flags.contains("handshake") || flags.contains("noaddr") || flags.contains("fail"))
                {
                    entry.append(" [").append(flags).append(']');
                }
                view.add(entry.toString());
            }
            views.add(view);
        }
        return views;
    }

    private static boolean everyView(final ViewCheck check)
    {
        try
        {
            for (final TreeSet<String> view : views())
            {
                if (!check.test(view))
                {
                    return false;
                }
            }
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static long distinctViews()
    {
        try
        {
            return views().stream().distinct().count();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    private static String myId(final int port) throws IOException
    {
        try (WireClient client = new WireClient(port))
        {
            return client.callText("CLUSTER", "MYID");
        }
    }

    private static String clusterInfo(final int port)
    {
        try (WireClient client = new WireClient(port))
        {
            return client.callText("CLUSTER", "INFO");
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private static void waitFor(final String what, final BooleanSupplier condition) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                final StringBuilder views = new StringBuilder();
                for (final TreeSet<String> view : views())
                {
                    views.append(view).append('\n');
                }
                fail("timed out waiting until " + what + "; views:\n" + views);
            }
            Thread.sleep(50);
        }
    }
}
