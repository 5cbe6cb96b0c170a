package io.krill.core.command;

/**
 * Unsigned LEB128 varints, the length prefixes of {@link ListpackHash}: 7 bits per byte, low bits first, the top
 * bit set on every byte but the last. Lengths below 128 take one byte, below 16384 two.
 */
final class Varint
{
    private Varint()
    {
    }

    static long read(final byte[] data, final int offset)
    {
        long value = 0;
        int shift = 0;
        int i = offset;
        while (true)
        {
            final int b = data[i++];
            value |= (long)(b & 0x7F) << shift;
            if (b >= 0)
            {
                return value;
            }
            shift += 7;
        }
    }

    /** Bytes taken by the varint at {@code offset}. */
    static int size(final byte[] data, final int offset)
    {
        int i = offset;
        while (data[i] < 0)
        {
            i++;
        }
        return i - offset + 1;
    }

    /** Bytes needed to write {@code value} (not negative). */
    static int size(final long value)
    {
        int size = 1;
        for (long v = value >>> 7; v != 0; v >>>= 7)
        {
            size++;
        }
        return size;
    }

    /** Writes {@code value} (not negative) at {@code offset}; returns the offset after it. */
    static int write(final byte[] data, final int offset, final long value)
    {
        int i = offset;
        long v = value;
        while (v >= 0x80)
        {
            data[i++] = (byte)(v | 0x80);
            v >>>= 7;
        }
        data[i++] = (byte)v;
        return i;
    }
}
