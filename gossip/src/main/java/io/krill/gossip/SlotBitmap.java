package io.krill.gossip;

import java.nio.ByteOrder;
import java.util.Objects;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The 2048-byte slot bitmap of the bus ({@code myslots} in every header, the bitmap of an UPDATE): slot
 * {@code j} is byte {@code j / 8}, bit {@code j & 7}, least significant bit first.
 * <p>
 * Read as 256 little-endian longs, word {@code i} holds slots {@code 64 i .. 64 i + 63} in bits {@code 0 ..
 * 63}. That is exactly the word layout of {@code io.krill.slots.SlotSet}, so copying a set to or from the
 * wire is 256 word moves ({@code set.word(i, codec.slotsWord(i))}) with no per-slot work.
 */
final class SlotBitmap
{
    static final int SLOT_COUNT = 16384;
    static final int LENGTH = SLOT_COUNT / Byte.SIZE;
    static final int WORD_COUNT = SLOT_COUNT / Long.SIZE;

    private SlotBitmap()
    {
    }

    static long word(final DirectBuffer buffer, final int bitmapIndex, final int wordIndex)
    {
        Objects.checkIndex(wordIndex, WORD_COUNT);
        return buffer.getLong(bitmapIndex + (wordIndex << 3), ByteOrder.LITTLE_ENDIAN);
    }

    static void putWord(
        final MutableDirectBuffer buffer, final int bitmapIndex, final int wordIndex, final long word)
    {
        Objects.checkIndex(wordIndex, WORD_COUNT);
        buffer.putLong(bitmapIndex + (wordIndex << 3), word, ByteOrder.LITTLE_ENDIAN);
    }

    static boolean get(final DirectBuffer buffer, final int bitmapIndex, final int slot)
    {
        Objects.checkIndex(slot, SLOT_COUNT);
        return (buffer.getByte(bitmapIndex + (slot >>> 3)) & (1 << (slot & 7))) != 0;
    }

    /**
     * First slot at or after {@code from} whose bit is {@code set}, or -1 if none; {@code from} may be
     * {@link #SLOT_COUNT} (then -1). Works a word at a time, so walking the ranges of a bitmap costs
     * about 256 word reads.
     */
    static int next(final DirectBuffer buffer, final int bitmapIndex, final int from, final boolean set)
    {
        Objects.checkIndex(from, SLOT_COUNT + 1);
        if (from == SLOT_COUNT)
        {
            return -1;
        }
        int wordIndex = from >>> 6;
        long word = word(buffer, bitmapIndex, wordIndex);
        word = (set ? word : ~word) & (-1L << from);
        while (word == 0)
        {
            if (++wordIndex == WORD_COUNT)
            {
                return -1;
            }
            word = word(buffer, bitmapIndex, wordIndex);
            word = set ? word : ~word;
        }
        return (wordIndex << 6) + Long.numberOfTrailingZeros(word);
    }
}
