package io.krill.gossip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The known nodes, kept sorted by id and findable by an id still inside a received message.
 * <p>
 * Sorted, because every rule that walks the nodes must not depend on hash order (STYLE.md "Order"): the same
 * inputs then give the same outputs, which the simulator's replay needs. Findable in place, because a PING
 * names up to a tenth of the cluster and turning each id into a String would allocate per message: the index
 * hashes the id's first 16 bytes (random hex, so collisions are rare) and a collision falls back to a scan.
 */
final class NodeDirectory
{
    private final ArrayList<ClusterNodeInfo> sorted = new ArrayList<>();
    private final List<ClusterNodeInfo> readOnly = Collections.unmodifiableList(sorted);
    private final Long2ObjectHashMap<ClusterNodeInfo> byHash = new Long2ObjectHashMap<>();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[0]);

    List<ClusterNodeInfo> sorted()
    {
        return readOnly;
    }

    int size()
    {
        return sorted.size();
    }

    ClusterNodeInfo get(final int index)
    {
        return sorted.get(index);
    }

    ClusterNodeInfo find(final DirectBuffer buffer, final int index)
    {
        final ClusterNodeInfo candidate = byHash.get(hash(buffer, index));
        if (candidate != null && NodeId.equals(buffer, index, candidate.id, 0))
        {
            return candidate;
        }
        return scan(buffer, index);
    }

    ClusterNodeInfo find(final byte[] id, final int offset)
    {
        if (id.length - offset < NodeId.LENGTH)
        {
            return null;
        }
        scratch.wrap(id);
        return find(scratch, offset);
    }

    ClusterNodeInfo find(final String id)
    {
        if (id.length() != NodeId.LENGTH)
        {
            return null;
        }
        return find(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);
    }

    void add(final ClusterNodeInfo node)
    {
        int position = Collections.binarySearch(sorted, node, NodeDirectory::compare);
        if (position >= 0)
        {
            throw new IllegalStateException("node already known: " + node.idText);
        }
        sorted.add(-position - 1, node);
        scratch.wrap(node.id);
        byHash.putIfAbsent(hash(scratch, 0), node);
    }

    void remove(final ClusterNodeInfo node)
    {
        final int position = Collections.binarySearch(sorted, node, NodeDirectory::compare);
        if (position < 0 || sorted.get(position) != node)
        {
            throw new IllegalStateException("node not known: " + node.idText);
        }
        sorted.remove(position);
        scratch.wrap(node.id);
        final long key = hash(scratch, 0);
        if (byHash.get(key) == node)
        {
            byHash.remove(key);
            reindex(key);
        }
    }

    private void reindex(final long key)
    {
        for (final ClusterNodeInfo other : sorted)
        {
            scratch.wrap(other.id);
            if (hash(scratch, 0) == key)
            {
                byHash.put(key, other);
                return;
            }
        }
    }

    private ClusterNodeInfo scan(final DirectBuffer buffer, final int index)
    {
        for (int i = 0; i < sorted.size(); i++)
        {
            final ClusterNodeInfo node = sorted.get(i);
            if (NodeId.equals(buffer, index, node.id, 0))
            {
                return node;
            }
        }
        return null;
    }

    static int compare(final ClusterNodeInfo a, final ClusterNodeInfo b)
    {
        return java.util.Arrays.compareUnsigned(a.id, b.id);
    }

    private static long hash(final DirectBuffer buffer, final int index)
    {
        final long h = buffer.getLong(index) * 0x9E3779B97F4A7C15L ^ buffer.getLong(index + 8);
        return h ^ (h >>> 29);
    }
}
