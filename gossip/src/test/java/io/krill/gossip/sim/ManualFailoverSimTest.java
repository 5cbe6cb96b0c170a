package io.krill.gossip.sim;

import org.junit.jupiter.api.Test;

import io.krill.gossip.BusMessageType;
import io.krill.gossip.NodeFlags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: CLUSTER FAILOVER on a replica (digest 7.4) in its three modes, and its refusals and timeout.
 * Method: converged 3+3 simulated clusters (nt = 2 s), one scenario per test:
 *  - default: the replica sends MFSTART, the master pauses writes (WRITES_PAUSED events) and flags PAUSED, the
 *    replica waits until its offset equals the master's, wins an election with FORCEACK, the old master follows
 *    it and resumes writes;
 *  - FORCE: no MFSTART, an election at once; TAKEOVER: no election at all;
 *  - refusals with Redis's texts (on a master; a failed master without FORCE), and a default failover whose
 *    MFSTART is lost times out after 5 s and leaves the roles unchanged.
 * The vote invariant and epoch monotonicity are checked after every event, as in FailoverSimTest.
 */
class ManualFailoverSimTest
{
    static final long NT_MS = FailoverSimTest.NT_MS;

    @Test
    void shouldSwapRolesAfterThePausedMasterIsCaughtUpWhenDefaultFailoverRuns()
    {
        SimRun.forSeeds("manual-failover-default", 3, seed ->
        {
            final SimNetwork network = FailoverSimTest.guarded(
                SimClusters.formed(seed, SimFaults.none().delay(1, 10), NT_MS));
            final SimNode master = network.node(0);
            final SimNode replica = network.node(3);
            master.gossip().replicationOffset(500);
            replica.gossip().replicationOffset(400);
            final long startMs = network.clock().nowMs();
            assertNull(network.command(replica, now -> replica.gossip().failover(false, false, now)));
            assertEquals(1, replica.view().counters().sent(BusMessageType.MFSTART));
            assertTrue(network.runUntil(() -> master.events().contains("WRITES_PAUSED 10000"), 100),
                "the master pauses its writes for twice the manual failover timeout");
            assertTrue(master.gossip().writesPausedUntilMs() > 0);

            // the replica lags behind the paused master: no election yet
            network.runFor(1000);
            assertTrue(replica.view().myself().isReplica(), "must wait for the master's offset");
            assertEquals(0, replica.view().counters().sent(BusMessageType.FAILOVER_AUTH_REQUEST));

            replica.gossip().replicationOffset(500);
            final long caughtUpMs = network.clock().nowMs();
            assertTrue(network.runUntil(() -> FailoverSimTest.isReplicaOf(master, replica), 1000),
                "LIVENESS: roles not swapped");
            System.out.println("  swapped " + (network.clock().nowMs() - caughtUpMs) + " ms after the replica " +
                "caught up (" + (network.clock().nowMs() - startMs) + " ms after the command)");
            assertEquals("WRITES_PAUSED 0", lastPause(master), "the old master resumes once it is a replica");
            assertEquals(0, master.gossip().writesPausedUntilMs());
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 4 * NT_MS),
                "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()));
            assertNull(ClusterChecks.ownershipProblem(network.nodes()));
        });
    }

    @Test
    void shouldElectWithoutPausingTheMasterWhenForced()
    {
        SimRun.forSeeds("manual-failover-force", 2, seed ->
        {
            final SimNetwork network = FailoverSimTest.guarded(
                SimClusters.formed(seed, SimFaults.none().delay(1, 10), NT_MS));
            final SimNode master = network.node(1);
            final SimNode replica = network.node(4);
            // FORCE does not wait for offsets
            master.gossip().replicationOffset(900);
            final long startMs = network.clock().nowMs();
            assertNull(network.command(replica, now -> replica.gossip().failover(true, false, now)));
            assertTrue(replica.view().counters().sent(BusMessageType.FAILOVER_AUTH_REQUEST) > 0,
                "FORCE asks for votes at once");
            assertTrue(network.runUntil(() -> FailoverSimTest.isReplicaOf(master, replica), 1000),
                "LIVENESS: roles not swapped");
            System.out.println("  forced failover done " + (network.clock().nowMs() - startMs) + " ms after");
            assertEquals(0, replica.view().counters().sent(BusMessageType.MFSTART));
            assertFalse(master.events().stream().anyMatch(e -> e.startsWith("WRITES_PAUSED")));
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 4 * NT_MS),
                "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()));
            assertNull(ClusterChecks.ownershipProblem(network.nodes()));
        });
    }

    @Test
    void shouldTakeTheSlotsWithoutAnyVoteWhenTakeoverRuns()
    {
        SimRun.forSeeds("manual-failover-takeover", 2, seed ->
        {
            final SimNetwork network = FailoverSimTest.guarded(
                SimClusters.formed(seed, SimFaults.none().delay(1, 10), NT_MS));
            final SimNode master = network.node(2);
            final SimNode replica = network.node(5);
            assertNull(network.command(replica, now -> replica.gossip().failover(true, true, now)));
            assertTrue(replica.view().myself().isMaster(), "TAKEOVER is immediate");
            assertEquals(5461, replica.view().myself().slotCount());
            assertTrue(network.runUntil(() -> FailoverSimTest.isReplicaOf(master, replica), 1000),
                "LIVENESS: the old master should follow");
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 4 * NT_MS),
                "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()));
            assertEquals(0, replica.view().counters().sent(BusMessageType.FAILOVER_AUTH_REQUEST));
            assertEquals(0, replica.view().counters().sent(BusMessageType.MFSTART));
            assertNull(ClusterChecks.ownershipProblem(network.nodes()));
        });
    }

    @Test
    void shouldRefuseWithRedisErrorsWhenSentToAMasterOrWhenTheMasterIsDown()
    {
        SimRun.forSeeds("manual-failover-refusals", 1, seed ->
        {
            final SimNetwork network = FailoverSimTest.guarded(
                SimClusters.formed(seed, SimFaults.none().delay(1, 10), NT_MS));
            final SimNode master = network.node(0);
            final SimNode replica = network.node(3);
            assertEquals("You should send CLUSTER FAILOVER to a replica",
                network.command(master, now -> master.gossip().failover(false, false, now)));
            assertEquals("You should send CLUSTER FAILOVER to a replica",
                network.command(master, now -> master.gossip().failover(true, true, now)));

            // no automatic failover here, so the manual one is what we see
            replica.gossip().config().replicaNoFailover(true);
            network.isolate(0);
            assertTrue(network.runUntil(
                () -> FailureDetectionSimTest.allOthersSee(network, master.id(), NodeFlags.FAIL), 4 * NT_MS),
                "LIVENESS: FAIL");
            assertEquals("Master is down or failed, please use CLUSTER FAILOVER FORCE",
                network.command(replica, now -> replica.gossip().failover(false, false, now)));
            assertFalse(replica.gossip().manualFailoverInProgress());
            assertNull(network.command(replica, now -> replica.gossip().failover(true, false, now)));
            assertTrue(network.runUntil(() -> replica.view().myself().isMaster(), 1000),
                "LIVENESS: FORCE works with cluster-replica-no-failover and a failed master");
            network.heal();
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 6 * NT_MS),
                "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()));
        });
    }

    @Test
    void shouldTimeOutAndKeepRolesWhenTheMasterNeverPauses()
    {
        SimRun.forSeeds("manual-failover-timeout", 1, seed ->
        {
            final SimNetwork network = FailoverSimTest.guarded(
                SimClusters.formed(seed, SimFaults.none().delay(1, 10), NT_MS));
            final SimNode master = network.node(0);
            final SimNode replica = network.node(3);
            replica.gossip().config().replicaNoFailover(true);
            network.addChecker(FailoverSimTest.neverMaster(replica));
            // the MFSTART goes out on the replica's link to its master: lose it
            network.block(3, 0);
            assertNull(network.command(replica, now -> replica.gossip().failover(false, false, now)));
            assertTrue(replica.gossip().manualFailoverInProgress());
            network.runFor(5500);
            assertFalse(replica.gossip().manualFailoverInProgress(), "the 5 s window closed");
            assertTrue(replica.events().contains("LOG Manual failover timed out"));
            assertTrue(master.view().myself().isMaster());
            assertEquals(0, replica.view().counters().sent(BusMessageType.FAILOVER_AUTH_REQUEST));
            network.heal();
            assertTrue(network.runUntil(() -> ClusterChecks.convergenceProblem(network.nodes()) == null, 6 * NT_MS),
                "LIVENESS: " + ClusterChecks.convergenceProblem(network.nodes()));
        });
    }

    private static String lastPause(final SimNode node)
    {
        String last = null;
        for (final String event : node.events())
        {
            if (event.startsWith("WRITES_PAUSED"))
            {
                last = event;
            }
        }
        return last;
    }
}
