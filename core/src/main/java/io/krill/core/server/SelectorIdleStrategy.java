package io.krill.core.server;

import org.agrona.concurrent.IdleStrategy;

/**
 * Decides when the node's socket poll may wait: after an optional spin and yield phase, the poll itself blocks in
 * the selector until a socket is ready or the next timer is due (see {@link NodeAgent#doWork()}).
 * <p>
 * BACKGROUND: an idle node must burn no CPU, so it sleeps in the selector rather than parking and polling. The
 * sleep is the poll: one {@code epoll_wait} with a timeout serves the sockets that are ready, or returns at once
 * if some already are, as Redis's event loop does. A non-blocking poll followed by a separate blocking wait (the
 * first design) cost three {@code epoll_wait} calls per wake-up, five times Redis's count under
 * {@code redis-benchmark -P 16}. Spinning before blocking can lower latency on a machine with cores to spare; on a
 * small shared machine it takes CPU from the clients and measured slower, so it is off unless asked for with
 * {@code -Dkrill.idle.spins=N} and {@code -Dkrill.idle.yields=N} (see BENCHMARKS.md).
 */
final class SelectorIdleStrategy implements IdleStrategy
{
    private final int spins;
    private final int yields;
    private int idleCycles;

    SelectorIdleStrategy()
    {
        this(Integer.getInteger("krill.idle.spins", 0), Integer.getInteger("krill.idle.yields", 0));
    }

    SelectorIdleStrategy(final int spins, final int yields)
    {
        this.spins = spins;
        this.yields = yields;
    }

    /** Whether the next poll may block: the spin and yield phases after the last busy cycle are over. */
    boolean pollMayBlock()
    {
        return idleCycles >= spins + yields;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            idleCycles = 0;
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        if (idleCycles < spins)
        {
            Thread.onSpinWait();
        }
        else if (idleCycles < spins + yields)
        {
            Thread.yield();
        }
        if (idleCycles < Integer.MAX_VALUE)
        {
            idleCycles++;
        }
    }

    @Override
    public void reset()
    {
        idleCycles = 0;
    }

    @Override
    public String alias()
    {
        return "selector";
    }
}
