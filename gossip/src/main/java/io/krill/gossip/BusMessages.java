package io.krill.gossip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

import io.krill.slots.SlotSet;

/**
 * Builds this node's bus messages into the {@link Outbox} and queues them on links: heartbeats (PING, PONG,
 * MEET) with their gossip section, FAIL and UPDATE, and the broadcasts. Every message starts with the header
 * Redis's clusterBuildMessageHdr fills: a replica advertises its master's slots and configEpoch, so any
 * receiver can reconcile slot ownership from any member of a shard (digest 5.2).
 * <p>
 * Messages are written in place with {@link BusMessageWriter}; the outbox's buffer only grows, so steady-state
 * sending allocates nothing.
 */
final class BusMessages
{
    private final ClusterView view;
    private final GossipConfig config;
    private final Outbox outbox;
    private final RandomSource random;
    private final BusMessageWriter writer = new BusMessageWriter();
    private final GossipSelection selection = new GossipSelection();
    private byte[] announcedIp = new byte[0];
    private String announcedIpText;
    /** Set while myself is a master paused for a manual failover (see {@link ManualFailover}). */
    boolean pausedForManualFailover;
    /** Set while heartbeats should name every node I know, not a random few ({@link #broadcastPong}). */
    private boolean gossipAll;

    BusMessages(final ClusterView view, final GossipConfig config, final Outbox outbox, final RandomSource random)
    {
        this.view = view;
        this.config = config;
        this.outbox = outbox;
        this.random = random;
    }

    /**
     * Sends a PING, PONG or MEET on {@code link}. An outbound PING starts the ping timer that failure
     * detection watches (digest 5.8).
     */
    void sendHeartbeat(final BusLink link, final int type, final long nowMs)
    {
        if (link.outbound && type == BusMessageType.PING)
        {
            link.node.pingSentMs = nowMs;
        }
        if (!link.connected)
        {
            // Redis would queue it until the connection is up, and the connect handler sends a PING or MEET
            // anyway; dropping it here keeps the caller from having to buffer for unconnected links.
            return;
        }
        final int capacity = heartbeatCapacity();
        final int offset = outbox.reserveBytes(capacity);
        header(type, offset, capacity);
        selection.select(view.directory, random, gossipAll);
        final ArrayList<ClusterNodeInfo> chosen = selection.chosen();
        for (int i = 0; i < chosen.size(); i++)
        {
            appendGossip(chosen.get(i));
        }
        final String hostname = config.hostname();
        if (!hostname.isEmpty())
        {
            final byte[] text = view.myself.hostnameBytes;
            writer.appendHostname(text, 0, text.length);
        }
        if (link.node != null && link.node.sendsShardIdExtension)
        {
            // only to a peer that sent one itself (7.2+): Redis 7.0 logs a warning for every unknown extension
            writer.appendShardId(view.myself.shardId, 0);
        }
        final int length = writer.finish();
        outbox.commitBytes(offset, length);
        queue(link, type, offset, length);
    }

    /**
     * PONG to every connected node (or only to my shard's replicas), so a change spreads within one
     * round trip instead of waiting for the next ping (digest 5.10).
     */
    void broadcastPong(final boolean localReplicasOnly, final long nowMs)
    {
        broadcastPong(localReplicasOnly, false, nowMs);
    }

    /**
     * As {@link #broadcastPong(boolean, long)}; with {@code everyNode} each PONG's gossip section names every node
     * I know instead of a random tenth, so that every receiver learns the whole membership in this one round (used
     * when nodes join a small cluster: with random picks a node sometimes misses a peer and learns it only from
     * the next once-a-second PING, which made formation take over a second now and then).
     */
    void broadcastPong(final boolean localReplicasOnly, final boolean everyNode, final long nowMs)
    {
        gossipAll = everyNode;
        try
        {
            broadcastPongs(localReplicasOnly, nowMs);
        }
        finally
        {
            gossipAll = false;
        }
    }

    private void broadcastPongs(final boolean localReplicasOnly, final long nowMs)
    {
        final NodeDirectory nodes = view.directory;
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (node.outboundLink == null || node.isMyself() || node.inHandshake())
            {
                continue;
            }
            if (localReplicasOnly && !isMyShardReplica(node))
            {
                continue;
            }
            sendHeartbeat(node.outboundLink, BusMessageType.PONG, nowMs);
        }
    }

    /**
     * Tells everyone that {@code failing} is FAIL (digest 6): one message, queued on every link.
     */
    void broadcastFail(final ClusterNodeInfo failing)
    {
        final int capacity = FailCodec.MESSAGE_LENGTH;
        final int offset = outbox.reserveBytes(capacity);
        header(BusMessageType.FAIL, offset, capacity);
        writer.fail(failing.id, 0);
        final int length = writer.finish();
        outbox.commitBytes(offset, length);
        broadcast(BusMessageType.FAIL, offset, length);
    }

    /**
     * Tells a node with a stale slot claim who owns those slots now (digest 8.3).
     */
    void sendUpdate(final BusLink link, final ClusterNodeInfo owner)
    {
        if (link == null || !link.connected)
        {
            return;
        }
        final int capacity = UpdateCodec.MESSAGE_LENGTH;
        final int offset = outbox.reserveBytes(capacity);
        header(BusMessageType.UPDATE, offset, capacity);
        writer.update(owner.configEpoch, owner.id, 0);
        final SlotSet ownerSlots = owner.slots;
        for (int word = 0; word < SlotSet.WORD_COUNT; word++)
        {
            writer.updateSlotsWord(word, ownerSlots.word(word));
        }
        final int length = writer.finish();
        outbox.commitBytes(offset, length);
        queue(link, BusMessageType.UPDATE, offset, length);
    }

    /**
     * PUBLISH to every node, or PUBLISHSHARD to the other nodes of my shard (my master and its replicas), as
     * Redis 7.0's clusterPropagatePublish and clusterPropagatePublishShard do: one message, queued on each
     * connected outbound link. Receivers deliver to their own subscribers and never relay.
     */
    void publish(
        final boolean shard,
        final byte[] channel,
        final int channelOffset,
        final int channelLength,
        final byte[] message,
        final int messageOffset,
        final int messageLength)
    {
        final int type = shard ? BusMessageType.PUBLISHSHARD : BusMessageType.PUBLISH;
        final long capacity = PublishCodec.messageLength(channelLength, messageLength);
        if (capacity > Integer.MAX_VALUE / 2)
        {
            throw new IllegalArgumentException("PUBLISH of " + capacity + " bytes");
        }
        final int offset = outbox.reserveBytes((int)capacity);
        header(type, offset, (int)capacity);
        writer.publish(channel, channelOffset, channelLength, message, messageOffset, messageLength);
        final int length = writer.finish();
        outbox.commitBytes(offset, length);
        if (!shard)
        {
            broadcast(type, offset, length);
            return;
        }
        final ClusterNodeInfo myself = view.myself;
        final ClusterNodeInfo master = myself.isReplica() ? myself.master : myself;
        if (master == null)
        {
            return;
        }
        if (master != myself && master.outboundLink != null)
        {
            queue(master.outboundLink, type, offset, length);
        }
        for (int i = 0; i < master.replicas.size(); i++)
        {
            final ClusterNodeInfo replica = master.replicas.get(i);
            if (replica != myself && replica.outboundLink != null)
            {
                queue(replica.outboundLink, type, offset, length);
            }
        }
    }

    /**
     * Tells my replica my shard id, in a MODULE message of Krill's own module id (see {@link ShardIds}).
     */
    void sendShardId(final ClusterNodeInfo replica)
    {
        final BusLink link = replica.outboundLink;
        if (link == null || !link.connected)
        {
            return;
        }
        final int capacity = BusHeaderCodec.LENGTH + ModuleCodec.FIXED_BODY_LENGTH + NodeId.LENGTH;
        final int offset = outbox.reserveBytes(capacity);
        header(BusMessageType.MODULE, offset, capacity);
        // in the byte order of a little-endian Redis, which writes the id in its native order
        writer.module(Long.reverseBytes(ShardIds.MODULE_ID), ShardIds.MODULE_TYPE_SHARD_ID, view.myself.shardId, 0,
            NodeId.LENGTH);
        final int length = writer.finish();
        outbox.commitBytes(offset, length);
        queue(link, BusMessageType.MODULE, offset, length);
    }

    /**
     * A message with only a header (FAILOVER_AUTH_ACK, MFSTART) on one link.
     */
    void sendHeaderOnly(final BusLink link, final int type)
    {
        if (link == null || !link.connected)
        {
            return;
        }
        final int offset = outbox.reserveBytes(BusHeaderCodec.LENGTH);
        header(type, offset, BusHeaderCodec.LENGTH);
        final int length = writer.finish();
        outbox.commitBytes(offset, length);
        queue(link, type, offset, length);
    }

    /**
     * A header-only message to every node (FAILOVER_AUTH_REQUEST), with extra {@code mflags[0]} bits (FORCEACK).
     */
    void broadcastHeaderOnly(final int type, final int extraMflags0)
    {
        final int offset = outbox.reserveBytes(BusHeaderCodec.LENGTH);
        header(type, offset, BusHeaderCodec.LENGTH);
        if (extraMflags0 != 0)
        {
            final int paused = pausedForManualFailover && view.myself.isMaster() ? BusHeaderCodec.MFLAG0_PAUSED : 0;
            writer.mflags(0, paused | extraMflags0);
        }
        final int length = writer.finish();
        outbox.commitBytes(offset, length);
        broadcast(type, offset, length);
    }

    private void header(final int type, final int offset, final int capacity)
    {
        final ClusterNodeInfo myself = view.myself;
        final ClusterNodeInfo master = myself.isReplica() && myself.master != null ? myself.master : myself;
        writer.begin(outbox.mutableBuffer(), offset, capacity, type)
            .sender(myself.id, 0)
            .port(config.port())
            .pport(config.pport())
            .cport(config.cport())
            .flags(myself.flags & 0xFFFF)
            .state(view.stateOk ? BusHeaderCodec.STATE_OK : BusHeaderCodec.STATE_FAIL)
            .currentEpoch(view.currentEpoch)
            .configEpoch(master.configEpoch)
            .replicationOffset(myself.replicationOffset);
        final byte[] ip = announcedIp();
        if (ip.length > 0)
        {
            writer.myIp(ip, 0, ip.length);
        }
        final SlotSet claimed = master.slots;
        for (int word = 0; word < SlotSet.WORD_COUNT; word++)
        {
            final long bits = claimed.word(word);
            if (bits != 0)
            {
                writer.slotsWord(word, bits);
            }
        }
        if (myself.master != null)
        {
            writer.masterId(myself.master.id, 0);
        }
        if (pausedForManualFailover && myself.isMaster())
        {
            writer.mflags(0, BusHeaderCodec.MFLAG0_PAUSED);
        }
    }

    private void appendGossip(final ClusterNodeInfo node)
    {
        final byte[] ip = node.ipBytes;
        writer.appendGossip(node.id, 0, (node.pingSentMs / 1000) & 0xFFFF_FFFFL,
            (node.pongReceivedMs / 1000) & 0xFFFF_FFFFL, ip, 0, Math.min(ip.length, BusHeaderCodec.IP_LENGTH - 1),
            node.port, node.cport, node.flags & 0xFFFF, node.pport);
    }

    private void broadcast(final int type, final int offset, final int length)
    {
        final NodeDirectory nodes = view.directory;
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (node.outboundLink != null && !node.isMyself() && !node.inHandshake())
            {
                queue(node.outboundLink, type, offset, length);
            }
        }
    }

    private void queue(final BusLink link, final int type, final int offset, final int length)
    {
        if (link.connected)
        {
            outbox.send(link.id, offset, length);
            view.counters.onSent(type);
        }
    }

    private int heartbeatCapacity()
    {
        return BusHeaderCodec.LENGTH +
            GossipSelection.maxEntries(view.directory, gossipAll) * GossipEntryCodec.LENGTH +
            PingExtensionCodec.alignedLength(view.myself.hostnameBytes.length + 1) +
            PingExtensionCodec.alignedLength(PingExtensionCodec.SHARD_ID_BODY_LENGTH);
    }

    private boolean isMyShardReplica(final ClusterNodeInfo node)
    {
        final ClusterNodeInfo myMaster = view.myself.isReplica() ? view.myself.master : view.myself;
        return node.isReplica() && node.master == myMaster;
    }

    private byte[] announcedIp()
    {
        final String ip = config.announcedIp();
        if (ip == null)
        {
            return EMPTY;
        }
        if (!ip.equals(announcedIpText))
        {
            announcedIpText = ip;
            announcedIp = ip.getBytes(StandardCharsets.US_ASCII);
        }
        return announcedIp;
    }

    private static final byte[] EMPTY = new byte[0];
}
