package io.krill.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * The replicas attached to this master, in the order they attached (INFO numbers them so), and the WAIT
 * arithmetic over their acknowledgements.
 * <p>
 * Not thread safe: owned by the node's agent.
 */
public final class ReplicaRegistry
{
    private final List<ReplicaInfo> links = new ArrayList<>();

    /** The entry of connection {@code id}, created in {@link ReplicaState#HANDSHAKE} if new. */
    public ReplicaInfo handshake(final long id, final String ip, final long nowMs)
    {
        final ReplicaInfo found = find(id);
        if (found != null)
        {
            return found;
        }
        final ReplicaInfo info = new ReplicaInfo(id, ip, nowMs);
        links.add(info);
        return info;
    }

    /** The entry of connection {@code id}, or null. */
    public ReplicaInfo find(final long id)
    {
        for (int i = 0; i < links.size(); i++)
        {
            if (links.get(i).id() == id)
            {
                return links.get(i);
            }
        }
        return null;
    }

    /** Forgets connection {@code id} (closed). */
    public boolean remove(final long id)
    {
        for (int i = 0; i < links.size(); i++)
        {
            if (links.get(i).id() == id)
            {
                links.remove(i);
                return true;
            }
        }
        return false;
    }

    /** Every entry, handshakes included, in attach order; do not modify. */
    public List<ReplicaInfo> all()
    {
        return links;
    }

    /** Replicas past the handshake (INFO's {@code connected_slaves}). */
    public int replicaCount()
    {
        int count = 0;
        for (int i = 0; i < links.size(); i++)
        {
            if (links.get(i).state() != ReplicaState.HANDSHAKE)
            {
                count++;
            }
        }
        return count;
    }

    /** WAIT: online replicas whose acknowledged offset reached {@code offset}. */
    public int countAcked(final long offset)
    {
        int count = 0;
        for (int i = 0; i < links.size(); i++)
        {
            final ReplicaInfo info = links.get(i);
            if (info.state() == ReplicaState.ONLINE && info.ackOffset() >= offset)
            {
                count++;
            }
        }
        return count;
    }

    /** min-replicas-to-write: online replicas that acknowledged within {@code maxLagMs}. */
    public int countGood(final long nowMs, final long maxLagMs)
    {
        int count = 0;
        for (int i = 0; i < links.size(); i++)
        {
            final ReplicaInfo info = links.get(i);
            if (info.state() == ReplicaState.ONLINE && nowMs - info.ackTimeMs() <= maxLagMs)
            {
                count++;
            }
        }
        return count;
    }
}
