package io.krill.gossip.sim;

import org.junit.jupiter.api.Test;

import io.krill.gossip.ClusterNodeInfo;
import io.krill.gossip.NodeFlags;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: failure detection per digest 6 and the cluster state per digest 8.4.
 * Method (scripted, on a converged 3+3 cluster with node timeout nt = 4 s; node0's replica has
 * cluster-replica-no-failover, so nobody fails node0 over):
 *  1. isolate master node0: on the majority side it becomes PFAIL, then FAIL by quorum within about 2 nt,
 *     with a NODE_FAILED event on every majority node; the majority goes to state fail (full coverage:
 *     node0's slots are on a FAIL node), and node0 itself too within 2 nt (it is a minority);
 *  2. heal: nobody failed node0 over, so FAIL stays until 2 nt after it was set, then clears; all converge;
 *  3. isolate replica node4: FAIL; heal: a replica's FAIL clears at its first PONG, well before 2 nt.
 */
class FailureDetectionSimTest
{
    static final long NT_MS = 4000;

    @Test
    void shouldMarkFailByQuorumAndClearAfterHealWhenAMasterIsPartitioned()
    {
        SimRun.forSeeds("failure-detection", 4, seed ->
        {
            final SimNetwork network = SimClusters.formed(seed, SimFaults.none().delay(1, 10), NT_MS);
            final SimNode master = network.node(0);
            final String masterId = master.id();
            // this test is about FAIL itself: node0's replica must not fail it over (FailoverSimTest does that)
            network.node(3).gossip().config().replicaNoFailover(true);
            network.isolate(0);
            final long isolatedAtMs = network.clock().nowMs();
            assertTrue(network.runUntil(() -> allOthersSee(network, masterId, NodeFlags.PFAIL | NodeFlags.FAIL),
                2 * NT_MS), "LIVENESS: PFAIL");
            assertTrue(network.runUntil(() -> allOthersSee(network, masterId, NodeFlags.FAIL), 2 * NT_MS + 2000),
                "LIVENESS: FAIL within ~2 nt");
            final long failedAfterMs = network.clock().nowMs() - isolatedAtMs;
            System.out.println("  FAIL everywhere " + failedAfterMs + " ms after isolation");
            for (int i = 1; i < 6; i++)
            {
                assertTrue(network.node(i).events().contains("NODE_FAILED " + masterId), "event on node" + i);
            }
            assertFalse(network.node(1).view().isStateOk(), "a slot on a FAIL master makes the state fail");
            // The minority side sees the others PFAIL after its own pings time out: ping interval + nt.
            assertTrue(network.runUntil(() -> !master.view().isStateOk(), isolatedAtMs + 2 * NT_MS -
                network.clock().nowMs()), "minority side must be fail within 2 nt");

            network.heal();
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 6 * NT_MS),
                "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()));
            assertNull(ClusterChecks.ownershipProblem(network.nodes()));
        });
    }

    @Test
    void shouldClearReplicaFailAtFirstPongWhenHealed()
    {
        SimRun.forSeeds("replica-fail-clears", 2, seed ->
        {
            final SimNetwork network = SimClusters.formed(seed, SimFaults.none().delay(1, 10), NT_MS);
            final String replicaId = network.node(4).id();
            network.isolate(4);
            assertTrue(network.runUntil(() -> allOthersSee(network, replicaId, NodeFlags.FAIL), 3 * NT_MS),
                "LIVENESS: replica FAIL");
            network.heal();
            final long healedAtMs = network.clock().nowMs();
            assertTrue(network.runUntil(() -> !anyOtherSees(network, replicaId, NodeFlags.FAIL), 2 * NT_MS),
                "LIVENESS: replica FAIL should clear at its first pong");
            assertTrue(network.clock().nowMs() - healedAtMs < 2 * NT_MS);
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 4 * NT_MS));
        });
    }

    static boolean allOthersSee(final SimNetwork network, final String id, final int flags)
    {
        for (final SimNode node : network.nodes())
        {
            if (node.id().equals(id))
            {
                continue;
            }
            final ClusterNodeInfo info = node.view().node(id);
            if (info == null || (info.flags() & flags) == 0)
            {
                return false;
            }
        }
        return true;
    }

    static boolean anyOtherSees(final SimNetwork network, final String id, final int flags)
    {
        for (final SimNode node : network.nodes())
        {
            final ClusterNodeInfo info = node.view().node(id);
            if (!node.id().equals(id) && info != null && (info.flags() & flags) != 0)
            {
                return true;
            }
        }
        return false;
    }
}
