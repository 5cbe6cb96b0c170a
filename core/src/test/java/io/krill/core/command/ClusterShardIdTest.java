package io.krill.core.command;

import io.krill.core.cluster.LocalCluster;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: CLUSTER MYSHARDID as Redis 7.2 defines it, on Krill nodes: each master has its own 40-hex shard id, a
 * replica reports its master's (learned over the bus), a replica that REPLICATEs another master switches to that
 * master's, and a restart keeps the id (nodes.conf's shard-id= aux field). COMMAND INFO / DOCS and CLUSTER HELP
 * list the subcommand.
 * Method: a 3-master, 1-replica-each Krill cluster in this JVM (LocalCluster); ids read with MYSHARDID and
 * matched against CLUSTER NODES roles; polling with a deadline where the bus must carry a change.
 */
class ClusterShardIdTest
{
    private static final long WAIT_MS = 10_000;

    @Test
    void shouldShareShardIdsWithinShardsAndFollowReplicateAndRestarts() throws Exception
    {
        final Path dir = Files.createTempDirectory("krill-shard-ids");
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, dir,
            List.of("--cluster-node-timeout", "5000")))
        {
            cluster.form(30_000);
            final List<String[]> nodes = ClusterPubSubTest.nodes(cluster.servers().get(0));
            final Set<String> masterShards = new HashSet<>();
            String[] replica = null;
            String[] otherMaster = null;
            for (final String[] node : nodes)
            {
                if (node[2].contains("master"))
                {
                    final String shardId = myShardId(server(cluster, node));
                    assertTrue(shardId.matches("[0-9a-f]{40}"), shardId);
                    masterShards.add(shardId);
                }
            }
            assertEquals(3, masterShards.size(), "every master has its own shard id");
            for (final String[] node : nodes)
            {
                if (node[2].contains("slave"))
                {
                    final KrillServer master = serverById(cluster, nodes, node[3]);
                    final KrillServer replicaServer = server(cluster, node);
                    assertTrue(await(() -> myShardId(replicaServer).equals(myShardId(master))),
                        "replica " + node[0] + " never reported its master's shard id");
                    replica = node;
                }
            }
            for (final String[] node : nodes)
            {
                if (node[2].contains("master") && !node[0].equals(replica[3]))
                {
                    otherMaster = node;
                }
            }

            final KrillServer replicaServer = server(cluster, replica);
            final KrillServer newMaster = server(cluster, otherMaster);
            final String before = myShardId(replicaServer);
            assertEquals("+OK\r\n", WireClient.script(replicaServer.port(),
                new String[] {"CLUSTER", "REPLICATE", otherMaster[0]}).get(0));
            assertTrue(await(() -> myShardId(replicaServer).equals(myShardId(newMaster))),
                "after CLUSTER REPLICATE the replica kept " + myShardId(replicaServer));
            assertNotEquals(before, myShardId(replicaServer));

            final String moved = myShardId(replicaServer);
            final int index = cluster.servers().indexOf(replicaServer);
            final KrillServer restarted = cluster.restart(index);
            assertEquals(moved, myShardId(restarted), "nodes.conf keeps the shard id");
            final String conf = Files.readString(dir.resolve("node-" + index).resolve("nodes.conf"));
            assertTrue(conf.contains(",tls-port=0,shard-id=" + moved + " myself,slave "), conf);
        }
    }

    @Test
    void shouldListMyShardIdInCommandInfoDocsAndHelp() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[1], 0, null, List.of()))
        {
            final int port = cluster.servers().get(0).port();
            final List<String> replies = WireClient.script(port,
                new String[] {"COMMAND", "INFO", "cluster|myshardid"},
                new String[] {"COMMAND", "DOCS", "cluster|myshardid"},
                new String[] {"CLUSTER", "HELP"},
                new String[] {"COMMAND", "INFO", "cluster"},
                new String[] {"CLUSTER", "MYSHARDID", "extra"},
                new String[] {"HELLO", "3"},
                new String[] {"COMMAND", "DOCS", "cluster|myshardid"});
            assertEquals("*1\r\n*10\r\n$17\r\ncluster|myshardid\r\n:2\r\n*1\r\n+stale\r\n:0\r\n:0\r\n:0\r\n" +
                "*1\r\n+@slow\r\n*1\r\n$23\r\nnondeterministic_output\r\n*0\r\n*0\r\n", replies.get(0));
            assertEquals("*2\r\n$17\r\ncluster|myshardid\r\n*8\r\n$7\r\nsummary\r\n$24\r\nReturn the node shard id\r\n" +
                "$5\r\nsince\r\n$5\r\n7.2.0\r\n$5\r\ngroup\r\n$7\r\ncluster\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n",
                replies.get(1));
            assertTrue(replies.get(2).contains("+MYSHARDID\r\n"), replies.get(2));
            assertTrue(replies.get(3).contains("$17\r\ncluster|myshardid\r\n"), "listed in its container");
            assertEquals("-ERR wrong number of arguments for 'cluster|myshardid' command\r\n", replies.get(4));
            assertEquals("%1\r\n$17\r\ncluster|myshardid\r\n%4\r\n$7\r\nsummary\r\n$24\r\nReturn the node shard id\r\n" +
                "$5\r\nsince\r\n$5\r\n7.2.0\r\n$5\r\ngroup\r\n$7\r\ncluster\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n",
                replies.get(6));
        }
    }

    private interface Check
    {
        boolean ok() throws IOException;
    }

    private static boolean await(final Check check) throws IOException, InterruptedException
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline)
        {
            if (check.ok())
            {
                return true;
            }
            Thread.sleep(20);
        }
        return check.ok();
    }

    private static String myShardId(final KrillServer server) throws IOException
    {
        return ClusterPubSubTest.text(server, "CLUSTER", "MYSHARDID");
    }

    private static KrillServer server(final LocalCluster cluster, final String[] node)
    {
        final String address = node[1];
        final int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1, address.indexOf('@')));
        return cluster.servers().stream().filter(s -> s.port() == port).findFirst().orElseThrow();
    }

    private static KrillServer serverById(final LocalCluster cluster, final List<String[]> nodes, final String id)
    {
        return server(cluster, nodes.stream().filter(n -> n[0].equals(id)).findFirst().orElseThrow());
    }
}
