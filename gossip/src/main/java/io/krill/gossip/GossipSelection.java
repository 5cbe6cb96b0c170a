package io.krill.gossip;

import java.util.ArrayList;

/**
 * Chooses the nodes a PING, PONG or MEET talks about (digest 5.7).
 * <p>
 * BACKGROUND: every heartbeat carries a few entries about other nodes, which is how nodes learn each other
 * and how failure reports travel. BEHAVIOR: wanted = a tenth of the known nodes, at least 3, at most the
 * known nodes minus two (myself and the receiver). Up to 3·wanted random draws pick healthy candidates,
 * skipping myself, PFAIL nodes (added below), nodes in handshake or without address, nodes with neither a
 * link nor slots, and repeats. Then every PFAIL node is appended, so a suspect is mentioned in every
 * heartbeat and the masters' reports reach a quorum within the 2·node-timeout validity window. As in Redis
 * 7.0, the receiver itself may be among the entries: that is how a node learns the pong times others have
 * of it.
 */
final class GossipSelection
{
    private final ArrayList<ClusterNodeInfo> chosen = new ArrayList<>();

    /**
     * Fills {@link #chosen()} for one heartbeat: a random few, or with {@code everyNode} every healthy candidate
     * (the same filters, no draws).
     */
    void select(final NodeDirectory nodes, final RandomSource random, final boolean everyNode)
    {
        chosen.clear();
        if (everyNode)
        {
            for (int i = 0; i < nodes.size(); i++)
            {
                final ClusterNodeInfo node = nodes.get(i);
                final boolean candidate = !node.isMyself() && !node.isTimedOut() &&
                    !node.hasFlag(NodeFlags.HANDSHAKE | NodeFlags.NOADDR) &&
                    !(node.outboundLink == null && node.slotCount == 0);
                if (candidate)
                {
                    chosen.add(node);
                }
            }
            appendSuspects(nodes);
            return;
        }
        final int known = nodes.size();
        int fresh = known - 2;
        final int wanted = Math.min(Math.max(known / 10, 3), fresh);
        int attempts = wanted * 3;
        int picked = 0;
        while (fresh > 0 && picked < wanted && attempts-- > 0)
        {
            final ClusterNodeInfo node = nodes.get(random.nextInt(known));
            if (node.isMyself() || node.isTimedOut())
            {
                continue;
            }
            if (node.hasFlag(NodeFlags.HANDSHAKE | NodeFlags.NOADDR) ||
                (node.outboundLink == null && node.slotCount == 0))
            {
                // Redis counts these against the candidates too: cheaper than an exact count.
                fresh--;
                continue;
            }
            if (chosen.contains(node))
            {
                continue;
            }
            chosen.add(node);
            fresh--;
            picked++;
        }
        appendSuspects(nodes);
    }

    ArrayList<ClusterNodeInfo> chosen()
    {
        return chosen;
    }

    /**
     * Upper bound of entries {@link #select} can choose, to size the message before writing it.
     */
    static int maxEntries(final NodeDirectory nodes, final boolean everyNode)
    {
        if (everyNode)
        {
            return nodes.size();
        }
        int suspects = 0;
        for (int i = 0; i < nodes.size(); i++)
        {
            if (nodes.get(i).isTimedOut())
            {
                suspects++;
            }
        }
        return Math.max(nodes.size() / 10, 3) + suspects;
    }

    private void appendSuspects(final NodeDirectory nodes)
    {
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (node.isTimedOut() && !node.hasFlag(NodeFlags.HANDSHAKE | NodeFlags.NOADDR))
            {
                chosen.add(node);
            }
        }
    }
}
