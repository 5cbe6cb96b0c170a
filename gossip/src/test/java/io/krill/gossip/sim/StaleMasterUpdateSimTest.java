package io.krill.gossip.sim;

import org.junit.jupiter.api.Test;

import io.krill.gossip.BusMessageType;
import io.krill.gossip.ClusterNodeInfo;
import io.krill.gossip.NodeFlags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: "last failover wins" (digest 8.2, 8.3): a master that comes back with an old configEpoch is told by
 * its peers with UPDATE messages who owns its slots now, gives them up and becomes a replica of the new owner.
 * Method (scripted, converged 3+3 cluster, nt = 4 s):
 *  1. isolate master node0 (slots 0-5460, epoch 1) until the others see it FAIL;
 *  2. its replica node3 runs CLUSTER FAILOVER TAKEOVER (new epoch without consensus, takes the slots);
 *  3. wait until every other node sees node3 as the owner of slot 0;
 *  4. heal, except that node3 cannot reach node0 (asymmetric), so only UPDATE messages from third nodes can
 *     correct node0;
 *  5. node0 must receive an UPDATE, end as a replica of node3 with no slots; then heal fully and converge.
 */
class StaleMasterUpdateSimTest
{
    static final long NT_MS = 4000;

    @Test
    void shouldGiveUpSlotsAndFollowTheNewOwnerWhenAStaleMasterGetsAnUpdate()
    {
        SimRun.forSeeds("stale-master-update", 4, seed ->
        {
            final SimNetwork network = SimClusters.formed(seed, SimFaults.none().delay(1, 10), NT_MS);
            final SimNode stale = network.node(0);
            final SimNode promoted = network.node(3);
            // the promotion must come from the TAKEOVER below, not from an election
            promoted.gossip().config().replicaNoFailover(true);
            network.isolate(0);
            assertTrue(network.runUntil(
                () -> FailureDetectionSimTest.allOthersSee(network, stale.id(), NodeFlags.FAIL), 3 * NT_MS));
            assertNull(network.command(promoted, now -> promoted.gossip().failoverTakeover(now)));
            assertTrue(network.runUntil(() -> everyoneButStaleSeesOwner(network, promoted.id()), 2 * NT_MS),
                "LIVENESS: the takeover did not spread");

            network.heal();
            network.block(3, 0);
            assertTrue(network.runUntil(() -> isReplicaOf(stale, promoted), 4 * NT_MS),
                "LIVENESS: stale master still " + stale.view().myself());
            assertTrue(stale.view().counters().received(BusMessageType.UPDATE) > 0, "no UPDATE received");
            assertEquals(0, stale.view().myself().slotCount());
            assertEquals(promoted.id(), stale.view().slotOwner(0).id());

            network.heal();
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 6 * NT_MS),
                "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()));
            assertNull(ClusterChecks.ownershipProblem(network.nodes()));
        });
    }

    private static boolean everyoneButStaleSeesOwner(final SimNetwork network, final String ownerId)
    {
        for (int i = 1; i < network.nodes().size(); i++)
        {
            final ClusterNodeInfo owner = network.node(i).view().slotOwner(0);
            if (owner == null || !owner.id().equals(ownerId))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isReplicaOf(final SimNode node, final SimNode master)
    {
        final ClusterNodeInfo myself = node.view().myself();
        return myself.isReplica() && myself.master() != null && myself.master().id().equals(master.id());
    }
}
