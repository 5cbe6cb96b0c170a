package io.krill.gossip;

/**
 * The two ways a configEpoch changes without an election (digest 8.1).
 * <p>
 * Collision: BACKGROUND: two masters can end up with the same configEpoch (cluster creation with equal
 * epochs, two slot imports closed at once, a TAKEOVER racing a failover). Ownership is decided by comparing
 * epochs, so equal epochs would leave a tie. BEHAVIOR: when a master hears from another master with my
 * epoch, the one with the smaller node id takes {@code ++currentEpoch}; the largest id keeps its epoch, so
 * after enough heartbeats all masters differ. The change is saved with fsync at once.
 * <p>
 * Bump without consensus: for BUMPEPOCH, closing an import on myself, and TAKEOVER: take a new epoch unless
 * mine is already the unique maximum. It can collide, and the collision rule then repairs it.
 */
final class EpochRules
{
    private final GossipContext context;

    EpochRules(final GossipContext context)
    {
        this.context = context;
    }

    /**
     * Called for every heartbeat from master {@code sender} whose header epoch equals mine.
     *
     * @return true if myself took a new epoch.
     */
    boolean handleCollision(final ClusterNodeInfo sender)
    {
        final ClusterView view = context.view;
        final ClusterNodeInfo myself = view.myself;
        if (sender.configEpoch != myself.configEpoch || !sender.isMaster() || !myself.isMaster())
        {
            return false;
        }
        if (java.util.Arrays.compareUnsigned(sender.id, myself.id) <= 0)
        {
            return false;
        }
        view.currentEpoch++;
        myself.configEpoch = view.currentEpoch;
        context.pending.saveAndFsync();
        return true;
    }

    /**
     * Redis's clusterBumpConfigEpochWithoutConsensus.
     *
     * @return true if the epoch changed (BUMPED), false if it was already the unique maximum (STILL).
     */
    boolean bumpWithoutConsensus()
    {
        final ClusterView view = context.view;
        final ClusterNodeInfo myself = view.myself;
        final long maxEpoch = view.maxEpoch();
        if (myself.configEpoch != 0 && myself.configEpoch == maxEpoch)
        {
            return false;
        }
        view.currentEpoch++;
        myself.configEpoch = view.currentEpoch;
        context.pending.saveAndFsync();
        return true;
    }
}
