package io.krill.core.command;

import io.krill.core.resp.CommandException;

/**
 * The type check every hash command makes, and what {@link Values} needs to know about hashes.
 */
final class HashValues
{
    private HashValues()
    {
    }

    static boolean isHash(final Object value)
    {
        return value instanceof HashValue;
    }

    /** {@code value} as a hash; WRONGTYPE if it is another type. */
    static HashValue require(final Object value)
    {
        if (!(value instanceof HashValue))
        {
            throw CommandException.WRONG_TYPE;
        }
        return (HashValue)value;
    }
}
