package io.krill.gossip.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.krill.gossip.ClusterNodeInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: masters that start with equal configEpochs (all 0, or all set to the same value) end with distinct
 * ones (digest 8.1 collision rule), so slot ownership can always be decided by epoch.
 * Method: 5 masters each ADDSLOTS a fifth of the slots, optionally SET-CONFIG-EPOCH to one common value, then
 * join; run under a drawn fault mix until the views converge; check distinct epochs in every view and that
 * the node with the largest id kept the original epoch.
 */
class EpochCollisionSimTest
{
    @Test
    void shouldResolveToDistinctEpochsWhenFiveMastersStartWithEqualEpochs()
    {
        SimRun.forSeeds("epoch-collision", 8, seed ->
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final SimFaults faults = SimFaults.draw(random);
            final long commonEpoch = random.nextBoolean() ? 0 : 1 + random.nextInt(5);
            System.out.println("  faults " + faults + " common epoch " + commonEpoch);
            final SimNetwork network = SimClusters.network(seed, faults, 5, 5000);
            for (final SimNode node : network.nodes())
            {
                final long[] range = { node.index() * 3277L, Math.min(16383, node.index() * 3277L + 3276) };
                assertNull(network.command(node, now -> node.gossip().addSlotsRange(range, 2, now)));
                if (commonEpoch != 0)
                {
                    assertNull(network.command(node, now -> node.gossip().setConfigEpoch(commonEpoch, now)));
                }
            }
            assertTrue(SimClusters.join(network, 60_000), "LIVENESS: join");
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null &&
                ClusterChecks.ownershipProblem(network.nodes()) == null, 60_000),
                "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()) + " / " +
                    ClusterChecks.ownershipProblem(network.nodes()));
            assertEquals(commonEpoch, largestId(network).view().myself().configEpoch(),
                "the largest id keeps its epoch");
        });
    }

    private static SimNode largestId(final SimNetwork network)
    {
        final List<SimNode> nodes = new ArrayList<>(network.nodes());
        nodes.sort((a, b) -> a.id().compareTo(b.id()));
        return nodes.get(nodes.size() - 1);
    }

    static List<Long> epochs(final SimNode node)
    {
        final List<Long> epochs = new ArrayList<>();
        for (final ClusterNodeInfo info : node.view().nodes())
        {
            epochs.add(info.configEpoch());
        }
        return epochs;
    }
}
