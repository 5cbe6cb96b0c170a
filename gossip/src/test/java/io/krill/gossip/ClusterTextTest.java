package io.krill.gossip;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: CLUSTER NODES lines (3.2), CLUSTER INFO (3.5) and the SLOTS/SHARDS model (3.3, 3.4) read like Redis
 * 7.0.15's; the INFO text of a lone node is the one a live 7.0.15 printed after BUMPEPOCH.
 * Method: views loaded from nodes.conf text or built by commands; compare exact strings.
 */
class ClusterTextTest
{
    static final long T0 = GossipStateTest.T0;
    static final String A = GossipStateTest.A;
    static final String B = GossipStateTest.B;
    static final String C = GossipStateTest.C;

    @Test
    void shouldPrintInfoLikeRedisWhenTheNodeIsAlone()
    {
        final GossipState gossip =
            new GossipState(new GossipConfig().port(6461), new SplittableRandomSource(1), LocalKeys.EMPTY, T0);
        assertEquals("BUMPED 1", gossip.bumpEpoch(T0));
        // cluster_size:1 is what Redis 7.0.15 prints on a new node until its first state evaluation after the 2 s
        // writable delay (clusterInit starts it at 1; checked with redis-cli on a fresh node)
        assertEquals("cluster_state:fail\r\n" +
            "cluster_slots_assigned:0\r\n" +
            "cluster_slots_ok:0\r\n" +
            "cluster_slots_pfail:0\r\n" +
            "cluster_slots_fail:0\r\n" +
            "cluster_known_nodes:1\r\n" +
            "cluster_size:1\r\n" +
            "cluster_current_epoch:1\r\n" +
            "cluster_my_epoch:1\r\n" +
            "cluster_stats_messages_sent:0\r\n" +
            "cluster_stats_messages_received:0\r\n" +
            "total_cluster_links_buffer_limit_exceeded:0\r\n", ClusterInfoText.render(gossip.view()));
    }

    @Test
    void shouldCountSlotsByOwnerHealthAndListMessageTypesWhenInfoIsRendered()
    {
        final GossipState gossip = GossipStateTest.load(
            A + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-99\n" +
            B + " 10.0.0.2:7001@17001 master,fail? - 0 0 2 connected 100-109\n" +
            C + " 10.0.0.3:7002@17002 master,fail - 0 0 3 connected 110\n");
        final long link = GossipStateTest.connectTo(gossip, C, T0);
        final String info = ClusterInfoText.render(gossip.view());
        assertTrue(info.contains("cluster_slots_assigned:111\r\ncluster_slots_ok:100\r\ncluster_slots_pfail:10\r\n" +
            "cluster_slots_fail:1\r\ncluster_known_nodes:3\r\n"), info);
        assertTrue(info.contains("cluster_stats_messages_ping_sent:1\r\ncluster_stats_messages_sent:1\r\n" +
            "cluster_stats_messages_received:0\r\n"), info + " link " + link);
    }

    @Test
    void shouldPrintNodeLinesInRedisFormatWhenRenderingNodes()
    {
        // The configured hostname replaces the saved one for myself, as at a Redis start.
        final GossipState gossip = GossipState.fromNodesConfig(new GossipConfig().port(7000).hostname("host-a"),
            new SplittableRandomSource(1), LocalKeys.EMPTY,
            A + " 10.0.0.1:7000@17000,old-name myself,master - 0 0 4 connected 0-5 7 9-10 [7->-" + B + "]\n" +
            B + " 10.0.0.2:7001@17001 slave,fail?,nofailover " + A + " 1 1 0 connected\n" +
            C + " :0@0 master,noaddr - 0 0 2 disconnected\n", T0);
        final String[] lines = ClusterNodesText.render(gossip.view()).split("\n");
        assertEquals(A + " 10.0.0.1:7000@17000,host-a myself,master - 0 0 4 connected 0-5 7 9-10 [7->-" + B + "]",
            lines[0]);
        assertEquals(B + " 10.0.0.2:7001@17001 slave,fail?,nofailover " + A + " " + T0 + " " + T0 +
            " 4 disconnected", lines[1], "a replica prints its master's epoch");
        assertEquals(C + " :0@0 master,noaddr - 0 0 2 disconnected", lines[2]);
        assertEquals(lines[1], ClusterNodesText.line(gossip.view(), gossip.view().node(B)));
    }

    @Test
    void shouldGroupSlotsAndShardsByMasterWhenBuildingTheTopology()
    {
        final GossipState gossip = GossipStateTest.load(
            A + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-10 20-30\n" +
            B + " 10.0.0.2:7001@17001 slave " + A + " 0 0 1 connected\n" +
            C + " 10.0.0.3:7002@17002 master - 0 0 2 connected 11-19\n");
        final List<ClusterTopology.SlotsEntry> slots = ClusterTopology.slots(gossip.view());
        assertEquals(3, slots.size());
        assertEquals(0, slots.get(0).start());
        assertEquals(10, slots.get(0).end());
        assertEquals(C, slots.get(1).master().id());
        assertEquals(0, slots.get(0).replicas().size(), "a replica with offset 0 is not listed");
        final List<ClusterTopology.Shard> shards = ClusterTopology.shards(gossip.view());
        assertEquals(2, shards.size());
        assertEquals(A, shards.get(0).nodes().get(0).id());
        assertEquals(B, shards.get(0).nodes().get(1).id());
        assertEquals("[0-10, 20-30]", shards.get(0).slots().toString());
        assertEquals("loading", ClusterTopology.health(gossip.view().node(B)));
        assertEquals("online", ClusterTopology.health(gossip.view().node(C)));
    }
}
