package io.krill.gossip.sim;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.krill.gossip.ClusterNodesText;

class DebugSimTest
{
    @Test
    void debug()
    {
        final long seed = Long.getLong("dbg.seed", 2);
        final SimFaults faults = SimFaults.draw(new SplittableRandom(seed));
        System.out.println("faults " + faults);
        final SimNetwork network = SimClusters.network(seed, faults, 6, 5000);
        final boolean ok = SimClusters.create(network, 60_000);
        System.out.println("create ok " + ok + " t=" + network.clock().elapsedMs());
        network.runFor(Long.getLong("dbg.ms", 1000));
        for (final SimNode node : network.nodes())
        {
            System.out.println("== " + node + " " + node.id() + " events " + node.events());
            System.out.print(ClusterNodesText.render(node.view()));
        }
        System.out.println(ClusterChecks.convergenceProblem(network.nodes()));
    }
}
