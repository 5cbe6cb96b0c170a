package io.krill.gossip;

import java.util.List;

import io.krill.slots.HashSlot;
import io.krill.slots.SlotTable;

/**
 * This node's picture of the cluster (Redis's {@code clusterState}): the known nodes with myself among them,
 * {@code currentEpoch} and {@code lastVoteEpoch}, the slot table (owner, migrating, importing per slot), the
 * cluster state, the forget blacklist and the message counters.
 * <p>
 * The view holds data and keeps its own invariants (a node's slot set matches the table; a replica is in its
 * master's replica list); the rules that decide when to change it live in the gossip classes. Public
 * accessors are read-only views for core. Single-threaded: read it on the agent that drives
 * {@link GossipState}.
 */
public final class ClusterView
{
    final NodeDirectory directory = new NodeDirectory();
    final SlotTable<ClusterNodeInfo> slots = new SlotTable<>();
    final ForgetBlacklist blacklist = new ForgetBlacklist();
    final BusMessageCounters counters = new BusMessageCounters();
    ClusterNodeInfo myself;
    long currentEpoch;
    long lastVoteEpoch;
    boolean stateOk;
    /**
     * Starts at 1, as Redis's clusterInit sets it: the real count replaces it at the first state evaluation after
     * the 2 s writable delay, so a new node reports {@code cluster_size:1} until then (Redis 7.0.15 does).
     */
    int size = 1;

    public ClusterNodeInfo myself()
    {
        return myself;
    }

    /**
     * The cluster's logical clock as this node knows it.
     */
    public long currentEpoch()
    {
        return currentEpoch;
    }

    /**
     * The epoch of the last vote this node granted (persisted so it never votes twice in one epoch).
     */
    public long lastVoteEpoch()
    {
        return lastVoteEpoch;
    }

    /**
     * {@code cluster_state:ok} as last evaluated (digest 8.4).
     */
    public boolean isStateOk()
    {
        return stateOk;
    }

    /**
     * {@code cluster_size}: masters serving at least one slot, as of the last state evaluation.
     */
    public int size()
    {
        return size;
    }

    /**
     * Every known node (myself and handshake nodes included), sorted by id.
     */
    public List<ClusterNodeInfo> nodes()
    {
        return directory.sorted();
    }

    public int nodeCount()
    {
        return directory.size();
    }

    /**
     * The node with this 40-character id, or null.
     */
    public ClusterNodeInfo node(final String id)
    {
        return directory.find(id);
    }

    public ClusterNodeInfo node(final byte[] id, final int offset)
    {
        return directory.find(id, offset);
    }

    /**
     * The owner of {@code slot}, or null.
     */
    public ClusterNodeInfo slotOwner(final int slot)
    {
        return slots.owner(slot);
    }

    public ClusterNodeInfo migratingTo(final int slot)
    {
        return slots.migratingTo(slot);
    }

    public ClusterNodeInfo importingFrom(final int slot)
    {
        return slots.importingFrom(slot);
    }

    public int assignedSlots()
    {
        return slots.countAssigned();
    }

    /**
     * Messages sent and received per bus message type (CLUSTER INFO's {@code cluster_stats_messages_*}).
     */
    public BusMessageCounters counters()
    {
        return counters;
    }

    /**
     * The configEpoch myself advertises: its master's when it is a replica.
     */
    public long myEpoch()
    {
        return myself.effectiveConfigEpoch();
    }

    /**
     * The largest configEpoch known, or currentEpoch if larger (Redis's clusterGetMaxEpoch).
     */
    public long maxEpoch()
    {
        long max = currentEpoch;
        for (int i = 0; i < directory.size(); i++)
        {
            max = Math.max(max, directory.get(i).configEpoch);
        }
        return max;
    }

    /**
     * Failure reports about {@code node} still valid at {@code nowMs} (older ones are purged).
     */
    public int countFailureReports(final ClusterNodeInfo node, final long nowMs, final long nodeTimeoutMs)
    {
        return node.failureReports.countValid(nowMs, nodeTimeoutMs * FailureReports.VALIDITY_MULTIPLIER);
    }

    void addNode(final ClusterNodeInfo node)
    {
        directory.add(node);
    }

    void rename(final ClusterNodeInfo node, final byte[] newId, final int offset)
    {
        directory.remove(node);
        node.rename(newId, offset);
        directory.add(node);
    }

    /**
     * Assigns a free slot (Redis's clusterAddSlot).
     *
     * @return false if the slot already had an owner.
     */
    boolean addSlot(final ClusterNodeInfo node, final int slot)
    {
        if (slots.owner(slot) != null)
        {
            return false;
        }
        slots.assign(slot, node);
        node.slots.set(slot);
        node.slotCount++;
        // A master that gets its first slot while masters have replicas may receive a migrating replica
        // later (digest 7.3).
        if (node.slotCount == 1 && mastersHaveReplicas())
        {
            node.flags |= NodeFlags.MIGRATE_TO;
        }
        return true;
    }

    /**
     * Unassigns a slot (Redis's clusterDelSlot).
     *
     * @return false if it had no owner.
     */
    boolean delSlot(final int slot)
    {
        final ClusterNodeInfo owner = slots.unassign(slot);
        if (owner == null)
        {
            return false;
        }
        owner.slots.clear(slot);
        owner.slotCount--;
        return true;
    }

    /**
     * Unassigns every slot of {@code node} (Redis's clusterDelNodeSlots).
     *
     * @return how many it had.
     */
    int delNodeSlots(final ClusterNodeInfo node)
    {
        int deleted = 0;
        for (int slot = node.slots.nextSetBit(0); slot >= 0; slot = node.slots.nextSetBit(slot + 1))
        {
            if (slots.owner(slot) == node)
            {
                delSlot(slot);
                deleted++;
            }
        }
        return deleted;
    }

    void addReplica(final ClusterNodeInfo master, final ClusterNodeInfo replica)
    {
        if (!master.replicas.contains(replica))
        {
            master.replicas.add(replica);
            // A master that had replicas is a target for replica migration (digest 7.3).
            master.flags |= NodeFlags.MIGRATE_TO;
        }
    }

    void removeReplica(final ClusterNodeInfo master, final ClusterNodeInfo replica)
    {
        master.replicas.remove(replica);
        if (master.replicas.isEmpty())
        {
            master.flags &= ~NodeFlags.MIGRATE_TO;
        }
    }

    /**
     * Drops the node from the directory, the slot table and everyone's failure reports, and unlinks it from
     * its master and replicas (Redis's clusterDelNode minus the links, which the caller closes).
     */
    void removeNode(final ClusterNodeInfo node)
    {
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++)
        {
            if (slots.importingFrom(slot) == node)
            {
                slots.setImporting(slot, null);
            }
            if (slots.migratingTo(slot) == node)
            {
                slots.setMigrating(slot, null);
            }
        }
        delNodeSlots(node);
        for (int i = 0; i < directory.size(); i++)
        {
            directory.get(i).failureReports.remove(node);
        }
        if (node.master != null)
        {
            removeReplica(node.master, node);
        }
        for (final ClusterNodeInfo replica : node.replicas)
        {
            replica.master = null;
        }
        node.replicas.clear();
        directory.remove(node);
    }

    private boolean mastersHaveReplicas()
    {
        for (int i = 0; i < directory.size(); i++)
        {
            final ClusterNodeInfo node = directory.get(i);
            if (node.isMaster() && !node.replicas.isEmpty())
            {
                return true;
            }
        }
        return false;
    }
}
