/*
 * Goal: SlotRange accepts only valid slot ranges and reads and prints the form CLUSTER NODES uses.
 * Method: construct, parse and print boundary and malformed inputs; parse(toString()) round trips.
 */
package io.krill.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlotRangeTest
{
    @Test
    void shouldPrintSingleSlotWithoutDashWhenStartEqualsEnd()
    {
        assertEquals("7000", SlotRange.of(7000).toString());
        assertEquals("0", new SlotRange(0, 0).toString());
    }

    @Test
    void shouldPrintDashFormWhenRangeHasSeveralSlots()
    {
        assertEquals("0-5460", new SlotRange(0, 5460).toString());
        assertEquals("10923-16383", new SlotRange(10923, 16383).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "16383", "5", "0-16383", "5461-10922", "100-101", "007"})
    void shouldRoundTripWhenParsingValidText(final String text)
    {
        final SlotRange range = SlotRange.parse(text);

        assertEquals(range, SlotRange.parse(range.toString()));
    }

    @Test
    void shouldReadBoundsWhenParsing()
    {
        assertEquals(new SlotRange(5461, 10922), SlotRange.parse("5461-10922"));
        assertEquals(SlotRange.of(42), SlotRange.parse("42"));
        assertEquals(SlotRange.of(7), SlotRange.parse("007"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "-1", "1-", "16384", "0-16384", "5-4", "a", "1-2-3", " 1", "1 ", "+1",
        "99999999999", "1--2", "0x10"})
    void shouldRejectTextWhenNotASlotRange(final String text)
    {
        assertThrows(IllegalArgumentException.class, () -> SlotRange.parse(text));
    }

    @Test
    void shouldRejectBoundsWhenOutsideSlotSpaceOrReversed()
    {
        assertThrows(IllegalArgumentException.class, () -> new SlotRange(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> new SlotRange(0, HashSlot.SLOT_COUNT));
        assertThrows(IllegalArgumentException.class, () -> new SlotRange(9, 8));
        assertThrows(IllegalArgumentException.class, () -> SlotRange.checkSlot(16384));
        assertEquals(16383, SlotRange.checkSlot(16383));
    }

    @Test
    void shouldCountAndContainInclusiveBoundsWhenAsked()
    {
        final SlotRange range = new SlotRange(10, 20);

        assertEquals(11, range.size());
        assertTrue(range.contains(10));
        assertTrue(range.contains(20));
        assertFalse(range.contains(9));
        assertFalse(range.contains(21));
        assertEquals(HashSlot.SLOT_COUNT, new SlotRange(0, 16383).size());
    }
}
