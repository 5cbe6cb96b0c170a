package io.krill.gossip.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: CLUSTER FORGET with its 60 s blacklist (digest 3.6, 5.9).
 * Method (scripted, converged 3+3 cluster):
 *  1. like redis-cli del-node: FORGET replica node5 on the five others, 2 s apart so that the nodes that have
 *     not forgotten it yet keep gossiping about it, then stop node5; 30 s later nobody knows it: the blacklist
 *     kept the gossip from re-adding it;
 *  2. FORGET node5 on node0 only, with node5 still running and known by everyone else: node0 ignores the
 *     gossip about it for the 60 s blacklist, then learns it again from that gossip.
 */
class ForgetSimTest
{
    @Test
    void shouldNotRelearnAForgottenNodeFromGossipWhenForgottenEverywhere()
    {
        SimRun.forSeeds("forget-everywhere", 2, seed ->
        {
            final SimNetwork network = SimClusters.formed(seed, SimFaults.none().delay(1, 10), 5000);
            final String goneId = network.node(5).id();
            for (int i = 0; i < 5; i++)
            {
                final SimNode node = network.node(i);
                assertNull(network.command(node, now -> node.gossip().forget(goneId, now)));
                assertNull(node.view().node(goneId));
                network.runFor(2000);
            }
            network.stop(5);
            network.runFor(30_000);
            for (int i = 0; i < 5; i++)
            {
                assertNull(network.node(i).view().node(goneId), "node" + i + " relearned the forgotten node");
            }
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 10_000),
                "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()));
        });
    }

    @Test
    void shouldRelearnAForgottenNodeFromGossipWhenTheBlacklistExpires()
    {
        SimRun.forSeeds("forget-expiry", 2, seed ->
        {
            final SimNetwork network = SimClusters.formed(seed, SimFaults.none().delay(1, 10), 5000);
            final SimNode node0 = network.node(0);
            final String forgottenId = network.node(5).id();
            assertNull(network.command(node0, now -> node0.gossip().forget(forgottenId, now)));
            assertEquals("Unknown node " + forgottenId, network.command(node0,
                now -> node0.gossip().forget(forgottenId, now)));
            network.runFor(55_000);
            assertNull(node0.view().node(forgottenId), "relearned while blacklisted");
            assertTrue(network.runUntil(() -> node0.view().node(forgottenId) != null, 30_000),
                "never relearned after the blacklist expired");
            assertNotNull(node0.view().node(forgottenId));
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 30_000),
                "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()));
        });
    }
}
