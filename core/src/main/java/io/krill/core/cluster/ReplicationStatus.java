package io.krill.core.cluster;

import io.krill.gossip.ReplicationProgress;

/**
 * This node's replication progress as the cluster's elections see it (digest 7.1, 7.4): the replication offset
 * (a master's own, or what a replica has processed) and when the replica's link to its master went down.
 * <p>
 * BACKGROUND: the replication layer is built separately; until it feeds this holder, every value stays 0, which
 * the election reads as "unknown": replicas rank equal, the data-age check passes, and a manual failover does
 * not wait (the paused master's offset, 0, equals the replica's). The replication code sets the fields on the
 * node's agent thread as it progresses; the gossip state machine reads them at each input.
 */
public final class ReplicationStatus implements ReplicationProgress
{
    private long offset;
    private long masterLinkDownSinceMs;
    private long masterLastInteractionMs;

    @Override
    public long offset()
    {
        return offset;
    }

    @Override
    public long masterLinkDownSinceMs()
    {
        return masterLinkDownSinceMs;
    }

    @Override
    public long masterLastInteractionMs()
    {
        return masterLastInteractionMs;
    }

    /** The master's {@code master_repl_offset}, or the replica's processed offset. */
    public void offset(final long offset)
    {
        this.offset = offset;
    }

    /** When the link to the master went down (node clock, ms); 0 while it is up. */
    public void masterLinkDownSinceMs(final long timeMs)
    {
        this.masterLinkDownSinceMs = timeMs;
    }

    /** When data last came from the master (node clock, ms); 0 if unknown. */
    public void masterLastInteractionMs(final long timeMs)
    {
        this.masterLastInteractionMs = timeMs;
    }
}
