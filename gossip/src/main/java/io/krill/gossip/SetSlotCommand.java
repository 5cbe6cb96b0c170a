package io.krill.gossip;

import io.krill.slots.HashSlot;
import io.krill.slots.SlotTable;

/**
 * CLUSTER SETSLOT, the resharding primitive (digest 3.6, 4.4): IMPORTING and MIGRATING open a move, STABLE
 * cancels it, NODE closes it by assigning the slot. Masters only. Returns null for OK or Redis's error text.
 * <p>
 * Closing an import on myself takes a new configEpoch without consensus so the new ownership wins over the
 * old owner's claim everywhere, and broadcasts a PONG so peers learn it now rather than at their next ping.
 */
final class SetSlotCommand
{
    private final GossipContext context;
    private final RoleChanges roles;
    private final EpochRules epochs;

    SetSlotCommand(final GossipContext context, final RoleChanges roles, final EpochRules epochs)
    {
        this.context = context;
        this.roles = roles;
        this.epochs = epochs;
    }

    String migrating(final long slot, final String nodeId)
    {
        final String error = checkMasterAndSlot(slot);
        if (error != null)
        {
            return error;
        }
        if (context.view.slots.owner((int)slot) != context.view.myself)
        {
            return "I'm not the owner of hash slot " + slot;
        }
        final ClusterNodeInfo target = context.view.node(nodeId);
        final String targetError = checkTarget(target, nodeId);
        if (targetError != null)
        {
            return targetError;
        }
        context.view.slots.setMigrating((int)slot, target);
        return done();
    }

    String importing(final long slot, final String nodeId)
    {
        final String error = checkMasterAndSlot(slot);
        if (error != null)
        {
            return error;
        }
        if (context.view.slots.owner((int)slot) == context.view.myself)
        {
            return "I'm already the owner of hash slot " + slot;
        }
        final ClusterNodeInfo source = context.view.node(nodeId);
        final String sourceError = checkTarget(source, nodeId);
        if (sourceError != null)
        {
            return sourceError;
        }
        context.view.slots.setImporting((int)slot, source);
        return done();
    }

    String stable(final long slot)
    {
        final String error = checkMasterAndSlot(slot);
        if (error != null)
        {
            return error;
        }
        context.view.slots.setStable((int)slot);
        return done();
    }

    String node(final long slotNumber, final String nodeId, final long nowMs)
    {
        final String error = checkMasterAndSlot(slotNumber);
        if (error != null)
        {
            return error;
        }
        final int slot = (int)slotNumber;
        final ClusterView view = context.view;
        final ClusterNodeInfo target = view.node(nodeId);
        if (target == null)
        {
            return ClusterErrors.unknownNode(nodeId);
        }
        if (target.isReplica())
        {
            return "Target node is not a master";
        }
        final SlotTable<ClusterNodeInfo> table = view.slots;
        final long keys = context.keys.countKeysInSlot(slot);
        if (table.owner(slot) == view.myself && target != view.myself && keys != 0)
        {
            return "Can't assign hashslot " + slot +
                " to a different node while I still hold keys for this hash slot.";
        }
        if (keys == 0)
        {
            table.setMigrating(slot, null);
        }
        final boolean wasMine = table.owner(slot) == view.myself;
        view.delSlot(slot);
        view.addSlot(target, slot);
        if (wasMine && target != view.myself && view.myself.slotCount == 0 && context.config.allowReplicaMigration())
        {
            // An emptied master follows the node that took its last slot (digest 11 "resharding hazards").
            roles.setMyMaster(target);
            context.pending.saveAndFsync();
        }
        if (target == view.myself && table.isImporting(slot))
        {
            epochs.bumpWithoutConsensus();
            table.setImporting(slot, null);
            context.messages.broadcastPong(false, nowMs);
        }
        return done();
    }

    private String checkMasterAndSlot(final long slot)
    {
        if (context.view.myself.isReplica())
        {
            return ClusterErrors.SETSLOT_ONLY_MASTERS;
        }
        if (slot < 0 || slot >= HashSlot.SLOT_COUNT)
        {
            return ClusterErrors.INVALID_SLOT;
        }
        return null;
    }

    private static String checkTarget(final ClusterNodeInfo node, final String nodeId)
    {
        if (node == null)
        {
            return "I don't know about node " + nodeId;
        }
        if (node.isReplica())
        {
            return "Target node is not a master";
        }
        return null;
    }

    private String done()
    {
        context.pending.save();
        context.pending.updateState();
        return null;
    }
}
