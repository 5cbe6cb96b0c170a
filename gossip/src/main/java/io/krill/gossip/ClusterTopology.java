package io.krill.gossip;

import java.util.ArrayList;
import java.util.List;

import io.krill.slots.HashSlot;
import io.krill.slots.SlotRange;

/**
 * The data behind CLUSTER SLOTS and CLUSTER SHARDS (digest 3.3, 3.4), for core to render in RESP2 or RESP3
 * with its endpoint rules (preferred endpoint type, TLS port). Built fresh per call; these replies are not a
 * hot path.
 */
public final class ClusterTopology
{
    /**
     * One CLUSTER SLOTS entry: a maximal run of slots served by one master, with the replicas worth listing.
     */
    public record SlotsEntry(int start, int end, ClusterNodeInfo master, List<ClusterNodeInfo> replicas)
    {
    }

    /**
     * One CLUSTER SHARDS entry: a master's slot ranges, then the master and its replicas ({@code nodes.get(0)}
     * is the master).
     */
    public record Shard(List<SlotRange> slots, List<ClusterNodeInfo> nodes)
    {
    }

    private ClusterTopology()
    {
    }

    /**
     * CLUSTER SLOTS: ascending runs of slots with the same owner; a master owning several runs appears in
     * several entries. Replicas are listed if not FAIL and their replication offset is known (non-zero).
     */
    public static List<SlotsEntry> slots(final ClusterView view)
    {
        final List<SlotsEntry> entries = new ArrayList<>();
        int slot = 0;
        while (slot < HashSlot.SLOT_COUNT)
        {
            final ClusterNodeInfo owner = view.slots.owner(slot);
            int end = slot;
            while (end + 1 < HashSlot.SLOT_COUNT && view.slots.owner(end + 1) == owner)
            {
                end++;
            }
            if (owner != null)
            {
                entries.add(new SlotsEntry(slot, end, owner, availableReplicas(owner)));
            }
            slot = end + 1;
        }
        return entries;
    }

    /**
     * CLUSTER SHARDS: one shard per master (sorted by id), its slot ranges and its nodes.
     */
    public static List<Shard> shards(final ClusterView view)
    {
        final List<Shard> shards = new ArrayList<>();
        for (final ClusterNodeInfo node : view.nodes())
        {
            if (!node.isMaster() || node.inHandshake())
            {
                continue;
            }
            final List<ClusterNodeInfo> nodes = new ArrayList<>(1 + node.replicas.size());
            nodes.add(node);
            nodes.addAll(node.replicas);
            shards.add(new Shard(node.slots.ranges(), nodes));
        }
        return shards;
    }

    /**
     * CLUSTER SHARDS {@code health}: {@code fail}, {@code loading} (a replica that has not replicated yet),
     * or {@code online}.
     */
    public static String health(final ClusterNodeInfo node)
    {
        if (node.isFailed())
        {
            return "fail";
        }
        if (node.isReplica() && node.replicationOffset == 0)
        {
            return "loading";
        }
        return "online";
    }

    private static List<ClusterNodeInfo> availableReplicas(final ClusterNodeInfo master)
    {
        final List<ClusterNodeInfo> replicas = new ArrayList<>(master.replicas.size());
        for (final ClusterNodeInfo replica : master.replicas)
        {
            if (!replica.isFailed() && replica.replicationOffset != 0)
            {
                replicas.add(replica);
            }
        }
        return replicas;
    }
}
