package io.krill.core.persistence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A forward walk over the entries of one packed blob found in an RDB value (listpack, ziplist, zipmap), checking
 * every entry stays inside the blob. After {@link #next()} returns true the entry is either an integer
 * ({@link #isInteger()}, {@link #integer()}) or a byte slice of the blob ({@link #bytes()}, {@link #offset()},
 * {@link #length()}); {@link #text()} gives either as a fresh array.
 */
public abstract class PackedEntries
{
    protected byte[] blob;
    protected int position;
    protected int end;
    protected boolean integerEntry;
    protected long integer;
    protected int offset;
    protected int length;

    /** Moves to the next entry; false at the end. */
    public abstract boolean next() throws RdbFormatException;

    /** Number of entries the header claims, or -1 if it does not say. */
    public abstract int declaredCount();

    public final boolean isInteger()
    {
        return integerEntry;
    }

    public final long integer()
    {
        return integer;
    }

    public final byte[] bytes()
    {
        return blob;
    }

    public final int offset()
    {
        return offset;
    }

    public final int length()
    {
        return length;
    }

    /** The entry as bytes (an integer as its decimal text), in a new array. */
    public final byte[] text()
    {
        if (integerEntry)
        {
            return Long.toString(integer).getBytes(StandardCharsets.US_ASCII);
        }
        return Arrays.copyOfRange(blob, offset, offset + length);
    }

    /** The length of {@link #text()} without building it. */
    public final int textLength()
    {
        return integerEntry ? Long.toString(integer).length() : length;
    }

    protected final void need(final int bytes) throws RdbFormatException
    {
        if (bytes < 0 || position + (long)bytes > end)
        {
            throw corrupt("entry overflows its blob");
        }
    }

    protected final long littleEndian(final int at, final int width)
    {
        long value = 0;
        for (int i = 0; i < width; i++)
        {
            value |= (blob[at + i] & 0xffL) << (8 * i);
        }
        return value;
    }

    protected abstract String kind();

    protected final RdbFormatException corrupt(final String why)
    {
        return new RdbFormatException("Corrupt " + kind() + ": " + why);
    }
}
