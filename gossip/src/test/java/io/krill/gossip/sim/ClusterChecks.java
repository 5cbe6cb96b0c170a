package io.krill.gossip.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.krill.gossip.ClusterNodeInfo;
import io.krill.gossip.ClusterView;
import io.krill.gossip.NodeFlags;

/**
 * Invariants over simulated nodes. Safety ({@link #epochsNeverDecrease}) is checked after every event;
 * convergence ({@link #convergenceProblem}) and the slot-owner rule ({@link #ownershipProblem}) at the end of
 * a phase. Failures are reported as CORRECTNESS or LIVENESS (STYLE.md).
 */
public final class ClusterChecks
{
    private ClusterChecks()
    {
    }

    /**
     * A checker that fails if any running node's currentEpoch or its own configEpoch ever goes down.
     */
    public static Runnable epochsNeverDecrease(final SimNetwork network)
    {
        final Map<Integer, long[]> last = new HashMap<>();
        return () ->
        {
            for (final SimNode node : network.nodes())
            {
                final ClusterView view = node.view();
                final long[] previous = last.computeIfAbsent(node.index(), i -> new long[2]);
                final long current = view.currentEpoch();
                final long config = view.myself().configEpoch();
                if (current < previous[0] || config < previous[1])
                {
                    throw new AssertionError("CORRECTNESS: epochs of " + node + " went from " + previous[0] + "/" +
                        previous[1] + " to " + current + "/" + config + " at t=" + network.clock().elapsedMs());
                }
                previous[0] = current;
                previous[1] = config;
            }
        };
    }

    /**
     * A send observer that fails if a node sends FAILOVER_AUTH_ACKs in one currentEpoch to two different links
     * (two votes in one epoch); the ACK carries the voter's currentEpoch, which is the epoch it voted in.
     */
    public static java.util.function.BiConsumer<SimNode, byte[]> oneVotePerEpoch(final SimNetwork network)
    {
        final java.util.Set<String> votes = new java.util.HashSet<>();
        return (node, message) ->
        {
            final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(message);
            if ((buffer.getShort(io.krill.gossip.BusHeaderCodec.TYPE_OFFSET, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF) !=
                io.krill.gossip.BusMessageType.FAILOVER_AUTH_ACK)
            {
                return;
            }
            final long epoch =
                buffer.getLong(io.krill.gossip.BusHeaderCodec.CURRENT_EPOCH_OFFSET, java.nio.ByteOrder.BIG_ENDIAN);
            if (!votes.add(node.index() + "/" + epoch))
            {
                throw new AssertionError("CORRECTNESS: " + node + " voted twice in epoch " + epoch + " at t=" +
                    network.clock().elapsedMs());
            }
        };
    }

    /**
     * Null when every running node sees the same nodes (no handshake, PFAIL or FAIL), the same roles,
     * masters, effective epochs and slot owners, and an ok state; otherwise the first difference.
     */
    public static String convergenceProblem(final List<SimNode> nodes)
    {
        final List<SimNode> running = running(nodes);
        if (running.isEmpty())
        {
            return null;
        }
        final String reference = summary(running.get(0).view());
        for (final SimNode node : running)
        {
            final ClusterView view = node.view();
            if (view.nodeCount() != running.size())
            {
                return node + " knows " + view.nodeCount() + " nodes, expected " + running.size();
            }
            for (final ClusterNodeInfo info : view.nodes())
            {
                if (info.hasFlag(NodeFlags.HANDSHAKE | NodeFlags.PFAIL | NodeFlags.FAIL | NodeFlags.NOADDR))
                {
                    return node + " sees " + info;
                }
            }
            if (!view.isStateOk())
            {
                return node + " state is fail";
            }
            final String summary = summary(view);
            if (!summary.equals(reference))
            {
                return node + " view differs:\n" + summary + "\nvs " + running.get(0) + ":\n" + reference;
            }
        }
        return null;
    }

    /**
     * Null unless two views disagree on a slot's owner while both owners carry the same configEpoch (then
     * nothing would ever decide between them), or two masters serving slots share an epoch in one view.
     */
    public static String ownershipProblem(final List<SimNode> nodes)
    {
        final List<SimNode> running = running(nodes);
        for (int slot = 0; slot < 16384; slot++)
        {
            String ownerId = null;
            long ownerEpoch = -1;
            for (final SimNode node : running)
            {
                final ClusterNodeInfo owner = node.view().slotOwner(slot);
                if (owner == null)
                {
                    continue;
                }
                if (ownerId != null && !ownerId.equals(owner.id()) && ownerEpoch == owner.configEpoch())
                {
                    return "CORRECTNESS: slot " + slot + " owned by " + ownerId + " and " + owner.id() +
                        " with the same configEpoch " + ownerEpoch;
                }
                ownerId = owner.id();
                ownerEpoch = owner.configEpoch();
            }
        }
        for (final SimNode node : running)
        {
            final List<Long> epochs = new ArrayList<>();
            for (final ClusterNodeInfo info : node.view().nodes())
            {
                if (info.isMaster() && info.slotCount() > 0)
                {
                    if (epochs.contains(info.configEpoch()))
                    {
                        return "CORRECTNESS: " + node + " sees two masters with configEpoch " + info.configEpoch();
                    }
                    epochs.add(info.configEpoch());
                }
            }
        }
        return null;
    }

    /**
     * A canonical description of a view that ignores what is local (myself flag, times, links).
     */
    public static String summary(final ClusterView view)
    {
        final StringBuilder out = new StringBuilder();
        out.append("currentEpoch>=").append(maxMasterEpoch(view)).append('\n');
        for (final ClusterNodeInfo info : view.nodes())
        {
            out.append(info.id()).append(' ').append(info.ip()).append(':').append(info.port())
                .append('@').append(info.cport()).append(' ')
                .append(info.isMaster() ? "master" : info.isReplica() ? "replica" : "none").append(' ')
                .append(info.master() == null ? "-" : info.master().id()).append(' ')
                .append(info.effectiveConfigEpoch()).append(' ')
                .append(info.slots().ranges()).append('\n');
        }
        return out.toString();
    }

    private static long maxMasterEpoch(final ClusterView view)
    {
        long max = 0;
        for (final ClusterNodeInfo info : view.nodes())
        {
            max = Math.max(max, info.effectiveConfigEpoch());
        }
        return max;
    }

    private static List<SimNode> running(final List<SimNode> nodes)
    {
        final List<SimNode> running = new ArrayList<>();
        for (final SimNode node : nodes)
        {
            if (node.isRunning())
            {
                running.add(node);
            }
        }
        return running;
    }
}
