package io.krill.core.command;

import io.krill.core.resp.CommandException;

/**
 * How string values are held in the keyspace, and the type check every string command makes.
 * <p>
 * A string is a {@code byte[]} of exactly its length: the cheapest form for the millions of small values a
 * cache holds. Strings grown in place by APPEND or SETRANGE are a {@link MutableString} with spare capacity, so
 * repeated appends stay amortised O(1); it is also what Redis reports as the "raw" encoding.
 */
final class StringValues
{
    private StringValues()
    {
    }

    static boolean isString(final Object value)
    {
        return value instanceof byte[] || value instanceof MutableString;
    }

    /** Throws WRONGTYPE unless {@code value} is a string. */
    static void requireString(final Object value)
    {
        if (!isString(value))
        {
            throw CommandException.WRONG_TYPE;
        }
    }

    static byte[] bytes(final Object value)
    {
        return value instanceof byte[] ? (byte[])value : ((MutableString)value).bytes;
    }

    static int length(final Object value)
    {
        return value instanceof byte[] ? ((byte[])value).length : ((MutableString)value).length;
    }

    /**
     * OBJECT ENCODING of a string value: "int" for a canonical 64-bit integer of at most 20 characters, "embstr"
     * up to 44 bytes, "raw" beyond, and "raw" for strings grown in place.
     */
    static String encoding(final Object value)
    {
        if (value instanceof MutableString)
        {
            return "raw";
        }
        final byte[] bytes = (byte[])value;
        if (bytes.length <= 20 && (io.krill.core.resp.Numbers.parseLong(bytes, 0, bytes.length) !=
            io.krill.core.resp.Numbers.INVALID || io.krill.core.resp.Numbers.isLongMinValue(bytes, 0, bytes.length)))
        {
            return "int";
        }
        return bytes.length <= 44 ? "embstr" : "raw";
    }
}
