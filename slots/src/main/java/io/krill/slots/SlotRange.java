package io.krill.slots;

/**
 * An immutable, non-empty run of hash slots {@code start .. end}, both inclusive, within
 * {@code 0 .. HashSlot.SLOT_COUNT - 1}.
 * <p>
 * {@link #toString()} prints the form used by {@code CLUSTER NODES} and {@code nodes.conf}: {@code "N"} for a
 * single slot, {@code "A-B"} otherwise; {@link #parse(CharSequence)} reads it back.
 *
 * @param start first slot of the range.
 * @param end   last slot of the range, {@code >= start}.
 */
public record SlotRange(int start, int end)
{
    /**
     * @throws IllegalArgumentException if a bound is not a slot or {@code start > end}.
     */
    public SlotRange
    {
        checkRange(start, end);
    }

    /**
     * The range holding one slot.
     */
    public static SlotRange of(final int slot)
    {
        return new SlotRange(slot, slot);
    }

    /**
     * Parses {@code "N"} or {@code "A-B"} (decimal, no sign, no spaces).
     *
     * @throws IllegalArgumentException if the text is not in that form or names an invalid range.
     */
    public static SlotRange parse(final CharSequence text)
    {
        final int length = text.length();
        int dash = -1;
        for (int i = 0; i < length; i++)
        {
            if (text.charAt(i) == '-')
            {
                dash = i;
                break;
            }
        }
        if (dash < 0)
        {
            return of(parseSlot(text, 0, length));
        }
        return new SlotRange(parseSlot(text, 0, dash), parseSlot(text, dash + 1, length));
    }

    /**
     * Throws unless {@code slot} is in {@code 0 .. HashSlot.SLOT_COUNT - 1}.
     *
     * @return the slot, for chaining.
     * @throws IllegalArgumentException if it is not.
     */
    public static int checkSlot(final int slot)
    {
        if (slot < 0 || slot >= HashSlot.SLOT_COUNT)
        {
            throw new IllegalArgumentException("slot " + slot + " is outside 0.." + (HashSlot.SLOT_COUNT - 1));
        }
        return slot;
    }

    /**
     * Throws unless {@code start .. end} would make a valid range.
     *
     * @throws IllegalArgumentException if a bound is not a slot or {@code start > end}.
     */
    public static void checkRange(final int start, final int end)
    {
        checkSlot(start);
        checkSlot(end);
        if (start > end)
        {
            throw new IllegalArgumentException("slot range start " + start + " is after its end " + end);
        }
    }

    /**
     * Number of slots in the range, at least 1.
     */
    public int size()
    {
        return end - start + 1;
    }

    public boolean contains(final int slot)
    {
        return slot >= start && slot <= end;
    }

    @Override
    public String toString()
    {
        return start == end ? Integer.toString(start) : start + "-" + end;
    }

    private static int parseSlot(final CharSequence text, final int from, final int to)
    {
        // At most five digits: 16383 is the largest slot, and the bound also keeps the int from overflowing.
        if (to <= from || to - from > 5)
        {
            throw badRange(text);
        }
        int value = 0;
        for (int i = from; i < to; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                throw badRange(text);
            }
            value = value * 10 + (c - '0');
        }
        return checkSlot(value);
    }

    private static IllegalArgumentException badRange(final CharSequence text)
    {
        return new IllegalArgumentException("not a slot or slot range: \"" + text + "\"");
    }
}
