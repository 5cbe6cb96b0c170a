package io.krill.gossip;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds the messages a peer would send, for feeding a {@link GossipState} by hand in unit tests.
 */
final class PeerMessage
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16384]);
    private final BusMessageWriter writer = new BusMessageWriter();

    PeerMessage(final int type, final String senderId, final int flags, final long currentEpoch,
        final long configEpoch, final int port)
    {
        writer.begin(buffer, 0, buffer.capacity(), type)
            .sender(bytes(senderId), 0)
            .flags(flags)
            .currentEpoch(currentEpoch)
            .configEpoch(configEpoch)
            .port(port)
            .cport(port + 10000);
    }

    PeerMessage slots(final int start, final int end)
    {
        for (int slot = start; slot <= end; slot++)
        {
            final int index = BusHeaderCodec.MY_SLOTS_OFFSET + slot / 8;
            buffer.putByte(index, (byte)(buffer.getByte(index) | (1 << (slot & 7))));
        }
        return this;
    }

    PeerMessage mflags(final int mflags0)
    {
        writer.mflags(0, mflags0);
        return this;
    }

    PeerMessage master(final String masterId)
    {
        writer.masterId(bytes(masterId), 0);
        return this;
    }

    PeerMessage gossip(final String nodeId, final String ip, final int port, final int flags, final long pongSeconds)
    {
        final byte[] ipBytes = ip.getBytes(StandardCharsets.US_ASCII);
        writer.appendGossip(bytes(nodeId), 0, 0, pongSeconds, ipBytes, 0, ipBytes.length, port, port + 10000,
            flags, 0);
        return this;
    }

    PeerMessage update(final long epoch, final String nodeId, final int start, final int end)
    {
        writer.update(epoch, bytes(nodeId), 0);
        for (int slot = start; slot <= end; slot++)
        {
            final int index = BusHeaderCodec.BODY_OFFSET + UpdateCodec.SLOTS_OFFSET + slot / 8;
            buffer.putByte(index, (byte)(buffer.getByte(index) | (1 << (slot & 7))));
        }
        return this;
    }

    /**
     * Finishes the message and feeds it to {@code gossip} on {@code linkId}.
     */
    void sendTo(final GossipState gossip, final long linkId, final long nowMs)
    {
        final int length = writer.finish();
        gossip.onMessage(linkId, buffer, 0, length, nowMs);
    }

    /**
     * Finishes the message and returns the buffer holding it (length in its totlen field).
     */
    UnsafeBuffer finish()
    {
        writer.finish();
        return buffer;
    }

    static byte[] bytes(final String id)
    {
        return id.getBytes(StandardCharsets.US_ASCII);
    }
}
