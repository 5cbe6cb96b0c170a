package io.krill.core.cluster;

import io.krill.core.server.KrillServer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Faults injected into a {@link LocalCluster} from a test: nodes killed, restarted, paused; cluster bus messages
 * dropped or delayed between chosen nodes, up to a full partition. Nodes are named by their index in
 * {@link LocalCluster#servers()}. Get it with {@link LocalCluster#faults()}.
 * <p>
 * BEHAVIOR:
 * <ul>
 * <li>{@link #kill} stops a node as {@code kill -9} would (client connections reset, peers see their links
 * closed, nothing saved); {@link #shutdown} stops it gracefully as SHUTDOWN does (saves when save points are
 * configured); {@link #restart} starts it again on the same ports from its directory: same node id, epochs and
 * peers from nodes.conf, data from its RDB file if one was saved.</li>
 * <li>{@link #pause} freezes a node as SIGSTOP or a long GC would: it serves nothing (clients, bus, replication)
 * and runs no timer; its sockets stay open. {@link #resume} (or the end of the duration) thaws it.</li>
 * <li>{@link #partition}, {@link #isolate}, {@link #dropBusMessages} and {@link #delayBusMessages} act on the
 * cluster bus between nodes of this JVM (the in-JVM links): a message is lost or held back as it is sent, the
 * links themselves stay open, and {@link #heal} lets every message through again. Redis Cluster's own rules then
 * decide: after the node timeout the majority marks the nodes it cannot reach FAIL and elects their replicas, and
 * a master cut off in a minority reports {@code cluster_state:fail} and refuses commands with CLUSTERDOWN.</li>
 * <li>Client connections are never cut: a test's client still reaches every node, as a client on the minority's
 * side of a real partition would. Replication links are connections too (TCP between nodes) and are not cut
 * either: a partitioned master keeps streaming to its replica until that replica is promoted.</li>
 * <li>Bus faults need the in-JVM bus ({@code cluster-bus-transport auto} or {@code injvm}, the default in a
 * LocalCluster). With {@code cluster-bus-transport tcp} only kill, shutdown, restart, pause and resume are
 * supported; the bus faults throw {@link UnsupportedOperationException}.</li>
 * </ul>
 * Random choices (which message is lost, how long one is held back) come from one seed, given with
 * {@link #seed(long)} or {@code -Dkrill.faults.seed}, else drawn at random and printed once when a random fault is
 * first set; a link makes the same choices for the same sequence of messages. Thread timing still varies, so a
 * seed narrows a replay rather than fixing it.
 * <p>
 * Costs nothing while no fault is set: a sending node reads one volatile field per bus message and a node agent
 * two per cycle. Thread safe: call it from any thread; faults take effect at the next message or cycle. Restarts
 * replace an entry of {@link LocalCluster#servers()}: restart from one thread at a time, as start and close.
 * Delayed messages are written by one daemon thread per JVM ({@code krill-bus-delay}), started on first use.
 */
public final class ClusterFaults
{
    private final LocalCluster cluster;
    private final InJvmBus bus;
    /** Directions this object set a rule on, as (from bus port, to bus port): what {@link #heal} clears. */
    private final Set<Long> faulted = new HashSet<>();
    private long seed;
    private boolean seedShown;

    ClusterFaults(final LocalCluster cluster, final InJvmBus bus)
    {
        this.cluster = cluster;
        this.bus = bus;
        final Long configured = Long.getLong("krill.faults.seed");
        this.seed = configured != null ? configured : System.nanoTime() ^ System.identityHashCode(this);
        this.seedShown = configured != null;
    }

    /** The seed of the random choices. */
    public synchronized long seed()
    {
        return seed;
    }

    /** Sets the seed used by the bus faults set from now on (replaying a run: the seed it printed). */
    public synchronized ClusterFaults seed(final long value)
    {
        seed = value;
        seedShown = true;
        return this;
    }

    /** Stops node {@code node} abruptly (see {@link KrillServer#kill()}); it stays down until {@link #restart}. */
    public void kill(final int node)
    {
        server(node).kill();
    }

    /**
     * Stops node {@code node} gracefully, as a client's SHUTDOWN does (the dataset is saved first when save points
     * are configured), and waits until it has stopped.
     */
    public void shutdown(final int node) throws IOException, InterruptedException
    {
        final KrillServer server = server(node);
        Object reply;
        try (AdminConnection connection = new AdminConnection(cluster.host(), server.port()))
        {
            reply = connection.call("SHUTDOWN");
        }
        catch (final IOException closed)
        {
            // SHUTDOWN has no reply: the node closes the connection as it stops
            reply = null;
        }
        if (reply instanceof AdminConnection.ErrorReply)
        {
            throw new IOException("node " + node + " refused SHUTDOWN: " + reply);
        }
        server.awaitTermination();
        server.close();
    }

    /**
     * Starts node {@code node} again on its ports from its directory (stopping it first if it still runs), as a
     * process restart would: same node id, epochs and peers; bus faults set on it still apply.
     *
     * @return the new server, also in {@link LocalCluster#servers()} at the same index.
     */
    public KrillServer restart(final int node) throws IOException
    {
        return cluster.restart(node);
    }

    /** Freezes node {@code node} for {@code duration} (see {@link KrillServer#pause}); returns once it is frozen. */
    public void pause(final int node, final Duration duration)
    {
        server(node).pause(duration.toMillis());
    }

    /** Freezes node {@code node} until {@link #resume}. */
    public void pause(final int node)
    {
        server(node).pause(Long.MAX_VALUE);
    }

    /** Thaws a paused node at once. */
    public void resume(final int node)
    {
        server(node).resume();
    }

    /**
     * Cuts the cluster bus between two groups of nodes, in both directions: every message from one side to the
     * other is lost. Links within each side are untouched, and so are clients and replication links.
     */
    public void partition(final Collection<Integer> sideA, final Collection<Integer> sideB)
    {
        requireInJvmBus("partition");
        for (final int a : sideA)
        {
            for (final int b : sideB)
            {
                if (a != b)
                {
                    setDrop(a, b, 1.0);
                    setDrop(b, a, 1.0);
                }
            }
        }
    }

    /** Partitions node {@code node} away from every other node. */
    public void isolate(final int node)
    {
        partition(List.of(node), others(List.of(node)));
    }

    /** The indexes of every node not in {@code nodes}: the other side of a partition. */
    public List<Integer> others(final Collection<Integer> nodes)
    {
        final Set<Integer> excluded = new LinkedHashSet<>(nodes);
        final List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < cluster.servers().size(); i++)
        {
            if (!excluded.contains(i))
            {
                rest.add(i);
            }
        }
        return rest;
    }

    /**
     * Loses each bus message from node {@code from} to node {@code to} (one direction) with the given probability
     * (0 clears it, 1 cuts the direction).
     */
    public void dropBusMessages(final int from, final int to, final double probability)
    {
        requireInJvmBus("dropBusMessages");
        if (!(probability >= 0 && probability <= 1))
        {
            throw new IllegalArgumentException("probability must be within [0, 1]: " + probability);
        }
        showSeed();
        setDrop(from, to, probability);
    }

    /** Loses each bus message between any two nodes of the cluster with the given probability. */
    public void dropBusMessages(final double probability)
    {
        final int nodes = cluster.servers().size();
        for (int from = 0; from < nodes; from++)
        {
            for (int to = 0; to < nodes; to++)
            {
                if (from != to)
                {
                    dropBusMessages(from, to, probability);
                }
            }
        }
    }

    /**
     * Holds each bus message from node {@code from} to node {@code to} (one direction) back for a random time
     * between {@code minMs} and {@code maxMs} (both 0 clears it); messages of one link keep their order.
     */
    public void delayBusMessages(final int from, final int to, final long minMs, final long maxMs)
    {
        requireInJvmBus("delayBusMessages");
        if (minMs < 0 || maxMs < minMs)
        {
            throw new IllegalArgumentException("delay range must satisfy 0 <= min <= max: " + minMs + ".." + maxMs);
        }
        if (minMs != maxMs)
        {
            showSeed();
        }
        synchronized (this)
        {
            final int fromPort = busPort(from);
            final int toPort = busPort(to);
            final InJvmBusFaults.Rule current = bus.fault(fromPort, toPort);
            final long ruleSeed = ruleSeed(fromPort, toPort);
            bus.fault(fromPort, toPort, current == null ?
                InJvmBusFaults.Rule.of(0, minMs * 1_000_000, maxMs * 1_000_000, ruleSeed) :
                current.withDelay(minMs * 1_000_000, maxMs * 1_000_000, ruleSeed));
            faulted.add(InJvmBusFaults.key(fromPort, toPort));
        }
    }

    /** Holds each bus message between any two nodes of the cluster back for {@code minMs} to {@code maxMs}. */
    public void delayBusMessages(final long minMs, final long maxMs)
    {
        final int nodes = cluster.servers().size();
        for (int from = 0; from < nodes; from++)
        {
            for (int to = 0; to < nodes; to++)
            {
                if (from != to)
                {
                    delayBusMessages(from, to, minMs, maxMs);
                }
            }
        }
    }

    /**
     * Ends every bus fault set through this object (partitions, losses, delays): messages flow again; those
     * already held back still arrive, in order. Paused nodes stay paused ({@link #resume}).
     */
    public synchronized void heal()
    {
        for (final long key : faulted)
        {
            bus.fault((int)(key >>> 32), (int)key, null);
        }
        faulted.clear();
    }

    /** Bus messages lost so far to the faults currently set. */
    public synchronized long droppedBusMessages()
    {
        long total = 0;
        for (final long key : faulted)
        {
            final InJvmBusFaults.Rule rule = bus.fault((int)(key >>> 32), (int)key);
            total += rule == null ? 0 : rule.dropped.get();
        }
        return total;
    }

    /** Bus messages held back so far by the delays currently set. */
    public synchronized long delayedBusMessages()
    {
        long total = 0;
        for (final long key : faulted)
        {
            final InJvmBusFaults.Rule rule = bus.fault((int)(key >>> 32), (int)key);
            total += rule == null ? 0 : rule.delayed.get();
        }
        return total;
    }

    /** Heals the bus and thaws every node: called by {@link LocalCluster#close()}. */
    void clear()
    {
        heal();
        for (final KrillServer server : cluster.servers())
        {
            server.resume();
        }
    }

    private synchronized void setDrop(final int from, final int to, final double probability)
    {
        final int fromPort = busPort(from);
        final int toPort = busPort(to);
        final InJvmBusFaults.Rule current = bus.fault(fromPort, toPort);
        final long ruleSeed = ruleSeed(fromPort, toPort);
        bus.fault(fromPort, toPort, current == null ?
            InJvmBusFaults.Rule.of(probability, 0, 0, ruleSeed) :
            current.withDrop(probability, ruleSeed));
        faulted.add(InJvmBusFaults.key(fromPort, toPort));
    }

    /** One seed per direction, so that each link's choices depend only on its own messages. */
    private long ruleSeed(final int fromPort, final int toPort)
    {
        long mixed = seed ^ InJvmBusFaults.key(fromPort, toPort) * 0x9E37_79B9_7F4A_7C15L;
        mixed = (mixed ^ (mixed >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
        return mixed ^ (mixed >>> 33);
    }

    private synchronized void showSeed()
    {
        if (!seedShown)
        {
            seedShown = true;
            // a test's log is where a failed run's seed is needed: printed, not logged through a facade that may
            // have no binding
            System.out.println("Krill cluster faults: seed " + seed + " (replay with -Dkrill.faults.seed=" + seed +
                ")");
        }
    }

    private void requireInJvmBus(final String operation)
    {
        if (cluster.tcpBus())
        {
            throw new UnsupportedOperationException(operation + " needs the in-JVM cluster bus, but this cluster " +
                "runs with cluster-bus-transport tcp: only kill, shutdown, restart, pause and resume are supported");
        }
    }

    private KrillServer server(final int node)
    {
        final List<KrillServer> servers = cluster.servers();
        if (node < 0 || node >= servers.size())
        {
            throw new IndexOutOfBoundsException("no node " + node + " in a cluster of " + servers.size());
        }
        return servers.get(node);
    }

    private int busPort(final int node)
    {
        return server(node).busPort();
    }
}
