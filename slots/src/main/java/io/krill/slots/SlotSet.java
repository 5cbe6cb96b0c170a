package io.krill.slots;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A mutable set of hash slots: one bit for each of the 16384 slots, held in 256 longs.
 * <p>
 * Word {@code i} holds slots {@code 64 * i .. 64 * i + 63}, slot {@code j} in bit {@code j & 63}. That makes
 * the words, written little-endian one after the other, exactly the 2048-byte slot bitmap of the cluster bus
 * (slot {@code j} in byte {@code j / 8}, bit {@code j & 7}, least significant bit first), so conversion to and
 * from the bus is a copy of 256 longs; {@link #word(int)} and {@link #word(int, long)} let a codec over any
 * buffer type do the same.
 * <p>
 * Not thread-safe. Lookups and updates allocate nothing; {@link #ranges()} and {@link #copy()} do.
 */
public final class SlotSet
{
    /**
     * Number of longs backing the set.
     */
    public static final int WORD_COUNT = HashSlot.SLOT_COUNT / Long.SIZE;

    /**
     * Size of the bus slot bitmap ({@code myslots} in a bus header, the bitmap of an UPDATE message).
     */
    public static final int BITMAP_BYTES = HashSlot.SLOT_COUNT / Byte.SIZE;

    private static final VarHandle LITTLE_ENDIAN_LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long[] words = new long[WORD_COUNT];

    /**
     * Receives the maximal runs of consecutive slots, in ascending order, from
     * {@link #forEachRange(RangeConsumer)}.
     */
    @FunctionalInterface
    public interface RangeConsumer
    {
        /**
         * @param start first slot of the run.
         * @param end   last slot of the run, inclusive.
         */
        void accept(int start, int end);
    }

    public void set(final int slot)
    {
        SlotRange.checkSlot(slot);
        words[slot >>> 6] |= 1L << slot;
    }

    public void clear(final int slot)
    {
        SlotRange.checkSlot(slot);
        words[slot >>> 6] &= ~(1L << slot);
    }

    public boolean get(final int slot)
    {
        SlotRange.checkSlot(slot);
        return (words[slot >>> 6] & (1L << slot)) != 0;
    }

    /**
     * Adds every slot of {@code start .. end} (inclusive).
     *
     * @throws IllegalArgumentException if the bounds do not form a valid {@link SlotRange}.
     */
    public void set(final int start, final int end)
    {
        SlotRange.checkRange(start, end);
        applyRange(start, end, true);
    }

    public void set(final SlotRange range)
    {
        applyRange(range.start(), range.end(), true);
    }

    /**
     * Removes every slot of {@code start .. end} (inclusive).
     *
     * @throws IllegalArgumentException if the bounds do not form a valid {@link SlotRange}.
     */
    public void clear(final int start, final int end)
    {
        SlotRange.checkRange(start, end);
        applyRange(start, end, false);
    }

    public void clear(final SlotRange range)
    {
        applyRange(range.start(), range.end(), false);
    }

    public void clearAll()
    {
        Arrays.fill(words, 0L);
    }

    public boolean isEmpty()
    {
        for (final long word : words)
        {
            if (word != 0)
            {
                return false;
            }
        }
        return true;
    }

    public int cardinality()
    {
        int count = 0;
        for (final long word : words)
        {
            count += Long.bitCount(word);
        }
        return count;
    }

    /**
     * First slot {@code >= from} that is in the set.
     *
     * @param from a slot, or {@code SLOT_COUNT} (which finds nothing).
     * @return the slot, or -1 if there is none.
     */
    public int nextSetBit(final int from)
    {
        checkFrom(from);
        int index = from >>> 6;
        if (index >= WORD_COUNT)
        {
            return -1;
        }
        long word = words[index] & (-1L << from);
        while (word == 0)
        {
            if (++index == WORD_COUNT)
            {
                return -1;
            }
            word = words[index];
        }
        return (index << 6) + Long.numberOfTrailingZeros(word);
    }

    /**
     * First slot {@code >= from} that is not in the set.
     *
     * @param from a slot, or {@code SLOT_COUNT} (which finds nothing).
     * @return the slot, or -1 if there is none.
     */
    public int nextClearBit(final int from)
    {
        checkFrom(from);
        int index = from >>> 6;
        if (index >= WORD_COUNT)
        {
            return -1;
        }
        long word = ~words[index] & (-1L << from);
        while (word == 0)
        {
            if (++index == WORD_COUNT)
            {
                return -1;
            }
            word = ~words[index];
        }
        return (index << 6) + Long.numberOfTrailingZeros(word);
    }

    /**
     * Calls {@code consumer} once per maximal run of consecutive slots, in ascending order: the shape of the
     * slot list of a {@code CLUSTER NODES} line and of the entries of {@code CLUSTER SLOTS}.
     */
    public void forEachRange(final RangeConsumer consumer)
    {
        int start = nextSetBit(0);
        while (start >= 0)
        {
            final int after = nextClearBit(start);
            final int end = after < 0 ? HashSlot.SLOT_COUNT - 1 : after - 1;
            consumer.accept(start, end);
            start = after < 0 ? -1 : nextSetBit(after);
        }
    }

    /**
     * The maximal runs of consecutive slots, in ascending order.
     */
    public List<SlotRange> ranges()
    {
        final List<SlotRange> ranges = new ArrayList<>();
        forEachRange((start, end) -> ranges.add(new SlotRange(start, end)));
        return ranges;
    }

    /**
     * Adds every slot of {@code other}.
     */
    public void or(final SlotSet other)
    {
        for (int i = 0; i < WORD_COUNT; i++)
        {
            words[i] |= other.words[i];
        }
    }

    /**
     * Removes every slot of {@code other}.
     */
    public void andNot(final SlotSet other)
    {
        for (int i = 0; i < WORD_COUNT; i++)
        {
            words[i] &= ~other.words[i];
        }
    }

    public boolean intersects(final SlotSet other)
    {
        for (int i = 0; i < WORD_COUNT; i++)
        {
            if ((words[i] & other.words[i]) != 0)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Word {@code index} of the set: slots {@code 64 * index ..} in bits {@code 0 ..}; equal to bytes
     * {@code 8 * index .. 8 * index + 7} of the bus bitmap read as a little-endian long.
     */
    public long word(final int index)
    {
        return words[index];
    }

    /**
     * Replaces word {@code index}; see {@link #word(int)} for the layout.
     */
    public void word(final int index, final long value)
    {
        words[index] = value;
    }

    /**
     * Writes the set as a bus slot bitmap into {@code dst[offset .. offset + BITMAP_BYTES)}.
     *
     * @throws IndexOutOfBoundsException if the bitmap does not fit.
     */
    public void toBitmap(final byte[] dst, final int offset)
    {
        Objects.checkFromIndexSize(offset, BITMAP_BYTES, dst.length);
        for (int i = 0; i < WORD_COUNT; i++)
        {
            LITTLE_ENDIAN_LONG.set(dst, offset + (i << 3), words[i]);
        }
    }

    /**
     * Replaces the whole set with the bus slot bitmap in {@code src[offset .. offset + BITMAP_BYTES)}.
     *
     * @throws IndexOutOfBoundsException if the bitmap does not fit.
     */
    public void fromBitmap(final byte[] src, final int offset)
    {
        Objects.checkFromIndexSize(offset, BITMAP_BYTES, src.length);
        for (int i = 0; i < WORD_COUNT; i++)
        {
            words[i] = (long)LITTLE_ENDIAN_LONG.get(src, offset + (i << 3));
        }
    }

    /**
     * A new set with the same slots.
     */
    public SlotSet copy()
    {
        final SlotSet copy = new SlotSet();
        copy.copyFrom(this);
        return copy;
    }

    /**
     * Makes this set equal to {@code other}, without allocating.
     */
    public void copyFrom(final SlotSet other)
    {
        System.arraycopy(other.words, 0, words, 0, WORD_COUNT);
    }

    @Override
    public boolean equals(final Object o)
    {
        return this == o || o instanceof SlotSet && Arrays.equals(words, ((SlotSet)o).words);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(words);
    }

    /**
     * The runs in {@code CLUSTER NODES} form, e.g. {@code "[0-5460 7000]"}.
     */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder("[");
        forEachRange((start, end) ->
        {
            if (text.length() > 1)
            {
                text.append(' ');
            }
            text.append(start);
            if (end != start)
            {
                text.append('-').append(end);
            }
        });
        return text.append(']').toString();
    }

    private void applyRange(final int start, final int end, final boolean value)
    {
        final int firstWord = start >>> 6;
        final int lastWord = end >>> 6;
        for (int i = firstWord; i <= lastWord; i++)
        {
            long mask = -1L;
            if (i == firstWord)
            {
                mask &= -1L << start;
            }
            if (i == lastWord)
            {
                mask &= -1L >>> (63 - (end & 63));
            }
            words[i] = value ? words[i] | mask : words[i] & ~mask;
        }
    }

    private static void checkFrom(final int from)
    {
        if (from < 0 || from > HashSlot.SLOT_COUNT)
        {
            throw new IllegalArgumentException("slot " + from + " is outside 0.." + HashSlot.SLOT_COUNT);
        }
    }
}
