package io.krill.gossip.sim;

/**
 * One simulated TCP connection between an outbound link of {@code a} and the inbound link {@code b} accepted
 * for it. Each direction keeps its last delivery time so messages arrive in order (TCP is FIFO), and each end
 * may be closed separately.
 */
final class SimConnection
{
    private static long created;

    final long order = ++created;
    final SimNode a;
    final long aLinkId;
    final SimNode b;
    final long bLinkId;
    private long lastAtoBMs;
    private long lastBtoAMs;
    private boolean closedA;
    private boolean closedB;

    SimConnection(final SimNode a, final long aLinkId, final SimNode b, final long bLinkId)
    {
        this.a = a;
        this.aLinkId = aLinkId;
        this.b = b;
        this.bLinkId = bLinkId;
    }

    boolean involves(final SimNode node)
    {
        return node == a || node == b;
    }

    SimNode peerOf(final SimNode node)
    {
        return node == a ? b : a;
    }

    long linkAt(final SimNode node)
    {
        return node == a ? aLinkId : bLinkId;
    }

    boolean isClosedAt(final SimNode node)
    {
        return node == a ? closedA : closedB;
    }

    void closeAt(final SimNode node)
    {
        if (node == a)
        {
            closedA = true;
        }
        else
        {
            closedB = true;
        }
    }

    /**
     * The delivery time for a message from {@code from}: {@code earliestMs}, or just after the previous one.
     */
    long nextDeliveryMs(final SimNode from, final long earliestMs)
    {
        if (from == a)
        {
            lastAtoBMs = Math.max(lastAtoBMs, earliestMs);
            return lastAtoBMs;
        }
        lastBtoAMs = Math.max(lastBtoAMs, earliestMs);
        return lastBtoAMs;
    }
}
