package io.krill.gossip;

/**
 * PFAIL and FAIL (digest 6).
 * <p>
 * BACKGROUND: a single node's timeout proves little (its own link may be the broken one), so a timeout only
 * makes a node PFAIL locally. Masters mention their PFAIL and FAIL nodes in every heartbeat; each mention is
 * a failure report. BEHAVIOR: when the reports from masters, still fresh (2·node-timeout), plus myself if I
 * am a master, reach a majority of the masters that serve slots, the node becomes FAIL and a FAIL message
 * forces everyone else to agree. FAIL only triggers an election, which is the safe part, so this weak
 * agreement is enough.
 * <p>
 * Clearing: PFAIL clears on a PONG. FAIL clears on a PONG when the node is a replica or has no slots (nothing
 * to fail over), or when it still serves slots 2·node-timeout after FAIL was set (nobody failed it over, so
 * it may as well serve again).
 */
final class FailureDetector
{
    /** FAIL of a master with slots is undone after this many node timeouts (Redis's FAIL_UNDO_TIME_MULT). */
    static final int FAIL_UNDO_MULTIPLIER = 2;

    private final GossipContext context;

    FailureDetector(final GossipContext context)
    {
        this.context = context;
    }

    /**
     * Cron check for one node with a ping outstanding: no pong and no data for longer than the node timeout
     * makes it PFAIL. Any data counts as liveness, because a busy link may delay pongs.
     */
    void checkTimeout(final ClusterNodeInfo node, final long nowMs)
    {
        final long pingDelayMs = nowMs - node.pingSentMs;
        final long dataDelayMs = nowMs - node.dataReceivedMs;
        final long delayMs = Math.min(pingDelayMs, dataDelayMs);
        if (delayMs <= context.nodeTimeoutMs() || node.hasFlag(NodeFlags.PFAIL | NodeFlags.FAIL))
        {
            return;
        }
        node.flags |= NodeFlags.PFAIL;
        context.pending.updateState();
        // With a single master there is nobody to report: its own verdict is the quorum.
        if (context.view.myself.isMaster() && context.view.size == 1)
        {
            markFailingIfNeeded(node, nowMs);
        }
    }

    /**
     * One gossip entry from master {@code reporter} about {@code node}.
     */
    void onGossipFlags(final ClusterNodeInfo node, final ClusterNodeInfo reporter, final int flags, final long nowMs)
    {
        if ((flags & (NodeFlags.FAIL | NodeFlags.PFAIL)) != 0)
        {
            node.failureReports.add(reporter, nowMs);
            markFailingIfNeeded(node, nowMs);
        }
        else
        {
            node.failureReports.remove(reporter);
        }
    }

    /**
     * Promotes a PFAIL node to FAIL if enough masters agree, and broadcasts it.
     */
    void markFailingIfNeeded(final ClusterNodeInfo node, final long nowMs)
    {
        if (!node.isTimedOut() || node.isFailed())
        {
            return;
        }
        final ClusterView view = context.view;
        int failures = view.countFailureReports(node, nowMs, context.nodeTimeoutMs());
        if (view.myself.isMaster())
        {
            failures++;
        }
        if (failures < view.size / 2 + 1)
        {
            return;
        }
        setFailed(node, nowMs);
        // Replicas broadcast too: they only relay what masters reported, and it spreads the news faster.
        context.messages.broadcastFail(node);
    }

    /**
     * A FAIL message from a known sender: agree unconditionally (unless it is about myself).
     */
    void onFailMessage(final ClusterNodeInfo failing, final long nowMs)
    {
        if (failing == null || failing.hasFlag(NodeFlags.FAIL | NodeFlags.MYSELF))
        {
            return;
        }
        setFailed(failing, nowMs);
    }

    /**
     * A PONG arrived from {@code node} on my outbound link.
     */
    void onPong(final ClusterNodeInfo node, final long nowMs)
    {
        if (node.isTimedOut())
        {
            node.flags &= ~NodeFlags.PFAIL;
            context.pending.save();
            context.pending.updateState();
        }
        else if (node.isFailed())
        {
            clearFailureIfNeeded(node, nowMs);
        }
    }

    private void clearFailureIfNeeded(final ClusterNodeInfo node, final long nowMs)
    {
        final boolean nothingToFailOver = node.isReplica() || node.slotCount == 0;
        final boolean nobodyFailedItOver = node.isMaster() && node.slotCount > 0 &&
            nowMs - node.failTimeMs > context.nodeTimeoutMs() * FAIL_UNDO_MULTIPLIER;
        if (nothingToFailOver || nobodyFailedItOver)
        {
            node.flags &= ~NodeFlags.FAIL;
            context.pending.save();
            context.pending.updateState();
        }
    }

    private void setFailed(final ClusterNodeInfo node, final long nowMs)
    {
        node.flags &= ~NodeFlags.PFAIL;
        node.flags |= NodeFlags.FAIL;
        node.failTimeMs = nowMs;
        context.outbox.event(Outbox.NODE_FAILED, node.idText, 0);
        context.pending.save();
        context.pending.updateState();
    }
}
