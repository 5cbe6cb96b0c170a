package io.krill.core.command;

import io.krill.core.cluster.LocalCluster;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: pub/sub across a Krill cluster as in Redis Cluster: PUBLISH on one node reaches SUBSCRIBE and PSUBSCRIBE
 * clients on every other node (the reply counts local receivers only), SPUBLISH reaches the shard channel's
 * subscribers on the replicas of its shard and no other shard, SPUBLISH on a node that does not serve the
 * channel's slot is redirected, and CLUSTER INFO counts the bus messages.
 * Method: a 3-master, 1-replica-each Krill cluster in this JVM (LocalCluster, formed like redis-cli --cluster
 * create); subscribers are plain sockets (WireClient) and their pushes are compared byte for byte with the
 * shapes Redis 7.0.15 sends (checked with redis-cli against a real 7.0.15 cluster).
 */
class ClusterPubSubTest
{
    private static LocalCluster cluster;

    @BeforeAll
    static void form() throws Exception
    {
        cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null, List.of("--cluster-node-timeout", "5000"));
        cluster.form(30_000);
    }

    @AfterAll
    static void stop()
    {
        if (cluster != null)
        {
            cluster.close();
        }
    }

    @Test
    void shouldDeliverToSubscribersOnOtherNodesWhenPublished() throws Exception
    {
        final List<KrillServer> servers = cluster.servers();
        try (WireClient subscriber = new WireClient(servers.get(1).port());
            WireClient patterns = new WireClient(servers.get(5).port());
            WireClient local = new WireClient(servers.get(0).port());
            WireClient publisher = new WireClient(servers.get(0).port()))
        {
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n", subscriber.call("SUBSCRIBE", "news"));
            assertEquals("*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:1\r\n", patterns.call("PSUBSCRIBE", "n*"));
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n", local.call("SUBSCRIBE", "news"));
            final long sentBefore = stat(servers.get(0), "cluster_stats_messages_publish_sent");

            assertEquals(":1\r\n", publisher.call("PUBLISH", "news", "hello"), "only local receivers count");
            final String message = "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n";
            assertEquals(message, local.reply());
            assertEquals(message, subscriber.reply());
            assertEquals("*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n", patterns.reply());

            assertEquals(sentBefore + 5, stat(servers.get(0), "cluster_stats_messages_publish_sent"),
                "one PUBLISH per other node");
            assertTrue(stat(servers.get(1), "cluster_stats_messages_publish_received") >= 1);
        }
    }

    @Test
    void shouldDeliverShardMessagesInTheShardOnlyWhenSpublished() throws Exception
    {
        final String channel = "orders";
        final long slot;
        try (WireClient client = new WireClient(cluster.servers().get(0).port()))
        {
            slot = Long.parseLong(client.call("CLUSTER", "KEYSLOT", channel).substring(1).trim());
        }
        final List<String[]> nodes = nodes(cluster.servers().get(0));
        final String[] owner = nodes.stream().filter(n -> n[2].contains("master") && owns(n, slot)).findFirst()
            .orElseThrow();
        final String[] replica = nodes.stream().filter(n -> n[3].equals(owner[0])).findFirst().orElseThrow();
        final String[] otherMaster = nodes.stream().filter(n -> n[2].contains("master") && n != owner).findFirst()
            .orElseThrow();
        final KrillServer ownerServer = server(owner);
        final long otherShardBefore = receivedShard(nodes, owner[0]);

        try (WireClient onReplica = new WireClient(server(replica).port());
            WireClient publisher = new WireClient(ownerServer.port());
            WireClient elsewhere = new WireClient(server(otherMaster).port()))
        {
            assertEquals("*3\r\n$10\r\nssubscribe\r\n$6\r\norders\r\n:1\r\n", onReplica.call("SSUBSCRIBE", channel),
                "a replica serves shard channels of its master's slots");
            assertEquals(":0\r\n", publisher.call("SPUBLISH", channel, "42"));
            assertEquals("*3\r\n$8\r\nsmessage\r\n$6\r\norders\r\n$2\r\n42\r\n", onReplica.reply());

            final String moved = elsewhere.call("SPUBLISH", channel, "43");
            assertTrue(moved.startsWith("-MOVED " + slot + " 127.0.0.1:" + ownerServer.port()), moved);
        }
        assertEquals(1, stat(ownerServer, "cluster_stats_messages_publishshard_sent"), "to its one replica");
        assertEquals(otherShardBefore, receivedShard(nodes, owner[0]), "other shards get no PUBLISHSHARD");
    }

    /** PUBLISHSHARD messages received by the nodes outside the shard of {@code masterId}. */
    private static long receivedShard(final List<String[]> nodes, final String masterId) throws IOException
    {
        long total = 0;
        for (final String[] node : nodes)
        {
            if (!node[0].equals(masterId) && !node[3].equals(masterId))
            {
                total += stat(server(node), "cluster_stats_messages_publishshard_received");
            }
        }
        return total;
    }

    private static boolean owns(final String[] node, final long slot)
    {
        for (int i = 8; i < node.length; i++)
        {
            final String[] range = node[i].split("-");
            final long start = Long.parseLong(range[0]);
            final long end = range.length > 1 ? Long.parseLong(range[1]) : start;
            if (slot >= start && slot <= end)
            {
                return true;
            }
        }
        return false;
    }

    private static KrillServer server(final String[] node)
    {
        final String address = node[1];
        final int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1, address.indexOf('@')));
        return cluster.servers().stream().filter(s -> s.port() == port).findFirst().orElseThrow();
    }

    static List<String[]> nodes(final KrillServer server) throws IOException
    {
        final List<String[]> nodes = new ArrayList<>();
        for (final String line : text(server, "CLUSTER", "NODES").split("\n"))
        {
            if (!line.isBlank())
            {
                nodes.add(line.split(" "));
            }
        }
        return nodes;
    }

    /** A stats field of CLUSTER INFO; Redis leaves out counters that are still zero. */
    static long stat(final KrillServer server, final String name) throws IOException
    {
        for (final String line : text(server, "CLUSTER", "INFO").split("\r\n"))
        {
            if (line.startsWith(name + ":"))
            {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        return 0;
    }

    static String text(final KrillServer server, final String... command) throws IOException
    {
        try (WireClient client = new WireClient(server.port()))
        {
            return client.callText(command);
        }
    }
}
