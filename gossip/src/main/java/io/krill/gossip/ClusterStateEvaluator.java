package io.krill.gossip;

import io.krill.slots.HashSlot;

/**
 * {@code cluster_state} ok or fail (digest 8.4, Redis's clusterUpdateState), evaluated after changes and on
 * every tick while failed.
 * <p>
 * BEHAVIOR: fail if full coverage is required and a slot is unassigned or served by a FAIL node; fail if
 * fewer than a majority of the slot-serving masters are reachable (a minority side stops taking writes about
 * one node timeout after it lost contact). Two delays protect a master that may hold a stale configuration:
 * after start it stays failed for 2 s ({@link GossipConfig#writableDelayMs()}), so the cluster can tell it about a newer configuration before it
 * accepts writes; and after being in a minority it waits {@code clamp(node timeout, 500, 5000)} ms before
 * returning to ok, for the same reason.
 */
final class ClusterStateEvaluator
{
    /** Bounds of the rejoin delay (CLUSTER_MIN_REJOIN_DELAY, CLUSTER_MAX_REJOIN_DELAY). */
    static final long MIN_REJOIN_DELAY_MS = 500;
    static final long MAX_REJOIN_DELAY_MS = 5000;

    private final GossipContext context;
    private long firstCallMs = -1;
    private long amongMinorityMs;

    ClusterStateEvaluator(final GossipContext context)
    {
        this.context = context;
    }

    void update(final long nowMs)
    {
        final ClusterView view = context.view;
        if (firstCallMs < 0)
        {
            firstCallMs = nowMs;
        }
        if (view.myself.isMaster() && !view.stateOk && nowMs - firstCallMs < context.config.writableDelayMs())
        {
            return;
        }
        boolean ok = !context.config.requireFullCoverage() || fullyCovered(view);
        final int reachable = countMasters(view);
        if (reachable < view.size / 2 + 1)
        {
            ok = false;
            amongMinorityMs = nowMs;
        }
        if (ok == view.stateOk)
        {
            return;
        }
        final long rejoinDelayMs =
            Math.max(MIN_REJOIN_DELAY_MS, Math.min(MAX_REJOIN_DELAY_MS, context.nodeTimeoutMs()));
        if (ok && view.myself.isMaster() && nowMs - amongMinorityMs < rejoinDelayMs)
        {
            return;
        }
        view.stateOk = ok;
        context.outbox.event(Outbox.STATE_CHANGED, null, ok ? 1 : 0);
    }

    private static boolean fullyCovered(final ClusterView view)
    {
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++)
        {
            final ClusterNodeInfo owner = view.slots.owner(slot);
            if (owner == null || owner.isFailed())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Recomputes {@code size} (masters with slots) and returns how many of them are reachable.
     */
    private static int countMasters(final ClusterView view)
    {
        int size = 0;
        int reachable = 0;
        final NodeDirectory nodes = view.directory;
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (node.isMaster() && node.slotCount > 0)
            {
                size++;
                if (!node.hasFlag(NodeFlags.FAIL | NodeFlags.PFAIL))
                {
                    reachable++;
                }
            }
        }
        view.size = size;
        return reachable;
    }
}
