package io.krill.gossip;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The live bus links by id, and the binding between links and nodes (a node has at most one outbound and one
 * inbound link). Ids are handed out here, counting up from 1, so the caller never has to invent them.
 */
final class LinkTable
{
    private final Long2ObjectHashMap<BusLink> links = new Long2ObjectHashMap<>();
    private long lastId;

    BusLink openOutbound(final ClusterNodeInfo node, final long nowMs)
    {
        final BusLink link = new BusLink(++lastId, true, nowMs, node.ip, null);
        link.node = node;
        node.outboundLink = link;
        links.put(link.id, link);
        return link;
    }

    BusLink acceptInbound(final String peerIp, final String localIp, final long nowMs)
    {
        final BusLink link = new BusLink(++lastId, false, nowMs, peerIp, localIp);
        links.put(link.id, link);
        return link;
    }

    BusLink get(final long linkId)
    {
        return links.get(linkId);
    }

    int size()
    {
        return links.size();
    }

    /**
     * Binds an inbound link to the node whose packet arrived on it. A peer may reconnect before its old
     * inbound link is noticed closed; the newest one wins, as in Redis.
     */
    void bindInbound(final BusLink link, final ClusterNodeInfo node)
    {
        link.node = node;
        node.inboundLink = link;
    }

    /**
     * Forgets the link and unbinds it from its node; the caller emits the close if it decided it.
     */
    void remove(final BusLink link)
    {
        links.remove(link.id);
        final ClusterNodeInfo node = link.node;
        if (node != null)
        {
            if (node.outboundLink == link)
            {
                node.outboundLink = null;
            }
            if (node.inboundLink == link)
            {
                node.inboundLink = null;
            }
        }
    }

    /**
     * Every link, in no particular order (for closing all on reset or for reporting).
     */
    Long2ObjectHashMap<BusLink>.ValueCollection all()
    {
        return links.values();
    }
}
