package io.krill.gossip;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Decides whether a complete bus message is well formed, the checks a Redis 7.x receiver makes before it
 * acts on a packet (digest 5.1 and 5.3). Once a message is {@link BusVerdict#ACCEPTED}, every flyweight in
 * this package can wrap it and read every field without leaving the message.
 * <p>
 * BEHAVIOR, in order:
 * <ol>
 *   <li>at least a header's bytes, signature {@code RCmb}, {@code totlen} equal to the bytes given, {@code ver}
 *   1;</li>
 *   <li>{@code totlen} equal to what the type calls for: PING/PONG/MEET {@code 2256 + 104 count + extensions},
 *   FAIL 2296, PUBLISH/PUBLISHSHARD {@code 2264 + channel + message}, FAILOVER_AUTH_REQUEST/ACK and MFSTART
 *   2256, UPDATE 4352, MODULE {@code 2269 + payload}; any other type is accepted as is (a newer peer's
 *   message, ignored by the receiver);</li>
 *   <li>ping extensions are walked only when mflags[0] has EXT_DATA (Redis 7.0 ignores the extension count
 *   otherwise, so then the message must end after the gossip entries); each must have its 8-byte header
 *   inside the message, a length that is a multiple of 8, and end inside the message.</li>
 * </ol>
 * Stricter than Redis, on purpose: an extension length below 8 (Redis would re-read the same bytes as the
 * next extension) and FORGOTTEN_NODE/SHARDID bodies too short for their fields are rejected; lengths are
 * summed in 64 bits (Redis's 32-bit sums can wrap); Redis's 16-bit truncation of the extension length is not
 * copied. None of these reject anything a correct sender emits.
 * <p>
 * Stateless, allocation-free and thread-safe. It never throws for any content; it reads only inside
 * {@code [offset, offset + length)}.
 */
public final class BusMessageValidator
{
    /** Bytes a receiver needs before it can check a frame: signature and {@code totlen}. */
    public static final int FRAME_PREFIX_LENGTH = 8;

    private BusMessageValidator()
    {
    }

    /**
     * Checks the first 8 bytes of a frame (signature, {@code totlen}) the way the bus reader does before it
     * waits for the rest: {@link BusVerdict#ACCEPTED} or a rejection that closes the link.
     */
    public static BusVerdict checkFramePrefix(
        final DirectBuffer buffer, final int offset, final long maxMessageLength)
    {
        if (buffer.getInt(offset + BusHeaderCodec.SIGNATURE_OFFSET, ByteOrder.BIG_ENDIAN) != BusHeaderCodec.SIGNATURE)
        {
            return BusVerdict.BAD_SIGNATURE;
        }
        final long totalLength = totalLength(buffer, offset);
        if (totalLength < BusHeaderCodec.LENGTH)
        {
            return BusVerdict.LENGTH_BELOW_HEADER;
        }
        if (totalLength > maxMessageLength)
        {
            return BusVerdict.LENGTH_ABOVE_MAXIMUM;
        }
        return BusVerdict.ACCEPTED;
    }

    /**
     * Validates the message in {@code buffer[offset .. offset + length)}.
     */
    public static BusVerdict validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < BusHeaderCodec.LENGTH || offset < 0 || (long)offset + length > buffer.capacity())
        {
            return BusVerdict.TRUNCATED;
        }
        if (buffer.getInt(offset + BusHeaderCodec.SIGNATURE_OFFSET, ByteOrder.BIG_ENDIAN) != BusHeaderCodec.SIGNATURE)
        {
            return BusVerdict.BAD_SIGNATURE;
        }
        final long totalLength = totalLength(buffer, offset);
        if (totalLength != length)
        {
            return BusVerdict.TOTAL_LENGTH_MISMATCH;
        }
        if (u16(buffer, offset + BusHeaderCodec.VERSION_OFFSET) != BusHeaderCodec.PROTOCOL_VERSION)
        {
            return BusVerdict.BAD_VERSION;
        }
        final int type = u16(buffer, offset + BusHeaderCodec.TYPE_OFFSET);
        final long expectedLength;
        switch (type)
        {
            case BusMessageType.PING:
            case BusMessageType.PONG:
            case BusMessageType.MEET:
                return validateHeartbeat(buffer, offset, totalLength);
            case BusMessageType.FAIL:
                expectedLength = FailCodec.MESSAGE_LENGTH;
                break;
            case BusMessageType.PUBLISH:
            case BusMessageType.PUBLISHSHARD:
                expectedLength = publishLength(buffer, offset, totalLength);
                break;
            case BusMessageType.FAILOVER_AUTH_REQUEST:
            case BusMessageType.FAILOVER_AUTH_ACK:
            case BusMessageType.MFSTART:
                expectedLength = BusHeaderCodec.LENGTH;
                break;
            case BusMessageType.UPDATE:
                expectedLength = UpdateCodec.MESSAGE_LENGTH;
                break;
            case BusMessageType.MODULE:
                expectedLength = moduleLength(buffer, offset, totalLength);
                break;
            default:
                return BusVerdict.ACCEPTED;
        }
        return expectedLength == totalLength ? BusVerdict.ACCEPTED : BusVerdict.WRONG_LENGTH_FOR_TYPE;
    }

    private static BusVerdict validateHeartbeat(final DirectBuffer buffer, final int offset, final long totalLength)
    {
        final int count = u16(buffer, offset + BusHeaderCodec.COUNT_OFFSET);
        long position = BusHeaderCodec.LENGTH + (long)count * GossipEntryCodec.LENGTH;
        if (position > totalLength)
        {
            return BusVerdict.WRONG_LENGTH_FOR_TYPE;
        }
        final boolean extData = (buffer.getByte(offset + BusHeaderCodec.MFLAGS_OFFSET) &
            BusHeaderCodec.MFLAG0_EXT_DATA) != 0;
        final int extensions = extData ? u16(buffer, offset + BusHeaderCodec.EXTENSIONS_OFFSET) : 0;
        for (int i = 0; i < extensions; i++)
        {
            if (totalLength - position < PingExtensionCodec.HEADER_LENGTH)
            {
                return BusVerdict.EXTENSION_HEADER_TRUNCATED;
            }
            final int extensionIndex = offset + (int)position;
            final long extensionLength = buffer.getInt(
                extensionIndex + PingExtensionCodec.LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            if (extensionLength % PingExtensionCodec.ALIGNMENT != 0)
            {
                return BusVerdict.EXTENSION_NOT_PADDED;
            }
            if (extensionLength < PingExtensionCodec.HEADER_LENGTH)
            {
                return BusVerdict.EXTENSION_TOO_SHORT;
            }
            if (extensionLength > totalLength - position)
            {
                return BusVerdict.EXTENSION_OVERRUNS_MESSAGE;
            }
            final int extensionType = u16(buffer, extensionIndex + PingExtensionCodec.TYPE_OFFSET);
            if (extensionLength - PingExtensionCodec.HEADER_LENGTH < PingExtensionCodec.minBodyLength(extensionType))
            {
                return BusVerdict.EXTENSION_BODY_TOO_SHORT;
            }
            position += extensionLength;
        }
        return position == totalLength ? BusVerdict.ACCEPTED : BusVerdict.WRONG_LENGTH_FOR_TYPE;
    }

    private static long publishLength(final DirectBuffer buffer, final int offset, final long totalLength)
    {
        if (totalLength < BusHeaderCodec.LENGTH + PublishCodec.FIXED_BODY_LENGTH)
        {
            return -1; // cannot even hold the two length fields
        }
        final int body = offset + BusHeaderCodec.BODY_OFFSET;
        return PublishCodec.messageLength(
            u32(buffer, body + PublishCodec.CHANNEL_LENGTH_OFFSET),
            u32(buffer, body + PublishCodec.MESSAGE_LENGTH_OFFSET));
    }

    private static long moduleLength(final DirectBuffer buffer, final int offset, final long totalLength)
    {
        if (totalLength < BusHeaderCodec.LENGTH + ModuleCodec.FIXED_BODY_LENGTH)
        {
            return -1; // cannot even hold the payload length
        }
        final int body = offset + BusHeaderCodec.BODY_OFFSET;
        return BusHeaderCodec.LENGTH + ModuleCodec.FIXED_BODY_LENGTH +
            u32(buffer, body + ModuleCodec.PAYLOAD_LENGTH_OFFSET);
    }

    private static long totalLength(final DirectBuffer buffer, final int offset)
    {
        return u32(buffer, offset + BusHeaderCodec.TOTAL_LENGTH_OFFSET);
    }

    private static long u32(final DirectBuffer buffer, final int index)
    {
        return buffer.getInt(index, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    private static int u16(final DirectBuffer buffer, final int index)
    {
        return buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
