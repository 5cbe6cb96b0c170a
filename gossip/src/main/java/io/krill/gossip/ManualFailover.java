package io.krill.gossip;

/**
 * The state of a manual failover (digest 7.4; Redis's {@code mf_*} fields), on both sides.
 * <p>
 * Replica side: CLUSTER FAILOVER opens a window of {@link #TIMEOUT_MS}; by default the replica asks its master
 * to pause (MFSTART), learns the master's final offset from the first header flagged PAUSED, and may start
 * its election ({@link #canStart}) once its own offset has caught up. FORCE skips the pause.
 * <p>
 * Master side: an MFSTART from one of my replicas opens the same window; my writes are paused for twice as
 * long (core asks {@link GossipState#writesPausedUntilMs()}, and gets {@link Outbox#WRITES_PAUSED} events),
 * every header I send carries PAUSED, and the requesting replica gets a PING every tick. The window ends by
 * timeout, or when I become a replica (the failover worked), and the pause ends with it.
 */
final class ManualFailover
{
    /** Redis's CLUSTER_MF_TIMEOUT. */
    static final long TIMEOUT_MS = 5000;
    /** Redis's CLUSTER_MF_PAUSE_MULT: the master's writes stay paused this many timeouts at most. */
    static final int PAUSE_MULTIPLIER = 2;

    private final Outbox outbox;
    private final BusMessages messages;
    /** End of the window; 0 when no manual failover is in progress. */
    long endMs;
    /** Replica side: the election may start (offset reached, or FORCE). */
    boolean canStart;
    /** Master side: the replica that asked; null on the replica side. */
    ClusterNodeInfo replica;
    /** Replica side: the paused master's offset, -1 until a PAUSED header told it. */
    long masterOffset = -1;
    /** Master side: writes paused until then; 0 when not paused. */
    long writesPausedUntilMs;

    ManualFailover(final Outbox outbox, final BusMessages messages)
    {
        this.outbox = outbox;
        this.messages = messages;
    }

    boolean inProgress()
    {
        return endMs != 0;
    }

    /**
     * Master side: an MFSTART from {@code requester} (a replica of mine) pauses my writes and opens the window.
     */
    void startAsMaster(final ClusterNodeInfo requester, final long nowMs)
    {
        reset();
        endMs = nowMs + TIMEOUT_MS;
        replica = requester;
        writesPausedUntilMs = nowMs + TIMEOUT_MS * PAUSE_MULTIPLIER;
        messages.pausedForManualFailover = true;
        outbox.event(Outbox.WRITES_PAUSED, requester.idText, (int)(TIMEOUT_MS * PAUSE_MULTIPLIER));
    }

    /**
     * Replica side: CLUSTER FAILOVER opens the window.
     */
    void startAsReplica(final long nowMs)
    {
        reset();
        endMs = nowMs + TIMEOUT_MS;
    }

    /**
     * Ends any manual failover; a paused master resumes writes whatever the outcome (Redis's resetManualFailover).
     */
    void reset()
    {
        if (writesPausedUntilMs != 0)
        {
            writesPausedUntilMs = 0;
            outbox.event(Outbox.WRITES_PAUSED, null, 0);
        }
        endMs = 0;
        canStart = false;
        replica = null;
        masterOffset = -1;
        messages.pausedForManualFailover = false;
    }
}
