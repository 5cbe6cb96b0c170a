package io.krill.gossip;

import java.util.ArrayList;

/**
 * Replica elections, votes, manual failover and replica migration (digest 7; Redis's clusterHandleSlaveFailover,
 * clusterSendFailoverAuthIfNeeded, clusterHandleManualFailover, clusterHandleSlaveMigration).
 * <p>
 * BACKGROUND: FAIL is agreed only weakly (6), so it merely triggers an election; the election is the safe part.
 * A replica of a FAIL master takes a new currentEpoch and asks every master for its vote; a master votes at most
 * once per epoch (lastVoteEpoch, saved with fsync before the vote leaves) and only for a replica whose claimed
 * slots are not owned by a newer configuration. A replica with votes from a majority of the slot-serving masters
 * takes the election epoch as its configEpoch and its master's slots; since epochs are unique per election, the
 * slot owners everyone converges to (highest configEpoch wins, 8.2) are well defined.
 * <p>
 * BEHAVIOR (candidate, every tick and as soon as a vote arrives): if the master is FAIL and serves slots, the
 * replica's data is recent enough ({@code cluster-replica-validity-factor}), and no attempt is younger than the
 * retry time (4 × max(node timeout, 1 s)), an election is scheduled after {@code failoverDelayMs} +
 * random({@code failoverJitterMs}) + rank × {@code failoverRankDelayMs}, rank being the number of sibling
 * replicas with a better replication offset (Redis's fixed 500 + 0..500 + rank × 1000 ms are the defaults).
 * The attempt expires after 2 × max(node timeout, 1 s). A vote counts if its sender is a master serving slots
 * and its currentEpoch is at least the election's; each master counts once per election, so a duplicated ACK
 * (impossible on TCP, possible in simulation) is not a second vote.
 * <p>
 * Manual failover (CLUSTER FAILOVER, see {@link ManualFailover}): default asks the master to pause and waits
 * for its final offset; FORCE does not wait; both then run the election at once with FORCEACK, which masters
 * honour although the master is not FAIL. TAKEOVER skips the vote. The window closes after 5 s.
 * <p>
 * Log lines (votes granted and denied, elections started, won, expired) go out as {@link Outbox#LOG} events.
 */
final class FailoverElection
{
    /** The election timeout is at least this (Redis: auth_timeout = max(2 × node timeout, 2000 ms)). */
    static final long MIN_AUTH_TIMEOUT_MS = 2000;
    /** A master orphaned this long gets a migrating replica (CLUSTER_SLAVE_MIGRATION_DELAY). */
    static final long MIGRATION_DELAY_MS = 5000;
    /** A reason for not failing over is logged again after this long (CLUSTER_CANT_FAILOVER_RELOG_PERIOD). */
    static final long CANT_FAILOVER_RELOG_MS = 10_000;
    /** And not during the first node timeout + this after the master failed (that is expected). */
    static final long CANT_FAILOVER_QUIET_MS = 5000;

    private static final long NEVER = Long.MIN_VALUE;
    private static final int CANT_NONE = 0;
    private static final int CANT_DATA_AGE = 1;
    private static final int CANT_WAITING_DELAY = 2;
    private static final int CANT_EXPIRED = 3;
    private static final int CANT_WAITING_VOTES = 4;

    private final GossipContext context;
    private final RoleChanges roles;
    private final ClusterStateEvaluator state;
    private final ManualFailover manual;
    /** Masters whose vote the current election counted (at most one per master). */
    private final ArrayList<ClusterNodeInfo> voters = new ArrayList<>();
    /** When the current or last election may start or started (candidate side); {@link #NEVER} before any. */
    long authTimeMs = NEVER;
    /** Votes received in the current election. */
    int authCount;
    boolean authSent;
    int authRank;
    /** The currentEpoch the current election asked votes for. */
    long authEpoch;
    private int cantFailoverReason = CANT_NONE;
    private long cantFailoverLoggedMs = NEVER;

    FailoverElection(final GossipContext context, final RoleChanges roles, final ClusterStateEvaluator state)
    {
        this.context = context;
        this.roles = roles;
        this.state = state;
        this.manual = context.manualFailover;
    }

    /**
     * Every header from a known sender: a replica in a manual failover learns its paused master's final offset
     * from the first header flagged PAUSED.
     */
    void onHeader(final ClusterNodeInfo sender, final BusHeaderCodec header)
    {
        final ClusterNodeInfo myself = context.view.myself;
        if (manual.inProgress() && myself.isReplica() && myself.master == sender &&
            (header.mflags(0) & BusHeaderCodec.MFLAG0_PAUSED) != 0 && manual.masterOffset == -1)
        {
            manual.masterOffset = sender.replicationOffset;
            context.pending.handleFailover();
            log(Outbox.LOG_WARNING, "Manual failover: my paused master's final replication offset is " +
                manual.masterOffset);
        }
    }

    /**
     * A FAILOVER_AUTH_REQUEST: vote if every rule of digest 7.2 holds; a refusal is silent on the bus (only logged).
     * My currentEpoch was already raised to the request's.
     */
    void onAuthRequest(final ClusterNodeInfo sender, final BusHeaderCodec header, final long nowMs)
    {
        final ClusterView view = context.view;
        final ClusterNodeInfo myself = view.myself;
        if (myself.isReplica() || myself.slotCount == 0)
        {
            // only masters serving slots make up the quorum, so only they vote
            return;
        }
        final long requestEpoch = header.currentEpoch();
        if (requestEpoch < view.currentEpoch)
        {
            deny(sender, "its epoch " + requestEpoch + " is older than mine, " + view.currentEpoch);
            return;
        }
        if (view.lastVoteEpoch == view.currentEpoch)
        {
            deny(sender, "I already voted in epoch " + view.currentEpoch);
            return;
        }
        final ClusterNodeInfo master = sender.master;
        final boolean forced = (header.mflags(0) & BusHeaderCodec.MFLAG0_FORCEACK) != 0;
        if (sender.isMaster() || master == null || (!master.isFailed() && !forced))
        {
            deny(sender, sender.isMaster() ? "it is a master" :
                master == null ? "its master is unknown to me" : "its master is not failed");
            return;
        }
        final long voteIntervalMs = context.nodeTimeoutMs() * 2;
        if (nowMs - master.votedTimeMs < voteIntervalMs)
        {
            // not needed for safety, but one winner per failure keeps the usual case simple
            deny(sender, "I voted for a replica of " + master.idText + " less than " + voteIntervalMs + " ms ago");
            return;
        }
        final long requestConfigEpoch = header.configEpoch();
        for (int slot = header.nextSlot(0); slot >= 0; slot = header.nextSlot(slot + 1))
        {
            final ClusterNodeInfo owner = view.slots.owner(slot);
            if (owner != null && owner.configEpoch > requestConfigEpoch)
            {
                deny(sender, "slot " + slot + " has epoch " + owner.configEpoch + ", newer than its claim's " +
                    requestConfigEpoch);
                return;
            }
        }
        if (view.lastVoteEpoch > view.currentEpoch)
        {
            throw new IllegalStateException("CORRECTNESS: last vote epoch " + view.lastVoteEpoch +
                " is ahead of currentEpoch " + view.currentEpoch);
        }
        view.lastVoteEpoch = view.currentEpoch;
        master.votedTimeMs = nowMs;
        // the vote must be on disk before it leaves: the drain saves before it sends
        context.pending.saveAndFsync();
        context.messages.sendHeaderOnly(sender.outboundLink, BusMessageType.FAILOVER_AUTH_ACK);
        log(Outbox.LOG_WARNING, "Failover vote granted to " + sender.idText + " for epoch " + view.currentEpoch);
    }

    /**
     * A FAILOVER_AUTH_ACK: one vote, if it comes from a master serving slots that saw my election's epoch.
     */
    void onAuthAck(final ClusterNodeInfo sender, final BusHeaderCodec header, final long nowMs)
    {
        if (!sender.isMaster() || sender.slotCount == 0 || header.currentEpoch() < authEpoch || !authSent ||
            voters.contains(sender))
        {
            return;
        }
        voters.add(sender);
        authCount++;
        // maybe that is the majority: check before the turn ends
        context.pending.handleFailover();
    }

    /**
     * An MFSTART: only from a replica of mine; pause my writes and ping it at once, so it learns my offset.
     */
    void onManualFailoverStart(final ClusterNodeInfo sender, final BusLink link, final long nowMs)
    {
        if (sender.master != context.view.myself)
        {
            return;
        }
        manual.startAsMaster(sender, nowMs);
        log(Outbox.LOG_WARNING, "Manual failover requested by replica " + sender.idText);
        context.messages.sendHeartbeat(link, BusMessageType.PING, nowMs);
    }

    /**
     * The cron part: manual failover timeout, then (as a replica) manual failover progress, automatic failover
     * and replica migration.
     */
    void onTick(final long nowMs)
    {
        if (manual.inProgress() && manual.endMs < nowMs)
        {
            log(Outbox.LOG_WARNING, "Manual failover timed out");
            manual.reset();
        }
        if (!context.view.myself.isReplica())
        {
            return;
        }
        handleManualFailover();
        handleReplicaFailover(nowMs);
        handleReplicaMigration(nowMs);
    }

    /**
     * Redis's before-sleep failover step: run when a vote arrived or a manual failover may start, so the
     * election does not wait for the next tick.
     */
    void beforeSleep(final long nowMs)
    {
        if (context.view.myself.isReplica())
        {
            handleManualFailover();
            handleReplicaFailover(nowMs);
        }
    }

    /**
     * The master the manual failover (master side) pings every tick, or null.
     */
    ClusterNodeInfo manualFailoverReplica()
    {
        return manual.inProgress() && context.view.myself.isMaster() ? manual.replica : null;
    }

    /**
     * CLUSTER FAILOVER [FORCE|TAKEOVER] on a replica (digest 7.4), with Redis 7.0's checks and error texts.
     */
    String failover(final boolean force, final boolean takeover, final EpochRules epochs, final long nowMs)
    {
        final ClusterNodeInfo myself = context.view.myself;
        if (myself.isMaster())
        {
            return "You should send CLUSTER FAILOVER to a replica";
        }
        final ClusterNodeInfo master = myself.master;
        if (master == null)
        {
            return "I'm a replica but my master is unknown to me";
        }
        if (!force && !takeover && (master.isFailed() || master.outboundLink == null))
        {
            return "Master is down or failed, please use CLUSTER FAILOVER FORCE";
        }
        manual.startAsReplica(nowMs);
        if (takeover)
        {
            log(Outbox.LOG_WARNING, "Taking over my master without a vote (CLUSTER FAILOVER TAKEOVER)");
            epochs.bumpWithoutConsensus();
            replaceMyMaster(nowMs);
        }
        else if (force)
        {
            log(Outbox.LOG_WARNING, "Forced failover requested: starting an election without waiting for my master");
            manual.canStart = true;
            context.pending.handleFailover();
        }
        else
        {
            log(Outbox.LOG_WARNING, "Manual failover requested: asking my master to pause");
            context.messages.sendHeaderOnly(master.outboundLink, BusMessageType.MFSTART);
        }
        return null;
    }

    /**
     * The winner's takeover (Redis's clusterFailoverReplaceYourMaster): become master, claim every slot of the
     * old master, save with fsync, and PONG everyone so they learn it within one round trip.
     */
    void replaceMyMaster(final long nowMs)
    {
        final ClusterView view = context.view;
        final ClusterNodeInfo myself = view.myself;
        final ClusterNodeInfo oldMaster = myself.master;
        if (myself.isMaster() || oldMaster == null)
        {
            return;
        }
        roles.setNodeAsMaster(myself);
        for (int slot = oldMaster.slots.nextSetBit(0); slot >= 0; slot = oldMaster.slots.nextSetBit(slot + 1))
        {
            view.delSlot(slot);
            view.addSlot(myself, slot);
        }
        state.update(nowMs);
        context.pending.saveAndFsync();
        context.messages.broadcastPong(false, nowMs);
        manual.reset();
    }

    /**
     * Forgets any election or manual failover in progress (REPLICATE and RESET do this). The time of the last
     * attempt stays, as in Redis, so a new one still waits for the retry time.
     */
    void reset()
    {
        authCount = 0;
        authSent = false;
        authRank = 0;
        voters.clear();
        manual.reset();
    }

    /**
     * A replica in a manual failover may start the election once it has processed everything its paused master
     * had written (Redis's clusterHandleManualFailover).
     */
    private void handleManualFailover()
    {
        if (!manual.inProgress() || manual.canStart || manual.masterOffset == -1)
        {
            return;
        }
        if (manual.masterOffset == context.view.myself.replicationOffset)
        {
            manual.canStart = true;
            log(Outbox.LOG_WARNING, "Manual failover: replication caught up with my paused master, the election " +
                "can start");
            context.pending.handleFailover();
        }
    }

    private void handleReplicaFailover(final long nowMs)
    {
        final ClusterView view = context.view;
        final ClusterNodeInfo myself = view.myself;
        final ClusterNodeInfo master = myself.master;
        final boolean manualCanStart = manual.inProgress() && manual.canStart;
        if (myself.isMaster() || master == null || (!master.isFailed() && !manualCanStart) ||
            (context.config.replicaNoFailover() && !manualCanStart) || master.slotCount == 0)
        {
            cantFailoverReason = CANT_NONE;
            return;
        }
        final long authTimeoutMs = Math.max(context.nodeTimeoutMs() * 2, MIN_AUTH_TIMEOUT_MS);
        final long authRetryMs = authTimeoutMs * 2;
        long authAgeMs = authTimeMs == NEVER ? Long.MAX_VALUE : nowMs - authTimeMs;
        if (!manualCanStart && dataTooOld(nowMs))
        {
            cantFailover(CANT_DATA_AGE, nowMs);
            return;
        }
        if (authAgeMs > authRetryMs)
        {
            schedule(nowMs);
            // my offset may be better than what my siblings know: tell them before they rank themselves
            context.messages.broadcastPong(true, nowMs);
            if (!manual.inProgress())
            {
                return;
            }
            authAgeMs = 0;
        }
        if (!authSent && !manual.inProgress())
        {
            final int rank = rank();
            if (rank > authRank)
            {
                final long addedMs = (rank - authRank) * context.config.failoverRankDelayMs();
                authTimeMs += addedMs;
                authRank = rank;
                log(Outbox.LOG_NOTICE, "Replica rank updated to #" + rank + ", election delayed " + addedMs +
                    " ms more");
            }
        }
        if (nowMs < authTimeMs)
        {
            cantFailover(CANT_WAITING_DELAY, nowMs);
            return;
        }
        if (authAgeMs > authTimeoutMs)
        {
            cantFailover(CANT_EXPIRED, nowMs);
            return;
        }
        if (!authSent)
        {
            requestVotes();
            return;
        }
        if (authCount >= view.size / 2 + 1)
        {
            log(Outbox.LOG_NOTICE, "Failover election won with " + authCount + " votes: I am the new master");
            if (myself.configEpoch < authEpoch)
            {
                myself.configEpoch = authEpoch;
                log(Outbox.LOG_NOTICE, "configEpoch set to " + authEpoch + " after the failover");
            }
            replaceMyMaster(nowMs);
        }
        else
        {
            cantFailover(CANT_WAITING_VOTES, nowMs);
        }
    }

    private void schedule(final long nowMs)
    {
        final GossipConfig config = context.config;
        final long jitterMs = config.failoverJitterMs();
        authTimeMs = nowMs + config.failoverDelayMs() +
            (jitterMs > 0 ? context.random.nextInt((int)Math.min(jitterMs, Integer.MAX_VALUE)) : 0);
        authCount = 0;
        authSent = false;
        voters.clear();
        authRank = rank();
        authTimeMs += authRank * config.failoverRankDelayMs();
        if (manual.inProgress())
        {
            // a manual failover has nothing to wait for: the master is alive and agreed, or FORCE was asked
            authTimeMs = nowMs;
            authRank = 0;
        }
        log(Outbox.LOG_NOTICE, "Election delayed by " + (authTimeMs - nowMs) + " ms (rank #" + authRank +
            ", offset " + context.view.myself.replicationOffset + ")");
    }

    private void requestVotes()
    {
        final ClusterView view = context.view;
        view.currentEpoch++;
        authEpoch = view.currentEpoch;
        log(Outbox.LOG_NOTICE, "Starting a failover election for epoch " + authEpoch);
        context.messages.broadcastHeaderOnly(BusMessageType.FAILOVER_AUTH_REQUEST,
            manual.inProgress() ? BusHeaderCodec.MFLAG0_FORCEACK : 0);
        authSent = true;
        context.pending.saveAndFsync();
        context.pending.updateState();
    }

    /**
     * The number of sibling replicas that may fail over and have a better offset than mine (Redis's
     * clusterGetSlaveRank).
     */
    private int rank()
    {
        final ClusterNodeInfo myself = context.view.myself;
        final ClusterNodeInfo master = myself.master;
        if (master == null)
        {
            return 0;
        }
        int rank = 0;
        for (int i = 0; i < master.replicas.size(); i++)
        {
            final ClusterNodeInfo sibling = master.replicas.get(i);
            if (sibling != myself && !sibling.hasFlag(NodeFlags.NOFAILOVER) &&
                sibling.replicationOffset > myself.replicationOffset)
            {
                rank++;
            }
        }
        return rank;
    }

    /**
     * Redis's data-age rule: the time without master contact, minus the node timeout it took to notice the
     * failure, must stay within {@code repl-ping-replica-period + node timeout × validity factor}.
     */
    private boolean dataTooOld(final long nowMs)
    {
        final long factor = context.config.replicaValidityFactor();
        if (factor == 0)
        {
            return false;
        }
        final ReplicationProgress replication = context.replication;
        final long downSinceMs = replication.masterLinkDownSinceMs();
        long dataAgeMs;
        if (downSinceMs != 0)
        {
            dataAgeMs = nowMs - downSinceMs;
        }
        else
        {
            final long lastMs = replication.masterLastInteractionMs();
            dataAgeMs = lastMs != 0 ? nowMs - lastMs : 0;
        }
        final long nodeTimeoutMs = context.nodeTimeoutMs();
        if (dataAgeMs > nodeTimeoutMs)
        {
            dataAgeMs -= nodeTimeoutMs;
        }
        return dataAgeMs > context.config.replicaPingPeriodMs() + nodeTimeoutMs * factor;
    }

    /**
     * Replica migration (digest 7.3): a replica of the master with the most working replicas moves to a master
     * that has none left, if its own keeps more than the migration barrier and it is the smallest such id.
     */
    private void handleReplicaMigration(final long nowMs)
    {
        final GossipConfig config = context.config;
        final ClusterView view = context.view;
        final ClusterNodeInfo myself = view.myself;
        final ClusterNodeInfo myMaster = myself.master;
        if (!config.allowReplicaMigration() || myMaster == null)
        {
            return;
        }
        int orphaned = 0;
        int maxReplicas = 0;
        int myMasterReplicas = 0;
        final NodeDirectory nodes = view.directory;
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (node.hasFlag(NodeFlags.MYSELF | NodeFlags.NOADDR | NodeFlags.HANDSHAKE) || !node.isMaster() ||
                node.isFailed())
            {
                continue;
            }
            final int working = workingReplicas(node);
            if (working == 0 && node.slotCount > 0 && node.hasFlag(NodeFlags.MIGRATE_TO))
            {
                orphaned++;
            }
            maxReplicas = Math.max(maxReplicas, working);
            if (node == myMaster)
            {
                myMasterReplicas = working;
            }
        }
        if (orphaned == 0 || maxReplicas < 2 || myMasterReplicas != maxReplicas || !view.stateOk)
        {
            return;
        }
        int staying = 0;
        for (int i = 0; i < myMaster.replicas.size(); i++)
        {
            if (!myMaster.replicas.get(i).hasFlag(NodeFlags.FAIL | NodeFlags.PFAIL))
            {
                staying++;
            }
        }
        if (staying <= config.migrationBarrier())
        {
            return;
        }
        ClusterNodeInfo target = null;
        ClusterNodeInfo candidate = myself;
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            final int working = node.isMaster() ? workingReplicas(node) : 0;
            final boolean isOrphaned = node.isMaster() && !node.isFailed() && node.hasFlag(NodeFlags.MIGRATE_TO) &&
                working == 0;
            if (isOrphaned)
            {
                if (target == null && node.slotCount > 0)
                {
                    target = node;
                }
                if (node.orphanedTimeMs == 0)
                {
                    node.orphanedTimeMs = nowMs;
                }
            }
            else
            {
                node.orphanedTimeMs = 0;
            }
            if (working == maxReplicas)
            {
                for (int j = 0; j < node.replicas.size(); j++)
                {
                    final ClusterNodeInfo replica = node.replicas.get(j);
                    if (java.util.Arrays.compareUnsigned(replica.id, candidate.id) < 0)
                    {
                        candidate = replica;
                    }
                }
            }
        }
        if (target != null && candidate == myself && nowMs - target.orphanedTimeMs > MIGRATION_DELAY_MS)
        {
            log(Outbox.LOG_NOTICE, "Migrating to orphaned master " + target.idText);
            roles.setMyMaster(target);
            reset();
            context.pending.saveAndFsync();
            context.pending.updateState();
            // peers learn my new master from my headers; one PONG round tells them at once
            context.messages.broadcastPong(false, nowMs);
        }
    }

    private static int workingReplicas(final ClusterNodeInfo master)
    {
        int working = 0;
        for (int i = 0; i < master.replicas.size(); i++)
        {
            if (!master.replicas.get(i).isFailed())
            {
                working++;
            }
        }
        return working;
    }

    private void deny(final ClusterNodeInfo requester, final String why)
    {
        log(Outbox.LOG_WARNING, "Failover vote denied to " + requester.idText + ": " + why);
    }

    /**
     * Logs why an election cannot proceed, once per reason per 10 s, and not while the master failed only
     * recently (waiting is normal then).
     */
    private void cantFailover(final int reason, final long nowMs)
    {
        if (reason == cantFailoverReason && cantFailoverLoggedMs != NEVER &&
            nowMs - cantFailoverLoggedMs < CANT_FAILOVER_RELOG_MS)
        {
            return;
        }
        cantFailoverReason = reason;
        final ClusterNodeInfo master = context.view.myself.master;
        if (master != null && master.isFailed() &&
            nowMs - master.failTimeMs < context.nodeTimeoutMs() + CANT_FAILOVER_QUIET_MS)
        {
            return;
        }
        cantFailoverLoggedMs = nowMs;
        final String why = switch (reason)
        {
            case CANT_DATA_AGE -> "my data is too old (no contact with my master for longer than " +
                "cluster-replica-validity-factor allows)";
            case CANT_WAITING_DELAY -> "waiting for the election delay to pass";
            case CANT_EXPIRED -> "the election attempt expired; waiting to retry";
            default -> "waiting for votes; no majority yet";
        };
        log(Outbox.LOG_NOTICE, "Cannot fail over yet: " + why);
    }

    private void log(final int level, final String text)
    {
        context.outbox.log(level, text);
    }
}
