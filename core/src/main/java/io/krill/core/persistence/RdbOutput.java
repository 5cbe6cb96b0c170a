package io.krill.core.persistence;

import io.krill.core.resp.Numbers;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer with the RDB primitives: lengths, strings (integer-encoded or LZF-compressed where Redis
 * would), fixed-width little-endian integers and binary doubles. {@link RdbWriter} drains it to its stream between
 * keys, so it holds at most one value at a time; DUMP uses its bytes directly.
 * <p>
 * Not thread safe.
 */
public final class RdbOutput
{
    /** Redis compresses strings longer than this (and only when compression saves at least 5 bytes). */
    private static final int COMPRESS_MIN_BYTES = 20;
    /** Redis only tries integer encoding for strings this short (int32 fits in 11 characters). */
    private static final int INT_ENCODING_MAX_BYTES = 11;

    private byte[] buffer = new byte[256];
    private int size;
    private final boolean compression;
    private final Lzf lzf = new Lzf();
    private byte[] lzfScratch = new byte[0];

    /** @param compression Redis's {@code rdbcompression}: whether strings longer than 20 bytes may be LZF'd. */
    public RdbOutput(final boolean compression)
    {
        this.compression = compression;
    }

    public int size()
    {
        return size;
    }

    public byte[] buffer()
    {
        return buffer;
    }

    public void reset()
    {
        size = 0;
    }

    public byte[] toByteArray()
    {
        return Arrays.copyOf(buffer, size);
    }

    /** Writes the buffered bytes to {@code out}, continues {@code crc} over them, empties the buffer. */
    public long drainTo(final OutputStream out, final long crc) throws IOException
    {
        out.write(buffer, 0, size);
        final long updated = Crc64.update(crc, buffer, 0, size);
        size = 0;
        return updated;
    }

    private void ensure(final int more)
    {
        if (size + more > buffer.length)
        {
            final long wanted = Math.max((long)buffer.length * 2, (long)size + more);
            if (wanted > Integer.MAX_VALUE - 8)
            {
                throw new IllegalStateException("RDB value larger than 2 GB");
            }
            buffer = Arrays.copyOf(buffer, (int)wanted);
        }
    }

    public void writeByte(final int value)
    {
        ensure(1);
        buffer[size++] = (byte)value;
    }

    public void write(final byte[] bytes, final int offset, final int length)
    {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** A fixed-width little-endian integer of {@code width} bytes. */
    public void writeLittleEndian(final long value, final int width)
    {
        ensure(width);
        for (int i = 0; i < width; i++)
        {
            buffer[size++] = (byte)(value >>> (8 * i));
        }
    }

    public void writeBinaryDouble(final double value)
    {
        writeLittleEndian(Double.doubleToRawLongBits(value), 8);
    }

    /** RDB length: 6 bits, 14 bits, or a marker byte and a 32- or 64-bit big-endian length. */
    public void writeLength(final long length)
    {
        if (length < 1 << 6)
        {
            writeByte((int)length);
        }
        else if (length < 1 << 14)
        {
            ensure(2);
            buffer[size++] = (byte)(0x40 | (int)(length >>> 8));
            buffer[size++] = (byte)length;
        }
        else if (length <= 0xffffffffL)
        {
            ensure(5);
            buffer[size++] = (byte)RdbConstants.LEN_32BIT;
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                buffer[size++] = (byte)(length >>> shift);
            }
        }
        else
        {
            ensure(9);
            buffer[size++] = (byte)RdbConstants.LEN_64BIT;
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                buffer[size++] = (byte)(length >>> shift);
            }
        }
    }

    public void writeString(final byte[] bytes)
    {
        writeString(bytes, 0, bytes.length);
    }

    public void writeString(final String ascii)
    {
        writeString(ascii.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A string as Redis's rdbSaveRawString writes it: a canonical decimal of at most 11 characters that fits in
     * 32 bits as an 8/16/32-bit integer; with compression on, a string longer than 20 bytes LZF-compressed if that
     * fits in 4 bytes less than the string; otherwise its length and bytes.
     */
    public void writeString(final byte[] bytes, final int offset, final int length)
    {
        if (length <= INT_ENCODING_MAX_BYTES && writeIntegerEncoded(bytes, offset, length))
        {
            return;
        }
        if (compression && length > COMPRESS_MIN_BYTES && writeCompressed(bytes, offset, length))
        {
            return;
        }
        writeLength(length);
        write(bytes, offset, length);
    }

    /** A string whose bytes are the decimal text of {@code value}. */
    public void writeLongString(final long value)
    {
        if (!writeEncodedInteger(value))
        {
            final byte[] text = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            writeString(text, 0, text.length);
        }
    }

    private boolean writeIntegerEncoded(final byte[] bytes, final int offset, final int length)
    {
        final long value = Numbers.parseLong(bytes, offset, length);
        if (value == Numbers.INVALID)
        {
            return false;
        }
        return writeEncodedInteger(value);
    }

    private boolean writeEncodedInteger(final long value)
    {
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE)
        {
            writeByte(RdbConstants.ENC_INT8);
            writeByte((int)value);
        }
        else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE)
        {
            writeByte(RdbConstants.ENC_INT16);
            writeLittleEndian(value, 2);
        }
        else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE)
        {
            writeByte(RdbConstants.ENC_INT32);
            writeLittleEndian(value, 4);
        }
        else
        {
            return false;
        }
        return true;
    }

    private boolean writeCompressed(final byte[] bytes, final int offset, final int length)
    {
        // Redis gives lzf_compress len - 4 bytes of room: less saving than that is not worth the marker
        final int room = length - 4;
        if (lzfScratch.length < room)
        {
            lzfScratch = new byte[Math.max(room, Math.min(2 * lzfScratch.length, Integer.MAX_VALUE - 8))];
        }
        final int compressed = lzf.compress(bytes, offset, length, lzfScratch, 0, room);
        if (compressed == 0)
        {
            return false;
        }
        writeCompressedBlob(lzfScratch, 0, compressed, length);
        return true;
    }

    /** An already LZF-compressed string: marker, compressed length, original length, data. */
    public void writeCompressedBlob(final byte[] data, final int offset, final int compressedLength,
        final int originalLength)
    {
        writeByte(RdbConstants.ENC_LZF);
        writeLength(compressedLength);
        writeLength(originalLength);
        write(data, offset, compressedLength);
    }
}
