package io.krill.core.cluster;

import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: nodes of one JVM form a Redis Cluster over the in-JVM bus (the default, cluster-bus-transport auto) with no
 * TCP bus connection at all, agree on it, and detect a stopped node as they would over TCP; with
 * cluster-bus-transport tcp the same cluster forms over sockets.
 * Method: a 3-master, 1-replica-each LocalCluster formed over RESP; agreement read from every node's CLUSTER INFO and
 * CLUSTER NODES; the in-JVM traffic from the bus endpoints' counters; the absence of TCP bus connections from the
 * kernel's socket table (/proc/net/tcp*, when the system has it).
 */
class InJvmClusterTest
{
    private static final String HOST = "127.0.0.1";

    @Test
    void shouldFormSixNodeClusterOverInJvmBusWithoutBusSockets() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start(HOST, new int[6], 1, null,
            List.of("--cluster-node-timeout", "3000")))
        {
            cluster.form(30_000);
            final String signature = LocalCluster.signature(nodes(cluster.servers().get(0)));
            final Set<Integer> busPorts = new HashSet<>();
            for (final KrillServer server : cluster.servers())
            {
                assertTrue(info(server).startsWith("cluster_state:ok"), info(server));
                final String nodes = nodes(server);
                assertEquals(6, nodes.lines().count(), nodes);
                assertEquals(signature, LocalCluster.signature(nodes));
                final InJvmBus.Endpoint endpoint = InJvmBus.shared().find(HOST, server.busPort());
                assertNotNull(endpoint, "node on bus port " + server.busPort() + " is on the in-JVM bus");
                assertTrue(endpoint.linksAccepted() >= 5, "every peer linked in-JVM: " + endpoint.linksAccepted());
                assertTrue(endpoint.recordsReceived() > 10, "records: " + endpoint.recordsReceived());
                busPorts.add(server.busPort());
            }
            final List<String> sockets = busConnections(busPorts);
            assertTrue(sockets.isEmpty(), "TCP connections on bus ports: " + sockets);
        }
    }

    @Test
    void shouldMarkStoppedNodeFailedWhenPeersGossipInJvm() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start(HOST, new int[6], 1, null,
            List.of("--cluster-node-timeout", "500")))
        {
            cluster.form(30_000);
            final KrillServer stopped = cluster.servers().get(0);
            final String stoppedId = myId(stopped);
            stopped.close();
            final long deadlineMs = System.currentTimeMillis() + 15_000;
            for (final KrillServer server : cluster.servers().subList(1, 6))
            {
                while (!flagsOf(nodes(server), stoppedId).contains("fail"))
                {
                    assertTrue(System.currentTimeMillis() < deadlineMs, "not marked failing:\n" + nodes(server));
                    Thread.sleep(20);
                }
            }
            // each node flags it PFAIL on its own, then FAIL once the masters agree; a flag of either is a detection
            for (final KrillServer server : cluster.servers().subList(1, 6))
            {
                final String flags = flagsOf(nodes(server), stoppedId);
                assertTrue(flags.contains("fail"), flags);
            }
        }
    }

    @Test
    void shouldFormOverTcpWhenTransportIsTcp() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start(HOST, new int[3], 0, null,
            List.of("--cluster-node-timeout", "3000", "--cluster-bus-transport", "tcp")))
        {
            cluster.form(30_000);
            final Set<Integer> busPorts = new HashSet<>();
            for (final KrillServer server : cluster.servers())
            {
                assertTrue(info(server).startsWith("cluster_state:ok"), info(server));
                assertEquals(null, InJvmBus.shared().find(HOST, server.busPort()), "tcp mode stays off the bus");
                busPorts.add(server.busPort());
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")),
                "no /proc/net/tcp to read sockets from");
            assertTrue(busConnections(busPorts).size() >= 6, "a link each way between 3 nodes over TCP");
        }
    }

    private static String nodes(final KrillServer server) throws IOException
    {
        try (AdminConnection connection = new AdminConnection(HOST, server.port()))
        {
            return String.valueOf(connection.callOk("CLUSTER", "NODES"));
        }
    }

    private static String info(final KrillServer server) throws IOException
    {
        try (AdminConnection connection = new AdminConnection(HOST, server.port()))
        {
            return String.valueOf(connection.callOk("CLUSTER", "INFO"));
        }
    }

    private static String myId(final KrillServer server) throws IOException
    {
        try (AdminConnection connection = new AdminConnection(HOST, server.port()))
        {
            return String.valueOf(connection.callOk("CLUSTER", "MYID"));
        }
    }

    private static String flagsOf(final String nodes, final String id)
    {
        for (final String line : nodes.split("\n"))
        {
            final String[] fields = line.trim().split(" ");
            if (fields[0].equals(id))
            {
                return fields[2];
            }
        }
        return "";
    }

    /** Sockets other than listeners whose local or remote port is a bus port, from the kernel's tables. */
    private static List<String> busConnections(final Set<Integer> busPorts) throws IOException
    {
        final List<String> found = new ArrayList<>();
        for (final String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"})
        {
            final Path path = Path.of(table);
            if (!Files.isReadable(path))
            {
                continue;
            }
            for (final String line : Files.readAllLines(path))
            {
                final String[] fields = line.trim().split("\\s+");
                if (fields.length < 4 || !fields[1].contains(":") || "0A".equals(fields[3]))
                {
                    continue;
                }
                final int localPort = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16);
                final int remotePort = Integer.parseInt(fields[2].substring(fields[2].indexOf(':') + 1), 16);
                if (busPorts.contains(localPort) || busPorts.contains(remotePort))
                {
                    found.add(line.trim());
                }
            }
        }
        return found;
    }
}
