package io.krill.gossip;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Small messages built with {@link BusMessageWriter} for the unit tests, plus field pokes for breaking them.
 */
final class TestMessages
{
    static final byte[] SENDER = "32c4ea604eab4d482cc7961790c12240c6d294f2".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER = "4df7066e089358f346bfd6d24a44c58386a456d1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LOOPBACK = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);

    private TestMessages()
    {
    }

    static BusMessageWriter header(final UnsafeBuffer buffer, final int offset, final int type)
    {
        return new BusMessageWriter().begin(buffer, offset, buffer.capacity() - offset, type)
            .port(7600).cport(17600).currentEpoch(10).configEpoch(7).replicationOffset(178)
            .sender(SENDER, 0).flags(NodeFlags.MASTER | NodeFlags.MYSELF)
            .slotsWord(0, 0xFFL);
    }

    /**
     * A PING with {@code gossipCount} entries and optionally a HOSTNAME extension.
     */
    static byte[] ping(final int gossipCount, final String hostname)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[65536]);
        final BusMessageWriter writer = header(buffer, 0, BusMessageType.PING);
        for (int i = 0; i < gossipCount; i++)
        {
            writer.appendGossip(OTHER, 0, 0, 1795329166L + i, LOOPBACK, 0, LOOPBACK.length, 7601 + i, 17601 + i,
                NodeFlags.SLAVE, 0);
        }
        if (hostname != null)
        {
            final byte[] text = hostname.getBytes(StandardCharsets.US_ASCII);
            writer.appendHostname(text, 0, text.length);
        }
        return Arrays.copyOf(buffer.byteArray(), writer.finish());
    }

    static byte[] headerOnly(final int type)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BusHeaderCodec.LENGTH]);
        return Arrays.copyOf(buffer.byteArray(), header(buffer, 0, type).finish());
    }

    static byte[] publish(final String channel, final String message)
    {
        final byte[] c = channel.getBytes(StandardCharsets.UTF_8);
        final byte[] m = message.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BusHeaderCodec.LENGTH + 8 + c.length + m.length]);
        header(buffer, 0, BusMessageType.PUBLISH).publish(c, 0, c.length, m, 0, m.length).finish();
        return buffer.byteArray();
    }

    static void putU16(final byte[] message, final int index, final int value)
    {
        new UnsafeBuffer(message).putShort(index, (short)value, ByteOrder.BIG_ENDIAN);
    }

    static void putU32(final byte[] message, final int index, final long value)
    {
        new UnsafeBuffer(message).putInt(index, (int)value, ByteOrder.BIG_ENDIAN);
    }

    /**
     * A copy of {@code message} with {@code extra} zero bytes appended and {@code totlen} left as it was.
     */
    static byte[] extend(final byte[] message, final int extra)
    {
        return Arrays.copyOf(message, message.length + extra);
    }

    /**
     * Sets {@code totlen} to the array length.
     */
    static byte[] fixTotalLength(final byte[] message)
    {
        putU32(message, BusHeaderCodec.TOTAL_LENGTH_OFFSET, message.length);
        return message;
    }

    static BusVerdict validate(final byte[] message)
    {
        return BusMessageValidator.validate(new UnsafeBuffer(message), 0, message.length);
    }
}
