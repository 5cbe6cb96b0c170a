package io.krill.core.cluster;

import io.krill.core.config.ConfigException;
import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import io.krill.slots.HashSlot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Redis Cluster of Krill nodes inside this JVM, each a {@link KrillServer} with its own ports, agent thread and
 * nodes.conf, formed over RESP the way {@code redis-cli --cluster create} forms one (digest 4.1): the first
 * {@code n / (replicas + 1)} nodes become masters with an even split of the 16384 slots, every node gets a
 * distinct configEpoch, the nodes MEET (each one every node before it, rather than only the first, so formation
 * does not wait for gossip), and once they know each other the rest become replicas, assigned to the masters in
 * turn.
 * <p>
 * The nodes' bus links go through the in-JVM bus ({@link InJvmBus}; {@code cluster-bus-transport auto}, the
 * default), not loopback sockets; pass {@code --cluster-bus-transport tcp} in the node options for TCP.
 * <p>
 * Faults for integration tests (kill, pause, partition, lost or delayed bus messages): {@link #faults()}.
 * <p>
 * Thread safe enough for its use: start, form and close from one thread; the nodes run on their own threads.
 */
public final class LocalCluster implements AutoCloseable
{
    private static final long POLL_INTERVAL_MS = 5;
    /** How often a node that still misses peers is told to MEET them again (a lost handshake is forgotten). */
    private static final long REMEET_INTERVAL_MS = 500;

    private final String host;
    private final int replicas;
    private final Path dir;
    private final boolean ownsDir;
    private final List<String> nodeOptions;
    private final List<KrillServer> servers = new ArrayList<>();
    private long formationMs = -1;
    private ClusterFaults faults;

    private LocalCluster(final String host, final int replicas, final Path dir, final boolean ownsDir,
        final List<String> nodeOptions)
    {
        this.host = host;
        this.replicas = replicas;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.nodeOptions = nodeOptions;
    }

    /**
     * Starts one cluster-enabled node per port (0: free client and bus ports), each in {@code dir/node-<i>}.
     *
     * @param host        the address the nodes bind and MEET each other on (127.0.0.1 keeps them local).
     * @param replicas    replicas per master.
     * @param dir         where the nodes keep nodes.conf; null for a temporary directory deleted by {@link #close}.
     * @param nodeOptions further redis-server options for every node ({@code --cluster-node-timeout 5000}, ...).
     * @throws IOException if a node cannot start (port taken, nodes.conf locked or corrupted, bad option).
     */
    public static LocalCluster start(final String host, final int[] ports, final int replicas, final Path dir,
        final List<String> nodeOptions) throws IOException
    {
        if (replicas < 0 || ports.length / (replicas + 1) < 1)
        {
            throw new IllegalArgumentException(ports.length + " nodes cannot hold masters with " + replicas +
                " replicas each");
        }
        final boolean ownsDir = dir == null;
        final Path base = ownsDir ? Files.createTempDirectory("krill-cluster") : dir;
        final LocalCluster cluster = new LocalCluster(host, replicas, base, ownsDir, List.copyOf(nodeOptions));
        try
        {
            for (int i = 0; i < ports.length; i++)
            {
                cluster.servers.add(cluster.startNode(i, ports[i], 0));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
        return cluster;
    }

    private KrillServer startNode(final int index, final int port, final int busPort) throws IOException
    {
        final Path nodeDir = dir.resolve("node-" + index);
        Files.createDirectories(nodeDir);
        final List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", host,
            "--cluster-enabled", "yes", "--dir", nodeDir.toString()));
        if (busPort != 0)
        {
            args.addAll(List.of("--cluster-port", Integer.toString(busPort)));
        }
        args.addAll(nodeOptions);
        try
        {
            return KrillServer.start(ServerConfig.parse(args.toArray(new String[0])));
        }
        catch (final ConfigException ex)
        {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    /**
     * Fault injection for this cluster's nodes: kill, pause, partition, lose or delay bus messages (see
     * {@link ClusterFaults}). Faults still set are cleared by {@link #close()}.
     */
    public synchronized ClusterFaults faults()
    {
        if (faults == null)
        {
            faults = new ClusterFaults(this, InJvmBus.shared());
        }
        return faults;
    }

    /** Whether the nodes were told to use TCP for the bus ({@code cluster-bus-transport tcp}). */
    boolean tcpBus()
    {
        for (int i = 0; i + 1 < nodeOptions.size(); i++)
        {
            final String name = nodeOptions.get(i);
            if (("--cluster-bus-transport".equalsIgnoreCase(name) || "cluster-bus-transport".equalsIgnoreCase(name))
                && "tcp".equalsIgnoreCase(nodeOptions.get(i + 1)))
            {
                return true;
            }
        }
        return false;
    }

    /** The running nodes, in start order (masters first). */
    public List<KrillServer> servers()
    {
        return Collections.unmodifiableList(servers);
    }

    public String host()
    {
        return host;
    }

    /** How long the last {@link #form} took, from the first command sent until every node agreed; -1 before. */
    public long formationMs()
    {
        return formationMs;
    }

    /**
     * Stops node {@code index} and starts it again on the same ports from its nodes.conf, as a process restart
     * would (the node keeps its id, epochs, slots and peers).
     */
    public KrillServer restart(final int index) throws IOException
    {
        final KrillServer old = servers.get(index);
        final int port = old.port();
        final int busPort = old.busPort();
        old.close();
        final KrillServer restarted = startNode(index, port, busPort);
        servers.set(index, restarted);
        return restarted;
    }

    /**
     * Forms the cluster, unless the nodes already know each other (restarted from their nodes.conf), then waits
     * until every node has the same slot configuration, knows every node outside handshake, and reports
     * {@code cluster_state:ok}.
     *
     * @throws IOException if a node refuses a step or the cluster does not settle within {@code timeoutMs}.
     */
    public void form(final long timeoutMs) throws IOException, InterruptedException
    {
        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + timeoutMs * 1_000_000;
        final List<AdminConnection> connections = connectAll();
        String writableDelay = null;
        try
        {
            if (!alreadyFormed(connections))
            {
                assignSlotsAndEpochs(connections);
                // Fresh nodes hold no configuration that could be stale, and the slots were just assigned here: the
                // 2 s a master otherwise stays failed after start (cluster-writable-delay) would only delay the
                // caller. Lowered only now: a master that evaluated its state while it knew no slot at all would
                // count as having been in a minority and wait the rejoin delay (up to 5 s) instead, as Redis does.
                writableDelay = setOnAll(connections, "cluster-writable-delay", "0");
                meet(connections);
                awaitJoin(connections, deadlineNs);
                replicate(connections, deadlineNs);
            }
            awaitAll(connections, deadlineNs, "the nodes to agree", this::agrees);
            formationMs = (System.nanoTime() - startNs) / 1_000_000;
            awaitAll(connections, deadlineNs, "cluster_state:ok everywhere",
                (connection, all) -> String.valueOf(connection.callOk("CLUSTER", "INFO"))
                    .startsWith("cluster_state:ok"));
            if (writableDelay != null)
            {
                // a node restarted later must again wait before it takes writes
                setOnAll(connections, "cluster-writable-delay", writableDelay);
            }
        }
        finally
        {
            for (final AdminConnection connection : connections)
            {
                connection.close();
            }
        }
    }

    /** CONFIG SET on every node; returns the first node's value before. */
    private static String setOnAll(final List<AdminConnection> connections, final String name, final String value)
        throws IOException
    {
        final Object before = connections.get(0).callOk("CONFIG", "GET", name);
        for (final AdminConnection connection : connections)
        {
            connection.callOk("CONFIG", "SET", name, value);
        }
        return before instanceof List ? String.valueOf(((List<?>)before).get(1)) : String.valueOf(before);
    }

    private List<AdminConnection> connectAll() throws IOException
    {
        final List<AdminConnection> connections = new ArrayList<>();
        for (final KrillServer server : servers)
        {
            connections.add(new AdminConnection(host, server.port()));
        }
        return connections;
    }

    private boolean alreadyFormed(final List<AdminConnection> connections) throws IOException
    {
        for (final AdminConnection connection : connections)
        {
            if (!String.valueOf(connection.callOk("CLUSTER", "INFO")).contains(
                "cluster_known_nodes:" + servers.size() + "\r\n"))
            {
                return false;
            }
        }
        return true;
    }

    private int masterCount()
    {
        return servers.size() / (replicas + 1);
    }

    /** redis-cli's split: master i ends at round(cursor + 16384 / masters - 1), the last one at 16383. */
    private void assignSlotsAndEpochs(final List<AdminConnection> connections) throws IOException
    {
        final int masters = masterCount();
        final double slotsPerMaster = HashSlot.SLOT_COUNT / (double)masters;
        long first = 0;
        double cursor = 0;
        for (int i = 0; i < masters; i++)
        {
            long last = Math.round(cursor + slotsPerMaster - 1);
            if (last > HashSlot.SLOT_COUNT || i == masters - 1)
            {
                last = HashSlot.SLOT_COUNT - 1;
            }
            last = Math.max(last, first);
            connections.get(i).callOk("CLUSTER", "ADDSLOTSRANGE", Long.toString(first), Long.toString(last));
            first = last + 1;
            cursor += slotsPerMaster;
        }
        for (int i = 0; i < connections.size(); i++)
        {
            connections.get(i).callOk("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
        }
    }

    /**
     * Every node MEETs every node started before it. redis-cli MEETs only the first node and lets gossip spread
     * the rest, which takes a random number of heartbeats; a full mesh of MEETs needs one handshake per pair.
     */
    private void meet(final List<AdminConnection> connections) throws IOException
    {
        for (int i = 1; i < connections.size(); i++)
        {
            for (int j = 0; j < i; j++)
            {
                final KrillServer target = servers.get(j);
                connections.get(i).callOk("CLUSTER", "MEET", host, Integer.toString(target.port()),
                    Integer.toString(target.busPort()));
            }
        }
    }

    /** Replica j follows master j mod masters; REPLICATE is retried while the master is still unknown to it. */
    private void replicate(final List<AdminConnection> connections, final long deadlineNs)
        throws IOException, InterruptedException
    {
        final int masters = masterCount();
        for (int i = masters; i < connections.size(); i++)
        {
            final String masterId = myId(connections.get((i - masters) % masters));
            while (true)
            {
                final Object reply = connections.get(i).call("CLUSTER", "REPLICATE", masterId);
                if (!(reply instanceof AdminConnection.ErrorReply))
                {
                    break;
                }
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IOException("node " + i + " cannot replicate " + masterId + ": " + reply);
                }
                Thread.sleep(POLL_INTERVAL_MS);
            }
        }
    }

    private static String myId(final AdminConnection connection) throws IOException
    {
        return String.valueOf(connection.callOk("CLUSTER", "MYID"));
    }

    /** A check run on one node's connection, given all connections. */
    private interface NodeCheck
    {
        boolean test(AdminConnection connection, List<AdminConnection> all) throws IOException;
    }

    private void awaitAll(final List<AdminConnection> connections, final long deadlineNs, final String what,
        final NodeCheck check) throws IOException, InterruptedException
    {
        for (int i = 0; i < connections.size(); i++)
        {
            final AdminConnection connection = connections.get(i);
            while (!check.test(connection, connections))
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IOException("timed out waiting for " + what + "; node " + i + " sees:\n" +
                        connection.call("CLUSTER", "NODES"));
                }
                Thread.sleep(POLL_INTERVAL_MS);
            }
        }
    }

    /**
     * Waits until every node knows every other outside handshake, MEETing again what a node still misses every
     * {@link #REMEET_INTERVAL_MS}: a handshake whose messages were lost (a lossy bus, a paused node) is dropped after
     * the node timeout, and gossip cannot bring back a node that nobody knows. redis-cli re-MEETs likewise.
     */
    private void awaitJoin(final List<AdminConnection> connections, final long deadlineNs)
        throws IOException, InterruptedException
    {
        final List<String> ids = new ArrayList<>();
        for (final AdminConnection connection : connections)
        {
            ids.add(myId(connection));
        }
        long nextMeetNs = System.nanoTime() + REMEET_INTERVAL_MS * 1_000_000;
        for (int i = 0; i < connections.size(); i++)
        {
            final AdminConnection connection = connections.get(i);
            while (!knowsAll(connection, connections))
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IOException("timed out waiting for every node to know every other; node " + i +
                        " sees:\n" + connection.call("CLUSTER", "NODES"));
                }
                if (System.nanoTime() - nextMeetNs > 0)
                {
                    meetMissing(connections, ids);
                    nextMeetNs = System.nanoTime() + REMEET_INTERVAL_MS * 1_000_000;
                }
                Thread.sleep(POLL_INTERVAL_MS);
            }
        }
    }

    private void meetMissing(final List<AdminConnection> connections, final List<String> ids) throws IOException
    {
        for (int i = 0; i < connections.size(); i++)
        {
            final String nodes = String.valueOf(connections.get(i).callOk("CLUSTER", "NODES"));
            for (int j = 0; j < ids.size(); j++)
            {
                if (i != j && !nodes.contains(ids.get(j) + " ") && !nodes.contains("handshake"))
                {
                    final KrillServer target = servers.get(j);
                    // refused while a handshake with that address is in progress: fine, it may still complete
                    connections.get(i).call("CLUSTER", "MEET", host, Integer.toString(target.port()),
                        Integer.toString(target.busPort()));
                }
            }
        }
    }

    private boolean knowsAll(final AdminConnection connection, final List<AdminConnection> all) throws IOException
    {
        final String nodes = String.valueOf(connection.callOk("CLUSTER", "NODES"));
        return nodes.lines().count() == servers.size() && !nodes.contains("handshake");
    }

    /** Same slot configuration as the first node, every node known, replicas in place. */
    private boolean agrees(final AdminConnection connection, final List<AdminConnection> all) throws IOException
    {
        final String first = String.valueOf(all.get(0).callOk("CLUSTER", "NODES"));
        final String nodes = String.valueOf(connection.callOk("CLUSTER", "NODES"));
        return knowsAll(connection, all) && signature(nodes).equals(signature(first)) &&
            replicaCount(nodes) == servers.size() - masterCount();
    }

    private static long replicaCount(final String nodes)
    {
        return nodes.lines().filter(line -> line.split(" ")[2].contains("slave")).count();
    }

    /**
     * redis-cli's "config signature" of a CLUSTER NODES reply: for every node that has slots, its id and its slot
     * tokens sorted as text, the nodes sorted; two nodes agree when their signatures are equal (digest 4).
     */
    public static String signature(final String clusterNodes)
    {
        final List<String> entries = new ArrayList<>();
        for (final String line : clusterNodes.split("\n"))
        {
            final String[] fields = line.trim().split(" ");
            if (fields.length <= 8)
            {
                continue;
            }
            final List<String> slots = new ArrayList<>();
            for (int i = 8; i < fields.length; i++)
            {
                if (!fields[i].startsWith("["))
                {
                    slots.add(fields[i]);
                }
            }
            if (!slots.isEmpty())
            {
                Collections.sort(slots);
                entries.add(fields[0] + ":" + String.join(",", slots));
            }
        }
        Collections.sort(entries);
        return String.join("|", entries);
    }

    /** The masters with their slots and the replicas with their masters, as the first node sees them. */
    public String layout() throws IOException
    {
        return layout(0);
    }

    /**
     * The masters with their slots and the replicas with their masters, as node {@code viewer} sees them; a node
     * it holds as failed is marked {@code FAIL} (during a partition, each side has its own view).
     */
    public String layout(final int viewer) throws IOException
    {
        final String nodes = nodes(viewer);
        final List<String[]> lines = new ArrayList<>();
        for (final String line : nodes.split("\n"))
        {
            lines.add(line.trim().split(" "));
        }
        lines.sort(Comparator.comparing((String[] fields) -> fields[2].contains("master") ? 0 : 1)
            .thenComparing(fields -> fields[1]));
        final StringBuilder out = new StringBuilder();
        for (final String[] fields : lines)
        {
            final String address = fields[1].substring(0, fields[1].indexOf('@'));
            final String failed = Arrays.asList(fields[2].split(",")).contains("fail") ? "  FAIL" : "";
            if (fields[2].contains("master"))
            {
                out.append(String.format("  %-16s master   %-24s %s%s%n", address,
                    "slots " + String.join(",", Arrays.copyOfRange(fields, 8, fields.length)), fields[0], failed));
            }
            else
            {
                final String master = lines.stream().filter(other -> other[0].equals(fields[3]))
                    .map(other -> other[1].substring(0, other[1].indexOf('@'))).findFirst().orElse(fields[3]);
                out.append(String.format("  %-16s replica  %-24s %s%s%n", address, "of " + master, fields[0],
                    failed));
            }
        }
        return out.toString();
    }

    /** CLUSTER NODES as node {@code viewer} answers it. */
    public String nodes(final int viewer) throws IOException
    {
        try (AdminConnection connection = new AdminConnection(host, servers.get(viewer).port()))
        {
            return String.valueOf(connection.callOk("CLUSTER", "NODES"));
        }
    }

    /**
     * Waits until node {@code node} sees itself in a role: {@code "master"} or {@code "replica"} (a replica's
     * promotion, an old master's return as a replica, after a fault).
     *
     * @throws IOException if it does not within {@code timeoutMs}.
     */
    public void awaitRole(final int node, final String role, final long timeoutMs)
        throws IOException, InterruptedException
    {
        final String flag = "replica".equals(role) ? "slave" : role;
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000;
        String line = "";
        while (System.nanoTime() - deadlineNs < 0)
        {
            line = nodes(node).lines().filter(candidate -> candidate.contains("myself")).findFirst().orElse("");
            final String[] fields = line.split(" ");
            if (fields.length > 2 && Arrays.asList(fields[2].split(",")).contains(flag))
            {
                return;
            }
            Thread.sleep(POLL_INTERVAL_MS);
        }
        throw new IOException("node " + node + " is not a " + role + " after " + timeoutMs + " ms: " + line);
    }

    /** Stops every node and deletes the directory if it was a temporary one. */
    @Override
    public void close()
    {
        final ClusterFaults current;
        synchronized (this)
        {
            current = faults;
        }
        if (current != null)
        {
            // the bus is shared by the JVM: rules left behind would hit the next nodes bound to these ports
            current.clear();
        }
        for (final KrillServer server : servers)
        {
            server.close();
        }
        servers.clear();
        if (ownsDir)
        {
            deleteTree(dir);
        }
    }

    private static void deleteTree(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.deleteIfExists(path);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (final IOException | UncheckedIOException ex)
        {
            // a leftover temporary file is not worth failing a shutdown for
        }
    }
}
