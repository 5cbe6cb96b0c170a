package io.krill.gossip;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the CLUSTER subcommands that change the view check their arguments in Redis 7.0.15's order and answer
 * with its texts (digest 3.6); the expected strings were read from a live redis-server 7.0.15.
 * Method: drive a lone GossipState (and one loaded from a nodes.conf text for the multi-node cases), compare
 * the returned error text and the resulting view.
 */
class ClusterCommandsTest
{
    static final long NOW_MS = 1_795_400_000_000L;
    static final String OTHER = NodesConfigTextTest.B;
    static final String THIRD = "54fe2a2a92f7258be0c71cb9bbb9cfd1065e9a13";

    private final GossipState gossip =
        new GossipState(new GossipConfig().port(7000), new SplittableRandomSource(7), LocalKeys.EMPTY, NOW_MS);

    @Test
    void shouldAnswerLikeRedisWhenMeetArgumentsAreWrong()
    {
        assertEquals("Invalid node address specified: localhost:6462", gossip.meet("localhost", 6462, 16462, NOW_MS));
        assertEquals("Invalid node address specified: 127.0.0.1:70000", gossip.meet("127.0.0.1", 70000, 80000, NOW_MS));
        assertEquals("Invalid node address specified: 01.0.0.1:6462", gossip.meet("01.0.0.1", 6462, 16462, NOW_MS));
        assertEquals("Invalid TCP base port specified: abc", ClusterErrors.invalidBasePort("abc"));
        assertEquals("Invalid TCP bus port specified: x", ClusterErrors.invalidBusPort("x"));
        assertNull(gossip.meet("127.0.0.1", 6462, 16462, NOW_MS));
        assertNull(gossip.meet("127.0.0.1", 6462, 16462, NOW_MS), "a pending handshake still answers OK");
        assertEquals(2, gossip.view().nodeCount(), "but only one handshake node");
    }

    @Test
    void shouldCheckAllSlotsBeforeChangingAnyWhenAddingOrDeleting()
    {
        assertEquals("Slot 1 specified multiple times", gossip.addSlots(new long[] { 1, 1 }, 2, NOW_MS));
        assertEquals("Invalid or out of range slot", gossip.addSlots(new long[] { 5, 20000 }, 2, NOW_MS));
        assertEquals(0, gossip.view().assignedSlots());
        assertEquals("Slot 5 is already unassigned", gossip.delSlots(new long[] { 5 }, 1, NOW_MS));
        assertEquals("start slot number 5 is greater than end slot number 3",
            gossip.addSlotsRange(new long[] { 5, 3 }, 2, NOW_MS));
        assertEquals("wrong number of arguments for 'cluster|addslotsrange' command",
            gossip.addSlotsRange(new long[] { 1, 2, 3 }, 3, NOW_MS));
        assertNull(gossip.addSlotsRange(new long[] { 0, 100 }, 2, NOW_MS));
        assertEquals("Slot 100 is already busy", gossip.addSlots(new long[] { 101, 100 }, 2, NOW_MS));
        assertEquals(101, gossip.view().myself().slotCount());
        assertNull(gossip.delSlotsRange(new long[] { 50, 100 }, 2, NOW_MS));
        assertEquals(50, gossip.view().assignedSlots());
        assertTrue(gossip.outbox().saveConfigRequested());
        assertNull(gossip.flushSlots(NOW_MS));
        assertEquals(0, gossip.view().assignedSlots());
    }

    @Test
    void shouldFollowRedisEpochRulesWhenSettingOrBumpingEpochs()
    {
        assertEquals("Invalid config epoch specified: -1", gossip.setConfigEpoch(-1, NOW_MS));
        assertNull(gossip.setConfigEpoch(5, NOW_MS));
        assertEquals(5, gossip.view().currentEpoch());
        assertEquals("Node config epoch is already non-zero", gossip.setConfigEpoch(6, NOW_MS));
        assertEquals("STILL 5", gossip.bumpEpoch(NOW_MS));
        assertNull(gossip.meet("127.0.0.1", 6462, 16462, NOW_MS));
        final GossipState fresh =
            new GossipState(new GossipConfig(), new SplittableRandomSource(8), LocalKeys.EMPTY, NOW_MS);
        assertEquals("BUMPED 1", fresh.bumpEpoch(NOW_MS), "epoch 0 always bumps");
        assertNull(fresh.meet("127.0.0.1", 6462, 16462, NOW_MS));
        final GossipState other =
            new GossipState(new GossipConfig(), new SplittableRandomSource(9), LocalKeys.EMPTY, NOW_MS);
        other.meet("127.0.0.1", 1, 2, NOW_MS);
        assertEquals("The user can assign a config epoch only when the node does not know any other node.",
            other.setConfigEpoch(1, NOW_MS));
    }

    @Test
    void shouldRefuseLikeRedisWhenForgettingOrReplicatingTheWrongNode()
    {
        final GossipState loaded = GossipState.fromNodesConfig(new GossipConfig(), new SplittableRandomSource(1),
            LocalKeys.EMPTY, NodesConfigTextTest.A + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-9\n" +
                OTHER + " 10.0.0.2:7001@17001 master - 0 0 2 connected 10-20\n" +
                THIRD + " 10.0.0.3:7002@17002 slave " + OTHER + " 0 0 2 connected\n", NOW_MS);
        final String me = NodesConfigTextTest.A;
        assertEquals("Unknown node abc", loaded.forget("abc", NOW_MS));
        assertEquals("I tried hard but I can't forget myself...", loaded.forget(me, NOW_MS));
        assertEquals("Unknown node abc", loaded.replicate("abc", NOW_MS));
        assertEquals("Can't replicate myself", loaded.replicate(me, NOW_MS));
        assertEquals("To set a master the node must be empty and without assigned slots.",
            loaded.replicate(OTHER, NOW_MS));
        assertEquals(-1, loaded.countFailureReports("abc", NOW_MS));
        assertEquals(0, loaded.countFailureReports(OTHER, NOW_MS));
        assertNull(loaded.flushSlots(NOW_MS));
        assertNull(loaded.replicate(OTHER, NOW_MS));
        assertTrue(loaded.view().myself().isReplica());
        assertEquals("Can't forget my master!", loaded.forget(OTHER, NOW_MS));
        assertEquals("Can't replicate myself", loaded.replicate(me, NOW_MS));
        assertEquals("I can only replicate a master, not a replica.", loaded.replicate(THIRD, NOW_MS));
        assertEquals(ClusterErrors.SETSLOT_ONLY_MASTERS, loaded.setSlotStable(1, NOW_MS));
        assertNull(loaded.reset(false, NOW_MS));
        assertTrue(loaded.view().myself().isMaster());
        assertEquals(1, loaded.view().nodeCount());
        assertEquals(Outbox.ROLE_CHANGED, lastEventKind(loaded.outbox()));
        assertEquals("Unknown node " + OTHER, loaded.forget(OTHER, NOW_MS));
    }

    static int lastEventKind(final Outbox outbox)
    {
        int kind = -1;
        for (int i = 0; i < outbox.size(); i++)
        {
            if (outbox.kind(i) == Outbox.ROLE_CHANGED)
            {
                kind = outbox.kind(i);
            }
        }
        return kind;
    }

    @Test
    void shouldCheckOwnershipAndTargetsWhenSettingSlots()
    {
        final GossipState loaded = GossipState.fromNodesConfig(new GossipConfig(), new SplittableRandomSource(1),
            LocalKeys.EMPTY, NodesConfigTextTest.A + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-9\n" +
                OTHER + " 10.0.0.2:7001@17001 master - 0 0 2 connected 10-20\n", NOW_MS);
        assertEquals("I'm not the owner of hash slot 15", loaded.setSlotMigrating(15, OTHER, NOW_MS));
        assertEquals("I don't know about node abc", loaded.setSlotMigrating(5, "abc", NOW_MS));
        assertEquals("I'm already the owner of hash slot 5", loaded.setSlotImporting(5, OTHER, NOW_MS));
        assertEquals("Invalid or out of range slot", loaded.setSlotStable(16384, NOW_MS));
        assertEquals("Unknown node abc", loaded.setSlotNode(5, "abc", NOW_MS));
        assertNull(loaded.setSlotMigrating(5, OTHER, NOW_MS));
        assertNull(loaded.setSlotImporting(15, OTHER, NOW_MS));
        final String nodes = ClusterNodesText.render(loaded.view());
        assertTrue(nodes.contains(" connected 0-9 [5->-" + OTHER + "] [15-<-" + OTHER + "]\n"), nodes);
        assertNull(loaded.setSlotNode(15, NodesConfigTextTest.A, NOW_MS));
        assertEquals(loaded.view().myself(), loaded.view().slotOwner(15));
        assertNull(loaded.view().importingFrom(15));
        assertEquals(3, loaded.view().myself().configEpoch(), "closing an import bumps the epoch");
        assertTrue(loaded.outbox().fsyncRequested());
        assertNull(loaded.setSlotNode(5, OTHER, NOW_MS));
        assertNull(loaded.view().migratingTo(5), "no keys left: migration closed");
    }
}
