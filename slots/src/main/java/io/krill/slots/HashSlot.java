package io.krill.slots;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Maps a key to its Redis Cluster hash slot: CRC16/XMODEM of the key (or of its hash tag), masked to 14 bits.
 * <p>
 * Hash-tag rule, over raw bytes: take the first {@code '{'}; take the first {@code '}'} after it; if there is
 * none, or the tag between them is empty, hash the whole key, else hash only the bytes between the two.
 * <p>
 * All methods are static and thread-safe, allocate nothing, and never modify their arguments.
 */
public final class HashSlot
{
    /**
     * Number of hash slots in a Redis Cluster; slots are numbered {@code 0 .. SLOT_COUNT - 1}.
     */
    public static final int SLOT_COUNT = 16384;

    static final int SLOT_MASK = SLOT_COUNT - 1;

    private static final int POLY = 0x1021;
    private static final byte OPEN = '{';
    private static final byte CLOSE = '}';

    // SWAR ("SIMD within a register") constants for finding '{' and '}' bytes in a long; see braceMask.
    private static final long ONES_64 = 0x0101010101010101L;
    private static final long HIGHS_64 = 0x8080808080808080L;
    private static final long LOWS_64 = 0x7F7F7F7F7F7F7F7FL;
    private static final long OPEN_64 = ONES_64 * OPEN;
    private static final long CLOSE_64 = ONES_64 * CLOSE;

    // Big-endian views so that the first key byte lands in the top bits, where an MSB-first CRC consumes it.
    private static final VarHandle ARRAY_LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BUFFER_LONG =
        MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    // Little-endian views for searching: the first byte in the low bits makes the first match exact.
    private static final VarHandle ARRAY_LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BUFFER_LONG_LE =
        MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /*
     * BACKGROUND: a byte-at-a-time table CRC is one dependent table load per byte, so its latency grows with
     * the key. BEHAVIOR: "slicing-by-16" folds sixteen bytes per step: TABLE[k * 256 + b] is the CRC register
     * after feeding byte b and then k zero bytes into a zero register, so the sixteen lookups of one step are
     * independent and only the two that mix in the running CRC sit on the critical path. Row 0 is the classic
     * 256-entry table; rows 0..7 alone give the 8-byte step used for shorter runs. Entries are 16-bit, so a
     * char[] holds them: 8 KiB in all, which stays in L1. Sixteen rather than eight measured the same on plain
     * keys and about 1.4x faster at 32 and 64 bytes when tagged and plain keys interleave (fewer loop exits
     * for the branch predictor to learn).
     */
    private static final int ROWS = 16;
    private static final char[] TABLE = buildTable();

    private HashSlot()
    {
    }

    /**
     * CRC16/XMODEM (poly 0x1021, init 0, no reflection, no final xor) of {@code len} bytes from {@code off}.
     *
     * @return the 16-bit CRC in the low bits of an int.
     * @throws IndexOutOfBoundsException if the range is outside the array.
     */
    public static int crc16(final byte[] b, final int off, final int len)
    {
        Objects.checkFromIndexSize(off, len, b.length);
        return crc16(0, b, off, off + len);
    }

    /**
     * Hash slot of a whole array used as key.
     */
    public static int slot(final byte[] key)
    {
        return slotOf(key, 0, key.length);
    }

    /**
     * Hash slot of the key held in {@code key[off .. off + len)}.
     *
     * @throws IndexOutOfBoundsException if the range is outside the array.
     */
    public static int slot(final byte[] key, final int off, final int len)
    {
        Objects.checkFromIndexSize(off, len, key.length);
        return slotOf(key, off, off + len);
    }

    /**
     * Shared by the checked overloads and by heap buffers, whose ranges are valid by construction.
     */
    private static int slotOf(final byte[] key, final int off, final int end)
    {
        int crc = 0;
        int i = off;
        // One pass does both jobs: while no '{' has been seen, the whole-key CRC is folded in as we scan, so
        // the common key without a tag is read once. The '{' test does not depend on the CRC, so it overlaps.
        for (; i <= end - 2 * Long.BYTES; i += 2 * Long.BYTES)
        {
            final long first = (long)ARRAY_LONG.get(key, i);
            final long second = (long)ARRAY_LONG.get(key, i + Long.BYTES);
            if ((braceMask(first, OPEN_64) | braceMask(second, OPEN_64)) != 0)
            {
                if (braceMask(first, OPEN_64) != 0)
                {
                    return tagInWord(crc, key, i, first, end);
                }
                return tagInWord(update8(crc, first), key, i + Long.BYTES, second, end);
            }
            crc = update16(crc, first, second);
        }
        if (i <= end - Long.BYTES)
        {
            final long word = (long)ARRAY_LONG.get(key, i);
            if (braceMask(word, OPEN_64) != 0)
            {
                return tagInWord(crc, key, i, word, end);
            }
            crc = update8(crc, word);
            i += Long.BYTES;
        }
        if (i == end)
        {
            return crc & SLOT_MASK;
        }
        if (i + Long.BYTES > key.length && end < Long.BYTES)
        {
            return slotOfShortRest(crc, key, i, end);
        }
        final long rest = restWord(key, i, end);
        if (braceMask(rest, OPEN_64) != 0)
        {
            return taggedSlot(crc, key, i, indexOf(key, i, OPEN), end);
        }
        return updateRest(crc, rest, end - i) & SLOT_MASK;
    }

    /**
     * Hash slot of the key between the buffer's position and limit. Works for heap, direct and read-only
     * buffers, ignores the buffer's byte order, and does not change its position, limit or mark.
     */
    public static int slot(final ByteBuffer buf)
    {
        final int start = buf.position();
        final int end = buf.limit();
        if (buf.hasArray())
        {
            return slotOf(buf.array(), buf.arrayOffset() + start, buf.arrayOffset() + end);
        }
        int crc = 0;
        int i = start;
        for (; i <= end - 2 * Long.BYTES; i += 2 * Long.BYTES)
        {
            final long first = (long)BUFFER_LONG.get(buf, i);
            final long second = (long)BUFFER_LONG.get(buf, i + Long.BYTES);
            if ((braceMask(first, OPEN_64) | braceMask(second, OPEN_64)) != 0)
            {
                if (braceMask(first, OPEN_64) != 0)
                {
                    return tagInWord(crc, buf, i, first, end);
                }
                return tagInWord(update8(crc, first), buf, i + Long.BYTES, second, end);
            }
            crc = update16(crc, first, second);
        }
        if (i <= end - Long.BYTES)
        {
            final long word = (long)BUFFER_LONG.get(buf, i);
            if (braceMask(word, OPEN_64) != 0)
            {
                return tagInWord(crc, buf, i, word, end);
            }
            crc = update8(crc, word);
            i += Long.BYTES;
        }
        if (i == end)
        {
            return crc & SLOT_MASK;
        }
        if (end < Long.BYTES)
        {
            return slotOfShortRest(crc, buf, i, end);
        }
        final long rest = restWord(buf, i, end);
        if (braceMask(rest, OPEN_64) != 0)
        {
            return taggedSlot(crc, buf, i, indexOf(buf, i, OPEN), end);
        }
        return updateRest(crc, rest, end - i) & SLOT_MASK;
    }

    /**
     * Hash slot of the UTF-8 encoding of {@code key}, computed without encoding it into a new array.
     * Unpaired surrogates count as {@code '?'}, as {@link String#getBytes(java.nio.charset.Charset)} encodes
     * them.
     */
    public static int slot(final CharSequence key)
    {
        final int len = key.length();
        // '{' and '}' are ASCII, and UTF-8 never uses ASCII byte values inside a multi-byte sequence, so the
        // tag can be found on chars and its bytes are the UTF-8 bytes of the chars between the braces.
        int open = 0;
        while (open < len && key.charAt(open) != OPEN)
        {
            open++;
        }
        int close = open + 1;
        while (close < len && key.charAt(close) != CLOSE)
        {
            close++;
        }
        if (close < len && close > open + 1)
        {
            return Utf8Crc.crc16(key, open + 1, close) & SLOT_MASK;
        }
        return Utf8Crc.crc16(key, 0, len) & SLOT_MASK;
    }

    /*
     * BACKGROUND: most tags are short and close in the same 8-byte word that opens them ("{u42}:cart").
     * BEHAVIOR: then the tag is cut out of the word already in a register and hashed in one table step, with
     * no further loads and no byte loop. Otherwise, or for an empty tag, the general path takes over from the
     * word's start, where {@code crc} stands.
     */
    private static int tagInWord(final int crc, final byte[] key, final int i, final long word, final int end)
    {
        final int open = Long.numberOfLeadingZeros(exactMatches(word, OPEN_64)) >>> 3;
        final int close = closeInWord(word, open);
        if (close < Long.BYTES && close > open + 1)
        {
            return updateTag(word, open, close) & SLOT_MASK;
        }
        return taggedSlot(crc, key, i, i + open, end);
    }

    private static int tagInWord(final int crc, final ByteBuffer buf, final int i, final long word, final int end)
    {
        final int open = Long.numberOfLeadingZeros(exactMatches(word, OPEN_64)) >>> 3;
        final int close = closeInWord(word, open);
        if (close < Long.BYTES && close > open + 1)
        {
            return updateTag(word, open, close) & SLOT_MASK;
        }
        return taggedSlot(crc, buf, i, i + open, end);
    }

    /**
     * @return the byte offset of the first '}' after offset {@code open} (0..7) in a big-endian word, or 8.
     */
    private static int closeInWord(final long bigEndianWord, final int open)
    {
        // Offsets after `open` are the low (7 - open) bytes; none when the '{' is the word's last byte (and a
        // shift by 64 would be a shift by 0 in Java).
        final long after = open == Long.BYTES - 1 ? 0 : -1L >>> ((open + 1) << 3);
        return Long.numberOfLeadingZeros(exactMatches(bigEndianWord, CLOSE_64) & after) >>> 3;
    }

    /**
     * CRC of the bytes strictly between offsets {@code open} and {@code close} of a big-endian word.
     */
    private static int updateTag(final long bigEndianWord, final int open, final int close)
    {
        // Shift the tag's last byte to the bottom and clear what precedes the tag: leading zero bytes leave a
        // zero CRC register unchanged, so one table step over the result hashes exactly the tag. A tag inside
        // one word has at most 6 bytes, so only rows 0..5 can see a non-zero byte.
        final int tagBits = (close - open - 1) << 3;
        final long tag = (bigEndianWord >>> ((Long.BYTES - close) << 3)) & ((1L << tagBits) - 1);
        return TABLE[5 * 256 + ((int)(tag >>> 40) & 0xFF)]
            ^ TABLE[4 * 256 + ((int)(tag >>> 32) & 0xFF)]
            ^ TABLE[3 * 256 + ((int)(tag >>> 24) & 0xFF)]
            ^ TABLE[2 * 256 + ((int)(tag >>> 16) & 0xFF)]
            ^ TABLE[256 + ((int)(tag >>> 8) & 0xFF)]
            ^ TABLE[(int)tag & 0xFF];
    }

    /**
     * Finishes a key whose first '{' is at {@code open}. {@code crc} covers the key up to {@code from}
     * ({@code from <= open}); it is only needed, and only continued, when the tag turns out to be unusable.
     */
    private static int taggedSlot(final int crc, final byte[] key, final int from, final int open, final int end)
    {
        final int close = indexOfClose(key, open + 1, end);
        if (close > open + 1)
        {
            return crc16(0, key, open + 1, close) & SLOT_MASK;
        }
        return crc16(crc, key, from, end) & SLOT_MASK;
    }

    private static int taggedSlot(
        final int crc, final ByteBuffer buf, final int from, final int open, final int end)
    {
        final int close = indexOfClose(buf, open + 1, end);
        if (close > open + 1)
        {
            return crc16(0, buf, open + 1, close) & SLOT_MASK;
        }
        return crc16(crc, buf, from, end) & SLOT_MASK;
    }

    /**
     * @return the index of the first '}' in {@code b[from .. to)}, or -1.
     */
    private static int indexOfClose(final byte[] b, final int from, final int to)
    {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES)
        {
            final long word = (long)ARRAY_LONG_LE.get(b, i);
            if (braceMask(word, CLOSE_64) != 0)
            {
                return i + firstMatch(word, CLOSE_64);
            }
        }
        for (; i < to; i++)
        {
            if (b[i] == CLOSE)
            {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfClose(final ByteBuffer buf, final int from, final int to)
    {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES)
        {
            final long word = (long)BUFFER_LONG_LE.get(buf, i);
            if (braceMask(word, CLOSE_64) != 0)
            {
                return i + firstMatch(word, CLOSE_64);
            }
        }
        for (; i < to; i++)
        {
            if (buf.get(i) == CLOSE)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the index of the first {@code value} at or after {@code from}, which the caller knows exists.
     */
    private static int indexOf(final byte[] b, final int from, final byte value)
    {
        int i = from;
        while (b[i] != value)
        {
            i++;
        }
        return i;
    }

    private static int indexOf(final ByteBuffer buf, final int from, final byte value)
    {
        int i = from;
        while (buf.get(i) != value)
        {
            i++;
        }
        return i;
    }

    /**
     * Slot of a key whose last {@code end - from} (< 8) bytes lie where no 8-byte window fits in the array.
     */
    private static int slotOfShortRest(final int crc, final byte[] key, final int from, final int end)
    {
        int result = crc;
        for (int i = from; i < end; i++)
        {
            if (key[i] == OPEN)
            {
                return taggedSlot(crc, key, from, i, end);
            }
            result = update1(result, key[i]);
        }
        return result & SLOT_MASK;
    }

    private static int slotOfShortRest(final int crc, final ByteBuffer buf, final int from, final int end)
    {
        int result = crc;
        for (int i = from; i < end; i++)
        {
            final byte b = buf.get(i);
            if (b == OPEN)
            {
                return taggedSlot(crc, buf, from, i, end);
            }
            result = update1(result, b);
        }
        return result & SLOT_MASK;
    }

    static int crc16(final int initial, final byte[] b, final int from, final int to)
    {
        int crc = initial;
        int i = from;
        for (; i <= to - 2 * Long.BYTES; i += 2 * Long.BYTES)
        {
            crc = update16(crc, (long)ARRAY_LONG.get(b, i), (long)ARRAY_LONG.get(b, i + Long.BYTES));
        }
        if (i <= to - Long.BYTES)
        {
            crc = update8(crc, (long)ARRAY_LONG.get(b, i));
            i += Long.BYTES;
        }
        if (i == to)
        {
            return crc;
        }
        if (i + Long.BYTES > b.length && to < Long.BYTES)
        {
            for (; i < to; i++)
            {
                crc = update1(crc, b[i]);
            }
            return crc;
        }
        return updateRest(crc, restWord(b, i, to), to - i);
    }

    private static int crc16(final int initial, final ByteBuffer buf, final int from, final int to)
    {
        int crc = initial;
        int i = from;
        for (; i <= to - 2 * Long.BYTES; i += 2 * Long.BYTES)
        {
            crc = update16(crc, (long)BUFFER_LONG.get(buf, i), (long)BUFFER_LONG.get(buf, i + Long.BYTES));
        }
        if (i <= to - Long.BYTES)
        {
            crc = update8(crc, (long)BUFFER_LONG.get(buf, i));
            i += Long.BYTES;
        }
        if (i == to)
        {
            return crc;
        }
        if (i + Long.BYTES > buf.limit() && to < Long.BYTES)
        {
            for (; i < to; i++)
            {
                crc = update1(crc, buf.get(i));
            }
            return crc;
        }
        return updateRest(crc, restWord(buf, i, to), to - i);
    }

    /*
     * BACKGROUND: after the 8-byte steps, 1 to 7 bytes remain; a byte loop over them is a chain of dependent
     * lookups. BEHAVIOR: read one 8-byte window that holds them and still lies inside the array (starting at
     * them, or ending with them: the bytes outside the key are masked off), so the rest is one table step.
     * Callers use the byte loop only when neither window fits, i.e. for arrays shorter than 8 bytes.
     */

    /**
     * The {@code to - from} (1..7) bytes at {@code from}, as the low bytes of a big-endian word.
     */
    private static long restWord(final byte[] b, final int from, final int to)
    {
        final int bits = (to - from) << 3;
        if (from + Long.BYTES <= b.length)
        {
            return (long)ARRAY_LONG.get(b, from) >>> (Long.SIZE - bits);
        }
        return (long)ARRAY_LONG.get(b, to - Long.BYTES) & ((1L << bits) - 1);
    }

    private static long restWord(final ByteBuffer buf, final int from, final int to)
    {
        final int bits = (to - from) << 3;
        if (from + Long.BYTES <= buf.limit())
        {
            return (long)BUFFER_LONG.get(buf, from) >>> (Long.SIZE - bits);
        }
        return (long)BUFFER_LONG.get(buf, to - Long.BYTES) & ((1L << bits) - 1);
    }

    /**
     * Continues {@code crc} over the {@code count} (1..7) low bytes of {@code rest}.
     */
    private static int updateRest(final int crc, final long rest, final int count)
    {
        if (count == 1)
        {
            return update1(crc, (int)rest);
        }
        // The running CRC meets the first two of the bytes, as in update8; the zero bytes above them are no-ops.
        return update8(0, rest ^ ((long)crc << ((count << 3) - 16)));
    }

    static int update1(final int crc, final int b)
    {
        return ((crc << 8) ^ TABLE[((crc >>> 8) ^ b) & 0xFF]) & 0xFFFF;
    }

    /*
     * In update8 and update16 the lookups that depend on the running CRC come last: C2 does not reorder the
     * XOR chain, so placed first they would put every other lookup on the loop-carried dependency (measured:
     * about 1.35x slower at 64 bytes).
     */
    private static int update16(final int crc, final long first, final long second)
    {
        final int rest = TABLE[13 * 256 + ((int)(first >>> 40) & 0xFF)]
            ^ TABLE[12 * 256 + ((int)(first >>> 32) & 0xFF)]
            ^ TABLE[11 * 256 + ((int)(first >>> 24) & 0xFF)]
            ^ TABLE[10 * 256 + ((int)(first >>> 16) & 0xFF)]
            ^ TABLE[9 * 256 + ((int)(first >>> 8) & 0xFF)]
            ^ TABLE[8 * 256 + ((int)first & 0xFF)]
            ^ TABLE[7 * 256 + (int)(second >>> 56)]
            ^ TABLE[6 * 256 + ((int)(second >>> 48) & 0xFF)]
            ^ TABLE[5 * 256 + ((int)(second >>> 40) & 0xFF)]
            ^ TABLE[4 * 256 + ((int)(second >>> 32) & 0xFF)]
            ^ TABLE[3 * 256 + ((int)(second >>> 24) & 0xFF)]
            ^ TABLE[2 * 256 + ((int)(second >>> 16) & 0xFF)]
            ^ TABLE[256 + ((int)(second >>> 8) & 0xFF)]
            ^ TABLE[(int)second & 0xFF];
        final int top = crc ^ (int)(first >>> 48);
        return rest ^ TABLE[15 * 256 + (top >>> 8)] ^ TABLE[14 * 256 + (top & 0xFF)];
    }

    private static int update8(final int crc, final long word)
    {
        final int rest = TABLE[5 * 256 + ((int)(word >>> 40) & 0xFF)]
            ^ TABLE[4 * 256 + ((int)(word >>> 32) & 0xFF)]
            ^ TABLE[3 * 256 + ((int)(word >>> 24) & 0xFF)]
            ^ TABLE[2 * 256 + ((int)(word >>> 16) & 0xFF)]
            ^ TABLE[256 + ((int)(word >>> 8) & 0xFF)]
            ^ TABLE[(int)word & 0xFF];
        final int top = crc ^ (int)(word >>> 48);
        return rest ^ TABLE[7 * 256 + (top >>> 8)] ^ TABLE[6 * 256 + (top & 0xFF)];
    }

    /**
     * Non-zero if and only if some byte of {@code word} equals the byte repeated in {@code pattern}: the
     * classic has-zero-byte test applied to {@code word ^ pattern}. The lowest flagged byte is always a real
     * match; a higher one may be a false flag, so only {@link #firstMatch} may turn it into a position.
     */
    private static long braceMask(final long word, final long pattern)
    {
        final long x = word ^ pattern;
        return (x - ONES_64) & ~x & HIGHS_64;
    }

    /**
     * The high bit of each byte of {@code word} that equals the byte repeated in {@code pattern}, and no other
     * bit: unlike {@link #braceMask}, no carry crosses a byte, so any match may be located, not only the first.
     */
    private static long exactMatches(final long word, final long pattern)
    {
        final long x = word ^ pattern;
        return ~(((x & LOWS_64) + LOWS_64) | x | LOWS_64);
    }

    /**
     * Byte offset of the first match in a word read little-endian (first byte in the low bits).
     */
    private static int firstMatch(final long littleEndianWord, final long pattern)
    {
        return Long.numberOfTrailingZeros(braceMask(littleEndianWord, pattern)) >>> 3;
    }

    private static char[] buildTable()
    {
        final char[] table = new char[ROWS * 256];
        for (int b = 0; b < 256; b++)
        {
            int crc = b << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ POLY : crc << 1;
            }
            table[b] = (char)crc;
        }
        for (int row = 1; row < ROWS; row++)
        {
            for (int b = 0; b < 256; b++)
            {
                final int previous = table[(row - 1) * 256 + b];
                table[row * 256 + b] = (char)((previous << 8) ^ table[previous >>> 8]);
            }
        }
        return table;
    }
}
