package io.krill.gossip.sim;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.krill.gossip.BusMessageType;
import io.krill.gossip.ClusterNodeInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: shard ids and pub/sub relaying between Krill nodes (Redis 7.2's MYSHARDID semantics, 7.0's PUBLISH and
 * PUBLISHSHARD bus messages).
 *  - every master has its own shard id and each replica ends with its master's (learned over the bus, see
 *    ShardIds), a replica that REPLICATEs another master takes that master's, and a promoted replica keeps it;
 *  - PUBLISH reaches every other node exactly once, PUBLISHSHARD only the other nodes of the publisher's shard,
 *    and the per-type counters of CLUSTER INFO count them.
 * Method: converged simulated 3+3 clusters (node 3+i replicates node i), a few seeds, scripted steps.
 */
class ShardIdAndPublishSimTest
{
    static final long NT_MS = 4000;

    @Test
    void shouldShareTheMastersShardIdWhenReplicating()
    {
        SimRun.forSeeds("shard-ids", 3, seed ->
        {
            final SimNetwork network = SimClusters.formed(seed, SimFaults.none().delay(1, 10), NT_MS);
            for (int i = 0; i < 3; i++)
            {
                final SimNode master = network.node(i);
                final SimNode replica = network.node(i + 3);
                assertTrue(network.runUntil(() -> sameShard(replica, master), 2 * NT_MS),
                    "LIVENESS: replica " + i + " never learned its master's shard id");
                assertNotEquals(shardId(master), shardId(network.node((i + 1) % 3)), "masters share a shard id");
                final String masterShard = shardId(master);
                for (final SimNode other : network.nodes())
                {
                    final ClusterNodeInfo seen = other.view().node(replica.id());
                    if (other != replica && other.view().node(master.id()).shardIdText().equals(masterShard))
                    {
                        assertEquals(masterShard, seen.shardIdText(), "a known replica shares its master's");
                    }
                }
            }

            final SimNode mover = network.node(3);
            final SimNode newMaster = network.node(1);
            assertNull(network.command(mover, now -> mover.gossip().replicate(newMaster.id(), now)));
            assertTrue(network.runUntil(() -> sameShard(mover, newMaster), 2 * NT_MS),
                "LIVENESS: the replica kept its old shard id after REPLICATE");

            final SimNode promoted = network.node(5);
            final String before = shardId(promoted);
            assertNull(network.command(promoted, now -> promoted.gossip().failoverTakeover(now)));
            network.runFor(NT_MS);
            assertTrue(promoted.view().myself().isMaster());
            assertEquals(before, shardId(promoted), "a promoted replica keeps the shard id");
            assertTrue(network.runUntil(() -> sameShard(network.node(2), promoted), 2 * NT_MS),
                "LIVENESS: the old master, now a replica, did not follow the shard id");
        });
    }

    @Test
    void shouldDeliverPublishEverywhereAndPublishShardInTheShardOnlyWhenRelayed()
    {
        SimRun.forSeeds("publish", 3, seed ->
        {
            final SimNetwork network = SimClusters.formed(seed, SimFaults.none().delay(1, 10), NT_MS);
            final SimNode publisher = network.node(0);
            publish(network, publisher, false, "news", "hello");
            network.runFor(200);
            for (final SimNode node : network.nodes())
            {
                final long count = node.events().stream().filter("PUBLISH news hello"::equals).count();
                assertEquals(node == publisher ? 0 : 1, count, "node " + node.index() + " " + node.events());
                assertEquals(node == publisher ? 0 : 1, node.view().counters().received(BusMessageType.PUBLISH));
            }
            assertEquals(5, publisher.view().counters().sent(BusMessageType.PUBLISH));

            final SimNode replicaPublisher = network.node(4);
            publish(network, replicaPublisher, true, "orders", "42");
            network.runFor(200);
            for (final SimNode node : network.nodes())
            {
                final boolean inShard = node.index() == 1;
                final long count = node.events().stream().filter("PUBLISHSHARD orders 42"::equals).count();
                assertEquals(inShard ? 1 : 0, count, "node " + node.index() + " " + node.events());
            }
            assertEquals(1, replicaPublisher.view().counters().sent(BusMessageType.PUBLISHSHARD));
            assertEquals(1, network.node(1).view().counters().received(BusMessageType.PUBLISHSHARD));
        });
    }

    private static void publish(
        final SimNetwork network, final SimNode node, final boolean shard, final String channel, final String message)
    {
        final byte[] c = channel.getBytes(StandardCharsets.US_ASCII);
        final byte[] m = message.getBytes(StandardCharsets.US_ASCII);
        network.command(node, now ->
        {
            node.gossip().publish(shard, c, 0, c.length, m, 0, m.length);
            return null;
        });
    }

    private static boolean sameShard(final SimNode replica, final SimNode master)
    {
        return shardId(replica).equals(shardId(master));
    }

    private static String shardId(final SimNode node)
    {
        return node.view().myself().shardIdText();
    }
}
