package io.krill.core.command;

import io.krill.core.resp.CommandException;
import io.krill.core.resp.Numbers;

/**
 * How string values are held in the keyspace, and the type check every string command makes.
 * <p>
 * A string is a {@code byte[]} of exactly its length: the cheapest form for the millions of small values a
 * cache holds. Strings grown in place by APPEND or SETRANGE are a {@link MutableString} with spare capacity, so
 * repeated appends stay amortised O(1); it is also what Redis reports as the "raw" encoding. INCRBYFLOAT's result
 * is a {@link MutableString} too, only so that it is never reported as "int", as in Redis.
 */
final class StringValues
{
    /** Redis keeps strings up to this size in one allocation with their object header ("embstr"). */
    static final int EMBSTR_MAX_BYTES = 44;

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
     * up to 44 bytes, "raw" beyond, "raw" for strings edited in place, and never "int" for INCRBYFLOAT's text.
     */
    static String encoding(final Object value)
    {
        if (value instanceof MutableString)
        {
            final MutableString string = (MutableString)value;
            return string.edited || string.length > EMBSTR_MAX_BYTES ? "raw" : "embstr";
        }
        final byte[] bytes = (byte[])value;
        if (bytes.length <= 20 && (Numbers.parseLong(bytes, 0, bytes.length) != Numbers.INVALID ||
            Numbers.isLongMinValue(bytes, 0, bytes.length)))
        {
            return "int";
        }
        return bytes.length <= EMBSTR_MAX_BYTES ? "embstr" : "raw";
    }
}
