package io.krill.core.command;

import java.util.Arrays;

/**
 * The "intset" encoding of a set of integers, as bare sorted arrays stored directly in the keyspace: a
 * {@code short[]}, {@code int[]} or {@code long[]}, the narrowest that holds every member, ascending, no
 * duplicates, of exactly the set's size.
 * <p>
 * BACKGROUND: Redis keeps small all-integer sets as a sorted array of 16, 32 or 64-bit integers. Here the array
 * itself is the keyspace value, with no wrapping object: 16 bytes of array header and the members, the least any
 * JVM representation can cost. As in Redis, a set whose members all look like integers (string2ll-canonical,
 * within 64 bits) stays an intset up to set-max-intset-entries members; the command layer converts it to a
 * {@link TableSet} past that, or when a non-integer member arrives. Arrays are replaced on every change (as Redis
 * reallocates), so the caller stores the returned array; like Redis, an intset is never narrowed again.
 * <p>
 * Every method takes the set as an {@code Object} holding one of the three array types.
 */
final class Intset
{
    static final short[] EMPTY = new short[0];

    private Intset()
    {
    }

    static boolean isIntset(final Object value)
    {
        return value instanceof short[] || value instanceof int[] || value instanceof long[];
    }

    static int size(final Object set)
    {
        if (set instanceof short[])
        {
            return ((short[])set).length;
        }
        if (set instanceof int[])
        {
            return ((int[])set).length;
        }
        return ((long[])set).length;
    }

    static long get(final Object set, final int index)
    {
        if (set instanceof short[])
        {
            return ((short[])set)[index];
        }
        if (set instanceof int[])
        {
            return ((int[])set)[index];
        }
        return ((long[])set)[index];
    }

    /** Index of {@code value}, or {@code -(insertion point) - 1} if absent (as {@link Arrays#binarySearch}). */
    static int indexOf(final Object set, final long value)
    {
        if (set instanceof short[])
        {
            final short[] shorts = (short[])set;
            if (value < Short.MIN_VALUE || value > Short.MAX_VALUE)
            {
                return value < 0 ? -1 : -shorts.length - 1;
            }
            return Arrays.binarySearch(shorts, (short)value);
        }
        if (set instanceof int[])
        {
            final int[] ints = (int[])set;
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
            {
                return value < 0 ? -1 : -ints.length - 1;
            }
            return Arrays.binarySearch(ints, (int)value);
        }
        return Arrays.binarySearch((long[])set, value);
    }

    static boolean contains(final Object set, final long value)
    {
        return indexOf(set, value) >= 0;
    }

    /** The set with {@code value} added: {@code set} itself if already present. */
    static Object add(final Object set, final long value)
    {
        final int index = indexOf(set, value);
        if (index >= 0)
        {
            return set;
        }
        final int at = -index - 1;
        final int size = size(set);
        final Object result = allocate(Math.max(width(set), widthOf(value)), size + 1);
        copy(set, 0, result, 0, at);
        put(result, at, value);
        copy(set, at, result, at + 1, size - at);
        return result;
    }

    /** The set with {@code value} removed: {@code set} itself if absent. */
    static Object remove(final Object set, final long value)
    {
        final int index = indexOf(set, value);
        if (index < 0)
        {
            return set;
        }
        final int size = size(set);
        final Object result = allocate(width(set), size - 1);
        copy(set, 0, result, 0, index);
        copy(set, index + 1, result, index, size - index - 1);
        return result;
    }

    /** The set with the element at {@code index} removed. */
    static Object removeAt(final Object set, final int index)
    {
        final int size = size(set);
        final Object result = allocate(width(set), size - 1);
        copy(set, 0, result, 0, index);
        copy(set, index + 1, result, index, size - index - 1);
        return result;
    }

    /**
     * The union of {@code set} and the first {@code count} of {@code values} (any order, duplicates allowed;
     * sorted in place): one new array however many are added.
     */
    static Object addAll(final Object set, final long[] values, final int count)
    {
        Arrays.sort(values, 0, count);
        final int size = size(set);
        int width = width(set);
        int union = size;
        long previous = 0;
        for (int i = 0; i < count; i++)
        {
            final long value = values[i];
            if ((i == 0 || value != previous) && indexOf(set, value) < 0)
            {
                union++;
                width = Math.max(width, widthOf(value));
            }
            previous = value;
        }
        if (union == size)
        {
            return set;
        }
        final Object result = allocate(width, union);
        int a = 0;
        int b = 0;
        int out = 0;
        while (a < size || b < count)
        {
            final long next;
            if (b == count || (a < size && get(set, a) <= values[b]))
            {
                next = get(set, a++);
            }
            else
            {
                next = values[b++];
            }
            if (out == 0 || get(result, out - 1) != next)
            {
                put(result, out++, next);
            }
        }
        return result;
    }

    static Object copy(final Object set)
    {
        if (set instanceof short[])
        {
            return ((short[])set).clone();
        }
        if (set instanceof int[])
        {
            return ((int[])set).clone();
        }
        return ((long[])set).clone();
    }

    /** Bytes per member: 2, 4 or 8. */
    static int width(final Object set)
    {
        if (set instanceof short[])
        {
            return Short.BYTES;
        }
        return set instanceof int[] ? Integer.BYTES : Long.BYTES;
    }

    private static int widthOf(final long value)
    {
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE)
        {
            return Short.BYTES;
        }
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? Integer.BYTES : Long.BYTES;
    }

    private static Object allocate(final int width, final int size)
    {
        if (width == Short.BYTES)
        {
            return new short[size];
        }
        return width == Integer.BYTES ? new int[size] : new long[size];
    }

    private static void put(final Object set, final int index, final long value)
    {
        if (set instanceof short[])
        {
            ((short[])set)[index] = (short)value;
        }
        else if (set instanceof int[])
        {
            ((int[])set)[index] = (int)value;
        }
        else
        {
            ((long[])set)[index] = value;
        }
    }

    /** Copies members, widening as needed (the target is at least as wide as the source). */
    private static void copy(final Object from, final int fromIndex, final Object to, final int toIndex,
        final int count)
    {
        if (from.getClass() == to.getClass())
        {
            System.arraycopy(from, fromIndex, to, toIndex, count);
            return;
        }
        for (int i = 0; i < count; i++)
        {
            put(to, toIndex + i, get(from, fromIndex + i));
        }
    }
}
