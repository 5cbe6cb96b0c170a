package io.krill.gossip;

/**
 * Role changes of myself and of other nodes (Redis's clusterSetNodeAsMaster and clusterSetMaster): keeps the
 * master/replica links of the view consistent and tells the replication layer, through a
 * {@link Outbox#ROLE_CHANGED} event, when myself must start or stop replicating.
 */
final class RoleChanges
{
    private final GossipContext context;

    RoleChanges(final GossipContext context)
    {
        this.context = context;
    }

    /**
     * Makes {@code node} a master. A replica that was promoted keeps the MIGRATE_TO mark: it failed over a
     * master that had replicas, so it may attract a migrating replica (digest 7.3).
     */
    void setNodeAsMaster(final ClusterNodeInfo node)
    {
        if (node.isMaster())
        {
            return;
        }
        if (node.master != null)
        {
            context.view.removeReplica(node.master, node);
            if (!node.isMyself())
            {
                node.flags |= NodeFlags.MIGRATE_TO;
            }
        }
        node.flags &= ~NodeFlags.SLAVE;
        node.flags |= NodeFlags.MASTER;
        node.master = null;
        if (node.isMyself())
        {
            context.outbox.event(Outbox.ROLE_CHANGED, null, 0);
        }
        context.pending.save();
        context.pending.updateState();
    }

    /**
     * Makes myself a replica of {@code master}; myself must own no slots. Ends any slot migration and takes
     * the master's shard id (digest 3.6 REPLICATE).
     */
    void setMyMaster(final ClusterNodeInfo master)
    {
        final ClusterNodeInfo myself = context.view.myself;
        if (master == myself || myself.slotCount != 0)
        {
            throw new IllegalStateException("cannot replicate " + master.idText + " with " + myself.slotCount +
                " slots");
        }
        if (myself.isMaster())
        {
            myself.flags &= ~(NodeFlags.MASTER | NodeFlags.MIGRATE_TO);
            myself.flags |= NodeFlags.SLAVE;
            closeAllSlots();
        }
        else if (myself.master != null)
        {
            context.view.removeReplica(myself.master, myself);
        }
        myself.master = master;
        context.view.addReplica(master, myself);
        System.arraycopy(master.shardId, 0, myself.shardId, 0, NodeId.LENGTH);
        context.outbox.event(Outbox.ROLE_CHANGED, master.idText, 0);
        // a paused master that became a replica (its manual failover worked) resumes writes
        context.manualFailover.reset();
    }

    /**
     * Ends every migration and import (Redis's clusterCloseAllSlots).
     */
    void closeAllSlots()
    {
        for (int slot = 0; slot < io.krill.slots.HashSlot.SLOT_COUNT; slot++)
        {
            context.view.slots.setStable(slot);
        }
    }
}
