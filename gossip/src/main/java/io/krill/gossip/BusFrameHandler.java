package io.krill.gossip;

import org.agrona.DirectBuffer;

/**
 * Receives the messages {@link BusFrameDecoder} cuts out of a bus byte stream. The buffer is lent for the
 * duration of the call only: copy what must outlive it.
 */
public interface BusFrameHandler
{
    /**
     * A complete, validated message in {@code buffer[offset .. offset + length)}.
     */
    void onMessage(DirectBuffer buffer, int offset, int length);

    /**
     * A complete frame that failed validation; the stream carries on with the next frame. The node counts it
     * (see {@link MalformedPacketCounter}) and drops it.
     */
    void onMalformed(BusVerdict verdict, DirectBuffer buffer, int offset, int length);
}
