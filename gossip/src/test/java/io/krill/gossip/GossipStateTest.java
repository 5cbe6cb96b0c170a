package io.krill.gossip;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: single rules of the state machine, each driven by hand: the MEET handshake and its rename (5.9),
 * self-IP discovery, UPDATE sent to a stale claimant and applied by a stale master (8.2, 8.3), PFAIL on timeout
 * and FAIL by quorum with its broadcast (6), the epoch collision rule (8.1), and the 1/10 gossip rule (5.7).
 * Method: feed crafted peer messages (PeerMessage) and link events; assert on the view and the outbox.
 */
class GossipStateTest
{
    static final long T0 = 1_795_400_000_000L;
    static final String A = NodesConfigTextTest.A;
    static final String B = NodesConfigTextTest.B;
    static final String C = "54fe2a2a92f7258be0c71cb9bbb9cfd1065e9a13";
    static final String D = "a6b5b979a1d0079bf836c35709b58f7191db811a";

    private final BusHeaderCodec header = new BusHeaderCodec();

    @Test
    void shouldRenameTheHandshakeNodeWhenThePongNamesTheRealNode()
    {
        final GossipState gossip = fresh(1);
        assertNull(gossip.meet("10.0.0.2", 7001, 17001, T0));
        gossip.outbox().clear();
        gossip.onTick(T0 + 100);
        final int connect = find(gossip.outbox(), Outbox.CONNECT);
        assertEquals("10.0.0.2", gossip.outbox().text(connect));
        assertEquals(17001, gossip.outbox().port(connect));
        final long link = gossip.outbox().linkId(connect);
        gossip.outbox().clear();

        gossip.onLinkConnected(link, "10.0.0.1", T0 + 110);
        assertEquals(BusMessageType.MEET, sentType(gossip.outbox(), link));
        gossip.outbox().clear();

        new PeerMessage(BusMessageType.PONG, B, NodeFlags.MASTER | NodeFlags.MYSELF, 0, 0, 7001)
            .sendTo(gossip, link, T0 + 120);
        final ClusterNodeInfo b = gossip.view().node(B);
        assertNotNull(b, "renamed to the id the PONG carries");
        assertFalse(b.inHandshake());
        assertTrue(b.isMaster());
        assertEquals(T0 + 120, b.pongReceivedMs());
        assertEquals(2, gossip.view().nodeCount());
        assertTrue(gossip.outbox().saveConfigRequested());
    }

    @Test
    void shouldLearnMyIpAndAddAHandshakeNodeWhenAStrangerMeetsMe()
    {
        final GossipState gossip = fresh(2);
        final long link = gossip.onLinkAccepted("10.0.0.2", "10.0.0.1", T0);
        new PeerMessage(BusMessageType.MEET, B, NodeFlags.MASTER | NodeFlags.MYSELF, 0, 0, 7001)
            .sendTo(gossip, link, T0 + 1);
        assertEquals("10.0.0.1", gossip.view().myself().ip());
        assertEquals(BusMessageType.PONG, sentType(gossip.outbox(), link));
        ClusterNodeInfo handshake = null;
        for (final ClusterNodeInfo node : gossip.view().nodes())
        {
            if (node.inHandshake())
            {
                handshake = node;
            }
        }
        assertNotNull(handshake);
        assertEquals("10.0.0.2", handshake.ip());
        assertEquals(7001, handshake.port());
        assertEquals(17001, handshake.cport());
        assertNull(gossip.view().node(B), "the real id is learned only from its PONG");
    }

    @Test
    void shouldSendAnUpdateWhenAPeerClaimsSlotsOfANodeWithAHigherEpoch()
    {
        final GossipState gossip = load(
            A + " 10.0.0.1:7000@17000 myself,master - 0 0 5 connected 0-9\n" +
            B + " 10.0.0.2:7001@17001 master - 0 0 3 connected 10-20\n" +
            C + " 10.0.0.3:7002@17002 master - 0 0 7 connected 30-40\n");
        final long toB = connectTo(gossip, B, T0);
        final long fromB = gossip.onLinkAccepted("10.0.0.2", "10.0.0.1", T0);
        gossip.outbox().clear();
        new PeerMessage(BusMessageType.PING, B, NodeFlags.MASTER, 7, 3, 7001).slots(10, 20).slots(30, 40)
            .sendTo(gossip, fromB, T0 + 10);
        assertEquals(C, gossip.view().slotOwner(35).id(), "an older claim does not win");
        final int update = gossip.outbox().nextSend(toB, 0) >= 0 ? findSendOfType(gossip, toB, BusMessageType.UPDATE)
            : -1;
        assertTrue(update >= 0, "UPDATE on my outbound link to the stale claimant");
        final UpdateCodec body = new UpdateCodec().wrap(header);
        assertTrue(body.nodeIdEquals(PeerMessage.bytes(C), 0));
        assertEquals(7, body.configEpoch());
        assertTrue(body.hasSlot(30) && body.hasSlot(40) && !body.hasSlot(41));
    }

    @Test
    void shouldGiveUpMySlotsAndFollowTheNewOwnerWhenAnUpdateArrives()
    {
        final GossipState gossip = load(
            A + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-9\n" +
            B + " 10.0.0.2:7001@17001 slave " + A + " 0 0 1 connected\n" +
            C + " 10.0.0.3:7002@17002 master - 0 0 2 connected 10-16383\n");
        final long fromC = gossip.onLinkAccepted("10.0.0.3", "10.0.0.1", T0);
        new PeerMessage(BusMessageType.UPDATE, C, NodeFlags.MASTER, 8, 2, 7002).update(8, B, 0, 9)
            .sendTo(gossip, fromC, T0 + 1);
        final ClusterView view = gossip.view();
        assertTrue(view.node(B).isMaster());
        assertEquals(8, view.node(B).configEpoch());
        assertEquals(B, view.slotOwner(0).id());
        assertTrue(view.myself().isReplica());
        assertEquals(B, view.myself().master().id());
        assertEquals(B, gossip.outbox().text(find(gossip.outbox(), Outbox.ROLE_CHANGED)));
        assertTrue(gossip.outbox().fsyncRequested());
    }

    @Test
    void shouldMarkPfailThenFailWhenAMasterReportsItAndBroadcastFail()
    {
        final GossipState gossip = load(
            A + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5000\n" +
            B + " 10.0.0.2:7001@17001 master - 0 0 2 connected 5001-10000\n" +
            C + " 10.0.0.3:7002@17002 master - 0 0 3 connected 10001-16383\n");
        gossip.config().nodeTimeoutMs(2000);
        final long toB = connectTo(gossip, B, T0);
        final long toC = connectTo(gossip, C, T0);
        new PeerMessage(BusMessageType.PONG, C, NodeFlags.MASTER, 3, 3, 7002).slots(10001, 16383)
            .sendTo(gossip, toC, T0 + 5);
        assertTrue(gossip.view().node(B).pingSentMs() > 0, "the connect sent a PING");
        long now = T0;
        while (!gossip.view().node(B).isTimedOut() && now < T0 + 5000)
        {
            now += 100;
            new PeerMessage(BusMessageType.PONG, C, NodeFlags.MASTER, 3, 3, 7002).slots(10001, 16383)
                .sendTo(gossip, toC, now);
            gossip.onTick(now);
        }
        assertTrue(gossip.view().node(B).isTimedOut(), "PFAIL after the node timeout");
        assertTrue(now - T0 > 2000 && now - T0 <= 2200, "PFAIL at " + (now - T0));
        assertFalse(gossip.view().node(B).isFailed(), "my own verdict alone is no quorum of 3 masters");
        gossip.outbox().clear();

        new PeerMessage(BusMessageType.PONG, C, NodeFlags.MASTER, 3, 3, 7002).slots(10001, 16383)
            .gossip(B, "10.0.0.2", 7001, NodeFlags.MASTER | NodeFlags.PFAIL, 0).sendTo(gossip, toC, now + 1);
        assertTrue(gossip.view().node(B).isFailed(), "my vote plus C's report make 2 of 3");
        assertEquals(B, gossip.outbox().text(find(gossip.outbox(), Outbox.NODE_FAILED)));
        assertTrue(findSendOfType(gossip, toC, BusMessageType.FAIL) >= 0, "FAIL broadcast");
        assertTrue(gossip.view().node(B).outboundLinkId() != toB, "the silent link to B was refreshed");
        assertEquals(1, gossip.countFailureReports(B, now + 1));
        assertEquals(0, gossip.countFailureReports(B, now + 1 + 2 * 2000 + 1), "reports expire after 2 nt");
    }

    @Test
    void shouldTakeANewEpochWhenAMasterWithALargerIdHasMine()
    {
        final GossipState gossip = load(
            A + " 10.0.0.1:7000@17000 myself,master - 0 0 4 connected 0-10\n" +
            D + " 10.0.0.4:7003@17003 master - 0 0 2 connected 11-20\n" +
            "vars currentEpoch 6 lastVoteEpoch 0\n");
        final long fromD = gossip.onLinkAccepted("10.0.0.4", "10.0.0.1", T0);
        new PeerMessage(BusMessageType.PING, D, NodeFlags.MASTER, 6, 4, 7003).slots(11, 20)
            .sendTo(gossip, fromD, T0 + 1);
        assertEquals(7, gossip.view().myself().configEpoch(), "smaller id (mine) moves to ++currentEpoch");
        assertEquals(7, gossip.view().currentEpoch());
        assertTrue(gossip.outbox().fsyncRequested());
    }

    @Test
    void shouldGossipATenthOfTheNodesPlusEveryPfailNodeWhenSelecting()
    {
        final NodeDirectory nodes = new NodeDirectory();
        final RandomSource random = new SplittableRandomSource(3);
        final ClusterNodeInfo myself = new ClusterNodeInfo(NodeIdGenerator.next(random), NodeFlags.MYSELF, T0);
        nodes.add(myself);
        for (int i = 0; i < 49; i++)
        {
            final ClusterNodeInfo node = new ClusterNodeInfo(NodeIdGenerator.next(random), NodeFlags.MASTER, T0);
            node.slotCount = 1;
            node.flags |= i < 2 ? NodeFlags.PFAIL : 0;
            node.flags |= i == 2 ? NodeFlags.HANDSHAKE : 0;
            nodes.add(node);
        }
        final GossipSelection selection = new GossipSelection();
        selection.select(nodes, random, false);
        assertEquals(5 + 2, selection.chosen().size(), "50 nodes: 5 healthy entries, then both PFAIL nodes");
        assertFalse(selection.chosen().contains(myself));
        assertEquals(2, selection.chosen().stream().filter(ClusterNodeInfo::isTimedOut).count());
        assertEquals(0, selection.chosen().stream().filter(ClusterNodeInfo::inHandshake).count());
    }

    private static GossipState fresh(final long seed)
    {
        return new GossipState(new GossipConfig().port(7000), new SplittableRandomSource(seed), LocalKeys.EMPTY, T0);
    }

    static GossipState load(final String nodesConf)
    {
        return GossipState.fromNodesConfig(new GossipConfig().port(7000), new SplittableRandomSource(5),
            LocalKeys.EMPTY, nodesConf, T0);
    }

    /**
     * Ticks until the state asks to connect to {@code nodeId}, completes that connect, and returns the link.
     */
    static long connectTo(final GossipState gossip, final String nodeId, final long nowMs)
    {
        final ClusterNodeInfo node = gossip.view().node(nodeId);
        if (node.outboundLinkId() < 0)
        {
            gossip.onTick(nowMs);
        }
        final long link = node.outboundLinkId();
        gossip.onLinkConnected(link, "10.0.0.1", nowMs);
        return link;
    }

    static int find(final Outbox outbox, final int kind)
    {
        for (int i = 0; i < outbox.size(); i++)
        {
            if (outbox.kind(i) == kind)
            {
                return i;
            }
        }
        throw new AssertionError("no action of kind " + kind);
    }

    private int sentType(final Outbox outbox, final long link)
    {
        final int index = outbox.nextSend(link, 0);
        assertTrue(index >= 0, "nothing sent on link " + link);
        header.wrap(outbox.buffer(), outbox.offset(index), outbox.length(index));
        return header.type();
    }

    private int findSendOfType(final GossipState gossip, final long link, final int type)
    {
        final Outbox outbox = gossip.outbox();
        for (int i = outbox.nextSend(link, 0); i >= 0; i = outbox.nextSend(link, i + 1))
        {
            header.wrap(outbox.buffer(), outbox.offset(i), outbox.length(i));
            assertEquals(BusVerdict.ACCEPTED, BusMessageValidator.validate(
                new UnsafeBuffer(outbox.buffer().byteArray()), outbox.offset(i), outbox.length(i)));
            if (header.type() == type)
            {
                return i;
            }
        }
        return -1;
    }
}
