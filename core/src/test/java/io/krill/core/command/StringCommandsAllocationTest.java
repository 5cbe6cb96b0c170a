package io.krill.core.command;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

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
        final com.sun.management.ThreadMXBean threads = threadBean();
        final byte[][][] commands = {
            args("SET", "key", "value-0001"),
            args("GET", "key"),
            args("SET", "key", "value-0002"),
            args("INCR", "counter"),
            args("INCRBY", "counter", "7"),
            args("DECR", "counter"),
            args("MGET", "key", "counter", "missing"),
            args("GET", "missing"),
            args("STRLEN", "key"),
        };
        node.call("SET", "counter", "1000000");
        run(commands, WARMUP);
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        run(commands, MEASURED);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < SLACK_BYTES,
            "allocated " + allocated + " bytes over " + MEASURED * commands.length + " commands");
    }

    private void run(final byte[][][] commands, final int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            for (final byte[][] command : commands)
            {
                node.execute(command);
            }
        }
    }

    private static com.sun.management.ThreadMXBean threadBean()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean &&
            ((com.sun.management.ThreadMXBean)bean).isThreadAllocatedMemorySupported(),
            "per-thread allocation counter not available on this JVM");
        return (com.sun.management.ThreadMXBean)bean;
    }

    private static byte[][] args(final String... args)
    {
        final byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++)
        {
            bytes[i] = args[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
