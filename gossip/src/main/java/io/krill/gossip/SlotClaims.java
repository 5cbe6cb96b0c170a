package io.krill.gossip;

import io.krill.slots.HashSlot;
import io.krill.slots.SlotSet;
import io.krill.slots.SlotTable;

/**
 * Slot ownership from masters' claims, heartbeat or UPDATE (digest 8.2, 8.3): for each slot the claim with
 * the highest configEpoch wins ("last failover wins").
 * <p>
 * BEHAVIOR (Redis 7.0's clusterUpdateSlotsConfigWith): a claimed slot moves to the claimant when it is free
 * or its owner's configEpoch is lower, unless this node is importing it (only an operator's SETSLOT closes an
 * import). Then: if the claimant took the last slot of myself (or of my master), myself becomes its replica,
 * which is how a failed-over master rejoins; if myself is a replica of a replica, it follows the
 * grandmaster; otherwise slots that were mine and still hold keys are reported for deletion.
 * <p>
 * The reverse case gets an UPDATE: a sender that claims a slot owned by a node with a higher configEpoch
 * is told about that owner, one UPDATE per packet, so a stale master that rejoins is corrected by the first
 * peer that hears it (Redis 7.0 has no "owner not claiming" mark; neither do we).
 */
final class SlotClaims
{
    private final GossipContext context;
    private final RoleChanges roles;
    private final int[] dirtySlots = new int[HashSlot.SLOT_COUNT];

    SlotClaims(final GossipContext context, final RoleChanges roles)
    {
        this.context = context;
        this.roles = roles;
    }

    /**
     * Applies {@code claimant}'s claim on {@code claimed} with {@code claimEpoch}.
     */
    void apply(final ClusterNodeInfo claimant, final long claimEpoch, final SlotSet claimed)
    {
        final ClusterView view = context.view;
        final ClusterNodeInfo myself = view.myself;
        if (claimant == myself)
        {
            return;
        }
        final ClusterNodeInfo myMaster = myself.isMaster() ? myself : myself.master;
        final SlotTable<ClusterNodeInfo> table = view.slots;
        int claimedCount = 0;
        int takenFromMyMaster = 0;
        int dirtyCount = 0;
        for (int slot = claimed.nextSetBit(0); slot >= 0; slot = claimed.nextSetBit(slot + 1))
        {
            claimedCount++;
            final ClusterNodeInfo owner = table.owner(slot);
            if (owner == claimant || table.isImporting(slot))
            {
                continue;
            }
            if (owner != null && owner.configEpoch >= claimEpoch)
            {
                continue;
            }
            if (owner == myself && context.keys.countKeysInSlot(slot) > 0)
            {
                dirtySlots[dirtyCount++] = slot;
            }
            if (owner != null && owner == myMaster)
            {
                takenFromMyMaster++;
            }
            view.delSlot(slot);
            view.addSlot(claimant, slot);
            context.pending.saveAndFsync();
            context.pending.updateState();
        }
        afterRebinding(claimant, myMaster, claimedCount, takenFromMyMaster, dirtyCount);
    }

    /**
     * Sends {@code sender} an UPDATE if it claims a slot that a node with a higher configEpoch owns.
     */
    void updateStaleClaimant(final ClusterNodeInfo sender, final long senderEpoch, final SlotSet claimed)
    {
        final SlotTable<ClusterNodeInfo> table = context.view.slots;
        for (int slot = claimed.nextSetBit(0); slot >= 0; slot = claimed.nextSetBit(slot + 1))
        {
            final ClusterNodeInfo owner = table.owner(slot);
            if (owner == null || owner == sender)
            {
                continue;
            }
            if (owner.configEpoch > senderEpoch)
            {
                context.messages.sendUpdate(sender.outboundLink, owner);
                return;
            }
        }
    }

    private void afterRebinding(
        final ClusterNodeInfo claimant,
        final ClusterNodeInfo myMaster,
        final int claimedCount,
        final int takenFromMyMaster,
        final int dirtyCount)
    {
        final ClusterNodeInfo myself = context.view.myself;
        final boolean lostAll = takenFromMyMaster > 0 && myMaster != null && myMaster.slotCount == 0;
        if (lostAll && (context.config.allowReplicaMigration() || claimedCount == takenFromMyMaster))
        {
            // Myself (or my master) was failed over: follow the new owner.
            roles.setMyMaster(claimant);
            context.pending.saveAndFsync();
            context.pending.updateState();
        }
        else if (myself.master != null && myself.master.master != null && myself.master.master != myself)
        {
            // A sub-replica: my master became a replica when its last slot went; nothing else would move me.
            roles.setMyMaster(myself.master.master);
            context.pending.saveAndFsync();
            context.pending.updateState();
        }
        else
        {
            for (int i = 0; i < dirtyCount; i++)
            {
                context.outbox.event(Outbox.DELETE_SLOT_KEYS, null, dirtySlots[i]);
            }
        }
    }
}
