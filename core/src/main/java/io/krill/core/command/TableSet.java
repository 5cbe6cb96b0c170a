package io.krill.core.command;

import java.util.Arrays;

/**
 * The "hashtable" encoding of a set: members in a {@link FieldTable}. Used for sets holding a member that is not
 * a 64-bit integer or more than set-max-intset-entries members; never converted back to an intset.
 */
final class TableSet extends FieldTable
{
    TableSet(final int expectedSize)
    {
        super(expectedSize, false);
    }

    private TableSet(final TableSet source)
    {
        super(source);
    }

    /** Adds a copy of {@code member} unless present; returns whether it was added. */
    boolean add(final byte[] member, final int offset, final int length)
    {
        if (find(member, offset, length) >= 0)
        {
            return false;
        }
        insert(Arrays.copyOfRange(member, offset, offset + length), null);
        return true;
    }

    /** Removes {@code member}; returns whether it was there. */
    boolean remove(final byte[] member, final int offset, final int length)
    {
        final int position = find(member, offset, length);
        if (position < 0)
        {
            return false;
        }
        removeAt(position);
        return true;
    }

    TableSet copy()
    {
        return new TableSet(this);
    }
}
