package io.krill.core.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the node's poll waits in the selector at once by default, and only after the spin and yield phases when
 * they are configured.
 * Method: drive the strategy with work counts as the agent runner does and read pollMayBlock after each cycle.
 */
class SelectorIdleStrategyTest
{
    @Test
    void shouldAlwaysLetPollBlockWhenNoSpinsConfigured()
    {
        final SelectorIdleStrategy idle = new SelectorIdleStrategy(0, 0);
        assertTrue(idle.pollMayBlock());
        idle.idle(5);
        assertTrue(idle.pollMayBlock());
        idle.idle(0);
        assertTrue(idle.pollMayBlock());
    }

    @Test
    void shouldPollWithoutBlockingWhileSpinningAfterWork()
    {
        final SelectorIdleStrategy idle = new SelectorIdleStrategy(2, 1);
        idle.idle(1);
        assertFalse(idle.pollMayBlock());
        idle.idle(0);
        assertFalse(idle.pollMayBlock());
        idle.idle(0);
        assertFalse(idle.pollMayBlock());
        idle.idle(0);
        assertTrue(idle.pollMayBlock());
        idle.idle(3);
        assertFalse(idle.pollMayBlock());
    }
}
