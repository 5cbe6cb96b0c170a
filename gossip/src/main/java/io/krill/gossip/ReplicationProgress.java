package io.krill.gossip;

/**
 * What the election needs from the replication layer, which the gossip state machine does not own (digest 7.1,
 * 7.4): this node's replication offset and how stale a replica's data is. Core implements it over its
 * replication state and passes it with {@link GossipState#replicationProgress}; the state machine reads it on
 * every input, so the values may change at any time between calls.
 * <p>
 * Called on the agent that drives {@link GossipState}; implementations need not be thread-safe.
 */
public interface ReplicationProgress
{
    /**
     * Nothing known: offset 0 and a master link that never went down, so the data-age check always passes.
     * Elections still work; replicas then all rank equal.
     */
    ReplicationProgress UNKNOWN = new ReplicationProgress()
    {
        @Override
        public long offset()
        {
            return 0;
        }

        @Override
        public long masterLinkDownSinceMs()
        {
            return 0;
        }
    };

    /**
     * A master's own replication offset ({@code master_repl_offset}), or what a replica has processed. Bus
     * headers carry it: sibling replicas rank themselves by it, and a replica in a manual failover waits until
     * its own reaches the paused master's.
     */
    long offset();

    /**
     * When (node clock, ms) the replica's link to its master went down; 0 while it is up (or was never set up).
     */
    long masterLinkDownSinceMs();

    /**
     * While the link is up: when data last came from the master (ms), or 0 if unknown; a master that died
     * without closing the connection is then noticed by its silence. The default is unknown.
     */
    default long masterLastInteractionMs()
    {
        return 0;
    }
}
