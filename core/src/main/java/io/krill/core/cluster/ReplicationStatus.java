package io.krill.core.cluster;

import io.krill.core.command.Replication;
import io.krill.gossip.ReplicationProgress;

/**
 * This node's replication progress as the cluster's elections see it (digest 7.1, 7.4): the replication offset
 * (a master's own {@code master_repl_offset}, or what a replica has processed), when the replica's link to its
 * master went down, and when data last came from the master.
 * <p>
 * The values are read from the node's {@link Replication} at each call, so the offset a bus header carries, the
 * rank a replica takes in an election and the offset a manual failover waits for are always the current ones.
 * Until {@link #source} is called (a node built without replication) every value is 0, which the election reads
 * as "unknown": replicas rank equal and the data-age check passes.
 * <p>
 * Not thread safe: read and written on the node's agent thread.
 */
public final class ReplicationStatus implements ReplicationProgress
{
    private Replication replication;

    /** Where the values come from. */
    public void source(final Replication replication)
    {
        this.replication = replication;
    }

    @Override
    public long offset()
    {
        return replication == null ? 0 : replication.offset();
    }

    @Override
    public long masterLinkDownSinceMs()
    {
        if (replication == null || replication.masterHost() == null || replication.linkUp())
        {
            return 0;
        }
        // 0 would read as "up": a link that has been down since the node clock's epoch is still down
        return Math.max(1, replication.linkDownSinceMs());
    }

    @Override
    public long masterLastInteractionMs()
    {
        if (replication == null || replication.masterHost() == null || !replication.linkUp())
        {
            return 0;
        }
        return replication.sync().lastIoMs();
    }
}
