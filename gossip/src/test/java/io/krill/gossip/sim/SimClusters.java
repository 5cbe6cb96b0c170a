package io.krill.gossip.sim;

import io.krill.gossip.GossipConfig;

/**
 * Builds simulated clusters the way {@code redis-cli --cluster create} does (digest 4.1): masters ADDSLOTS
 * their third of the slots, every node gets SET-CONFIG-EPOCH i+1, every node MEETs the first one, and each
 * replica runs REPLICATE once it knows its master.
 */
public final class SimClusters
{
    /** The three ranges redis-cli gives three masters. */
    /** redis-cli re-sends MEET when the join has not completed after a while. */
    static final long REMEET_AFTER_MS = 3000;
    static final long[][] THREE_RANGES = { { 0, 5460 }, { 5461, 10922 }, { 10923, 16383 } };

    private SimClusters()
    {
    }

    public static SimNetwork network(final long seed, final SimFaults faults, final int nodes, final long nodeTimeoutMs)
    {
        final SimNetwork network = new SimNetwork(seed, faults);
        network.addChecker(ClusterChecks.epochsNeverDecrease(network));
        for (int i = 0; i < nodes; i++)
        {
            network.addNode(new GossipConfig().nodeTimeoutMs(nodeTimeoutMs));
        }
        return network;
    }

    /**
     * Runs the create sequence for 3 masters (nodes 0-2) and {@code nodes - 3} replicas (node 3+i replicates
     * node i), without waiting for convergence.
     *
     * @return false if a replica never learned its master within {@code maxMs}.
     */
    public static boolean create(final SimNetwork network, final long maxMs)
    {
        final int[] masters = new int[network.nodes().size() - 3];
        for (int i = 0; i < masters.length; i++)
        {
            masters[i] = i;
        }
        return create(network, maxMs, masters);
    }

    /**
     * The create sequence for 3 masters (nodes 0-2) and replicas: node 3+i replicates node {@code masters[i]}.
     */
    public static boolean create(final SimNetwork network, final long maxMs, final int... masters)
    {
        for (int i = 0; i < 3; i++)
        {
            final long[] range = THREE_RANGES[i];
            final SimNode node = network.node(i);
            check(network.command(node, now -> node.gossip().addSlotsRange(range, 2, now)));
        }
        for (final SimNode node : network.nodes())
        {
            final long epoch = node.index() + 1;
            check(network.command(node, now -> node.gossip().setConfigEpoch(epoch, now)));
        }
        if (!join(network, maxMs))
        {
            return false;
        }
        for (int i = 3; i < network.nodes().size(); i++)
        {
            final SimNode replica = network.node(i);
            final String masterId = network.node(masters[i - 3]).id();
            if (!network.runUntil(() -> replica.view().node(masterId) != null, maxMs))
            {
                return false;
            }
            check(network.command(replica, now -> replica.gossip().replicate(masterId, now)));
        }
        return true;
    }

    /**
     * A converged 3-master, 3-replica cluster (node 3+i replicates node i).
     */
    public static SimNetwork formed(final long seed, final SimFaults faults, final long nodeTimeoutMs)
    {
        return formed(seed, faults, nodeTimeoutMs, 0, 1, 2);
    }

    /**
     * A converged cluster of 3 masters and one replica per entry of {@code masters} (node 3+i replicates node
     * {@code masters[i]}).
     */
    public static SimNetwork formed(
        final long seed, final SimFaults faults, final long nodeTimeoutMs, final int... masters)
    {
        final SimNetwork network = network(seed, faults, 3 + masters.length, nodeTimeoutMs);
        if (!create(network, 60_000, masters) ||
            !network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 60_000))
        {
            throw new AssertionError("LIVENESS: no convergence: " + ClusterChecks.convergenceProblem(network.nodes()));
        }
        return network;
    }

    /**
     * MEETs the first node from every other node and waits until everyone knows everyone. Like redis-cli
     * (which re-sends MEET when the join stalls), it repeats the MEET of a node the first node still does not
     * know: a lost MEET is never retried by the bus itself, since only MEET makes a stranger trusted.
     */
    static boolean join(final SimNetwork network, final long maxMs)
    {
        final long deadlineMs = network.clock().nowMs() + maxMs;
        final SimNode first = network.node(0);
        boolean firstRound = true;
        while (network.clock().nowMs() < deadlineMs)
        {
            for (int i = 1; i < network.nodes().size(); i++)
            {
                final SimNode node = network.node(i);
                if (firstRound || first.view().node(node.id()) == null || node.view().node(first.id()) == null)
                {
                    check(network.command(node, now -> node.gossip().meet(first.ip(), first.port(),
                        first.port() + 10000, now)));
                }
            }
            firstRound = false;
            if (network.runUntil(() -> everyoneKnowsEveryone(network), REMEET_AFTER_MS))
            {
                return true;
            }
        }
        return false;
    }

    static boolean everyoneKnowsEveryone(final SimNetwork network)
    {
        for (final SimNode node : network.nodes())
        {
            for (final SimNode other : network.nodes())
            {
                final io.krill.gossip.ClusterNodeInfo info = node.view().node(other.id());
                if (info == null || info.inHandshake())
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static void check(final String error)
    {
        if (error != null)
        {
            throw new AssertionError("command failed: " + error);
        }
    }
}
