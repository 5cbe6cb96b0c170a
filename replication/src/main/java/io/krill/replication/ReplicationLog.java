package io.krill.replication;

import org.agrona.DirectBuffer;

/**
 * The replication history of one node, master or replica: its replication id, the previous id a promotion
 * left behind, the replication offset, and the backlog of the newest stream bytes. Decides PSYNC requests.
 * <p>
 * BACKGROUND (Redis 7.0, digest 9): the offset counts the stream bytes this node produced (a master) or applied
 * (a replica) under its id. It only moves while a backlog exists: a master with no replica ever attached keeps
 * offset 0, and creates the backlog, with a fresh id, when the first replica asks for a full sync. A replica that
 * is promoted keeps its data, so its old id stays valid as {@code replid2} up to {@code secondReplidOffset}:
 * sibling replicas that followed the same master can then continue from the promoted one without a full sync.
 * <p>
 * Not thread safe: owned by the node's agent.
 */
public final class ReplicationLog
{
    private final RandomSource random;
    private String replid;
    private String replid2 = ReplicationId.NONE;
    private long secondReplidOffset = -1;
    private long offset;
    private int backlogSizeBytes;
    private ReplicationBacklog backlog;

    public ReplicationLog(final RandomSource random, final int backlogSizeBytes)
    {
        this.random = random;
        this.replid = ReplicationId.random(random);
        this.backlogSizeBytes = backlogSizeBytes;
    }

    public String replid()
    {
        return replid;
    }

    public String replid2()
    {
        return replid2;
    }

    /** The last offset (plus one) up to which {@link #replid2()} is valid, or -1. */
    public long secondReplidOffset()
    {
        return secondReplidOffset;
    }

    /** {@code master_repl_offset}: stream bytes produced or applied under the current history. */
    public long offset()
    {
        return offset;
    }

    /** The backlog, or null before the first replica (or, on a replica, before the first sync). */
    public ReplicationBacklog backlog()
    {
        return backlog;
    }

    public int backlogSizeBytes()
    {
        return backlogSizeBytes;
    }

    /** {@code repl-backlog-size} changed: an existing backlog is rebuilt empty at the current offset, as Redis. */
    public void backlogSizeBytes(final int sizeBytes)
    {
        if (sizeBytes != backlogSizeBytes)
        {
            backlogSizeBytes = sizeBytes;
            if (backlog != null)
            {
                backlog = new ReplicationBacklog(sizeBytes, offset);
            }
        }
    }

    /**
     * Before the first full sync a master serves: a new id (no replica can share the unrecorded history before
     * it) and an empty backlog from the current offset. Does nothing if the backlog exists.
     *
     * @return true if the backlog was created.
     */
    public boolean createBacklogForFirstReplica()
    {
        if (backlog != null)
        {
            return false;
        }
        replid = ReplicationId.random(random);
        clearReplid2();
        backlog = new ReplicationBacklog(backlogSizeBytes, offset);
        return true;
    }

    /** Appends stream bytes (produced as master or applied as replica); a no-op without a backlog. */
    public void feed(final DirectBuffer buffer, final int index, final int length)
    {
        if (backlog != null)
        {
            backlog.append(buffer, index, length);
            offset += length;
        }
    }

    public void feed(final byte[] buffer, final int index, final int length)
    {
        if (backlog != null)
        {
            backlog.append(buffer, index, length);
            offset += length;
        }
    }

    /**
     * Decides a {@code PSYNC replid offset} request: continue when the id is ours (or our previous one and the
     * offset is not beyond where that history ended) and the backlog still holds every byte from the offset.
     */
    public PsyncDecision decide(final String requestedReplid, final long requestedOffset)
    {
        final boolean sameHistory = replid.equalsIgnoreCase(requestedReplid) ||
            replid2.equalsIgnoreCase(requestedReplid) && requestedOffset <= secondReplidOffset;
        if (!sameHistory || backlog == null || !backlog.canServe(requestedOffset))
        {
            return PsyncDecision.FULL_RESYNC;
        }
        return PsyncDecision.CONTINUE;
    }

    /**
     * Promotion (REPLICAOF NO ONE, failover): the current history continues under a new id; the old id stays
     * valid for offsets up to the current one.
     */
    public void shiftReplicationId()
    {
        replid2 = replid;
        secondReplidOffset = offset + 1;
        replid = ReplicationId.random(random);
    }

    /**
     * A replica finished loading a full sync: it now shares the master's history from {@code masterOffset},
     * with a fresh backlog there (Redis's replica keeps one so it can serve PSYNC if promoted).
     */
    public void resetTo(final String masterReplid, final long masterOffset)
    {
        replid = masterReplid;
        clearReplid2();
        offset = masterOffset;
        backlog = new ReplicationBacklog(backlogSizeBytes, masterOffset);
    }

    /**
     * A replica continued with {@code +CONTINUE newReplid}: if the master changed id (it was promoted), our
     * history up to here is the old id's and carries on under the new one.
     */
    public void continueWith(final String masterReplid)
    {
        if (masterReplid != null && !masterReplid.equalsIgnoreCase(replid))
        {
            replid2 = replid;
            secondReplidOffset = offset + 1;
            replid = masterReplid;
        }
        if (backlog == null)
        {
            backlog = new ReplicationBacklog(backlogSizeBytes, offset);
        }
    }

    private void clearReplid2()
    {
        replid2 = ReplicationId.NONE;
        secondReplidOffset = -1;
    }
}
