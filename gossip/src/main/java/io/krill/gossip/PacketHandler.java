package io.krill.gossip;

import org.agrona.DirectBuffer;

import io.krill.slots.SlotSet;

/**
 * One received bus message, in the order of digest 5.10 (Redis's clusterProcessPacket): validate; resolve the
 * sender (the link's node, or the header's id); count any data as liveness; adopt a newer currentEpoch and
 * the sender's newer configEpoch; then the type's rule.
 * <p>
 * A malformed message is counted and dropped; a broken framing also closes the link. PUBLISH and PUBLISHSHARD
 * from a known node become {@link Outbox#PUBLISH_RECEIVED} events for core's pub/sub; MODULE messages carry
 * Krill's shard ids (see {@link ShardIds}) and are otherwise ignored.
 */
final class PacketHandler
{
    private final GossipContext context;
    private final HeartbeatHandler heartbeats;
    private final FailureDetector failures;
    private final RoleChanges roles;
    private final SlotClaims claims;
    private final FailoverElection election;
    private final MalformedPacketCounter malformed;
    private final BusHeaderCodec header = new BusHeaderCodec();
    private final FailCodec fail = new FailCodec();
    private final UpdateCodec update = new UpdateCodec();
    private final SlotSet updateSlots = new SlotSet();

    PacketHandler(
        final GossipContext context,
        final HeartbeatHandler heartbeats,
        final FailureDetector failures,
        final RoleChanges roles,
        final SlotClaims claims,
        final FailoverElection election,
        final MalformedPacketCounter malformed)
    {
        this.context = context;
        this.heartbeats = heartbeats;
        this.failures = failures;
        this.roles = roles;
        this.claims = claims;
        this.election = election;
        this.malformed = malformed;
    }

    void onMessage(final BusLink link, final DirectBuffer buffer, final int offset, final int length, final long nowMs)
    {
        final BusVerdict verdict = BusMessageValidator.validate(buffer, offset, length);
        if (!verdict.isAccepted())
        {
            malformed.onMalformed(link.id, verdict, nowMs);
            if (verdict.closesLink())
            {
                context.closeLink(link);
            }
            return;
        }
        header.wrap(buffer, offset, length);
        final int type = header.type();
        context.view.counters.onReceived(type);
        final ClusterNodeInfo sender = resolveSender(link);
        if (sender != null)
        {
            sender.dataReceivedMs = nowMs;
            if (header.hasExtensionData())
            {
                sender.flags |= NodeFlags.EXTENSIONS_SUPPORTED;
            }
            if (!sender.inHandshake())
            {
                adoptEpochs(sender, nowMs);
                election.onHeader(sender, header);
            }
        }
        dispatch(link, type, sender, nowMs);
    }

    private void dispatch(final BusLink link, final int type, final ClusterNodeInfo sender, final long nowMs)
    {
        switch (type)
        {
            case BusMessageType.PING:
            case BusMessageType.MEET:
                heartbeats.onPingOrMeet(link, header, sender, nowMs);
                heartbeats.onHeartbeat(link, header, sender, nowMs);
                break;
            case BusMessageType.PONG:
                heartbeats.onHeartbeat(link, header, sender, nowMs);
                break;
            case BusMessageType.FAIL:
                onFail(sender, nowMs);
                break;
            case BusMessageType.FAILOVER_AUTH_REQUEST:
                if (sender != null)
                {
                    election.onAuthRequest(sender, header, nowMs);
                }
                break;
            case BusMessageType.FAILOVER_AUTH_ACK:
                if (sender != null)
                {
                    election.onAuthAck(sender, header, nowMs);
                }
                break;
            case BusMessageType.MFSTART:
                if (sender != null)
                {
                    election.onManualFailoverStart(sender, link, nowMs);
                }
                break;
            case BusMessageType.UPDATE:
                onUpdate(sender);
                break;
            case BusMessageType.PUBLISH:
            case BusMessageType.PUBLISHSHARD:
                // for local subscribers only, and only from a node I know (as Redis does)
                if (sender != null)
                {
                    context.outbox.publishReceived(type, header.buffer(), header.bodyIndex(), header.bodyLength());
                }
                break;
            case BusMessageType.MODULE:
                if (sender != null)
                {
                    context.shardIds.onModuleMessage(sender, header);
                }
                break;
            default:
                // unknown types: ignored.
                break;
        }
    }

    /**
     * The link's node when it is a real node; otherwise the node named in the header, which also binds a
     * fresh inbound link to it (that is how inbound links learn their peer).
     */
    private ClusterNodeInfo resolveSender(final BusLink link)
    {
        if (link.node != null && !link.node.inHandshake())
        {
            return link.node;
        }
        final ClusterNodeInfo sender = context.view.directory.find(header.buffer(), header.senderIndex());
        if (sender != null && link.node == null && !link.outbound)
        {
            context.links.bindInbound(link, sender);
        }
        return sender;
    }

    private void adoptEpochs(final ClusterNodeInfo sender, final long nowMs)
    {
        final ClusterView view = context.view;
        final long senderCurrentEpoch = header.currentEpoch();
        final long senderConfigEpoch = header.configEpoch();
        if (senderCurrentEpoch > view.currentEpoch)
        {
            view.currentEpoch = senderCurrentEpoch;
        }
        if (senderConfigEpoch > sender.configEpoch)
        {
            sender.configEpoch = senderConfigEpoch;
            context.pending.saveAndFsync();
        }
        sender.replicationOffset = header.replicationOffset();
        sender.replicationOffsetTimeMs = nowMs;
    }

    private void onFail(final ClusterNodeInfo sender, final long nowMs)
    {
        if (sender == null)
        {
            return;
        }
        fail.wrap(header);
        failures.onFailMessage(context.view.directory.find(header.buffer(), fail.nodeIdIndex()), nowMs);
    }

    /**
     * An UPDATE about node N with a newer configEpoch: N is a master with exactly those slots now (8.3).
     */
    private void onUpdate(final ClusterNodeInfo sender)
    {
        if (sender == null)
        {
            return;
        }
        update.wrap(header);
        final ClusterNodeInfo node = context.view.directory.find(header.buffer(), update.nodeIdIndex());
        final long reportedEpoch = update.configEpoch();
        if (node == null || node.configEpoch >= reportedEpoch)
        {
            return;
        }
        if (node.isReplica())
        {
            roles.setNodeAsMaster(node);
        }
        node.configEpoch = reportedEpoch;
        context.pending.saveAndFsync();
        for (int word = 0; word < SlotSet.WORD_COUNT; word++)
        {
            updateSlots.word(word, update.slotsWord(word));
        }
        claims.apply(node, reportedEpoch, updateSlots);
    }
}
