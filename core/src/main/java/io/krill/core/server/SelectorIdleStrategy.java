package io.krill.core.server;

import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.function.LongSupplier;

/**
 * Backs off from spinning to yielding to blocking in {@link Selector#select(long)} until the next timer is due.
 * <p>
 * BACKGROUND: a park-based back-off (Agrona's {@code BackoffIdleStrategy}) wakes up to poll sockets even when
 * nothing arrives, and an idle node must burn no CPU. Blocking in the selector instead sleeps until a socket is
 * ready, another thread calls {@link Selector#wakeup()}, or the node's next timer (cron, expiry) is due, and
 * still reacts at once to a request. The short spin and yield phases keep latency low under load.
 */
final class SelectorIdleStrategy implements IdleStrategy
{
    private static final int SPINS = 20;
    private static final int YIELDS = 5;

    private final Selector selector;
    private final LongSupplier msUntilNextTimer;
    private int idleCycles;

    SelectorIdleStrategy(final Selector selector, final LongSupplier msUntilNextTimer)
    {
        this.selector = selector;
        this.msUntilNextTimer = msUntilNextTimer;
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
        idleCycles++;
        if (idleCycles <= SPINS)
        {
            Thread.onSpinWait();
        }
        else if (idleCycles <= SPINS + YIELDS)
        {
            Thread.yield();
        }
        else
        {
            final long timeoutMs = msUntilNextTimer.getAsLong();
            if (timeoutMs > 0)
            {
                try
                {
                    // returns early when a key is ready; the duty cycle then handles it with selectNow
                    selector.select(timeoutMs);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
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
