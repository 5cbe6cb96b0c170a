package io.krill.core.command;

import io.krill.core.cluster.ClusterMember;
import io.krill.core.config.ServerConfig;
import io.krill.core.resp.RespEncoder;
import io.krill.gossip.ClusterNodeInfo;
import io.krill.gossip.ClusterView;
import io.krill.slots.HashSlot;
import io.krill.slots.SlotSet;

import java.util.List;

/**
 * The replies clients build their slot maps from, in Redis 7.0.15's shapes (digest 3.3, 3.4, 3.7; compare the
 * golden replies {@code cluster-slots.resp}, {@code cluster-shards.resp}, {@code cluster-links.resp}):
 * CLUSTER SLOTS (Jedis), CLUSTER SHARDS (newer clients) and CLUSTER LINKS (operators).
 */
final class ClusterTopologyReplies
{
    private ClusterTopologyReplies()
    {
    }

    /**
     * One entry per run of consecutive slots with the same master, in slot order: start, end, the master, then
     * its replicas that are not failed and have replicated something (offset not 0, as Redis filters them).
     */
    static void slots(final ServerConfig config, final ClusterMember cluster, final RespEncoder out)
    {
        final ClusterView view = cluster.view();
        int runs = 0;
        ClusterNodeInfo previous = null;
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++)
        {
            final ClusterNodeInfo owner = view.slotOwner(slot);
            if (owner != null && owner != previous)
            {
                runs++;
            }
            previous = owner;
        }
        out.array(runs);
        int slot = 0;
        while (slot < HashSlot.SLOT_COUNT)
        {
            final ClusterNodeInfo owner = view.slotOwner(slot);
            int end = slot;
            while (end + 1 < HashSlot.SLOT_COUNT && view.slotOwner(end + 1) == owner)
            {
                end++;
            }
            if (owner != null)
            {
                slotRun(config, cluster, owner, slot, end, out);
            }
            slot = end + 1;
        }
    }

    private static void slotRun(final ServerConfig config, final ClusterMember cluster, final ClusterNodeInfo master,
        final int start, final int end, final RespEncoder out)
    {
        int replicas = 0;
        for (final ClusterNodeInfo replica : master.replicas())
        {
            if (listedInSlots(cluster, replica))
            {
                replicas++;
            }
        }
        out.array(3 + replicas);
        out.integer(start);
        out.integer(end);
        slotNode(config, master, out);
        for (final ClusterNodeInfo replica : master.replicas())
        {
            if (listedInSlots(cluster, replica))
            {
                slotNode(config, replica, out);
            }
        }
    }

    private static boolean listedInSlots(final ClusterMember cluster, final ClusterNodeInfo replica)
    {
        return !replica.isFailed() && replicationOffset(cluster, replica) != 0;
    }

    /** [endpoint, port, id, metadata]: metadata holds the ip and hostname the endpoint did not already give. */
    private static void slotNode(final ServerConfig config, final ClusterNodeInfo node, final RespEncoder out)
    {
        final int type = ClusterEndpoints.type(config);
        out.array(4);
        if (type == ClusterEndpoints.UNKNOWN)
        {
            out.nullBulk();
        }
        else
        {
            out.bulk(ClusterEndpoints.endpoint(config, node));
        }
        out.integer(node.port());
        out.bulk(node.id());
        final boolean ip = type != ClusterEndpoints.IP;
        final boolean hostname = type != ClusterEndpoints.HOSTNAME && !node.hostname().isEmpty();
        out.map((ip ? 1 : 0) + (hostname ? 1 : 0));
        if (ip)
        {
            out.bulk("ip");
            out.bulk(node.ip());
        }
        if (hostname)
        {
            out.bulk("hostname");
            out.bulk(node.hostname());
        }
    }

    /** One shard per master: its slot ranges as start/end pairs, then the master and its replicas. */
    static void shards(final ServerConfig config, final ClusterMember cluster, final RespEncoder out)
    {
        final ClusterView view = cluster.view();
        final List<ClusterNodeInfo> nodes = view.nodes();
        int masters = 0;
        for (final ClusterNodeInfo node : nodes)
        {
            if (node.isMaster())
            {
                masters++;
            }
        }
        out.array(masters);
        for (final ClusterNodeInfo master : nodes)
        {
            if (!master.isMaster())
            {
                continue;
            }
            out.map(2);
            out.bulk("slots");
            slotPairs(master.slots(), out);
            out.bulk("nodes");
            out.array(1 + master.replicas().size());
            shardNode(config, cluster, master, out);
            for (final ClusterNodeInfo replica : master.replicas())
            {
                shardNode(config, cluster, replica, out);
            }
        }
    }

    private static void slotPairs(final SlotSet slots, final RespEncoder out)
    {
        int ranges = 0;
        for (int start = slots.nextSetBit(0); start >= 0; start = nextRange(slots, start))
        {
            ranges++;
        }
        out.array(2 * ranges);
        for (int start = slots.nextSetBit(0); start >= 0; start = nextRange(slots, start))
        {
            out.integer(start);
            out.integer(rangeEnd(slots, start));
        }
    }

    private static int rangeEnd(final SlotSet slots, final int start)
    {
        final int clear = slots.nextClearBit(start);
        return (clear < 0 ? HashSlot.SLOT_COUNT : clear) - 1;
    }

    private static int nextRange(final SlotSet slots, final int start)
    {
        final int after = rangeEnd(slots, start) + 1;
        return after < HashSlot.SLOT_COUNT ? slots.nextSetBit(after) : -1;
    }

    private static void shardNode(final ServerConfig config, final ClusterMember cluster, final ClusterNodeInfo node,
        final RespEncoder out)
    {
        final boolean port = node.port() != 0;
        final boolean tlsPort = node.pport() != 0;
        final boolean hostname = !node.hostname().isEmpty();
        out.map(6 + (port ? 1 : 0) + (tlsPort ? 1 : 0) + (hostname ? 1 : 0));
        out.bulk("id");
        out.bulk(node.id());
        if (port)
        {
            out.bulk("port");
            out.integer(node.port());
        }
        if (tlsPort)
        {
            out.bulk("tls-port");
            out.integer(node.pport());
        }
        out.bulk("ip");
        out.bulk(node.ip());
        out.bulk("endpoint");
        out.bulk(ClusterEndpoints.endpoint(config, node));
        if (hostname)
        {
            out.bulk("hostname");
            out.bulk(node.hostname());
        }
        final long offset = replicationOffset(cluster, node);
        out.bulk("role");
        out.bulk(node.isMaster() ? "master" : "replica");
        out.bulk("replication-offset");
        out.integer(offset);
        out.bulk("health");
        out.bulk(node.isFailed() ? "fail" : node.isReplica() && offset == 0 ? "loading" : "online");
    }

    /** A peer's offset is what its last header carried; myself's is read live, as Redis does. */
    private static long replicationOffset(final ClusterMember cluster, final ClusterNodeInfo node)
    {
        return node == cluster.view().myself() ? cluster.replicationStatus().offset() : node.replicationOffset();
    }

    /** Each node's outbound ("to") link, then its inbound ("from") link, each a map of six fields. */
    static void links(final ClusterMember cluster, final RespEncoder out)
    {
        final List<ClusterNodeInfo> nodes = cluster.view().nodes();
        int links = 0;
        for (final ClusterNodeInfo node : nodes)
        {
            links += (node.outboundLinkId() >= 0 ? 1 : 0) + (node.inboundLinkId() >= 0 ? 1 : 0);
        }
        out.array(links);
        for (final ClusterNodeInfo node : nodes)
        {
            if (node.outboundLinkId() >= 0)
            {
                link(cluster, node, node.outboundLinkId(), "to", out);
            }
            if (node.inboundLinkId() >= 0)
            {
                link(cluster, node, node.inboundLinkId(), "from", out);
            }
        }
    }

    private static void link(final ClusterMember cluster, final ClusterNodeInfo node, final long linkId,
        final String direction, final RespEncoder out)
    {
        final int queued = cluster.linkQueuedBytes(linkId);
        out.map(6);
        out.bulk("direction");
        out.bulk(direction);
        out.bulk("node");
        out.bulk(node.id());
        out.bulk("create-time");
        out.integer(cluster.linkCreatedMs(linkId));
        out.bulk("events");
        out.bulk(queued > 0 ? "rw" : "r");
        out.bulk("send-buffer-allocated");
        out.integer(cluster.linkAllocatedBytes(linkId));
        out.bulk("send-buffer-used");
        out.integer(queued);
    }
}
