package io.krill.core.command;

import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: GET, SET (same-size overwrite), INCR/INCRBY/DECR and MGET allocate nothing per request once warm, as the
 * hot-path rule requires.
 * Method: an in-process node runs each command many times with argument arrays built once; the bytes this thread
 * allocated (HotSpot's per-thread counter) are measured around the loop, after a warm-up long enough for the JIT.
 * A few hundred bytes of slack cover one-off allocations (a buffer growing, the counter's own bookkeeping); any
 * per-request allocation would show up as at least the number of iterations.
 */
class StringCommandsAllocationTest
{
    private static final int WARMUP = 50_000;
    private static final int MEASURED = 100_000;
    private static final long SLACK_BYTES = 4096;

    private final InProcessNode node = new InProcessNode();

    @Test
    void shouldNotAllocateWhenGetSetIncrRunRepeatedly()
    {
        final byte[][][] commands = {
            InProcessNode.args("SET", "key", "value-0001"),
            InProcessNode.args("GET", "key"),
            InProcessNode.args("SET", "key", "value-0002"),
            InProcessNode.args("INCR", "counter"),
            InProcessNode.args("INCRBY", "counter", "7"),
            InProcessNode.args("DECR", "counter"),
            InProcessNode.args("MGET", "key", "counter", "missing"),
            InProcessNode.args("GET", "missing"),
            InProcessNode.args("STRLEN", "key"),
        };
        node.call("SET", "counter", "1000000");
        final long allocated = node.allocatedBytes(commands, WARMUP, MEASURED);
        assertTrue(allocated < SLACK_BYTES,
            "allocated " + allocated + " bytes over " + MEASURED * commands.length + " commands");
    }
}
