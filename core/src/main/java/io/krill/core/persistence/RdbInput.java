package io.krill.core.persistence;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the RDB primitives from a stream or a byte range, keeping a running CRC-64 of every byte consumed so the
 * trailer can be checked without a second pass.
 * <p>
 * Lengths read from the input are never trusted for allocation: a string claimed to be huge is read in growing
 * chunks, so a truncated or corrupt input ends in an {@link RdbFormatException}, not an OutOfMemoryError.
 * <p>
 * Not thread safe.
 */
public final class RdbInput
{
    /** Strings above this are read chunk by chunk, so the claimed length is proven by the data first. */
    private static final int TRUSTED_ALLOCATION_BYTES = 1 << 20;
    /** The largest string Krill can hold in one array. */
    private static final long MAX_STRING_BYTES = Integer.MAX_VALUE - 8;

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;
    /** Start of the buffered bytes not yet in {@link #crc}. */
    private int crcFrom;
    private long crc;
    private long consumedBefore;
    private boolean lengthEncoded;

    /** Reads from a stream (buffered here; do not wrap it in a BufferedInputStream). */
    public RdbInput(final InputStream in)
    {
        this.in = in;
        this.buffer = new byte[64 * 1024];
    }

    /** Reads {@code bytes[offset, offset + length)} with no copy. */
    public RdbInput(final byte[] bytes, final int offset, final int length)
    {
        this.in = null;
        this.buffer = bytes;
        this.position = offset;
        this.crcFrom = offset;
        this.limit = offset + length;
        this.consumedBefore = -offset;
    }

    /** Bytes consumed so far. */
    public long consumed()
    {
        return consumedBefore + position;
    }

    /** CRC-64 of every byte consumed so far. */
    public long crc()
    {
        crc = Crc64.update(crc, buffer, crcFrom, position - crcFrom);
        crcFrom = position;
        return crc;
    }

    private boolean fill() throws IOException
    {
        if (in == null)
        {
            return false;
        }
        crc();
        consumedBefore += position;
        position = 0;
        crcFrom = 0;
        limit = 0;
        final int read = in.read(buffer, 0, buffer.length);
        if (read <= 0)
        {
            return false;
        }
        limit = read;
        return true;
    }

    private static RdbFormatException truncated()
    {
        return new RdbFormatException("Unexpected EOF reading RDB file");
    }

    public int readByte() throws IOException
    {
        if (position == limit && !fill())
        {
            throw truncated();
        }
        return buffer[position++] & 0xff;
    }

    public void readFully(final byte[] to, final int offset, final int length) throws IOException
    {
        int done = 0;
        while (done < length)
        {
            if (position == limit && !fill())
            {
                throw truncated();
            }
            final int n = Math.min(length - done, limit - position);
            System.arraycopy(buffer, position, to, offset + done, n);
            position += n;
            done += n;
        }
    }

    public long readLittleEndian(final int width) throws IOException
    {
        long value = 0;
        for (int i = 0; i < width; i++)
        {
            value |= (long)readByte() << (8 * i);
        }
        return value;
    }

    public double readBinaryDouble() throws IOException
    {
        return Double.longBitsToDouble(readLittleEndian(8));
    }

    /** An RDB length; {@link #wasEncoded()} tells whether it was a string encoding marker instead. */
    public long readLengthOrEncoding() throws IOException
    {
        final int first = readByte();
        lengthEncoded = false;
        switch (first >>> 6)
        {
            case 0:
                return first & 0x3f;
            case 1:
                return (first & 0x3f) << 8 | readByte();
            case 3:
                lengthEncoded = true;
                return first & 0x3f;
            default:
                if (first == RdbConstants.LEN_32BIT)
                {
                    long value = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        value = value << 8 | readByte();
                    }
                    return value;
                }
                if (first == RdbConstants.LEN_64BIT)
                {
                    long value = 0;
                    for (int i = 0; i < 8; i++)
                    {
                        value = value << 8 | readByte();
                    }
                    return value;
                }
                throw new RdbFormatException("Unknown length encoding " + first + " in rdbLoadLen()");
        }
    }

    public boolean wasEncoded()
    {
        return lengthEncoded;
    }

    /** A plain length (an encoding marker here is corruption). */
    public long readLength() throws IOException
    {
        final long length = readLengthOrEncoding();
        if (lengthEncoded)
        {
            throw new RdbFormatException("Unexpected string encoding where a length was expected");
        }
        return length;
    }

    /** A count of elements, bounded by what Krill can hold. */
    public int readCount() throws IOException
    {
        final long count = readLength();
        if (count < 0 || count > Integer.MAX_VALUE - 8)
        {
            throw new RdbFormatException("Element count out of range: " + count);
        }
        return (int)count;
    }

    /** A string in any of its encodings (plain, 8/16/32-bit integer, LZF), as bytes. */
    public byte[] readString() throws IOException
    {
        final long length = readLengthOrEncoding();
        if (lengthEncoded)
        {
            switch ((int)length)
            {
                case 0:
                    return ascii((byte)readByte());
                case 1:
                    return ascii((short)readLittleEndian(2));
                case 2:
                    return ascii((int)readLittleEndian(4));
                case 3:
                    return readCompressed();
                default:
                    throw new RdbFormatException("Unknown RDB string encoding type " + length);
            }
        }
        return readBytes(length);
    }

    private static byte[] ascii(final long value)
    {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] readCompressed() throws IOException
    {
        final long compressedLength = readLength();
        final long length = readLength();
        if (length == 0 || length > MAX_STRING_BYTES || compressedLength > MAX_STRING_BYTES)
        {
            throw new RdbFormatException("Invalid LZF compressed string");
        }
        final byte[] compressed = readBytes(compressedLength);
        // LZF expands at most about 264/2 times per control pair: a larger claim is corruption
        if (length > compressed.length * 132L + 32)
        {
            throw new RdbFormatException("Invalid LZF compressed string");
        }
        final byte[] out = new byte[(int)length];
        Lzf.decompress(compressed, 0, compressed.length, out);
        return out;
    }

    /** Exactly {@code length} bytes, allocated as the data proves to be there. */
    public byte[] readBytes(final long length) throws IOException
    {
        if (length < 0 || length > MAX_STRING_BYTES)
        {
            throw new RdbFormatException("String length out of range: " + length);
        }
        final int n = (int)length;
        if (n <= TRUSTED_ALLOCATION_BYTES || in == null && limit - position >= n)
        {
            if (in == null && limit - position < n)
            {
                throw truncated();
            }
            final byte[] bytes = new byte[n];
            readFully(bytes, 0, n);
            return bytes;
        }
        byte[] bytes = new byte[TRUSTED_ALLOCATION_BYTES];
        int done = 0;
        while (done < n)
        {
            if (done == bytes.length)
            {
                bytes = java.util.Arrays.copyOf(bytes, (int)Math.min(n, 2L * bytes.length));
            }
            final int chunk = Math.min(n, bytes.length) - done;
            readFully(bytes, done, chunk);
            done += chunk;
        }
        return bytes;
    }
}
