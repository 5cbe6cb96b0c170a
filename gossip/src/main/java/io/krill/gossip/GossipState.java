package io.krill.gossip;

import java.util.Objects;

import org.agrona.DirectBuffer;

/**
 * One node's cluster-bus state machine, sans I/O (STYLE.md "The sans-I/O contract"; digest 5, 6, 8).
 * <p>
 * Inputs are bus messages ({@link #onMessage}), link events ({@link #onLinkAccepted}, {@link #onLinkConnected},
 * {@link #onLinkClosed}), the 100 ms timer ({@link #onTick}) and the CLUSTER commands. Time comes only from the
 * {@code nowMs} arguments (milliseconds of the node's wall clock: they appear in CLUSTER NODES and, in
 * seconds, in gossip), randomness only from the injected {@link RandomSource}. Outputs accumulate in
 * {@link #outbox()}: bytes to send, links to open or close, events, and the request to save nodes.conf; drain
 * it after each call as its javadoc says. The same inputs always give the same outputs.
 * <p>
 * Links: the state machine names every link. An outbound link appears as a {@link Outbox#CONNECT}; report
 * its outcome with {@link #onLinkConnected} or {@link #onLinkClosed}. An accepted connection gets its id
 * from {@link #onLinkAccepted}. Messages arrive whole (use {@link BusFrameDecoder} per link).
 * <p>
 * Commands return null for {@code +OK}, or the error text without the {@code ERR } prefix (see
 * {@link ClusterErrors}). Not thread-safe: one agent drives it.
 */
public final class GossipState
{
    private final GossipContext context;
    private final RoleChanges roles;
    private final FailureDetector failures;
    private final EpochRules epochs;
    private final SlotClaims claims;
    private final ClusterStateEvaluator state;
    private final FailoverElection election;
    private final PacketHandler packets;
    private final ClusterCron cron;
    private final ClusterCommands commands;
    private final SetSlotCommand setSlot;
    private final MalformedPacketCounter malformed = new MalformedPacketCounter();
    private boolean replicationProgressSet;

    /**
     * A node that starts without nodes.conf: a master with a new random id that knows only itself. Asks for a
     * save with fsync, as Redis writes the file at first start.
     */
    public GossipState(final GossipConfig config, final RandomSource random, final LocalKeys keys, final long nowMs)
    {
        this(config, random, keys, new ClusterView());
        final ClusterNodeInfo myself = context.createNode(NodeFlags.MYSELF | NodeFlags.MASTER, nowMs);
        context.view.myself = myself;
        myself.address("", config.port(), config.cport(), config.pport());
        myself.hostname(config.hostname());
        context.outbox.requestSave(true);
    }

    private GossipState(
        final GossipConfig config, final RandomSource random, final LocalKeys keys, final ClusterView view)
    {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(keys, "keys");
        context = new GossipContext(view, config, new Outbox(), random, keys);
        context.replication = ReplicationProgress.UNKNOWN;
        roles = new RoleChanges(context);
        failures = new FailureDetector(context);
        epochs = new EpochRules(context);
        claims = new SlotClaims(context, roles);
        state = new ClusterStateEvaluator(context);
        election = new FailoverElection(context, roles, state);
        final HeartbeatHandler heartbeats = new HeartbeatHandler(context, roles, failures, claims, epochs);
        packets = new PacketHandler(context, heartbeats, failures, roles, claims, election, malformed);
        cron = new ClusterCron(context, failures, election);
        commands = new ClusterCommands(context, roles, epochs, election);
        setSlot = new SetSlotCommand(context, roles, epochs);
    }

    /**
     * A node restarted from its nodes.conf text (see {@link NodesConfigText#parse}); the configured ports and
     * hostname replace the saved ones for myself, as Redis does at start.
     *
     * @throws NodesConfigException if the text is not a valid nodes.conf ("corrupted cluster config file").
     */
    public static GossipState fromNodesConfig(
        final GossipConfig config,
        final RandomSource random,
        final LocalKeys keys,
        final String nodesConfig,
        final long nowMs)
    {
        final ClusterView view = NodesConfigText.parse(nodesConfig, nowMs);
        final GossipState gossip = new GossipState(config, random, keys, view);
        if (NodesConfigText.completeShardIds(view, random))
        {
            // a 7.0-format file: keep the new shard ids across the next restart
            gossip.context.outbox.requestSave(true);
        }
        final ClusterNodeInfo myself = view.myself;
        myself.address(myself.ip, config.port(), config.cport(), config.pport());
        myself.hostname(config.hostname());
        return gossip;
    }

    public ClusterView view()
    {
        return context.view;
    }

    public Outbox outbox()
    {
        return context.outbox;
    }

    public GossipConfig config()
    {
        return context.config;
    }

    /**
     * Malformed messages seen, per link id and per reason.
     */
    public MalformedPacketCounter malformedPackets()
    {
        return malformed;
    }

    /**
     * The 100 ms cron: reconnects, handshake timeouts, pings, PFAIL, link refresh, state (digest 5.8).
     */
    public void onTick(final long nowMs)
    {
        refreshReplicationOffset();
        cron.onTick(nowMs);
        finishTurn(nowMs);
    }

    /**
     * One whole bus message received on {@code linkId}; the buffer is only read during the call. A message
     * on an unknown (closed) link is ignored.
     */
    public void onMessage(
        final long linkId, final DirectBuffer buffer, final int offset, final int length, final long nowMs)
    {
        final BusLink link = context.links.get(linkId);
        if (link == null)
        {
            return;
        }
        refreshReplicationOffset();
        packets.onMessage(link, buffer, offset, length, nowMs);
        finishTurn(nowMs);
    }

    /**
     * A peer connected to my bus port.
     *
     * @param peerIp  the peer's address as the socket sees it.
     * @param localIp my address on that socket (self-IP discovery from MEET, digest 5.9).
     * @return the id to pass with this link's messages and its close.
     */
    public long onLinkAccepted(final String peerIp, final String localIp, final long nowMs)
    {
        final BusLink link = context.links.acceptInbound(peerIp, localIp, nowMs);
        link.connected = true;
        return link.id;
    }

    /**
     * An outbound link from a {@link Outbox#CONNECT} is up: send MEET (for a node I was asked to meet) or PING,
     * keeping an older outstanding ping time so a reconnect does not hide a timeout.
     */
    public void onLinkConnected(final long linkId, final String localIp, final long nowMs)
    {
        final BusLink link = context.links.get(linkId);
        if (link == null || !link.outbound || link.connected)
        {
            return;
        }
        link.connected = true;
        link.localIp = localIp;
        final ClusterNodeInfo node = link.node;
        final long previousPingSentMs = node.pingSentMs;
        final int type = node.hasFlag(NodeFlags.MEET) ? BusMessageType.MEET : BusMessageType.PING;
        context.messages.sendHeartbeat(link, type, nowMs);
        if (previousPingSentMs != 0)
        {
            node.pingSentMs = previousPingSentMs;
        }
        node.flags &= ~NodeFlags.MEET;
        if (node.master == context.view.myself)
        {
            // a replica I (re)connect to may have missed my shard id (see ShardIds)
            context.messages.sendShardId(node);
        }
        finishTurn(nowMs);
    }

    /**
     * A link closed (by the peer, an error, or a failed connect). A connect that failed before any ping was
     * outstanding counts as a ping sent now, so an unreachable node still times out (Redis does this for a
     * synchronous connect error).
     */
    public void onLinkClosed(final long linkId, final long nowMs)
    {
        final BusLink link = context.links.get(linkId);
        if (link == null)
        {
            return;
        }
        if (link.outbound && !link.connected && link.node.pingSentMs == 0)
        {
            link.node.pingSentMs = nowMs;
        }
        context.links.remove(link);
        malformed.forget(linkId);
        finishTurn(nowMs);
    }

    /**
     * PUBLISH ({@code shard} false: to every node) or SPUBLISH ({@code shard} true: to the other nodes of my shard)
     * over the bus; receivers deliver to their local subscribers ({@link Outbox#PUBLISH_RECEIVED}). The bytes are
     * copied into the outbox.
     */
    public void publish(
        final boolean shard,
        final byte[] channel,
        final int channelOffset,
        final int channelLength,
        final byte[] message,
        final int messageOffset,
        final int messageLength)
    {
        context.messages.publish(shard, channel, channelOffset, channelLength, message, messageOffset, messageLength);
    }

    /**
     * The replication offset headers carry: a master's own offset, or what a replica has processed. For a node
     * without {@link #replicationProgress}: set it before each tick; replicas rank themselves by it in elections.
     */
    public void replicationOffset(final long offset)
    {
        context.view.myself.replicationOffset = offset;
    }

    /**
     * Where the replication offset and the replica's data age come from, read at every input (tick, message,
     * command); null (the default) keeps the offset given to {@link #replicationOffset} and treats the data as
     * always recent enough.
     */
    public GossipState replicationProgress(final ReplicationProgress progress)
    {
        context.replication = progress == null ? ReplicationProgress.UNKNOWN : progress;
        replicationProgressSet = progress != null;
        refreshReplicationOffset();
        return this;
    }

    /**
     * Until when this master's writes are paused for a manual failover (digest 7.4), or 0 when they are not.
     * Core holds write commands until then; {@link Outbox#WRITES_PAUSED} events tell when it starts and ends.
     */
    public long writesPausedUntilMs()
    {
        return context.manualFailover.writesPausedUntilMs;
    }

    /**
     * True while a manual failover is in progress on this node (either side), as INFO or tests may show.
     */
    public boolean manualFailoverInProgress()
    {
        return context.manualFailover.inProgress();
    }

    public String meet(final String ip, final long port, final long cport, final long nowMs)
    {
        return finish(commands.meet(ip, port, cport, nowMs), nowMs);
    }

    public String addSlots(final long[] slots, final int count, final long nowMs)
    {
        return finish(commands.changeSlots(slots, count, false), nowMs);
    }

    public String delSlots(final long[] slots, final int count, final long nowMs)
    {
        return finish(commands.changeSlots(slots, count, true), nowMs);
    }

    /**
     * @param startEndPairs start, end, start, end, ... ({@code count} values).
     */
    public String addSlotsRange(final long[] startEndPairs, final int count, final long nowMs)
    {
        return finish(commands.changeSlotRanges(startEndPairs, count, false), nowMs);
    }

    public String delSlotsRange(final long[] startEndPairs, final int count, final long nowMs)
    {
        return finish(commands.changeSlotRanges(startEndPairs, count, true), nowMs);
    }

    public String flushSlots(final long nowMs)
    {
        return finish(commands.flushSlots(), nowMs);
    }

    public String setConfigEpoch(final long epoch, final long nowMs)
    {
        return finish(commands.setConfigEpoch(epoch), nowMs);
    }

    /**
     * CLUSTER BUMPEPOCH: returns the status text {@code BUMPED <n>} or {@code STILL <n>} (never an error).
     */
    public String bumpEpoch(final long nowMs)
    {
        final String reply = commands.bumpEpoch();
        finishTurn(nowMs);
        return reply;
    }

    public String forget(final String nodeId, final long nowMs)
    {
        return finish(commands.forget(nodeId, nowMs), nowMs);
    }

    /**
     * CLUSTER REPLICATE: the role change only; replication itself follows the {@link Outbox#ROLE_CHANGED} event.
     */
    public String replicate(final String nodeId, final long nowMs)
    {
        final String error = commands.replicate(nodeId);
        if (error == null)
        {
            // Peers learn a role from the node's own headers; Redis lets them wait for the next ping (up to a
            // second at random, or half the node timeout). A PONG to everyone tells them in one round trip.
            context.messages.broadcastPong(false, nowMs);
        }
        return finish(error, nowMs);
    }

    public String reset(final boolean hard, final long nowMs)
    {
        return finish(commands.reset(hard, nowMs), nowMs);
    }

    /**
     * CLUSTER COUNT-FAILURE-REPORTS: the count, or -1 for an unknown node.
     */
    public int countFailureReports(final String nodeId, final long nowMs)
    {
        return commands.countFailureReports(nodeId, nowMs);
    }

    /**
     * CLUSTER SETSLOT slot MIGRATING node. Pass slot -1 when the argument did not parse: a replica still gets
     * the masters-only error first, as in Redis.
     */
    public String setSlotMigrating(final long slot, final String nodeId, final long nowMs)
    {
        return finish(setSlot.migrating(slot, nodeId), nowMs);
    }

    public String setSlotImporting(final long slot, final String nodeId, final long nowMs)
    {
        return finish(setSlot.importing(slot, nodeId), nowMs);
    }

    public String setSlotStable(final long slot, final long nowMs)
    {
        return finish(setSlot.stable(slot), nowMs);
    }

    public String setSlotNode(final long slot, final String nodeId, final long nowMs)
    {
        return finish(setSlot.node(slot, nodeId, nowMs), nowMs);
    }

    /**
     * CLUSTER FAILOVER on a replica (digest 7.4). Default: ask my master to pause, wait for its final offset,
     * then win an election. {@code force}: elect now without the master's help (it may be down). {@code takeover}:
     * no vote; take a new epoch without consensus and my master's slots (collisions are repaired by the epoch
     * collision rule). Returns null for OK (the failover itself happens later, except TAKEOVER), or Redis's error.
     */
    public String failover(final boolean force, final boolean takeover, final long nowMs)
    {
        refreshReplicationOffset();
        return finish(election.failover(force, takeover, epochs, nowMs), nowMs);
    }

    /**
     * CLUSTER FAILOVER TAKEOVER.
     */
    public String failoverTakeover(final long nowMs)
    {
        return failover(true, true, nowMs);
    }

    private void refreshReplicationOffset()
    {
        if (replicationProgressSet)
        {
            context.view.myself.replicationOffset = context.replication.offset();
        }
    }

    private String finish(final String result, final long nowMs)
    {
        finishTurn(nowMs);
        return result;
    }

    /**
     * Redis's clusterBeforeSleep: evaluate the state and request the save once per input.
     */
    private void finishTurn(final long nowMs)
    {
        final PendingWork pending = context.pending;
        if (pending.handleFailover)
        {
            pending.handleFailover = false;
            election.beforeSleep(nowMs);
        }
        if (pending.updateState)
        {
            state.update(nowMs);
        }
        if (pending.saveConfig)
        {
            context.outbox.requestSave(pending.fsyncConfig);
        }
        pending.clear();
    }
}
