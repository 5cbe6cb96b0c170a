/*
 * Goal: SlotSet is a correct 16384-bit set whose bitmap form is byte-for-byte the cluster bus layout.
 * Method: boundary slots (0, 63, 64, 16383), seeded random operations checked against java.util.BitSet,
 * range iteration against the CLUSTER NODES form, and the bitmap checked byte by byte against the layout
 * rule "slot j = byte j/8, bit j&7, LSB first" at a non-zero offset.
 */
package io.krill.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SlotSetTest
{
    private static final long SEED = 0xB17_5E7L;

    @Test
    void shouldHoldBoundarySlotsWhenSet()
    {
        final SlotSet set = new SlotSet();
        final int[] slots = {0, 1, 63, 64, 127, 8191, 8192, 16320, 16383};
        for (final int slot : slots)
        {
            set.set(slot);
        }

        for (final int slot : slots)
        {
            assertTrue(set.get(slot), "slot " + slot);
        }
        assertFalse(set.get(2));
        assertFalse(set.get(16382));
        assertEquals(slots.length, set.cardinality());
    }

    @Test
    void shouldRemoveOnlyThatSlotWhenCleared()
    {
        final SlotSet set = new SlotSet();
        set.set(0, 16383);
        set.clear(64);

        assertFalse(set.get(64));
        assertTrue(set.get(63));
        assertTrue(set.get(65));
        assertEquals(16383, set.cardinality());
    }

    @Test
    void shouldRejectSlotWhenOutsideSlotSpace()
    {
        final SlotSet set = new SlotSet();

        assertThrows(IllegalArgumentException.class, () -> set.set(16384));
        assertThrows(IllegalArgumentException.class, () -> set.get(-1));
        assertThrows(IllegalArgumentException.class, () -> set.clear(5, 4));
        assertThrows(IllegalArgumentException.class, () -> set.nextSetBit(16385));
    }

    @Test
    void shouldAgreeWithBitSetWhenOperationsAreRandom()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final SlotSet set = new SlotSet();
        final BitSet expected = new BitSet(HashSlot.SLOT_COUNT);
        for (int round = 0; round < 20_000; round++)
        {
            final int a = random.nextInt(HashSlot.SLOT_COUNT);
            final int b = Math.min(HashSlot.SLOT_COUNT - 1, a + random.nextInt(300));
            switch (random.nextInt(6))
            {
                case 0 -> { set.set(a); expected.set(a); }
                case 1 -> { set.clear(a); expected.clear(a); }
                case 2 -> { set.set(a, b); expected.set(a, b + 1); }
                case 3 -> { set.clear(a, b); expected.clear(a, b + 1); }
                case 4 -> assertEquals(nextSet(expected, a), set.nextSetBit(a), "nextSetBit " + a);
                default -> assertEquals(nextClear(expected, a), set.nextClearBit(a), "nextClearBit " + a);
            }
        }
        assertEquals(expected.cardinality(), set.cardinality());
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++)
        {
            assertEquals(expected.get(slot), set.get(slot), "slot " + slot);
            assertEquals(nextSet(expected, slot), set.nextSetBit(slot));
            assertEquals(nextClear(expected, slot), set.nextClearBit(slot));
        }
    }

    @Test
    void shouldReturnMinusOneWhenNoNextBitExists()
    {
        final SlotSet set = new SlotSet();

        assertEquals(-1, set.nextSetBit(0));
        assertEquals(-1, set.nextSetBit(HashSlot.SLOT_COUNT));
        assertEquals(0, set.nextClearBit(0));
        set.set(0, 16383);
        assertEquals(-1, set.nextClearBit(0));
        assertEquals(16383, set.nextSetBit(16383));
        assertEquals(-1, set.nextClearBit(HashSlot.SLOT_COUNT));
    }

    @Test
    void shouldListMaximalRunsInOrderWhenIteratingRanges()
    {
        final SlotSet set = new SlotSet();
        set.set(0, 5460);
        set.set(7000);
        set.set(10923, 16383);
        set.set(63, 64);
        final List<String> visited = new ArrayList<>();

        set.forEachRange((start, end) -> visited.add(start + ".." + end));

        assertEquals(List.of("0..5460", "7000..7000", "10923..16383"), visited);
        assertEquals(List.of(new SlotRange(0, 5460), SlotRange.of(7000), new SlotRange(10923, 16383)), set.ranges());
        assertEquals("[0-5460 7000 10923-16383]", set.toString());
    }

    @Test
    void shouldSplitRunsAtWordEdgesOnlyWhenSlotsAreMissing()
    {
        final SlotSet set = new SlotSet();
        set.set(60, 70);
        set.set(128);
        set.set(16383);

        assertEquals(List.of(new SlotRange(60, 70), SlotRange.of(128), SlotRange.of(16383)), set.ranges());
        assertTrue(new SlotSet().ranges().isEmpty());
        assertEquals("[]", new SlotSet().toString());
    }

    @Test
    void shouldPlaceSlotJInByteJDiv8BitJAnd7WhenWritingBitmap()
    {
        final SlotSet set = new SlotSet();
        final int[] slots = {0, 7, 8, 9, 100, 5461, 16383};
        for (final int slot : slots)
        {
            set.set(slot);
        }
        final int offset = 13;
        final byte[] bitmap = new byte[offset + SlotSet.BITMAP_BYTES + 3];

        set.toBitmap(bitmap, offset);

        final byte[] expected = new byte[bitmap.length];
        for (final int slot : slots)
        {
            expected[offset + slot / 8] |= (byte)(1 << (slot & 7));
        }
        assertArrayEquals(expected, bitmap);
        assertEquals((byte)0x81, bitmap[offset], "slots 0 and 7 share the first byte");
        assertEquals((byte)0x80, bitmap[offset + SlotSet.BITMAP_BYTES - 1]);
    }

    @Test
    void shouldRoundTripWhenReadingBitmapBack()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final byte[] bitmap = new byte[SlotSet.BITMAP_BYTES + 5];
        random.nextBytes(bitmap);
        final SlotSet set = new SlotSet();
        set.set(3);

        set.fromBitmap(bitmap, 5);

        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++)
        {
            assertEquals((bitmap[5 + slot / 8] >> (slot & 7) & 1) == 1, set.get(slot), "slot " + slot);
        }
        final byte[] written = new byte[bitmap.length];
        set.toBitmap(written, 5);
        for (int i = 5; i < bitmap.length; i++)
        {
            assertEquals(bitmap[i], written[i]);
        }
    }

    @Test
    void shouldRejectBitmapWhenItDoesNotFit()
    {
        final SlotSet set = new SlotSet();

        assertThrows(IndexOutOfBoundsException.class, () -> set.toBitmap(new byte[SlotSet.BITMAP_BYTES], 1));
        assertThrows(IndexOutOfBoundsException.class, () -> set.fromBitmap(new byte[100], 0));
    }

    @Test
    void shouldExposeWordsInBusLayoutWhenReadAsLittleEndianLongs()
    {
        final SlotSet set = new SlotSet();
        set.set(64);
        set.set(127);

        assertEquals(0L, set.word(0));
        assertEquals(1L | Long.MIN_VALUE, set.word(1));
        set.word(255, 1L << 63);
        assertTrue(set.get(16383));
    }

    @Test
    void shouldBeEqualAndIndependentWhenCopied()
    {
        final SlotSet set = new SlotSet();
        set.set(1, 1000);
        final SlotSet copy = set.copy();

        assertNotSame(set, copy);
        assertEquals(set, copy);
        assertEquals(set.hashCode(), copy.hashCode());
        copy.clear(500);
        assertNotEquals(set, copy);
        assertTrue(set.get(500));
        copy.copyFrom(set);
        assertEquals(set, copy);
    }

    @Test
    void shouldCombineSetsWhenUsingOrAndNot()
    {
        final SlotSet a = new SlotSet();
        a.set(0, 99);
        final SlotSet b = new SlotSet();
        b.set(50, 149);

        assertTrue(a.intersects(b));
        a.or(b);
        assertEquals(150, a.cardinality());
        a.andNot(b);
        assertEquals(List.of(new SlotRange(0, 49)), a.ranges());
        assertFalse(a.intersects(b));
    }

    @Test
    void shouldBeEmptyWhenAllCleared()
    {
        final SlotSet set = new SlotSet();
        set.set(0, 16383);
        assertFalse(set.isEmpty());

        set.clearAll();

        assertTrue(set.isEmpty());
        assertEquals(0, set.cardinality());
        assertEquals(new SlotSet(), set);
    }

    private static int nextSet(final BitSet bits, final int from)
    {
        return bits.nextSetBit(from);
    }

    private static int nextClear(final BitSet bits, final int from)
    {
        final int clear = bits.nextClearBit(from);
        return clear >= HashSlot.SLOT_COUNT ? -1 : clear;
    }
}
