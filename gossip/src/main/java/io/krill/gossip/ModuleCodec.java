package io.krill.gossip;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Flyweight over the body of a MODULE message: an opaque payload a Redis module sends to its peers. Krill
 * runs no modules; it only has to frame, validate and ignore these (or relay them in tests).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Module Id (8 bytes, opaque: not byte swapped)    |  0 (message offset 2256)
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Payload Length (u32)                       |  8
 *  +---------------+-----------------------------------------------+
 *  | Module Type   |           Payload ...                        ... 12
 *  +---------------+-----------------------------------------------+
 * </pre>
 * A MODULE message is {@code 2269 + payloadLength} bytes.
 */
public final class ModuleCodec
{
    public static final int MODULE_ID_OFFSET = 0;
    public static final int PAYLOAD_LENGTH_OFFSET = 8;
    public static final int MODULE_TYPE_OFFSET = 12;
    public static final int PAYLOAD_OFFSET = 13;
    public static final int FIXED_BODY_LENGTH = PAYLOAD_OFFSET;

    private DirectBuffer buffer;
    private int offset;
    private int payloadLength;

    /**
     * Wraps a MODULE body at {@code offset} (the message offset + 2256) of {@code length} bytes. Checks the fixed
     * part fits before reading the payload length, then that the payload fits.
     *
     * @throws IllegalArgumentException if the body is too short for its fields.
     */
    public ModuleCodec wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        Flyweights.checkRegion(buffer, offset, length, FIXED_BODY_LENGTH, "MODULE body");
        final long payload = buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        if (FIXED_BODY_LENGTH + payload > length)
        {
            throw new IllegalArgumentException("MODULE payload " + payload + " exceeds body " + length);
        }
        this.buffer = buffer;
        this.offset = offset;
        this.payloadLength = (int)payload;
        return this;
    }

    public ModuleCodec wrap(final BusHeaderCodec header)
    {
        return wrap(header.buffer(), header.bodyIndex(), header.bodyLength());
    }

    /**
     * The module id as the 8 bytes lie in memory (the sender's native order): compare, do not interpret.
     */
    public long moduleId()
    {
        return buffer.getLong(offset + MODULE_ID_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public int moduleType()
    {
        return buffer.getByte(offset + MODULE_TYPE_OFFSET) & 0xFF;
    }

    public int payloadIndex()
    {
        return offset + PAYLOAD_OFFSET;
    }

    public int payloadLength()
    {
        return payloadLength;
    }
}
