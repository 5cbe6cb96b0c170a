package io.krill.core.persistence;

import io.krill.core.resp.Numbers;

import java.util.Arrays;

/**
 * Builds a Redis listpack (the blob of RDB types HASH_LISTPACK, ZSET_LISTPACK and of quicklist nodes) entry by
 * entry, choosing each entry's encoding as Redis's lpAppend does: a canonical decimal of at most 20 characters as
 * the smallest integer encoding, anything else as a 6-, 12- or 32-bit-length string.
 * <pre>
 *   listpack = total-bytes(u32 LE) count(u16 LE, 65535 = unknown) entry* 0xFF
 *   entry    = encoding [data] back-length      back-length: encoding+data size, 7 bits a byte, read backward
 * </pre>
 * Reused: {@link #reset()} before each listpack. Not thread safe.
 */
public final class ListpackWriter
{
    static final int HEADER_BYTES = 6;
    /** An empty listpack: header and terminator. */
    public static final int HEADER_AND_END_BYTES = HEADER_BYTES + 1;
    private static final int MAX_INT_TEXT = 20;

    private byte[] buffer = new byte[256];
    private int size;
    private int count;

    public ListpackWriter()
    {
        reset();
    }

    public void reset()
    {
        size = HEADER_BYTES;
        count = 0;
    }

    public int count()
    {
        return count;
    }

    /** Total bytes of the listpack if it were finished now (with its terminator). */
    public int bytes()
    {
        return size + 1;
    }

    private void ensure(final int more)
    {
        if (size + more > buffer.length)
        {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    public void append(final byte[] bytes, final int offset, final int length)
    {
        if (length <= MAX_INT_TEXT)
        {
            final long value = Numbers.parseLong(bytes, offset, length);
            if (value != Numbers.INVALID || Numbers.isLongMinValue(bytes, offset, length))
            {
                appendInteger(value == Numbers.INVALID ? Long.MIN_VALUE : value);
                return;
            }
        }
        final int headerBytes = length < 64 ? 1 : length < 4096 ? 2 : 5;
        ensure(headerBytes + length + 5);
        final int start = size;
        if (headerBytes == 1)
        {
            buffer[size++] = (byte)(0x80 | length);
        }
        else if (headerBytes == 2)
        {
            buffer[size++] = (byte)(0xe0 | length >>> 8);
            buffer[size++] = (byte)length;
        }
        else
        {
            buffer[size++] = (byte)0xf0;
            for (int i = 0; i < 4; i++)
            {
                buffer[size++] = (byte)(length >>> (8 * i));
            }
        }
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        backLength(size - start);
        count++;
    }

    public void appendInteger(final long value)
    {
        ensure(9 + 5);
        final int start = size;
        if (value >= 0 && value <= 127)
        {
            buffer[size++] = (byte)value;
        }
        else if (value >= -4096 && value <= 4095)
        {
            final int v = (int)(value < 0 ? (1 << 13) + value : value);
            buffer[size++] = (byte)(0xc0 | v >>> 8);
            buffer[size++] = (byte)v;
        }
        else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE)
        {
            buffer[size++] = (byte)0xf1;
            littleEndian(value, 2);
        }
        else if (value >= -(1 << 23) && value < 1 << 23)
        {
            buffer[size++] = (byte)0xf2;
            littleEndian(value, 3);
        }
        else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE)
        {
            buffer[size++] = (byte)0xf3;
            littleEndian(value, 4);
        }
        else
        {
            buffer[size++] = (byte)0xf4;
            littleEndian(value, 8);
        }
        backLength(size - start);
        count++;
    }

    private void littleEndian(final long value, final int width)
    {
        for (int i = 0; i < width; i++)
        {
            buffer[size++] = (byte)(value >>> (8 * i));
        }
    }

    private void backLength(final int length)
    {
        if (length <= 127)
        {
            buffer[size++] = (byte)length;
        }
        else if (length < 16383)
        {
            buffer[size++] = (byte)(length >>> 7);
            buffer[size++] = (byte)(length & 127 | 128);
        }
        else if (length < 2097151)
        {
            buffer[size++] = (byte)(length >>> 14);
            buffer[size++] = (byte)(length >>> 7 & 127 | 128);
            buffer[size++] = (byte)(length & 127 | 128);
        }
        else if (length < 268435455)
        {
            buffer[size++] = (byte)(length >>> 21);
            buffer[size++] = (byte)(length >>> 14 & 127 | 128);
            buffer[size++] = (byte)(length >>> 7 & 127 | 128);
            buffer[size++] = (byte)(length & 127 | 128);
        }
        else
        {
            buffer[size++] = (byte)(length >>> 28);
            buffer[size++] = (byte)(length >>> 21 & 127 | 128);
            buffer[size++] = (byte)(length >>> 14 & 127 | 128);
            buffer[size++] = (byte)(length >>> 7 & 127 | 128);
            buffer[size++] = (byte)(length & 127 | 128);
        }
    }

    /** Terminates the listpack and fills in its header; the bytes are {@code buffer()[0, bytes())}. */
    public byte[] finish()
    {
        ensure(1);
        buffer[size] = (byte)0xff;
        final int total = size + 1;
        for (int i = 0; i < 4; i++)
        {
            buffer[i] = (byte)(total >>> (8 * i));
        }
        final int header = Math.min(count, 65535);
        buffer[4] = (byte)header;
        buffer[5] = (byte)(header >>> 8);
        return buffer;
    }

    /** Bytes an element of {@code length} text bytes adds to a listpack (for quicklist node sizing). */
    public static int entryBytes(final byte[] bytes, final int offset, final int length)
    {
        if (length <= MAX_INT_TEXT)
        {
            final long value = Numbers.parseLong(bytes, offset, length);
            if (value != Numbers.INVALID || Numbers.isLongMinValue(bytes, offset, length))
            {
                final long v = value == Numbers.INVALID ? Long.MIN_VALUE : value;
                final int data = v >= 0 && v <= 127 ? 1 : v >= -4096 && v <= 4095 ? 2 :
                    v >= Short.MIN_VALUE && v <= Short.MAX_VALUE ? 3 : v >= -(1 << 23) && v < 1 << 23 ? 4 :
                    v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 5 : 9;
                return data + 1;
            }
        }
        final int encoded = (length < 64 ? 1 : length < 4096 ? 2 : 5) + length;
        return encoded + backLengthBytes(encoded);
    }

    private static int backLengthBytes(final int length)
    {
        return length <= 127 ? 1 : length < 16383 ? 2 : length < 2097151 ? 3 : length < 268435455 ? 4 : 5;
    }
}
