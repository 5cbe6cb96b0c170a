package io.krill.gossip.sim;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: six nodes created the way redis-cli --cluster create does it (digest 4.1, 5.9) converge to one
 * view - same nodes, roles, masters, epochs and slot owners, state ok - under message loss, delay,
 * duplication and clock skew, and the traffic is a pure function of the seed.
 * Method: SimNetwork with a fault mix drawn per seed (swarm testing); epochs are checked after every event,
 * convergence and the slot-ownership rule at the end.
 */
class ClusterFormationSimTest
{
    static final long NODE_TIMEOUT_MS = 5000;
    static final long CONVERGENCE_LIMIT_MS = 60_000;

    @Test
    void shouldConvergeToOneViewWhenCreatedLikeRedisCliUnderLossAndDelay()
    {
        SimRun.forSeeds("formation", 12, seed ->
        {
            final SimFaults faults = SimFaults.draw(new SplittableRandom(seed));
            System.out.println("  faults " + faults);
            final SimNetwork network = SimClusters.network(seed, faults, 6, NODE_TIMEOUT_MS);
            assertTrue(SimClusters.create(network, CONVERGENCE_LIMIT_MS), "LIVENESS: a replica never met its master");
            final boolean converged = network.runUntil(
                () -> ClusterChecks.convergenceProblem(network.nodes()) == null, CONVERGENCE_LIMIT_MS);
            assertTrue(converged, "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()));
            assertNull(ClusterChecks.ownershipProblem(network.nodes()));
            System.out.println("  converged at t=" + network.clock().elapsedMs() + "ms after " +
                network.messagesSent() + " messages");
        });
    }

    @Test
    void shouldSendTheSameBytesWhenTheSameSeedRunsTwice()
    {
        final long first = trafficHashOfRun(42);
        final long second = trafficHashOfRun(42);
        assertEquals(first, second, "same seed, different traffic: nondeterminism crept in");
    }

    private static long trafficHashOfRun(final long seed)
    {
        final SimNetwork network = SimClusters.network(seed, SimFaults.draw(new SplittableRandom(seed)).drop(0.05), 6,
            NODE_TIMEOUT_MS);
        SimClusters.create(network, CONVERGENCE_LIMIT_MS);
        network.runFor(20_000);
        assertTrue(network.messagesSent() > 100, "sent " + network.messagesSent());
        return network.trafficHash();
    }
}
