package io.krill.core.command;

import io.krill.core.cluster.ClusterMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.Selector;
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
        final byte[][][] commands = {
            InProcessNode.args("SET", "key", "value-0001"),
            InProcessNode.args("GET", "key"),
            InProcessNode.args("SET", "{user:1}name", "value-0002"),
            InProcessNode.args("MGET", "{user:1}name", "{user:1}mail", "{user:1}age"),
            InProcessNode.args("MSET", "{user:1}a", "1", "{user:1}b", "2"),
            InProcessNode.args("INCR", "counter"),
            InProcessNode.args("GET", "missing"),
            InProcessNode.args("EXISTS", "key", "key"),
        };
        final long allocated = node.allocatedBytes(commands, WARMUP, MEASURED);
        assertTrue(allocated < SLACK_BYTES,
            "allocated " + allocated + " bytes over " + MEASURED * commands.length + " routed commands");
        assertEquals("$10\r\nvalue-0001\r\n", node.call("GET", "key"), "the commands ran locally");
    }
}
