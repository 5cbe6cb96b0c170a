package io.krill.gossip;

import java.nio.charset.StandardCharsets;

/**
 * The gossip entries of a received PING, PONG or MEET (digest 5.9 step 5, digest 6; Redis's
 * clusterProcessGossipSection).
 * <p>
 * For a known node: a master sender's view becomes a failure report (added or withdrawn); if the entry shows
 * the node healthy and I have neither a ping outstanding nor reports about it, I adopt the sender's newer
 * pong time (within 500 ms of my clock), which saves pings; if I see the node failing but a healthy entry
 * gives another address, I take that address and drop my link, since the sender can evidently reach it.
 * For an unknown node: a known sender vouches for it, so it is added directly with its real id and the
 * sender's flags, unless it has no address or was recently forgotten.
 */
final class GossipSectionHandler
{
    /** Gossiped pong times may be this far ahead of my clock (clock skew between nodes). */
    static final long PONG_TIME_TOLERANCE_MS = 500;

    private final GossipContext context;
    private final FailureDetector failures;
    private final GossipEntryCodec entry = new GossipEntryCodec();
    private final byte[] ipScratch = new byte[BusHeaderCodec.IP_LENGTH];
    private BusHeaderCodec header;

    GossipSectionHandler(final GossipContext context, final FailureDetector failures)
    {
        this.context = context;
        this.failures = failures;
    }

    /**
     * @param sender the known sender, or null for a MEET from an unknown node (then only known nodes'
     *               pong times and addresses are considered).
     */
    void process(final BusHeaderCodec header, final ClusterNodeInfo sender, final long nowMs)
    {
        this.header = header;
        final int count = header.count();
        for (int i = 0; i < count; i++)
        {
            entry.wrap(header, i);
            final ClusterNodeInfo node = context.view.directory.find(header.buffer(), entry.nodeIdIndex());
            if (node != null)
            {
                onKnownNode(node, sender, nowMs);
            }
            else
            {
                onUnknownNode(sender, nowMs);
            }
        }
    }

    private void onKnownNode(final ClusterNodeInfo node, final ClusterNodeInfo sender, final long nowMs)
    {
        final int flags = entry.flags();
        if (sender != null && sender.isMaster() && !node.isMyself())
        {
            failures.onGossipFlags(node, sender, flags, nowMs);
        }
        final boolean healthy = (flags & (NodeFlags.FAIL | NodeFlags.PFAIL)) == 0;
        if (healthy && node.pingSentMs == 0 && node.failureReports.size() == 0)
        {
            final long pongTimeMs = entry.pongReceivedSeconds() * 1000;
            if (pongTimeMs <= nowMs + PONG_TIME_TOLERANCE_MS && pongTimeMs > node.pongReceivedMs)
            {
                node.pongReceivedMs = pongTimeMs;
            }
        }
        if (node.hasFlag(NodeFlags.FAIL | NodeFlags.PFAIL) && healthy && (flags & NodeFlags.NOADDR) == 0)
        {
            repairAddress(node);
        }
    }

    private void repairAddress(final ClusterNodeInfo node)
    {
        final String ip = ip();
        if (node.sameAddress(ip, entry.port(), entry.cport(), entry.pport()))
        {
            return;
        }
        context.closeLink(node.outboundLink);
        node.address(ip, entry.port(), entry.cport(), entry.pport());
        node.flags &= ~NodeFlags.NOADDR;
    }

    private void onUnknownNode(final ClusterNodeInfo sender, final long nowMs)
    {
        final int flags = entry.flags();
        if (sender == null || (flags & NodeFlags.NOADDR) != 0)
        {
            return;
        }
        if (context.view.blacklist.contains(header.buffer(), entry.nodeIdIndex(), nowMs))
        {
            return;
        }
        final byte[] id = new byte[NodeId.LENGTH];
        entry.copyNodeId(id, 0);
        final ClusterNodeInfo node = new ClusterNodeInfo(id, flags & ~NodeFlags.MYSELF, nowMs);
        NodeIdGenerator.fill(context.random, node.shardId);
        node.address(ip(), entry.port(), entry.cport(), entry.pport());
        context.view.addNode(node);
        context.pending.save();
        context.membersJoined = true;
    }

    private String ip()
    {
        final int length = entry.copyIp(ipScratch, 0);
        return new String(ipScratch, 0, length, StandardCharsets.US_ASCII);
    }
}
