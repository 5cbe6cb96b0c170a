package io.krill.gossip;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the election messages our state machine sends are byte for byte those Redis 7.0.15 sent in the captured
 * scenario (fixtures/index.tsv, phases manual-failover-1 and auto-failover): FAILOVER_AUTH_REQUEST with and
 * without FORCEACK, MFSTART, and FAILOVER_AUTH_ACK.
 * Method: load a GossipState from a nodes.conf that describes the captured cluster at that moment (same ids,
 * ports, epochs, slots, roles and replication offset), connect its links, run the command or feed the captured
 * request, and compare the bytes it queues on the link to the capture's receiver with the captured file.
 */
class FailoverGoldenTest
{
    static final long T0 = 1_795_329_170_000L;
    static final String N7600 = "32c4ea604eab4d482cc7961790c12240c6d294f2";
    static final String N7601 = "4df7066e089358f346bfd6d24a44c58386a456d1";
    static final String N7602 = "a6b5b979a1d0079bf836c35709b58f7191db811a";
    static final String N7603 = "f75501da9152628325fd6c95ce7206524e76bb55";
    static final String N7604 = "54fe2a2a92f7258be0c71cb9bbb9cfd1065e9a13";
    static final String N7605 = "3b7b21628c31ed36da701fd82dd3705482a11551";

    /** The cluster just before manual-failover-1 (7603 replicates 7600), as seen by {@code myselfId}. */
    static String beforeManualFailover(final String myselfId)
    {
        return line(N7600, 7600, "master", "-", 1, "0-5460", myselfId) +
            line(N7601, 7601, "master", "-", 2, "5461-10922", myselfId) +
            line(N7602, 7602, "master", "-", 3, "10923-16383", myselfId) +
            line(N7603, 7603, "slave", N7600, 1, "", myselfId) +
            line(N7604, 7604, "slave", N7601, 2, "", myselfId) +
            line(N7605, 7605, "slave", N7602, 3, "", myselfId) +
            "vars currentEpoch 6 lastVoteEpoch 0\n";
    }

    @Test
    void shouldSendTheCapturedForceAckRequestWhenAManualFailoverElects()
    {
        final GossipState replica = connected(beforeManualFailover(N7603), 7603, 178, T0);
        assertNull(replica.failover(true, false, T0 + 10));
        assertArrayEquals(captured("failover_auth_request-2.bin"),
            sentTo(replica, N7601, BusMessageType.FAILOVER_AUTH_REQUEST));
        assertArrayEquals(captured("failover_auth_request-1.bin"),
            sentTo(replica, N7604, BusMessageType.FAILOVER_AUTH_REQUEST));
    }

    @Test
    void shouldSendTheCapturedMfstartWhenDefaultFailoverStarts()
    {
        final GossipState replica = connected(beforeManualFailover(N7603), 7603, 178, T0);
        assertNull(replica.failover(false, false, T0 + 10));
        assertArrayEquals(captured("mfstart-1.bin"),
            sentTo(replica, N7600, BusMessageType.MFSTART));
    }

    @Test
    void shouldSendTheCapturedAckWhenVotingForAForcedRequest()
    {
        final GossipState master = connected(beforeManualFailover(N7601), 7601, 0, T0);
        // a master's state is fail for the first 2 s; the capture's was ok
        master.onTick(T0 + 2100);
        master.outbox().clear();
        final long inbound = master.onLinkAccepted("127.0.0.1", "127.0.0.1", T0 + 2200);
        final byte[] request = captured("failover_auth_request-2.bin");
        master.onMessage(inbound, new UnsafeBuffer(request), 0, request.length, T0 + 2200);
        assertArrayEquals(captured("failover_auth_ack-1.bin"),
            sentTo(master, N7603, BusMessageType.FAILOVER_AUTH_ACK));
        assertEquals(7, master.view().lastVoteEpoch());
        assertTrue(master.outbox().fsyncRequested(), "the vote is saved with fsync before it is sent");
    }

    @Test
    void shouldSendTheCapturedRequestWhenAnAutomaticFailoverElects()
    {
        // the cluster of phase auto-failover: 7602 failed; 7605 replicates it
        final String nodes = line(N7603, 7603, "master", "-", 7, "0-5460", N7605) +
            line(N7604, 7604, "master", "-", 8, "5461-10922", N7605) +
            line(N7602, 7602, "master,fail", "-", 3, "10923-16383", N7605) +
            line(N7600, 7600, "slave", N7603, 7, "", N7605) +
            line(N7601, 7601, "slave", N7604, 8, "", N7605) +
            line(N7605, 7605, "slave", N7602, 3, "", N7605) +
            "vars currentEpoch 8 lastVoteEpoch 0\n";
        final GossipState replica = connected(nodes, 7605, 68, T0);
        // Redis's delay is at most 500 + 499 ms for rank 0
        replica.onTick(T0 + 1100);
        assertArrayEquals(captured("failover_auth_request-3.bin"),
            sentTo(replica, N7601, BusMessageType.FAILOVER_AUTH_REQUEST));
        assertArrayEquals(captured("failover_auth_request-4.bin"),
            sentTo(replica, N7603, BusMessageType.FAILOVER_AUTH_REQUEST));
    }

    static String line(
        final String id, final int port, final String flags, final String master, final long epoch, final String slots,
        final String myselfId)
    {
        final String allFlags = id.equals(myselfId) ? "myself," + flags : flags;
        return id + " 127.0.0.1:" + port + "@" + (port + 10000) + " " + allFlags + " " + master + " 0 0 " + epoch +
            " connected" + (slots.isEmpty() ? "" : " " + slots) + "\n";
    }

    /**
     * Loads the node, connects every outbound link and drops what that sent.
     */
    static GossipState connected(final String nodes, final int port, final long offset, final long nowMs)
    {
        final GossipState gossip = GossipState.fromNodesConfig(new GossipConfig().port(port),
            new SplittableRandomSource(7), LocalKeys.EMPTY, nodes, nowMs);
        gossip.replicationOffset(offset);
        gossip.onTick(nowMs);
        for (final ClusterNodeInfo node : gossip.view().nodes())
        {
            if (!node.isMyself())
            {
                gossip.onLinkConnected(node.outboundLinkId(), "127.0.0.1", nowMs);
            }
        }
        gossip.outbox().clear();
        return gossip;
    }

    static byte[] sentTo(final GossipState gossip, final String nodeId, final int type)
    {
        final Outbox outbox = gossip.outbox();
        final long link = gossip.view().node(nodeId).outboundLinkId();
        for (int i = outbox.nextSend(link, 0); i >= 0; i = outbox.nextSend(link, i + 1))
        {
            final BusHeaderCodec header =
                new BusHeaderCodec().wrap(outbox.buffer(), outbox.offset(i), outbox.length(i));
            if (header.type() == type)
            {
                final byte[] bytes = new byte[outbox.length(i)];
                outbox.buffer().getBytes(outbox.offset(i), bytes);
                return bytes;
            }
        }
        throw new AssertionError("no " + BusMessageType.name(type) + " sent to " + nodeId);
    }

    private static byte[] captured(final String file)
    {
        return BusFixtures.bytes(BusFixtures.MAIN, file);
    }
}
