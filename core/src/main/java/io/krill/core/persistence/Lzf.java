package io.krill.core.persistence;

import java.util.Arrays;

/**
 * LZF, the compression RDB uses for strings (marker 0xC3). The compressor makes the same choices as liblzf 3.6
 * as Redis builds it (16-bit hash table, "very fast" mode): the same input gives the same bytes, so an RDB or
 * DUMP written by Krill can match Redis's byte for byte, and a string is compressed exactly when Redis would
 * compress it (when the result fits in the room Redis gives it).
 * <p>
 * Format: a control byte below 32 starts a run of (control + 1) literal bytes; otherwise its top 3 bits are a
 * match length minus 2 (7 means "plus the next byte"), and its low 5 bits with the following byte are the
 * distance back minus 1.
 * <p>
 * Not thread safe: an instance owns its hash table.
 */
public final class Lzf
{
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    /** Input positions + 1 by hash (0: none), as liblzf's offsets from the input start. */
    private final int[] table = new int[HSIZE];

    private static int first(final byte[] in, final int p)
    {
        return (in[p] & 0xff) << 8 | in[p + 1] & 0xff;
    }

    private static int next(final int v, final byte[] in, final int p)
    {
        return v << 8 | in[p + 2] & 0xff;
    }

    private static int index(final int h)
    {
        // liblzf's VERY_FAST hash on the low 24 bits of the rolling value; the C arithmetic is unsigned 32-bit
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /**
     * Compresses {@code in[inOffset, inOffset + inLength)} into {@code out[outOffset, outOffset + outLength)}.
     *
     * @return the compressed length, or 0 if the result does not fit in {@code outLength} bytes.
     */
    public int compress(final byte[] in, final int inOffset, final int inLength, final byte[] out,
        final int outOffset, final int outLength)
    {
        if (inLength == 0 || outLength == 0)
        {
            return 0;
        }
        Arrays.fill(table, 0);
        final int inEnd = inOffset + inLength;
        final int outEnd = outOffset + outLength;
        int ip = inOffset;
        int op = outOffset;
        int lit = 0;
        op++; // start run
        int hval = inLength >= 2 ? first(in, ip) : 0;
        while (ip < inEnd - 2)
        {
            hval = next(hval, in, ip);
            final int slot = index(hval);
            final int ref = table[slot] - 1 + inOffset;
            table[slot] = ip - inOffset + 1;
            final int off = ip - ref - 1;
            if (table[slot] != 0 && ref > inOffset && ref < ip && off < MAX_OFF && in[ref + 2] == in[ip + 2] &&
                in[ref] == in[ip] && in[ref + 1] == in[ip + 1])
            {
                int len = 2;
                int maxlen = inEnd - ip - len;
                maxlen = Math.min(maxlen, MAX_REF);
                if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd)
                {
                    return 0;
                }
                out[op - lit - 1] = (byte)(lit - 1); // stop run
                op -= lit == 0 ? 1 : 0; // undo run if length is zero
                len = matchLength(in, ref, ip, len, maxlen);
                len -= 2;
                ip++;
                if (len < 7)
                {
                    out[op++] = (byte)((off >>> 8) + (len << 5));
                }
                else
                {
                    out[op++] = (byte)((off >>> 8) + (7 << 5));
                    out[op++] = (byte)(len - 7);
                }
                out[op++] = (byte)off;
                lit = 0;
                op++; // start run
                ip += len + 1;
                if (ip >= inEnd - 2)
                {
                    break;
                }
                ip -= 2;
                hval = first(in, ip);
                hval = next(hval, in, ip);
                table[index(hval)] = ip - inOffset + 1;
                ip++;
                hval = next(hval, in, ip);
                table[index(hval)] = ip - inOffset + 1;
                ip++;
            }
            else
            {
                if (op >= outEnd)
                {
                    return 0;
                }
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT)
                {
                    out[op - lit - 1] = (byte)(lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outEnd)
        {
            return 0;
        }
        while (ip < inEnd)
        {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT)
            {
                out[op - lit - 1] = (byte)(lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte)(lit - 1); // end run
        op -= lit == 0 ? 1 : 0;
        return op - outOffset;
    }

    /** liblzf's match extension, including its unrolled first 16 steps (which may pass maxlen by a little). */
    private static int matchLength(final byte[] in, final int ref, final int ip, final int start, final int maxlen)
    {
        int len = start;
        if (maxlen > 16)
        {
            for (int k = 0; k < 16; k++)
            {
                len++;
                if (in[ref + len] != in[ip + len])
                {
                    return len;
                }
            }
        }
        do
        {
            len++;
        }
        while (len < maxlen && in[ref + len] == in[ip + len]);
        return len;
    }

    /**
     * Decompresses {@code in[inOffset, inOffset + inLength)} into exactly {@code out.length} bytes.
     *
     * @throws RdbFormatException if the data is corrupt or does not decompress to exactly that length.
     */
    public static void decompress(final byte[] in, final int inOffset, final int inLength, final byte[] out)
        throws RdbFormatException
    {
        int ip = inOffset;
        final int inEnd = inOffset + inLength;
        int op = 0;
        while (ip < inEnd)
        {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < MAX_LIT)
            {
                ctrl++;
                if (op + ctrl > out.length || ip + ctrl > inEnd)
                {
                    throw new RdbFormatException("Invalid LZF compressed string");
                }
                System.arraycopy(in, ip, out, op, ctrl);
                ip += ctrl;
                op += ctrl;
            }
            else
            {
                int len = ctrl >>> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (len == 7)
                {
                    if (ip >= inEnd)
                    {
                        throw new RdbFormatException("Invalid LZF compressed string");
                    }
                    len += in[ip++] & 0xff;
                }
                if (ip >= inEnd)
                {
                    throw new RdbFormatException("Invalid LZF compressed string");
                }
                ref -= in[ip++] & 0xff;
                len += 2;
                if (op + len > out.length || ref < 0)
                {
                    throw new RdbFormatException("Invalid LZF compressed string");
                }
                for (int k = 0; k < len; k++)
                {
                    out[op++] = out[ref++];
                }
            }
        }
        if (op != out.length)
        {
            throw new RdbFormatException("Invalid LZF compressed string");
        }
    }
}
