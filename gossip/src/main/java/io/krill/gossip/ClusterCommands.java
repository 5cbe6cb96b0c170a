package io.krill.gossip;

import io.krill.slots.HashSlot;

/**
 * The CLUSTER subcommands that change the cluster view (digest 3.6), with Redis 7.0.15's checks in its order
 * and its error texts. Each returns null for {@code +OK} or the error text without the {@code ERR } prefix
 * (core adds it). Core parses arguments first; where Redis reports a parse error with the raw argument, core
 * uses the texts in {@link ClusterErrors}.
 */
final class ClusterCommands
{
    private final GossipContext context;
    private final RoleChanges roles;
    private final EpochRules epochs;
    private final FailoverElection election;

    ClusterCommands(
        final GossipContext context, final RoleChanges roles, final EpochRules epochs, final FailoverElection election)
    {
        this.context = context;
        this.roles = roles;
        this.epochs = epochs;
        this.election = election;
    }

    /**
     * CLUSTER MEET: a handshake node with a random id; the cron connects and sends MEET. Replies OK also when
     * a handshake with that address is already pending (digest 3.6).
     */
    String meet(final String ip, final long port, final long cport, final long nowMs)
    {
        final String normalized = IpAddressText.normalize(ip);
        if (normalized == null || port <= 0 || port > 0xFFFF || cport <= 0 || cport > 0xFFFF)
        {
            return ClusterErrors.invalidNodeAddress(ip, Long.toString(port));
        }
        if (handshakeInProgress(normalized, (int)port, (int)cport))
        {
            return null;
        }
        final ClusterNodeInfo node = context.createNode(NodeFlags.HANDSHAKE | NodeFlags.MEET, nowMs);
        node.address(normalized, (int)port, (int)cport, 0);
        return null;
    }

    /**
     * ADDSLOTS or DELSLOTS: all slots are checked before any is changed.
     */
    String changeSlots(final long[] slots, final int count, final boolean delete)
    {
        final byte[] seen = new byte[HashSlot.SLOT_COUNT];
        for (int i = 0; i < count; i++)
        {
            if (slots[i] < 0 || slots[i] >= HashSlot.SLOT_COUNT)
            {
                return ClusterErrors.INVALID_SLOT;
            }
        }
        for (int i = 0; i < count; i++)
        {
            final String error = checkAssignment(seen, delete, (int)slots[i], (int)slots[i]);
            if (error != null)
            {
                return error;
            }
        }
        applySlots(seen, delete);
        return null;
    }

    /**
     * ADDSLOTSRANGE or DELSLOTSRANGE over {@code count} (start, end) pairs; each pair is parsed, ordered and
     * checked before the next, as Redis does.
     */
    String changeSlotRanges(final long[] startEndPairs, final int count, final boolean delete)
    {
        if (count % 2 != 0)
        {
            return ClusterErrors.wrongArity(delete ? "delslotsrange" : "addslotsrange");
        }
        final byte[] seen = new byte[HashSlot.SLOT_COUNT];
        for (int i = 0; i < count; i += 2)
        {
            final long start = startEndPairs[i];
            final long end = startEndPairs[i + 1];
            if (start < 0 || start >= HashSlot.SLOT_COUNT || end < 0 || end >= HashSlot.SLOT_COUNT)
            {
                return ClusterErrors.INVALID_SLOT;
            }
            if (start > end)
            {
                return "start slot number " + start + " is greater than end slot number " + end;
            }
            final String error = checkAssignment(seen, delete, (int)start, (int)end);
            if (error != null)
            {
                return error;
            }
        }
        applySlots(seen, delete);
        return null;
    }

    String flushSlots()
    {
        if (!context.keys.isEmpty())
        {
            return "DB must be empty to perform CLUSTER FLUSHSLOTS.";
        }
        context.view.delNodeSlots(context.view.myself);
        context.pending.updateState();
        context.pending.save();
        return null;
    }

    String setConfigEpoch(final long epoch)
    {
        final ClusterView view = context.view;
        if (epoch < 0)
        {
            return "Invalid config epoch specified: " + epoch;
        }
        if (view.nodeCount() > 1)
        {
            return "The user can assign a config epoch only when the node does not know any other node.";
        }
        if (view.myself.configEpoch != 0)
        {
            return "Node config epoch is already non-zero";
        }
        view.myself.configEpoch = epoch;
        view.currentEpoch = Math.max(view.currentEpoch, epoch);
        // No fsync: if this is lost, collision resolution still gives the node a unique epoch.
        context.pending.updateState();
        context.pending.save();
        return null;
    }

    /**
     * CLUSTER BUMPEPOCH: the status reply text, {@code BUMPED <epoch>} or {@code STILL <epoch>}.
     */
    String bumpEpoch()
    {
        final boolean bumped = epochs.bumpWithoutConsensus();
        return (bumped ? "BUMPED " : "STILL ") + context.view.myself.configEpoch;
    }

    String forget(final String nodeId, final long nowMs)
    {
        final ClusterView view = context.view;
        final ClusterNodeInfo node = view.node(nodeId);
        if (node == null)
        {
            return ClusterErrors.unknownNode(nodeId);
        }
        if (node == view.myself)
        {
            return "I tried hard but I can't forget myself...";
        }
        if (view.myself.isReplica() && view.myself.master == node)
        {
            return "Can't forget my master!";
        }
        view.blacklist.add(node.idText, nowMs);
        context.deleteNode(node);
        context.pending.updateState();
        context.pending.save();
        return null;
    }

    String replicate(final String nodeId)
    {
        final ClusterView view = context.view;
        final ClusterNodeInfo node = view.node(nodeId);
        if (node == null)
        {
            return ClusterErrors.unknownNode(nodeId);
        }
        if (node == view.myself)
        {
            return "Can't replicate myself";
        }
        if (node.isReplica())
        {
            return "I can only replicate a master, not a replica.";
        }
        if (view.myself.isMaster() && (view.myself.slotCount != 0 || !context.keys.isEmpty()))
        {
            return "To set a master the node must be empty and without assigned slots.";
        }
        roles.setMyMaster(node);
        election.reset();
        context.pending.updateState();
        context.pending.save();
        return null;
    }

    /**
     * CLUSTER RESET SOFT or HARD; core flushes its data first when myself is a replica (Redis empties the
     * dataset there), and refuses a master with keys.
     */
    String reset(final boolean hard, final long nowMs)
    {
        final ClusterView view = context.view;
        final ClusterNodeInfo myself = view.myself;
        if (myself.isMaster() && !context.keys.isEmpty())
        {
            return "CLUSTER RESET can't be called with master nodes containing keys";
        }
        if (myself.isReplica())
        {
            roles.setNodeAsMaster(myself);
        }
        roles.closeAllSlots();
        election.reset();
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++)
        {
            view.delSlot(slot);
        }
        for (int i = view.directory.size() - 1; i >= 0; i--)
        {
            final ClusterNodeInfo node = view.directory.get(i);
            if (node != myself)
            {
                context.deleteNode(node);
            }
        }
        view.blacklist.clear();
        if (hard)
        {
            view.currentEpoch = 0;
            view.lastVoteEpoch = 0;
            myself.configEpoch = 0;
            view.rename(myself, NodeIdGenerator.next(context.random), 0);
            NodeIdGenerator.fill(context.random, myself.shardId);
        }
        context.pending.saveAndFsync();
        context.pending.updateState();
        return null;
    }

    /**
     * COUNT-FAILURE-REPORTS: the count, or -1 for an unknown node ({@link ClusterErrors#unknownNode}).
     */
    int countFailureReports(final String nodeId, final long nowMs)
    {
        final ClusterNodeInfo node = context.view.node(nodeId);
        return node == null ? -1 : context.view.countFailureReports(node, nowMs, context.nodeTimeoutMs());
    }

    private String checkAssignment(final byte[] seen, final boolean delete, final int start, final int end)
    {
        for (int slot = start; slot <= end; slot++)
        {
            final ClusterNodeInfo owner = context.view.slots.owner(slot);
            if (delete && owner == null)
            {
                return "Slot " + slot + " is already unassigned";
            }
            if (!delete && owner != null)
            {
                return "Slot " + slot + " is already busy";
            }
            if (seen[slot]++ == 1)
            {
                return "Slot " + slot + " specified multiple times";
            }
        }
        return null;
    }

    private void applySlots(final byte[] chosen, final boolean delete)
    {
        final ClusterView view = context.view;
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++)
        {
            if (chosen[slot] == 0)
            {
                continue;
            }
            // Now the real owner (or nobody): an import of this slot is over.
            view.slots.setImporting(slot, null);
            if (delete)
            {
                view.delSlot(slot);
            }
            else
            {
                view.addSlot(view.myself, slot);
            }
        }
        context.pending.updateState();
        context.pending.save();
    }

    private boolean handshakeInProgress(final String ip, final int port, final int cport)
    {
        final NodeDirectory nodes = context.view.directory;
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (node.inHandshake() && node.port == port && node.cport == cport && node.ip.equalsIgnoreCase(ip))
            {
                return true;
            }
        }
        return false;
    }
}
