package io.krill.core.cluster;

import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: nodes.conf carries a node across a restart (digest 10): the restarted node keeps its id, its configEpoch,
 * the currentEpoch, its slots and its peers with their roles, rejoins without a new MEET, and the cluster agrees
 * again; a second node cannot take a locked nodes.conf; a corrupted file stops the node from starting.
 * Method: a 3-master, 1-replica-each cluster in this JVM (LocalCluster); one master is stopped and started again
 * on the same ports from its directory; views are compared with the node's CLUSTER NODES and CLUSTER INFO.
 */
class ClusterRestartTest
{
    @Test
    void shouldKeepIdEpochsSlotsAndPeersWhenRestartedFromNodesConf() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null,
            List.of("--cluster-node-timeout", "5000")))
        {
            cluster.form(30_000);
            final String before = nodes(cluster.servers().get(1));
            final String infoBefore = info(cluster.servers().get(1));
            final int port = cluster.servers().get(1).port();

            final KrillServer restarted = cluster.restart(1);
            assertEquals(port, restarted.port());
            final String after = nodes(restarted);
            assertEquals(stable(before), stable(after), "same ids, addresses, roles, epochs and slots");
            assertEquals(field(infoBefore, "cluster_current_epoch"), field(info(restarted), "cluster_current_epoch"));
            assertEquals(field(infoBefore, "cluster_my_epoch"), field(info(restarted), "cluster_my_epoch"));
            assertEquals("6", field(info(restarted), "cluster_known_nodes"));

            cluster.form(30_000);
            assertEquals(LocalCluster.signature(nodes(cluster.servers().get(0))), LocalCluster.signature(after));
            assertEquals("ok", field(info(restarted), "cluster_state"));
        }
    }

    @Test
    void shouldRefuseANodesConfThatAnotherNodeHolds() throws Exception
    {
        final Path dir = Files.createTempDirectory("krill-locked-conf");
        try (LocalCluster first = LocalCluster.start("127.0.0.1", new int[1], 0, dir, List.of()))
        {
            final IOException error = assertThrows(IOException.class,
                () -> LocalCluster.start("127.0.0.1", new int[1], 0, dir, List.of()).close());
            assertTrue(error.getMessage().contains("is already used by a different Redis Cluster node"),
                error.getMessage());
        }
        finally
        {
            deleteNodeDirs(dir, 1);
        }
    }

    @Test
    void shouldNotStartFromACorruptedNodesConf() throws Exception
    {
        final Path dir = Files.createTempDirectory("krill-corrupted-conf");
        try
        {
            Files.createDirectories(dir.resolve("node-0"));
            Files.writeString(dir.resolve("node-0").resolve("nodes.conf"), "this is not a nodes.conf\n");
            final IOException error = assertThrows(IOException.class,
                () -> LocalCluster.start("127.0.0.1", new int[1], 0, dir, List.of()).close());
            assertTrue(error.getMessage().contains("corrupted cluster config file"), error.getMessage());
        }
        finally
        {
            deleteNodeDirs(dir, 1);
        }
    }

    /** CLUSTER NODES without the fields that change with time and links (ping/pong times, link state). */
    private static String stable(final String nodes)
    {
        return Arrays.stream(nodes.split("\n")).map(line ->
        {
            final String[] fields = line.split(" ");
            fields[4] = "-";
            fields[5] = "-";
            fields[7] = "-";
            return String.join(" ", fields);
        }).sorted().collect(Collectors.joining("\n"));
    }

    private static String nodes(final KrillServer server) throws IOException
    {
        try (AdminConnection connection = new AdminConnection("127.0.0.1", server.port()))
        {
            return String.valueOf(connection.callOk("CLUSTER", "NODES"));
        }
    }

    private static String info(final KrillServer server) throws IOException
    {
        try (AdminConnection connection = new AdminConnection("127.0.0.1", server.port()))
        {
            return String.valueOf(connection.callOk("CLUSTER", "INFO"));
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
        throw new AssertionError(name + " missing from " + info);
    }

    private static void deleteNodeDirs(final Path dir, final int nodes) throws IOException
    {
        for (int i = 0; i < nodes; i++)
        {
            final Path nodeDir = dir.resolve("node-" + i);
            Files.deleteIfExists(nodeDir.resolve("nodes.conf"));
            Files.deleteIfExists(nodeDir);
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void shouldGiveTheRestartedNodeItsOwnIdNotANewOne() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[1], 0, null, List.of()))
        {
            final String id = myId(cluster.servers().get(0));
            assertEquals(id, myId(cluster.restart(0)));
            assertNotEquals("", id);
        }
    }

    private static String myId(final KrillServer server) throws IOException
    {
        try (AdminConnection connection = new AdminConnection("127.0.0.1", server.port()))
        {
            return String.valueOf(connection.callOk("CLUSTER", "MYID"));
        }
    }
}
