package io.krill.gossip;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Flyweight over the body of an UPDATE message: a node (not necessarily the sender) with its configEpoch and
 * the slots it owns, sent to a node whose slot claim is stale so it adopts the newer configuration.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Config Epoch (u64)                          |  0 (message offset 2256)
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Node Id (40 bytes hex)                      ...  8
 *  +---------------------------------------------------------------+
 *  |      Slots (2048 bytes; slot j = byte j/8, bit j&7, LSB)     ...  48
 *  +---------------------------------------------------------------+
 * </pre>
 * An UPDATE message is exactly {@link #MESSAGE_LENGTH} (4352) bytes: the largest fixed-size bus message.
 */
public final class UpdateCodec
{
    public static final int CONFIG_EPOCH_OFFSET = 0;
    public static final int NODE_ID_OFFSET = 8;
    public static final int SLOTS_OFFSET = 48;
    public static final int BODY_LENGTH = SLOTS_OFFSET + SlotBitmap.LENGTH;
    public static final int MESSAGE_LENGTH = BusHeaderCodec.LENGTH + BODY_LENGTH;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wraps an UPDATE body at {@code offset} (the message offset + 2256) of {@code length} bytes.
     *
     * @throws IllegalArgumentException if the body is shorter than {@link #BODY_LENGTH}.
     */
    public UpdateCodec wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        Flyweights.checkRegion(buffer, offset, length, BODY_LENGTH, "UPDATE body");
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Wraps the body of a wrapped UPDATE message.
     */
    public UpdateCodec wrap(final BusHeaderCodec header)
    {
        return wrap(header.buffer(), header.bodyIndex(), header.bodyLength());
    }

    public long configEpoch()
    {
        return buffer.getLong(offset + CONFIG_EPOCH_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public int nodeIdIndex()
    {
        return offset + NODE_ID_OFFSET;
    }

    public boolean nodeIdEquals(final byte[] id, final int idOffset)
    {
        return NodeId.equals(buffer, offset + NODE_ID_OFFSET, id, idOffset);
    }

    public void copyNodeId(final byte[] dst, final int dstOffset)
    {
        NodeId.copy(buffer, offset + NODE_ID_OFFSET, dst, dstOffset);
    }

    /**
     * Word {@code wordIndex} (0..255) of the slot bitmap, in {@code io.krill.slots.SlotSet}'s word layout.
     */
    public long slotsWord(final int wordIndex)
    {
        return SlotBitmap.word(buffer, offset + SLOTS_OFFSET, wordIndex);
    }

    public boolean hasSlot(final int slot)
    {
        return SlotBitmap.get(buffer, offset + SLOTS_OFFSET, slot);
    }

    /**
     * First slot at or after {@code from} (0..16384) in the bitmap, or -1.
     */
    public int nextSlot(final int from)
    {
        return SlotBitmap.next(buffer, offset + SLOTS_OFFSET, from, true);
    }

    /**
     * First slot at or after {@code from} (0..16384) not in the bitmap, or -1.
     */
    public int nextFreeSlot(final int from)
    {
        return SlotBitmap.next(buffer, offset + SLOTS_OFFSET, from, false);
    }

    public void copySlots(final byte[] dst, final int dstOffset)
    {
        buffer.getBytes(offset + SLOTS_OFFSET, dst, dstOffset, SlotBitmap.LENGTH);
    }

    public int slotsIndex()
    {
        return offset + SLOTS_OFFSET;
    }
}
