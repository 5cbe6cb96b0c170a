package io.krill.core.command;

import io.krill.core.cluster.ClusterMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: on a cluster node, routing a command whose keys are in a local, stable slot (the hot path: GET, SET,
 * MGET and MSET of one slot, INCR) allocates nothing per request, as on a standalone node.
 * Method: an in-process node (real dispatcher, no sockets) with a cluster member that owns all 16384 slots and
 * whose state is ok; each command runs many times with argument arrays built once, and HotSpot's per-thread
 * allocation counter is read around the measured loop after a JIT warm-up. The slack covers one-off growth.
 */
class ClusterRoutingAllocationTest
{
    private static final int WARMUP = 50_000;
    private static final int MEASURED = 100_000;
    private static final long SLACK_BYTES = 4096;

    private Path dir;
    private InProcessNode node;
    private ClusterMember member;
    private Selector selector;

    @BeforeEach
    void start() throws Exception
    {
        dir = Files.createTempDirectory("krill-routing-alloc");
        node = new InProcessNode("--port", "0", "--cluster-enabled", "yes", "--dir", dir.toString());
        selector = Selector.open();
        member = ClusterMember.open(node.node.config(), node.keyspace, selector, 6379, InProcessNode.START_MS);
        node.node.cluster(member);
        assertEquals("+OK\r\n", node.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383"));
        // past the 2 s writable delay a lone master with every slot is ok
        member.tick(InProcessNode.START_MS + 2_500);
        assertTrue(member.view().isStateOk());
    }

    @AfterEach
    void stop() throws Exception
    {
        member.close();
        selector.close();
        Files.deleteIfExists(dir.resolve("nodes.conf"));
        Files.deleteIfExists(dir);
    }

    @Test
    void shouldNotAllocateWhenRoutingCommandsOfLocalSlots()
    {
        final com.sun.management.ThreadMXBean threads = threadBean();
        final byte[][][] commands = {
            args("SET", "key", "value-0001"),
            args("GET", "key"),
            args("SET", "{user:1}name", "value-0002"),
            args("MGET", "{user:1}name", "{user:1}mail", "{user:1}age"),
            args("MSET", "{user:1}a", "1", "{user:1}b", "2"),
            args("INCR", "counter"),
            args("GET", "missing"),
            args("EXISTS", "key", "key"),
        };
        run(commands, WARMUP);
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        run(commands, MEASURED);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < SLACK_BYTES,
            "allocated " + allocated + " bytes over " + MEASURED * commands.length + " routed commands");
        assertEquals("$10\r\nvalue-0001\r\n", node.call("GET", "key"), "the commands ran locally");
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
