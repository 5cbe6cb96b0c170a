package io.krill.gossip;

/**
 * One TCP connection of the bus as the state machine sees it (digest 5.1): an outbound link is the one this
 * node opened to a peer to send PING/MEET and its own messages; an inbound link was accepted from a peer,
 * which sends its PINGs there and gets PONGs back. The caller owns the socket; both sides name it by
 * {@link #id}, which the state machine hands out.
 */
final class BusLink
{
    final long id;
    final boolean outbound;
    final long createdMs;
    /** The peer's address as the socket sees it: the address connected to, or the accepted peer's. */
    final String peerIp;
    /** This node's address on that socket (self-IP discovery reads it from an inbound MEET). */
    String localIp;
    ClusterNodeInfo node;
    boolean connected;

    BusLink(final long id, final boolean outbound, final long createdMs, final String peerIp, final String localIp)
    {
        this.id = id;
        this.outbound = outbound;
        this.createdMs = createdMs;
        this.peerIp = peerIp;
        this.localIp = localIp;
    }

    @Override
    public String toString()
    {
        return (outbound ? "to " : "from ") + (node == null ? "?" : node.idText) + " #" + id;
    }
}
