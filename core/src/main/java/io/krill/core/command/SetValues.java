package io.krill.core.command;

import io.krill.core.resp.CommandException;
import io.krill.core.resp.Numbers;

/**
 * How set values are held in the keyspace and the type check every set command makes: an {@link Intset} array
 * ("intset") or a {@link TableSet} ("hashtable").
 */
final class SetValues
{
    private SetValues()
    {
    }

    static boolean isSet(final Object value)
    {
        return value instanceof TableSet || Intset.isIntset(value);
    }

    /** Throws WRONGTYPE unless {@code value} is a set. */
    static void requireSet(final Object value)
    {
        if (!isSet(value))
        {
            throw CommandException.WRONG_TYPE;
        }
    }

    static String encoding(final Object value)
    {
        return value instanceof TableSet ? "hashtable" : "intset";
    }

    static Object copy(final Object value)
    {
        return value instanceof TableSet ? ((TableSet)value).copy() : Intset.copy(value);
    }

    static int size(final Object set)
    {
        return set instanceof TableSet ? ((TableSet)set).size() : Intset.size(set);
    }

    /** True if the bytes are an integer an intset may hold: string2ll-canonical and within 64 bits. */
    static boolean isInteger(final byte[] buffer, final int offset, final int length)
    {
        return Numbers.parseLong(buffer, offset, length) != Numbers.INVALID ||
            Numbers.isLongMinValue(buffer, offset, length);
    }

    static boolean contains(final Object set, final byte[] member, final int offset, final int length)
    {
        if (set instanceof TableSet)
        {
            return ((TableSet)set).find(member, offset, length) >= 0;
        }
        return isInteger(member, offset, length) && Intset.contains(set, Numbers.parseLong(member, offset, length));
    }

    /** The same members as the intset {@code set}, in a table with room for {@code expectedSize}. */
    static TableSet toTable(final Object set, final int expectedSize)
    {
        final TableSet table = new TableSet(expectedSize);
        final byte[] digits = new byte[SetView.MAX_DIGITS];
        for (int i = 0, size = Intset.size(set); i < size; i++)
        {
            final int length = SetView.writeDecimal(digits, Intset.get(set, i));
            table.add(digits, 0, length);
        }
        return table;
    }
}
