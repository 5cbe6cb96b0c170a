package io.krill.gossip;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: steady-state bus handling allocates nothing (STYLE.md "Hot paths"): receiving a PING from a known
 * master with gossip about known nodes, replying PONG with a gossip section, the 100 ms tick with its pings,
 * and the peers' PONGs, once the outbox buffers have grown to size.
 * Method: a node loaded with 4 peers; warm up 20,000 rounds, then measure 50,000 rounds with the thread's
 * allocated-bytes counter; allow a little for the counter itself.
 */
class GossipAllocationTest
{
    @Test
    void shouldAllocateNothingWhenHandlingHeartbeatsInSteadyState()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
            "thread allocation accounting is off");

        final String d = "a6b5b979a1d0079bf836c35709b58f7191db811a";
        final String e = "f75501da9152628325fd6c95ce7206524e76bb55";
        final GossipState gossip = GossipStateTest.load(
            GossipStateTest.A + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5000\n" +
            GossipStateTest.B + " 10.0.0.2:7001@17001 master - 0 0 2 connected 5001-10000\n" +
            GossipStateTest.C + " 10.0.0.3:7002@17002 master - 0 0 3 connected 10001-16383\n" +
            d + " 10.0.0.4:7003@17003 slave " + GossipStateTest.A + " 0 0 1 connected\n" +
            e + " 10.0.0.5:7004@17004 slave " + GossipStateTest.B + " 0 0 2 connected\n");
        final String[] peers = { GossipStateTest.B, GossipStateTest.C, d, e };
        final long[] outbound = new long[peers.length];
        final UnsafeBuffer[] pongs = new UnsafeBuffer[peers.length];
        for (int i = 0; i < peers.length; i++)
        {
            outbound[i] = GossipStateTest.connectTo(gossip, peers[i], GossipStateTest.T0);
            final ClusterNodeInfo peer = gossip.view().node(peers[i]);
            final PeerMessage pong = new PeerMessage(BusMessageType.PONG, peers[i], peer.flags() & 3, 3,
                peer.effectiveConfigEpoch(), peer.port());
            if (peer.isReplica())
            {
                pong.master(peer.master().id());
            }
            final int start = (peer.isMaster() ? peer : peer.master()).slots().nextSetBit(0);
            final int end = (peer.isMaster() ? peer : peer.master()).slots().nextClearBit(start);
            pongs[i] = pong.slots(start, (end < 0 ? 16384 : end) - 1).finish();
        }
        final long fromB = gossip.onLinkAccepted("10.0.0.2", "10.0.0.1", GossipStateTest.T0);
        final PeerMessage ping = new PeerMessage(BusMessageType.PING, GossipStateTest.B, NodeFlags.MASTER, 3, 2, 7001)
            .slots(5001, 10000)
            .gossip(GossipStateTest.C, "10.0.0.3", 7002, NodeFlags.MASTER, 1_795_400_000L)
            .gossip(d, "10.0.0.4", 7003, NodeFlags.SLAVE, 1_795_400_000L)
            .gossip(GossipStateTest.A, "10.0.0.1", 7000, NodeFlags.MASTER, 1_795_400_000L);
        final UnsafeBuffer message = ping.finish();

        final Peers answers = new Peers(outbound, pongs);
        long now = rounds(gossip, fromB, message, answers, GossipStateTest.T0, 20_000);
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        now = rounds(gossip, fromB, message, answers, now, 50_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 50,000 rounds");
        assertTrue(gossip.view().counters().sent(BusMessageType.PONG) >= 70_000);
        assertTrue(gossip.view().counters().sent(BusMessageType.PING) > 100, "the ticks pinged");
    }

    private record Peers(long[] links, UnsafeBuffer[] pongs)
    {
    }

    private static long rounds(
        final GossipState gossip,
        final long link,
        final UnsafeBuffer message,
        final Peers peers,
        final long startMs,
        final int count)
    {
        long now = startMs;
        for (int i = 0; i < count; i++)
        {
            now += 10;
            gossip.onMessage(link, message, 0, message.getInt(4, java.nio.ByteOrder.BIG_ENDIAN), now);
            if (i % 10 == 0)
            {
                gossip.onTick(now);
                // The peers answer every ping, so links stay up and nothing is reconnected.
                for (int p = 0; p < peers.links.length; p++)
                {
                    final UnsafeBuffer pong = peers.pongs[p];
                    gossip.onMessage(peers.links[p], pong, 0, pong.getInt(4, java.nio.ByteOrder.BIG_ENDIAN), now);
                }
            }
            gossip.outbox().clear();
        }
        return now;
    }
}
