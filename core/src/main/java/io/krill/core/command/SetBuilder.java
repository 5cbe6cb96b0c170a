package io.krill.core.command;

import io.krill.core.resp.Numbers;

import java.util.Arrays;

/**
 * A set being built by adds and removes, following Redis's encoding rules step by step, so that the finished set
 * has the encoding (and so the reply order) Redis's would: it starts as an empty intset, becomes a table the first
 * time a non-integer arrives or it grows past set-max-intset-entries, and never goes back.
 * <p>
 * BACKGROUND: SUNION, SDIFF, SINTERSTORE and friends build their result in a fresh set and reply by walking it, so
 * an all-integer result comes out in ascending order (an intset), and SDIFF's second algorithm can leave a small
 * result in a table because it was large on the way. While an intset, members are kept in a sorted
 * {@code long[]} with spare room, so building costs one binary search and one shift per add.
 */
final class SetBuilder
{
    private final long maxIntsetEntries;
    private long[] ints = new long[8];
    private int intCount;
    private TableSet table;

    SetBuilder(final long maxIntsetEntries)
    {
        this.maxIntsetEntries = maxIntsetEntries;
    }

    int size()
    {
        return table != null ? table.size() : intCount;
    }

    /** Adds a member; returns whether it was absent. */
    boolean add(final byte[] member, final int offset, final int length)
    {
        if (table == null)
        {
            if (SetValues.isInteger(member, offset, length))
            {
                return addInt(Numbers.parseLong(member, offset, length));
            }
            convert(intCount + 1);
        }
        return table.add(member, offset, length);
    }

    /** Adds the member at {@code position} of {@code view}; returns whether it was absent. */
    boolean add(final SetView view, final int position)
    {
        if (view.isIntset() && table == null)
        {
            return addInt(view.intAt(position));
        }
        return add(view.bytes(position), 0, view.length(position));
    }

    /** Removes a member; returns whether it was present. */
    boolean remove(final byte[] member, final int offset, final int length)
    {
        if (table != null)
        {
            return table.remove(member, offset, length);
        }
        if (!SetValues.isInteger(member, offset, length))
        {
            return false;
        }
        final int index = Arrays.binarySearch(ints, 0, intCount, Numbers.parseLong(member, offset, length));
        if (index < 0)
        {
            return false;
        }
        System.arraycopy(ints, index + 1, ints, index, intCount - index - 1);
        intCount--;
        return true;
    }

    /** Removes the member at {@code position} of {@code view}; returns whether it was present. */
    boolean remove(final SetView view, final int position)
    {
        return remove(view.bytes(position), 0, view.length(position));
    }

    /** The set built: an {@link Intset} array or a {@link TableSet}. */
    Object build()
    {
        if (table != null)
        {
            return table;
        }
        return Intset.addAll(Intset.EMPTY, ints, intCount);
    }

    private boolean addInt(final long value)
    {
        if (table != null)
        {
            final byte[] digits = new byte[SetView.MAX_DIGITS];
            return table.add(digits, 0, SetView.writeDecimal(digits, value));
        }
        final int index = Arrays.binarySearch(ints, 0, intCount, value);
        if (index >= 0)
        {
            return false;
        }
        final int at = -index - 1;
        if (intCount == ints.length)
        {
            ints = Arrays.copyOf(ints, intCount * 2);
        }
        System.arraycopy(ints, at, ints, at + 1, intCount - at);
        ints[at] = value;
        intCount++;
        if (intCount > maxIntsetEntries)
        {
            convert(intCount);
        }
        return true;
    }

    private void convert(final int expectedSize)
    {
        final TableSet converted = new TableSet(expectedSize);
        final byte[] digits = new byte[SetView.MAX_DIGITS];
        for (int i = 0; i < intCount; i++)
        {
            converted.add(digits, 0, SetView.writeDecimal(digits, ints[i]));
        }
        table = converted;
        ints = null;
        intCount = 0;
    }
}
