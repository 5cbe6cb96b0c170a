package io.krill.core.command;

import java.util.Arrays;
import java.util.List;

/**
 * What SORT needs from each value type: the elements of the types it sorts (list, set, sorted set) in their own
 * order, a field of a hash for {@code ->field} patterns, and a new list for STORE.
 * <p>
 * Each value type adds one branch to each method that concerns it, as in {@link Values}; a value no branch knows
 * is not sortable (WRONGTYPE) and has no fields.
 */
final class SortValues
{
    static final int NOT_SORTABLE = 0;
    static final int LIST = 1;
    static final int SET = 2;
    static final int SORTED_SET = 3;

    private SortValues()
    {
    }

    /** Which sortable type {@code value} is, or {@link #NOT_SORTABLE}. */
    static int kind(final Object value)
    {
        if (SetValues.isSet(value))
        {
            return SET;
        }
        if (value instanceof SortedSet)
        {
            return SORTED_SET;
        }
        if (value instanceof PackedList)
        {
            return LIST;
        }
        return NOT_SORTABLE;
    }

    /**
     * The form SORT leaves a value in: Redis converts a sorted set to its skip list form before sorting it, even for
     * SORT_RO and BY nosort (it shows in OBJECT ENCODING), so a packed sorted set is replaced; others stay.
     */
    static Object sortForm(final Object value)
    {
        if (value instanceof PackedSortedSet)
        {
            return ((PackedSortedSet)value).toSkipList();
        }
        return value;
    }

    /**
     * Appends the elements of a sortable value, each a fresh array, in the type's own order: a list from head to
     * tail, a sorted set by ascending score, a set in its iteration order.
     */
    static void elements(final Object value, final List<byte[]> into)
    {
        if (SetValues.isSet(value))
        {
            final SetView set = new SetView().wrap(value);
            for (int position = set.first(); position >= 0; position = set.next(position))
            {
                into.add(Arrays.copyOf(set.bytes(position), set.length(position)));
            }
            return;
        }
        if (value instanceof PackedList)
        {
            final PackedList.Cursor cursor = new PackedList.Cursor();
            // a list in the keyspace is never empty
            cursor.first((PackedList)value);
            do
            {
                into.add(Arrays.copyOfRange(cursor.buffer(), cursor.offset(), cursor.offset() + cursor.length()));
            }
            while (cursor.next());
            return;
        }
        if (value instanceof SortedSet)
        {
            final SortedSet.Cursor cursor = new SortedSet.Cursor();
            ((SortedSet)value).open(cursor, 0, false);
            while (cursor.next())
            {
                into.add(Arrays.copyOfRange(cursor.member, cursor.memberOffset,
                    cursor.memberOffset + cursor.memberLength));
            }
            return;
        }
        throw new IllegalStateException("not sortable: " + value.getClass().getName());
    }

    /** The value of {@code field} in {@code value} if it is a hash holding that field, else null. */
    static byte[] hashField(final Object value, final byte[] field)
    {
        if (HashValues.isHash(value))
        {
            final HashValue hash = (HashValue)value;
            final int position = hash.find(field, 0, field.length);
            if (position < 0)
            {
                return null;
            }
            final int offset = hash.valueOffset(position);
            return Arrays.copyOfRange(hash.valueBytes(position), offset, offset + hash.valueLength(position));
        }
        return null;
    }

    /**
     * A new list value holding {@code elements} in order (never empty), for SORT ... STORE, with nodes of
     * {@code list-max-listpack-size}.
     */
    static Object newList(final List<byte[]> elements, final int fill)
    {
        final PackedList list = new PackedList(fill);
        for (final byte[] element : elements)
        {
            list.pushTail(element, 0, element.length);
        }
        return list;
    }
}
