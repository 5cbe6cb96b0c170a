package io.krill.gossip;

import java.util.List;

import io.krill.slots.HashSlot;

/**
 * CLUSTER NODES lines exactly as Redis 7.0.15 prints them (digest 3.2):
 * <pre>
 * id ip:port@cport[,hostname] flags master|- ping-sent pong-recv config-epoch connected|disconnected
 *    slots... [specials]
 * </pre>
 * Flags in Redis's order ({@link NodeFlags#putNames}); {@code :0@0} for a node without address; a replica
 * shows its master's configEpoch; {@code connected} while an outbound link exists (always for myself); slot
 * ranges ascending; only myself's line lists {@code [slot->-id]} (migrating) and {@code [slot-<-id]}
 * (importing). nodes.conf uses the same lines (see {@link NodesConfigText}).
 */
public final class ClusterNodesText
{
    private ClusterNodesText()
    {
    }

    /**
     * The CLUSTER NODES reply body: every node's line, each ending in {@code \n}, nodes sorted by id.
     */
    public static String render(final ClusterView view)
    {
        return render(view, false);
    }

    /**
     * One node's line without the trailing newline (CLUSTER REPLICAS elements).
     */
    public static String line(final ClusterView view, final ClusterNodeInfo node)
    {
        final StringBuilder out = new StringBuilder(128);
        appendLine(out, view, node, false);
        return out.toString();
    }

    /**
     * nodes.conf's node lines: no handshake nodes, and the address field with Redis 7.2's aux fields.
     */
    static String renderNodesConf(final ClusterView view)
    {
        return render(view, true);
    }

    private static String render(final ClusterView view, final boolean nodesConf)
    {
        final StringBuilder out = new StringBuilder(view.nodeCount() * 128);
        final List<ClusterNodeInfo> nodes = view.nodes();
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (nodesConf && node.inHandshake())
            {
                continue;
            }
            appendLine(out, view, node, nodesConf);
            out.append('\n');
        }
        return out.toString();
    }

    static void appendLine(
        final StringBuilder out, final ClusterView view, final ClusterNodeInfo node, final boolean nodesConf)
    {
        out.append(node.idText).append(' ')
            .append(node.ip).append(':').append(node.port).append('@').append(node.cport);
        if (nodesConf)
        {
            // Redis 7.2's order: hostname (always, maybe empty), then tls-port, then shard-id
            out.append(',').append(node.hostname).append(",tls-port=").append(node.pport)
                .append(",shard-id=").append(node.shardIdText());
        }
        else if (!node.hostname.isEmpty())
        {
            out.append(',').append(node.hostname);
        }
        out.append(' ').append(NodeFlags.names(node.flags)).append(' ')
            .append(node.master != null ? node.master.idText : "-").append(' ')
            .append(node.pingSentMs).append(' ')
            .append(node.pongReceivedMs).append(' ')
            .append(node.effectiveConfigEpoch()).append(' ')
            .append(node.isLinked() ? "connected" : "disconnected");
        appendSlotRanges(out, node);
        if (node.isMyself())
        {
            appendMigrations(out, view);
        }
    }

    private static void appendSlotRanges(final StringBuilder out, final ClusterNodeInfo node)
    {
        int start = node.slots.nextSetBit(0);
        while (start >= 0)
        {
            int end = node.slots.nextClearBit(start);
            end = (end < 0 ? HashSlot.SLOT_COUNT : end) - 1;
            out.append(' ').append(start);
            if (end != start)
            {
                out.append('-').append(end);
            }
            start = end + 1 < HashSlot.SLOT_COUNT ? node.slots.nextSetBit(end + 1) : -1;
        }
    }

    private static void appendMigrations(final StringBuilder out, final ClusterView view)
    {
        for (int slot = view.slots.nextTransitionSlot(0); slot >= 0; slot = view.slots.nextTransitionSlot(slot + 1))
        {
            final ClusterNodeInfo migrating = view.slots.migratingTo(slot);
            final ClusterNodeInfo importing = view.slots.importingFrom(slot);
            if (migrating != null)
            {
                out.append(" [").append(slot).append("->-").append(migrating.idText).append(']');
            }
            else if (importing != null)
            {
                out.append(" [").append(slot).append("-<-").append(importing.idText).append(']');
            }
        }
    }
}
