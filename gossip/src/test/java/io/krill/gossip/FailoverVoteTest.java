package io.krill.gossip;

import org.junit.jupiter.api.Test;

import static io.krill.gossip.FailoverGoldenTest.N7600;
import static io.krill.gossip.FailoverGoldenTest.N7601;
import static io.krill.gossip.FailoverGoldenTest.N7602;
import static io.krill.gossip.FailoverGoldenTest.N7603;
import static io.krill.gossip.FailoverGoldenTest.N7604;
import static io.krill.gossip.FailoverGoldenTest.N7605;
import static io.krill.gossip.FailoverGoldenTest.T0;
import static io.krill.gossip.FailoverGoldenTest.connected;
import static io.krill.gossip.FailoverGoldenTest.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: each rule of the master's vote (digest 7.2) and of the candidate's count (7.1), one at a time.
 * Method: a GossipState loaded from a hand-written nodes.conf (7600 FAIL with replicas 7603 and 7605; myself
 * is master 7601, or a replica), fed crafted FAILOVER_AUTH_REQUEST/ACK messages; we count the ACKs it queues
 * and look at its epochs, its log events and its role.
 */
class FailoverVoteTest
{
    static final long NT_MS = 15_000;

    /** 7600 failed; 7603 and 7605 replicate it; 7604 replicates 7601. */
    static String failedMaster(final String myselfId)
    {
        return line(N7600, 7600, "master,fail", "-", 1, "0-5460", myselfId) +
            line(N7601, 7601, "master", "-", 2, "5461-10922", myselfId) +
            line(N7602, 7602, "master", "-", 3, "10923-16383", myselfId) +
            line(N7603, 7603, "slave", N7600, 1, "", myselfId) +
            line(N7604, 7604, "slave", N7601, 2, "", myselfId) +
            line(N7605, 7605, "slave", N7600, 1, "", myselfId) +
            "vars currentEpoch 6 lastVoteEpoch 0\n";
    }

    private final GossipState master = connected(failedMaster(N7601), 7601, 0, T0);

    @Test
    void shouldVoteOnceInAnEpochWhenTwoReplicasOfTheFailedMasterAsk()
    {
        assertEquals(1, request(N7603, 7, 1, 0, T0 + 100));
        assertEquals(7, master.view().lastVoteEpoch());
        assertTrue(master.outbox().fsyncRequested());
        assertEquals(0, request(N7605, 7, 1, 0, T0 + 200));
        assertTrue(logged(master, "Failover vote denied to " + N7605 + ": I already voted in epoch 7"));
    }

    @Test
    void shouldWaitTwiceTheNodeTimeoutBeforeVotingForAnotherReplicaOfTheSameMaster()
    {
        assertEquals(1, request(N7603, 7, 1, 0, T0 + 100));
        assertEquals(0, request(N7605, 8, 1, 0, T0 + 100 + 2 * NT_MS - 1));
        assertEquals(8, master.view().currentEpoch(), "the epoch is adopted even without a vote");
        assertEquals(1, request(N7605, 9, 1, 0, T0 + 100 + 2 * NT_MS));
        assertEquals(9, master.view().lastVoteEpoch());
    }

    @Test
    void shouldRefuseAReplicaOfALiveMasterUnlessTheRequestIsForced()
    {
        assertEquals(0, request(N7604, 7, 2, 0, T0 + 100));
        assertTrue(logged(master, "its master is not failed"));
        assertEquals(1, request(N7604, 8, 2, BusHeaderCodec.MFLAG0_FORCEACK, T0 + 200));
    }

    @Test
    void shouldRefuseAClaimOlderThanTheSlotsOwner()
    {
        assertEquals(0, request(N7603, 7, 0, 0, T0 + 100));
        assertTrue(logged(master, "slot 0 has epoch 1, newer than its claim's 0"));
        assertEquals(0, master.view().lastVoteEpoch());
    }

    @Test
    void shouldRefuseARequestFromAnOlderEpoch()
    {
        assertEquals(0, request(N7603, 5, 1, 0, T0 + 100));
        assertEquals(0, master.view().lastVoteEpoch());
    }

    @Test
    void shouldNotVoteWhenMyselfIsAReplica()
    {
        final GossipState replica = connected(failedMaster(N7604), 7604, 0, T0);
        new PeerMessage(BusMessageType.FAILOVER_AUTH_REQUEST, N7603, NodeFlags.SLAVE | NodeFlags.MYSELF, 7, 1, 7603)
            .master(N7600).slots(0, 5460).sendTo(replica, replica.view().node(N7603).outboundLinkId(), T0 + 100);
        assertEquals(0, acks(replica, N7603));
        assertEquals(0, replica.view().lastVoteEpoch());
    }

    @Test
    void shouldCountEachMasterOnceAndWinWithAMajority()
    {
        final GossipState replica = connected(failedMaster(N7603), 7603, 0, T0);
        // 7600 is FAIL: the election was scheduled at load and starts within 500 + 499 ms
        replica.onTick(T0 + 1100);
        assertEquals(7, replica.view().currentEpoch());
        replica.outbox().clear();
        ack(replica, N7601, 7, T0 + 1110);
        ack(replica, N7601, 7, T0 + 1120);
        assertTrue(replica.view().myself().isReplica(), "one master, counted once, is not a majority of 3");
        ack(replica, N7604, 7, T0 + 1125);
        assertTrue(replica.view().myself().isReplica(), "a replica's ACK is no vote");
        ack(replica, N7602, 6, T0 + 1130);
        assertTrue(replica.view().myself().isReplica(), "an ACK from an older epoch is no vote");
        ack(replica, N7602, 7, T0 + 1140);
        final ClusterNodeInfo myself = replica.view().myself();
        assertTrue(myself.isMaster(), "two of three masters voted");
        assertEquals(7, myself.configEpoch());
        assertEquals(5461, myself.slotCount());
        assertEquals(myself, replica.view().slotOwner(0));
        assertTrue(replica.outbox().fsyncRequested());
    }

    @Test
    void shouldNotStartAnElectionWhenTheDataIsTooOld()
    {
        final GossipState replica = connected(failedMaster(N7603), 7603, 0, T0);
        // validity: 10 s ping period + 10 × 15 s; the link went down 200 s ago
        final long downSinceMs = T0 - 200_000;
        replica.replicationProgress(new ReplicationProgress()
        {
            @Override
            public long offset()
            {
                return 42;
            }

            @Override
            public long masterLinkDownSinceMs()
            {
                return downSinceMs;
            }
        });
        for (long t = T0 + 100; t <= T0 + 3000; t += 100)
        {
            replica.onTick(t);
        }
        assertEquals(0, replica.view().counters().sent(BusMessageType.FAILOVER_AUTH_REQUEST));
        assertEquals(42, replica.view().myself().replicationOffset());
        replica.config().replicaValidityFactor(0);
        for (long t = T0 + 3100; t <= T0 + 5000; t += 100)
        {
            replica.onTick(t);
        }
        assertTrue(replica.view().counters().sent(BusMessageType.FAILOVER_AUTH_REQUEST) > 0,
            "factor 0 allows any data age");
    }

    /**
     * Feeds a request from {@code replicaId} (claiming 7600's slots) to the master; returns the ACKs it queued.
     */
    private int request(
        final String replicaId, final long epoch, final long configEpoch, final int mflags, final long nowMs)
    {
        master.outbox().clear();
        final String masterOf = master.view().node(replicaId).master().id();
        final ClusterNodeInfo claimedFrom = master.view().node(masterOf);
        final int first = claimedFrom.slots().nextSetBit(0);
        final int last = first + claimedFrom.slotCount() - 1;
        new PeerMessage(BusMessageType.FAILOVER_AUTH_REQUEST, replicaId, NodeFlags.SLAVE | NodeFlags.MYSELF, epoch,
            configEpoch, 7000).master(masterOf).slots(first, last).mflags(mflags)
            .sendTo(master, master.view().node(replicaId).outboundLinkId(), nowMs);
        return acks(master, replicaId);
    }

    private static void ack(final GossipState replica, final String voterId, final long epoch, final long nowMs)
    {
        final ClusterNodeInfo voter = replica.view().node(voterId);
        final int flags = voter.isMaster() ? NodeFlags.MASTER | NodeFlags.MYSELF : NodeFlags.SLAVE | NodeFlags.MYSELF;
        final PeerMessage message =
            new PeerMessage(BusMessageType.FAILOVER_AUTH_ACK, voterId, flags, epoch, voter.configEpoch(), 7000);
        if (voter.isReplica())
        {
            message.master(voter.master().id());
        }
        message.sendTo(replica, voter.outboundLinkId(), nowMs);
    }

    private static int acks(final GossipState gossip, final String nodeId)
    {
        final Outbox outbox = gossip.outbox();
        final long link = gossip.view().node(nodeId).outboundLinkId();
        int count = 0;
        for (int i = outbox.nextSend(link, 0); i >= 0; i = outbox.nextSend(link, i + 1))
        {
            if (new BusHeaderCodec().wrap(outbox.buffer(), outbox.offset(i), outbox.length(i)).type() ==
                BusMessageType.FAILOVER_AUTH_ACK)
            {
                count++;
            }
        }
        return count;
    }

    private static boolean logged(final GossipState gossip, final String part)
    {
        final Outbox outbox = gossip.outbox();
        for (int i = 0; i < outbox.size(); i++)
        {
            if (outbox.kind(i) == Outbox.LOG && outbox.text(i).contains(part))
            {
                return true;
            }
        }
        return false;
    }
}
