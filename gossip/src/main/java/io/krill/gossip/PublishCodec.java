package io.krill.gossip;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Flyweight over the body of a PUBLISH or PUBLISHSHARD message: a channel and a message, relayed to the
 * receiver's local subscribers (never re-broadcast).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Channel Length (u32)                        |  0 (message offset 2256)
 *  +---------------------------------------------------------------+
 *  |                   Message Length (u32)                        |  4
 *  +---------------------------------------------------------------+
 *  |      Channel bytes, then message bytes (no padding)          ...  8
 *  +---------------------------------------------------------------+
 * </pre>
 * A PUBLISH message is {@code 2264 + channelLength + messageLength} bytes.
 */
public final class PublishCodec
{
    public static final int CHANNEL_LENGTH_OFFSET = 0;
    public static final int MESSAGE_LENGTH_OFFSET = 4;
    public static final int DATA_OFFSET = 8;
    /** The fixed part of the body; the message is at least {@code 2256 + 8} bytes. */
    public static final int FIXED_BODY_LENGTH = DATA_OFFSET;

    private DirectBuffer buffer;
    private int offset;
    private int channelLength;
    private int messageLength;

    /**
     * Wraps a PUBLISH body at {@code offset} (the message offset + 2256) of {@code length} bytes. Checks that
     * the two length fields fit before reading them, then that channel and message fit in {@code length}.
     *
     * @throws IllegalArgumentException if the body is too short for its fields.
     */
    public PublishCodec wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        Flyweights.checkRegion(buffer, offset, length, FIXED_BODY_LENGTH, "PUBLISH body");
        final long channel = buffer.getInt(offset + CHANNEL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        final long message = buffer.getInt(offset + MESSAGE_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        if (FIXED_BODY_LENGTH + channel + message > length)
        {
            throw new IllegalArgumentException(
                "PUBLISH channel " + channel + " + message " + message + " exceed body " + length);
        }
        this.buffer = buffer;
        this.offset = offset;
        this.channelLength = (int)channel;
        this.messageLength = (int)message;
        return this;
    }

    /**
     * Wraps the body of a wrapped PUBLISH or PUBLISHSHARD message.
     */
    public PublishCodec wrap(final BusHeaderCodec header)
    {
        return wrap(header.buffer(), header.bodyIndex(), header.bodyLength());
    }

    /**
     * Message length of a PUBLISH carrying {@code channelLength} + {@code messageLength} bytes.
     */
    public static long messageLength(final long channelLength, final long messageLength)
    {
        return BusHeaderCodec.LENGTH + FIXED_BODY_LENGTH + channelLength + messageLength;
    }

    public int channelIndex()
    {
        return offset + DATA_OFFSET;
    }

    public int channelLength()
    {
        return channelLength;
    }

    public int messageIndex()
    {
        return offset + DATA_OFFSET + channelLength;
    }

    public int messageLength()
    {
        return messageLength;
    }

    public void copyChannel(final byte[] dst, final int dstOffset)
    {
        buffer.getBytes(offset + DATA_OFFSET, dst, dstOffset, channelLength);
    }

    public void copyMessage(final byte[] dst, final int dstOffset)
    {
        buffer.getBytes(offset + DATA_OFFSET + channelLength, dst, dstOffset, messageLength);
    }
}
