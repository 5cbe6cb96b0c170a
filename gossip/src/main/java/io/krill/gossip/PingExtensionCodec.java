package io.krill.gossip;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Flyweight over one ping extension (Redis 7.0+): variable-length records after the gossip entries of a
 * PING, PONG or MEET, {@code extensions} of them, read only when the header's EXT_DATA flag is set.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Length (u32, this header included, multiple of 8)      |  0
 *  +-------------------------------+-------------------------------+
 *  |             Type              |          Unused (0)           |  4
 *  +-------------------------------+-------------------------------+
 *  |               Body (zero padded to the length)               ...  8
 *  +---------------------------------------------------------------+
 * </pre>
 * Bodies by type: HOSTNAME and HUMAN_NODENAME carry NUL-terminated text; FORGOTTEN_NODE a 40-byte node id then
 * a u64 ttl in seconds; SHARDID a 40-byte shard id. Redis 7.0 sends only HOSTNAME, and only when a hostname
 * is announced; 7.2 added the other three. Unknown types are skipped by their length.
 * <p>
 * Walking the extensions of a validated message (no wrap can then fail):
 * <pre>{@code
 * int index = header.firstExtensionIndex();
 * for (int i = 0, n = header.extensionsToRead(); i < n; i++)
 * {
 *     extension.wrap(header.buffer(), index, header.limit() - index);
 *     ...
 *     index += extension.length();
 * }
 * }</pre>
 */
public final class PingExtensionCodec
{
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int UNUSED_OFFSET = 6;
    public static final int BODY_OFFSET = 8;
    public static final int HEADER_LENGTH = BODY_OFFSET;
    /** Extension lengths are multiples of this, so every extension starts 8-byte aligned within the body. */
    public static final int ALIGNMENT = 8;

    // ONLY APPEND extension types: they are on the wire.
    public static final int TYPE_HOSTNAME = 0;
    public static final int TYPE_HUMAN_NODENAME = 1;
    public static final int TYPE_FORGOTTEN_NODE = 2;
    public static final int TYPE_SHARDID = 3;

    public static final int FORGOTTEN_NODE_ID_OFFSET = BODY_OFFSET;
    public static final int FORGOTTEN_NODE_TTL_OFFSET = BODY_OFFSET + NodeId.LENGTH;
    public static final int FORGOTTEN_NODE_BODY_LENGTH = NodeId.LENGTH + Long.BYTES;
    public static final int SHARD_ID_OFFSET = BODY_OFFSET;
    public static final int SHARD_ID_BODY_LENGTH = NodeId.LENGTH;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Wraps the extension at {@code offset}; {@code available} is the bytes from there to the end of the message.
     * Checks that the 8-byte header fits before reading it, then that {@code HEADER_LENGTH <= length <=
     * available}.
     *
     * @throws IllegalArgumentException if the extension does not fit.
     */
    public PingExtensionCodec wrap(final DirectBuffer buffer, final int offset, final int available)
    {
        Flyweights.checkRegion(buffer, offset, available, HEADER_LENGTH, "ping extension");
        final long extensionLength = buffer.getInt(offset + LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        if (extensionLength < HEADER_LENGTH || extensionLength > available)
        {
            throw new IllegalArgumentException(
                "ping extension length " + extensionLength + " outside " + HEADER_LENGTH + ".." + available);
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = (int)extensionLength;
        return this;
    }

    /**
     * Smallest body a known extension type needs to be readable, 0 for text or unknown types.
     */
    public static int minBodyLength(final int type)
    {
        switch (type)
        {
            case TYPE_FORGOTTEN_NODE:
                return FORGOTTEN_NODE_BODY_LENGTH;
            case TYPE_SHARDID:
                return SHARD_ID_BODY_LENGTH;
            default:
                return 0;
        }
    }

    /**
     * Length of an extension whose body is {@code bodyLength} bytes: header plus body, rounded up to 8.
     */
    public static int alignedLength(final int bodyLength)
    {
        return (HEADER_LENGTH + bodyLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    public int offset()
    {
        return offset;
    }

    /**
     * Whole extension length, header included.
     */
    public int length()
    {
        return length;
    }

    public int type()
    {
        return buffer.getShort(offset + TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public int bodyIndex()
    {
        return offset + BODY_OFFSET;
    }

    public int bodyLength()
    {
        return length - HEADER_LENGTH;
    }

    /**
     * For HOSTNAME and HUMAN_NODENAME: the text's length, up to its NUL (or the end of the body); 0 means
     * the sender cleared it.
     */
    public int textLength()
    {
        return Flyweights.textLength(buffer, offset + BODY_OFFSET, length - HEADER_LENGTH);
    }

    /**
     * Copies the text of a HOSTNAME or HUMAN_NODENAME (no NUL) and returns its length.
     */
    public int copyText(final byte[] dst, final int dstOffset)
    {
        final int textLength = textLength();
        buffer.getBytes(offset + BODY_OFFSET, dst, dstOffset, textLength);
        return textLength;
    }

    /**
     * FORGOTTEN_NODE: absolute index of the forgotten node's id.
     */
    public int forgottenNodeIdIndex()
    {
        requireBody(FORGOTTEN_NODE_BODY_LENGTH);
        return offset + FORGOTTEN_NODE_ID_OFFSET;
    }

    /**
     * FORGOTTEN_NODE: how long the receiver keeps the node blacklisted (CLUSTER FORGET's 60 s, less time spent).
     */
    public long forgottenNodeTtlSeconds()
    {
        requireBody(FORGOTTEN_NODE_BODY_LENGTH);
        return buffer.getLong(offset + FORGOTTEN_NODE_TTL_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * SHARDID: absolute index of the 40-byte shard id.
     */
    public int shardIdIndex()
    {
        requireBody(SHARD_ID_BODY_LENGTH);
        return offset + SHARD_ID_OFFSET;
    }

    private void requireBody(final int bodyLength)
    {
        if (length - HEADER_LENGTH < bodyLength)
        {
            throw new IllegalStateException(
                "ping extension type " + type() + " body " + (length - HEADER_LENGTH) + " < " + bodyLength);
        }
    }
}
