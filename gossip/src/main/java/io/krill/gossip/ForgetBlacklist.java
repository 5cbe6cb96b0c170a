package io.krill.gossip;

import java.util.ArrayList;

/**
 * Node ids recently removed with CLUSTER FORGET.
 * <p>
 * BACKGROUND: forgetting a node on one node is not enough, because the other nodes still gossip about it and
 * the gossip would add it right back. An operator therefore runs FORGET on every node, and while doing so,
 * each node must ignore gossip about the forgotten id. BEHAVIOR: an id stays here for 60 seconds, long
 * enough to run the command everywhere; gossip naming it creates no node meanwhile (digest 3.6, 5.9). Redis
 * keeps whole seconds; so do we, so expiry happens at the same moments.
 */
final class ForgetBlacklist
{
    /** Redis's CLUSTER_BLACKLIST_TTL. */
    static final long TTL_SECONDS = 60;

    private final ArrayList<String> ids = new ArrayList<>();
    private final ArrayList<byte[]> idBytes = new ArrayList<>();
    private final ArrayList<Long> expiresAtSeconds = new ArrayList<>();

    void add(final String id, final long nowMs)
    {
        cleanup(nowMs);
        final long expires = nowMs / 1000 + TTL_SECONDS;
        final int index = ids.indexOf(id);
        if (index >= 0)
        {
            expiresAtSeconds.set(index, expires);
        }
        else
        {
            ids.add(id);
            idBytes.add(bytes(id));
            expiresAtSeconds.add(expires);
        }
    }

    boolean contains(final String id, final long nowMs)
    {
        cleanup(nowMs);
        return ids.contains(id);
    }

    /**
     * As {@link #contains(String, long)} for an id in a message, without making a String of it.
     */
    boolean contains(final org.agrona.DirectBuffer buffer, final int index, final long nowMs)
    {
        cleanup(nowMs);
        for (int i = 0; i < ids.size(); i++)
        {
            if (NodeId.equals(buffer, index, idBytes.get(i), 0))
            {
                return true;
            }
        }
        return false;
    }

    int size()
    {
        return ids.size();
    }

    void clear()
    {
        ids.clear();
        idBytes.clear();
        expiresAtSeconds.clear();
    }

    private void cleanup(final long nowMs)
    {
        final long nowSeconds = nowMs / 1000;
        for (int i = ids.size() - 1; i >= 0; i--)
        {
            if (expiresAtSeconds.get(i) < nowSeconds)
            {
                ids.remove(i);
                idBytes.remove(i);
                expiresAtSeconds.remove(i);
            }
        }
    }

    private static byte[] bytes(final String id)
    {
        return id.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
