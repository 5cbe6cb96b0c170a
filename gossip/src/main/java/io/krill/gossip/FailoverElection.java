package io.krill.gossip;

/**
 * Replica elections and manual failover (digest 7): NOT IMPLEMENTED YET, this is the seam for the next issue.
 * The state Redis keeps for them is here so the rest of the state machine can already carry it: the vote
 * bookkeeping ({@code lastVoteEpoch} in the view, {@code votedTimeMs} per master), the candidate's election
 * state, and the manual-failover window that sets PAUSED in headers.
 * <p>
 * Today the message hooks ignore FAILOVER_AUTH_REQUEST, FAILOVER_AUTH_ACK and MFSTART (a node that never
 * votes is safe: it only slows elections down), and {@link #onTick} does nothing. The next issue fills in
 * clusterHandleSlaveFailover (7.1), clusterSendFailoverAuthIfNeeded (7.2), replica migration (7.3) and manual
 * failover (7.4), and uses {@link GossipState#replaceMyMaster} for the winner's takeover.
 */
final class FailoverElection
{
    private final GossipContext context;
    /** When the next election may start (candidate side), 0 if none is scheduled. */
    long authTimeMs;
    /** Votes received in the current election. */
    int authCount;
    boolean authSent;
    int authRank;
    /** The currentEpoch the current election asked votes for. */
    long authEpoch;
    /** End of a manual failover window, 0 when none. */
    long manualFailoverEndMs;
    /** The master's offset a manual failover waits for, -1 when not yet known. */
    long manualFailoverMasterOffset = -1;

    FailoverElection(final GossipContext context)
    {
        this.context = context;
    }

    void onAuthRequest(final ClusterNodeInfo sender, final BusHeaderCodec header, final long nowMs)
    {
        // Next issue: digest 7.2 (vote once per epoch, only for replicas of a FAIL master, ...).
    }

    void onAuthAck(final ClusterNodeInfo sender, final BusHeaderCodec header, final long nowMs)
    {
        // Next issue: count the vote if the sender is a master with slots and its epoch >= authEpoch.
    }

    void onManualFailoverStart(final ClusterNodeInfo sender, final long nowMs)
    {
        // Next issue: digest 7.4, master side.
    }

    void onTick(final long nowMs)
    {
        // Next issue: clusterHandleManualFailover, clusterHandleSlaveFailover, clusterHandleSlaveMigration.
    }

    /**
     * Forgets any election or manual failover in progress (REPLICATE and RESET do this).
     */
    void reset()
    {
        authTimeMs = 0;
        authCount = 0;
        authSent = false;
        authRank = 0;
        manualFailoverEndMs = 0;
        manualFailoverMasterOffset = -1;
        context.messages.pausedForManualFailover = false;
    }
}
