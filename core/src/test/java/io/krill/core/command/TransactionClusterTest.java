package io.krill.core.command;

import io.krill.core.cluster.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: transactions on a cluster node follow Redis 7.0.15 (checked by hand on a one-node redis-server cluster):
 * each command is routed when it is queued, so a command with keys in two slots (CROSSSLOT) or on another node
 * (MOVED) is refused at once and EXEC answers EXECABORT; commands that are each fine but whose keys are in
 * different slots are refused at EXEC with CROSSSLOT and the transaction is dropped; keys of one slot run.
 * Method: a 3-master Krill cluster in this JVM (LocalCluster); a key's owner is found by probing with GET.
 */
class TransactionClusterTest
{
    private static final String CROSSSLOT = "-CROSSSLOT Keys in request don't hash to the same slot\r\n";
    private static final String EXECABORT = "-EXECABORT Transaction discarded because of previous errors.\r\n";

    private static LocalCluster cluster;

    @BeforeAll
    static void formCluster() throws Exception
    {
        cluster = LocalCluster.start("127.0.0.1", new int[3], 0, null, List.of("--cluster-node-timeout", "5000"));
        cluster.form(30_000);
    }

    @AfterAll
    static void stop()
    {
        if (cluster != null)
        {
            cluster.close();
        }
    }

    @Test
    void shouldRefuseAtQueueTimeAndAbortWhenCommandIsCrossSlotOrMoved() throws Exception
    {
        try (WireClient node = new WireClient(cluster.servers().get(0).port()))
        {
            final String local = keyServedBy(node, true);
            final String remote = keyServedBy(node, false);
            assertEquals("+OK\r\n", node.call("MULTI"));
            assertEquals("+QUEUED\r\n", node.call("SET", local, "1"));
            assertEquals(CROSSSLOT, node.call("MSET", "{" + local + "}a", "1", "{" + remote + "}b", "2"));
            assertEquals(EXECABORT, node.call("EXEC"));

            assertEquals("+OK\r\n", node.call("MULTI"));
            assertTrue(node.call("SET", remote, "1").startsWith("-MOVED "), "routed when queued");
            assertEquals(EXECABORT, node.call("EXEC"));
            assertEquals("$-1\r\n", node.call("GET", local), "nothing of an aborted transaction ran");
        }
    }

    @Test
    void shouldRefuseExecWhenQueuedCommandsSpanSlots() throws Exception
    {
        try (WireClient node = new WireClient(cluster.servers().get(0).port()))
        {
            final String local = keyServedBy(node, true);
            final String slotA = node.call("CLUSTER", "KEYSLOT", "{" + local + "}a");
            String otherLocal = null;
            for (int i = 0; otherLocal == null; i++)
            {
                final String probe = "k" + i;
                if (!node.call("GET", probe).startsWith("-MOVED") &&
                    !node.call("CLUSTER", "KEYSLOT", probe).equals(slotA))
                {
                    otherLocal = probe;
                }
            }
            assertEquals("+OK\r\n", node.call("MULTI"));
            assertEquals("+QUEUED\r\n", node.call("SET", "{" + local + "}a", "1"));
            assertEquals("+QUEUED\r\n", node.call("SET", otherLocal, "2"));
            assertEquals(CROSSSLOT, node.call("EXEC"));
            assertEquals("-ERR EXEC without MULTI\r\n", node.call("EXEC"), "the transaction was dropped");

            assertEquals("+OK\r\n", node.call("MULTI"));
            assertEquals("+QUEUED\r\n", node.call("SET", "{" + local + "}a", "1"));
            assertEquals("+QUEUED\r\n", node.call("INCR", "{" + local + "}n"));
            assertEquals("+QUEUED\r\n", node.call("PING"));
            assertEquals("*3\r\n+OK\r\n:1\r\n+PONG\r\n", node.call("EXEC"));
        }
    }

    /** A key whose slot this node serves ({@code local}) or another node serves. */
    private static String keyServedBy(final WireClient node, final boolean local) throws IOException
    {
        for (int i = 0; ; i++)
        {
            final String key = "key" + i;
            final boolean moved = node.call("GET", key).startsWith("-MOVED");
            if (moved != local)
            {
                return key;
            }
        }
    }
}
