package io.krill.gossip;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: cluster_state per digest 8.4: a master stays fail for 2 s after its first evaluation; full coverage is
 * required unless disabled; a master that was in a minority waits clamp(nt, 500, 5000) ms before ok again.
 * Method: one node that owns every slot with one peer master (loaded from nodes.conf text), driven by ticks.
 */
class ClusterStateEvaluatorTest
{
    static final long T0 = GossipStateTest.T0;

    @Test
    void shouldStayFailForTwoSecondsAfterStartWhenMyselfIsAMaster()
    {
        final GossipState gossip = GossipStateTest.load(
            GossipStateTest.A + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-16383\n");
        gossip.onTick(T0);
        gossip.onTick(T0 + 1900);
        assertFalse(gossip.view().isStateOk(), "writable delay");
        gossip.onTick(T0 + 2100);
        assertTrue(gossip.view().isStateOk());
    }

    @Test
    void shouldRequireFullCoverageUnlessDisabled()
    {
        final GossipState gossip = GossipStateTest.load(
            GossipStateTest.A + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-16000\n");
        gossip.onTick(T0);
        gossip.onTick(T0 + 2100);
        assertFalse(gossip.view().isStateOk(), "slots 16001-16383 are unassigned");
        gossip.config().requireFullCoverage(false);
        gossip.onTick(T0 + 2200);
        assertTrue(gossip.view().isStateOk());
    }

    @Test
    void shouldWaitTheRejoinDelayWhenAMasterLeavesTheMinority()
    {
        final GossipState gossip = GossipStateTest.load(
            GossipStateTest.A + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-8000\n" +
            GossipStateTest.B + " 10.0.0.2:7001@17001 master,fail? - 0 0 2 connected 8001-16383\n");
        gossip.config().nodeTimeoutMs(3000);
        gossip.onTick(T0);
        gossip.onTick(T0 + 2100);
        assertFalse(gossip.view().isStateOk(), "one of two masters reachable is no majority");
        final long link = GossipStateTest.connectTo(gossip, GossipStateTest.B, T0 + 2200);
        new PeerMessage(BusMessageType.PONG, GossipStateTest.B, NodeFlags.MASTER, 2, 2, 7001).slots(8001, 16383)
            .sendTo(gossip, link, T0 + 2300);
        assertFalse(gossip.view().node(GossipStateTest.B).isTimedOut(), "the PONG cleared PFAIL");
        gossip.onTick(T0 + 2100 + 2900);
        assertFalse(gossip.view().isStateOk(), "rejoin delay = nt = 3 s after the last minority evaluation");
        gossip.onTick(T0 + 2100 + 3100);
        assertTrue(gossip.view().isStateOk());
    }
}
