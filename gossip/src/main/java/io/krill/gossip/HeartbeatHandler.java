package io.krill.gossip;

import java.nio.charset.StandardCharsets;

import io.krill.slots.SlotSet;

/**
 * PING, PONG and MEET (digest 5.9, 5.10 steps 3-4; Redis's heartbeat branch of clusterProcessPacket), in
 * Redis's order: self-IP discovery and the PONG reply; handshake completion or sender-id mismatch on an
 * outbound link; NOFAILOVER and address updates; pong bookkeeping and PFAIL/FAIL clearing; role switch; slot
 * reconciliation and UPDATE; epoch collision; then the gossip section and extensions.
 */
final class HeartbeatHandler
{
    private final GossipContext context;
    private final RoleChanges roles;
    private final FailureDetector failures;
    private final SlotClaims claims;
    private final EpochRules epochs;
    private final GossipSectionHandler gossip;
    private final SlotSet claimed = new SlotSet();
    private final PingExtensionCodec extension = new PingExtensionCodec();
    private final byte[] textScratch = new byte[256];

    HeartbeatHandler(
        final GossipContext context,
        final RoleChanges roles,
        final FailureDetector failures,
        final SlotClaims claims,
        final EpochRules epochs)
    {
        this.context = context;
        this.roles = roles;
        this.failures = failures;
        this.claims = claims;
        this.epochs = epochs;
        this.gossip = new GossipSectionHandler(context, failures);
    }

    /**
     * The first half for PING and MEET: learn my own IP, add a MEETing stranger as a handshake node, reply
     * PONG on the same link.
     */
    void onPingOrMeet(
        final BusLink link, final BusHeaderCodec header, final ClusterNodeInfo sender, final long nowMs)
    {
        final boolean meet = header.type() == BusMessageType.MEET;
        final ClusterNodeInfo myself = context.view.myself;
        // Only peers MEET us, and they use our official address to connect, so the socket's local address is
        // our IP; without any IP yet, a PING will do until a MEET corrects it.
        if ((meet || myself.ip.isEmpty()) && context.config.announcedIp() == null &&
            link.localIp != null && !link.localIp.equals(myself.ip))
        {
            myself.address(link.localIp, myself.port, myself.cport, myself.pport);
            context.pending.save();
        }
        if (sender == null && meet)
        {
            // Trust comes from MEET alone: the operator asked the sender to join us.
            final ClusterNodeInfo node = context.createNode(NodeFlags.HANDSHAKE, nowMs);
            node.address(senderIp(link, header), header.port(), header.cport(), header.pport());
            context.pending.save();
            gossip.process(header, null, nowMs);
        }
        context.messages.sendHeartbeat(link, BusMessageType.PONG, nowMs);
    }

    /**
     * The second half, for PING, PONG and MEET.
     *
     * @return false if the link was closed while processing (a handshake duplicate or an id mismatch).
     */
    boolean onHeartbeat(
        final BusLink link, final BusHeaderCodec header, final ClusterNodeInfo sender, final long nowMs)
    {
        final boolean completingHandshake = link.outbound && link.node.inHandshake();
        if (link.outbound && !checkOutboundSender(link, header, sender))
        {
            return false;
        }
        final int type = header.type();
        if (sender != null)
        {
            sender.flags = (sender.flags & ~NodeFlags.NOFAILOVER) | (header.flags() & NodeFlags.NOFAILOVER);
            if (type == BusMessageType.PING && !sender.inHandshake() && updateAddressIfNeeded(sender, link, header))
            {
                context.pending.save();
                context.pending.updateState();
            }
        }
        if (link.outbound && type == BusMessageType.PONG)
        {
            final ClusterNodeInfo node = link.node;
            node.pongReceivedMs = nowMs;
            node.pingSentMs = 0;
            failures.onPong(node, nowMs);
        }
        if (sender == null)
        {
            if (completingHandshake && type == BusMessageType.PONG)
            {
                // The PONG that completed the handshake came from a stranger, so its slots, role and gossip were
                // not read (as in Redis). Redis waits for the next ping, up to a second at random; asking again
                // now costs one PING and lets a new cluster agree on its slots in a few round trips.
                context.messages.sendHeartbeat(link, BusMessageType.PING, nowMs);
            }
            return true;
        }
        switchRole(sender, header);
        reconcileSlots(sender, header);
        if (context.view.myself.isMaster() && sender.isMaster() &&
            header.configEpoch() == context.view.myself.configEpoch)
        {
            epochs.handleCollision(sender);
        }
        gossip.process(header, sender, nowMs);
        processExtensions(header, sender);
        return true;
    }

    /**
     * On my outbound link: complete a handshake (rename the temporary node, or drop it if the sender is
     * already known), or detect that a different node answers at this address.
     */
    private boolean checkOutboundSender(final BusLink link, final BusHeaderCodec header, final ClusterNodeInfo sender)
    {
        final ClusterNodeInfo node = link.node;
        final ClusterView view = context.view;
        if (node.inHandshake())
        {
            if (sender != null)
            {
                if (updateAddressIfNeeded(sender, link, header))
                {
                    context.pending.save();
                    context.pending.updateState();
                }
                context.deleteNode(node);
                return false;
            }
            view.rename(node, idOf(header), 0);
            node.flags &= ~NodeFlags.HANDSHAKE;
            node.flags |= header.flags() & (NodeFlags.MASTER | NodeFlags.SLAVE);
            context.pending.save();
            context.membersJoined = true;
            return true;
        }
        if (!header.senderEquals(node.id, 0))
        {
            // Somebody else answers at this address now: forget the address until gossip gives a new one.
            node.flags |= NodeFlags.NOADDR;
            node.address("", 0, 0, 0);
            context.closeLink(link);
            context.pending.save();
            return false;
        }
        return true;
    }

    /**
     * Adopts the address a node's own packet shows, if it changed; never for the outbound link itself
     * (that one was opened to the address we already have).
     */
    boolean updateAddressIfNeeded(final ClusterNodeInfo node, final BusLink link, final BusHeaderCodec header)
    {
        if (link == node.outboundLink)
        {
            return false;
        }
        final String ip = senderIp(link, header);
        if (node.sameAddress(ip, header.port(), header.cport(), header.pport()))
        {
            return false;
        }
        node.address(ip, header.port(), header.cport(), header.pport());
        context.closeLink(node.outboundLink);
        node.flags &= ~NodeFlags.NOADDR;
        final ClusterNodeInfo myself = context.view.myself;
        if (myself.isReplica() && myself.master == node)
        {
            // Replication must follow the master to its new address.
            context.outbox.event(Outbox.ROLE_CHANGED, node.idText, 0);
        }
        return true;
    }

    /**
     * The header's {@code slaveof} is the truth about the sender's role (digest 5.4).
     */
    private void switchRole(final ClusterNodeInfo sender, final BusHeaderCodec header)
    {
        final ClusterView view = context.view;
        if (!header.hasMasterId())
        {
            roles.setNodeAsMaster(sender);
            return;
        }
        if (sender.isMaster())
        {
            view.delNodeSlots(sender);
            sender.flags &= ~(NodeFlags.MASTER | NodeFlags.MIGRATE_TO);
            sender.flags |= NodeFlags.SLAVE;
            context.pending.save();
            context.pending.updateState();
        }
        final ClusterNodeInfo master = view.directory.find(header.buffer(), header.masterIdIndex());
        if (master != null && sender.master != master)
        {
            if (sender.master != null)
            {
                view.removeReplica(sender.master, sender);
            }
            view.addReplica(master, sender);
            sender.master = master;
            context.pending.save();
            context.shardIds.onNewReplica(sender, master);
        }
    }

    /**
     * Compares the claimed slots with what I have for the sender's shard; only a difference needs work.
     */
    private void reconcileSlots(final ClusterNodeInfo sender, final BusHeaderCodec header)
    {
        final ClusterNodeInfo senderMaster = sender.isMaster() ? sender : sender.master;
        if (senderMaster == null)
        {
            return;
        }
        boolean differs = false;
        for (int word = 0; word < SlotSet.WORD_COUNT; word++)
        {
            final long bits = header.slotsWord(word);
            claimed.word(word, bits);
            differs |= bits != senderMaster.slots.word(word);
        }
        if (!differs)
        {
            return;
        }
        final long senderEpoch = header.configEpoch();
        if (sender.isMaster())
        {
            claims.apply(sender, senderEpoch, claimed);
        }
        claims.updateStaleClaimant(sender, senderEpoch, claimed);
    }

    /**
     * HOSTNAME (Redis 7.0's one extension; its absence means the sender has none, digest 5.6) and SHARDID
     * (7.2+; see {@link ShardIds}). The hostname is compared in place, so an unchanged one allocates nothing.
     */
    private void processExtensions(final BusHeaderCodec header, final ClusterNodeInfo sender)
    {
        final int count = header.extensionsToRead();
        int index = header.firstExtensionIndex();
        int hostnameIndex = -1;
        int hostnameLength = 0;
        int shardIdIndex = -1;
        for (int i = 0; i < count; i++)
        {
            extension.wrap(header.buffer(), index, header.limit() - index);
            if (extension.type() == PingExtensionCodec.TYPE_HOSTNAME)
            {
                hostnameIndex = extension.bodyIndex();
                hostnameLength = Math.min(extension.textLength(), textScratch.length);
            }
            else if (extension.type() == PingExtensionCodec.TYPE_SHARDID)
            {
                shardIdIndex = extension.shardIdIndex();
            }
            index += extension.length();
        }
        context.shardIds.onHeartbeat(sender, header.buffer(), shardIdIndex);
        if (sameText(header.buffer(), hostnameIndex, hostnameLength, sender.hostnameBytes))
        {
            return;
        }
        header.buffer().getBytes(Math.max(hostnameIndex, 0), textScratch, 0, hostnameLength);
        sender.hostname(new String(textScratch, 0, hostnameLength, StandardCharsets.US_ASCII));
        context.pending.save();
    }

    private static boolean sameText(
        final org.agrona.DirectBuffer buffer, final int index, final int length, final byte[] text)
    {
        if (length != text.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(index + i) != text[i])
            {
                return false;
            }
        }
        return true;
    }

    private byte[] idOf(final BusHeaderCodec header)
    {
        final byte[] id = new byte[NodeId.LENGTH];
        header.copySender(id, 0);
        return id;
    }

    private static String senderIp(final BusLink link, final BusHeaderCodec header)
    {
        final int length = header.myIpLength();
        if (length == 0)
        {
            return link.peerIp == null ? "" : link.peerIp;
        }
        final byte[] ip = new byte[length];
        header.copyMyIp(ip, 0);
        return new String(ip, StandardCharsets.US_ASCII);
    }
}
