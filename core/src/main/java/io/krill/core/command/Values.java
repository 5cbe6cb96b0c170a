package io.krill.core.command;

import java.util.Arrays;

/**
 * What the generic key commands need to know about every value type: its TYPE name, its OBJECT ENCODING and
 * how to copy it (COPY).
 * <p>
 * Each value type adds one branch to each method here, next to its own family class; a value of a type with no
 * branch is a bug, reported as such, never silently mistaken for another type.
 */
final class Values
{
    private Values()
    {
    }

    /** The TYPE reply for {@code value}. */
    static String typeName(final Object value)
    {
        if (StringValues.isString(value))
        {
            return "string";
        }
        if (value instanceof PackedList)
        {
            return "list";
        }
        if (HashValues.isHash(value))
        {
            return "hash";
        }
        if (SetValues.isSet(value))
        {
            return "set";
        }
        if (SortedSets.isSortedSet(value))
        {
            return "zset";
        }
        throw unknown(value);
    }

    /** The OBJECT ENCODING reply for {@code value}. */
    static String encoding(final Object value)
    {
        if (StringValues.isString(value))
        {
            return StringValues.encoding(value);
        }
        if (value instanceof PackedList)
        {
            // Redis 7.0 reports every list as a quicklist, however short (7.2 added "listpack")
            return "quicklist";
        }
        if (HashValues.isHash(value))
        {
            return ((HashValue)value).encoding();
        }
        if (SetValues.isSet(value))
        {
            return SetValues.encoding(value);
        }
        if (SortedSets.isSortedSet(value))
        {
            return ((SortedSet)value).encoding();
        }
        throw unknown(value);
    }

    /**
     * A deep copy of {@code value} sharing nothing mutable with it: values are changed in place (SET overwrites a
     * same-length {@code byte[]}, APPEND grows a {@link MutableString}), so a COPY that shared them would change
     * with its source.
     */
    static Object copy(final Object value)
    {
        if (value instanceof byte[])
        {
            return ((byte[])value).clone();
        }
        if (value instanceof MutableString)
        {
            // stays a MutableString: Redis keeps a copied "raw" string raw
            final MutableString string = (MutableString)value;
            return new MutableString(Arrays.copyOf(string.bytes, string.length), string.length, string.edited);
        }
        if (value instanceof PackedList)
        {
            return ((PackedList)value).copy();
        }
        if (HashValues.isHash(value))
        {
            return ((HashValue)value).copy();
        }
        if (SetValues.isSet(value))
        {
            return SetValues.copy(value);
        }
        if (SortedSets.isSortedSet(value))
        {
            return ((SortedSet)value).copy();
        }
        throw unknown(value);
    }

    private static IllegalStateException unknown(final Object value)
    {
        return new IllegalStateException("no value type handles " + value.getClass().getName());
    }
}
