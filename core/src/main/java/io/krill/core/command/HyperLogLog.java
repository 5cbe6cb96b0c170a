package io.krill.core.command;

import java.util.Arrays;

/**
 * Redis's HyperLogLog, kept in a string value in exactly Redis's byte layout, so a GET of an HLL key, a PFCOUNT
 * and a copy moved between Krill and Redis all agree.
 * <p>
 * Layout: a 16-byte header, then the registers.
 * <pre>
 *   0      4        5          8                         16
 *   +------+--------+----------+-------------------------+-----------------------------
 *   | HYLL | encode | 3 unused | cached cardinality (LE) | registers (dense or sparse)
 *   +------+--------+----------+-------------------------+-----------------------------
 * </pre>
 * The top bit of header byte 15 set means the cached cardinality is stale. There are 16384 registers of 6 bits.
 * Dense: packed least significant bit first (register i starts at bit 6i of the register bytes), 12304 bytes in
 * all. Sparse: a run-length code of opcodes, each covering a run of consecutive registers:
 * <pre>
 *   ZERO   00llllll            1..64 registers at 0        (l = run - 1)
 *   XZERO  01llllll llllllll   1..16384 registers at 0     (14-bit l = run - 1)
 *   VAL    1vvvvvll            1..4 registers at value 1..32 (v = value - 1, l = run - 1)
 * </pre>
 * A new HLL is sparse. It turns dense, for good, when a register needs a value above 32 or when an edit would make
 * the sparse form longer than {@code hll-sparse-max-bytes} (header included).
 * <p>
 * An element is hashed with MurmurHash64A (seed 0xadc83b19): the low 14 bits pick the register, and the register
 * is raised to the position of the lowest set bit among the other 50 (counting from 1, at most 51). The
 * cardinality comes from the histogram of register values with Ertl's improved estimator (arXiv:1702.01284), the
 * one Redis uses since 5.0, rounded half away from zero.
 * <p>
 * Sparse edits must produce the very bytes Redis produces, so they follow its rules: split the opcode covering the
 * register into at most three (a prefix run, the new one-register VAL, a suffix run), then merge equal adjacent VAL
 * opcodes among the five opcodes starting at the one before the edit.
 */
final class HyperLogLog
{
    static final int HEADER_BYTES = 16;
    static final int REGISTERS = 1 << 14;
    static final int DENSE_BYTES = HEADER_BYTES + REGISTERS * 6 / 8;

    private static final int ENCODING_OFFSET = 4;
    private static final int CARDINALITY_OFFSET = 8;
    private static final int STALE_BYTE = 15;
    private static final int STALE_BIT = 0x80;
    private static final int DENSE = 0;
    private static final int SPARSE = 1;

    private static final int INDEX_BITS = 14;
    private static final int RUN_BITS = 64 - INDEX_BITS;
    private static final int REGISTER_MASK = 63;
    private static final int HASH_SEED = 0xadc83b19;

    private static final int SPARSE_VAL_MAX = 32;
    private static final int SPARSE_VAL_MAX_RUN = 4;
    private static final int SPARSE_ZERO_MAX_RUN = 64;
    private static final int SPARSE_XZERO_MAX_RUN = 16384;
    /** How many opcodes from the one before an edit are scanned for VAL opcodes to merge. */
    private static final int MERGE_SCAN_OPCODES = 5;

    /** 1 / (2 ln 2): the estimator's alpha for an infinite number of registers. */
    private static final double ALPHA_INF = 0.721347520444481703680;

    private HyperLogLog()
    {
    }

    /** A new, empty HLL: sparse, one XZERO opcode covering every register, cached cardinality 0. */
    static MutableString create()
    {
        final int runs = (REGISTERS + SPARSE_XZERO_MAX_RUN - 1) / SPARSE_XZERO_MAX_RUN;
        final byte[] bytes = new byte[HEADER_BYTES + 2 * runs];
        bytes[0] = 'H';
        bytes[1] = 'Y';
        bytes[2] = 'L';
        bytes[3] = 'L';
        bytes[ENCODING_OFFSET] = SPARSE;
        int remaining = REGISTERS;
        for (int p = HEADER_BYTES; remaining > 0; p += 2)
        {
            final int run = Math.min(remaining, SPARSE_XZERO_MAX_RUN);
            setXzero(bytes, p, run);
            remaining -= run;
        }
        return new MutableString(bytes, bytes.length);
    }

    /** Redis's check before any HLL command: the magic, a known encoding, and the exact length when dense. */
    static boolean isValid(final byte[] bytes, final int length)
    {
        if (length < HEADER_BYTES || bytes[0] != 'H' || bytes[1] != 'Y' || bytes[2] != 'L' || bytes[3] != 'L')
        {
            return false;
        }
        final int encoding = bytes[ENCODING_OFFSET] & 0xFF;
        return encoding == SPARSE || (encoding == DENSE && length == DENSE_BYTES);
    }

    static boolean isDense(final byte[] bytes)
    {
        return bytes[ENCODING_OFFSET] == DENSE;
    }

    static boolean hasCachedCardinality(final byte[] bytes)
    {
        return (bytes[STALE_BYTE] & STALE_BIT) == 0;
    }

    static long cachedCardinality(final byte[] bytes)
    {
        long card = 0;
        for (int i = 7; i >= 0; i--)
        {
            card = (card << 8) | (bytes[CARDINALITY_OFFSET + i] & 0xFF);
        }
        return card;
    }

    static void cacheCardinality(final byte[] bytes, final long card)
    {
        for (int i = 0; i < 8; i++)
        {
            bytes[CARDINALITY_OFFSET + i] = (byte)(card >>> (8 * i));
        }
    }

    static void invalidateCache(final byte[] bytes)
    {
        bytes[STALE_BYTE] |= (byte)STALE_BIT;
    }

    /**
     * Adds one element. Returns 1 if a register changed, 0 if not, -1 if the sparse form is corrupt (registers
     * already changed by earlier elements of the same command stay changed, as in Redis).
     */
    static int add(final MutableString hll, final byte[] element, final int offset, final int length,
        final long sparseMaxBytes)
    {
        final long hash = MurmurHash64A.hash(element, offset, length, HASH_SEED);
        final int index = (int)(hash & (REGISTERS - 1));
        // the sentinel bit ends the scan at 50 zeros, so the run is at most 51
        final long rest = (hash >>> INDEX_BITS) | (1L << RUN_BITS);
        final int run = Long.numberOfTrailingZeros(rest) + 1;
        return set(hll, index, run, sparseMaxBytes);
    }

    /** Raises register {@code index} to {@code value} if lower, in either encoding; 1 changed, 0 not, -1 corrupt. */
    static int set(final MutableString hll, final int index, final int value, final long sparseMaxBytes)
    {
        if (isDense(hll.bytes))
        {
            return denseSet(hll.bytes, index, value);
        }
        return sparseSet(hll, index, value, sparseMaxBytes);
    }

    /** Folds the registers of {@code hll} into {@code max} (one byte per register); false if corrupt. */
    static boolean mergeInto(final byte[] max, final byte[] bytes, final int length)
    {
        if (isDense(bytes))
        {
            for (int i = 0; i < REGISTERS; i++)
            {
                final int value = denseGet(bytes, i);
                if (value > max[i])
                {
                    max[i] = (byte)value;
                }
            }
            return true;
        }
        int index = 0;
        int p = HEADER_BYTES;
        while (p < length)
        {
            final int op = bytes[p] & 0xFF;
            if (isZero(op))
            {
                index += zeroRun(op);
                p++;
            }
            else if (isXzero(op))
            {
                index += xzeroRun(bytes, p, length);
                p += 2;
            }
            else
            {
                final int run = valRun(op);
                final int value = valValue(op);
                if (index + run > REGISTERS)
                {
                    // registers past the last: corrupt, as Redis 7.0 finds it
                    return false;
                }
                for (int i = 0; i < run; i++, index++)
                {
                    if (value > max[index])
                    {
                        max[index] = (byte)value;
                    }
                }
                p++;
            }
        }
        return index == REGISTERS;
    }

    /** The estimated cardinality of an HLL value, or -1 if its sparse form does not cover exactly every register. */
    static long count(final byte[] bytes, final int length, final int[] histogram)
    {
        Arrays.fill(histogram, 0);
        if (isDense(bytes))
        {
            for (int i = 0; i < REGISTERS; i++)
            {
                histogram[denseGet(bytes, i)]++;
            }
            return estimate(histogram);
        }
        int index = 0;
        int p = HEADER_BYTES;
        while (p < length)
        {
            final int op = bytes[p] & 0xFF;
            if (isZero(op))
            {
                final int run = zeroRun(op);
                histogram[0] += run;
                index += run;
                p++;
            }
            else if (isXzero(op))
            {
                final int run = xzeroRun(bytes, p, length);
                histogram[0] += run;
                index += run;
                p += 2;
            }
            else
            {
                final int run = valRun(op);
                histogram[valValue(op)] += run;
                index += run;
                p++;
            }
        }
        return index == REGISTERS ? estimate(histogram) : -1;
    }

    /** The estimated cardinality of plain registers, one byte each (PFCOUNT of several keys). */
    static long countRegisters(final byte[] registers, final int[] histogram)
    {
        Arrays.fill(histogram, 0);
        for (int i = 0; i < REGISTERS; i++)
        {
            histogram[registers[i]]++;
        }
        return estimate(histogram);
    }

    /** Ertl's improved estimator over the register histogram; the operations are in Redis's order, for exactness. */
    private static double estimateRaw(final int[] histogram)
    {
        final double m = REGISTERS;
        double z = m * tau((m - histogram[RUN_BITS + 1]) / m);
        for (int j = RUN_BITS; j >= 1; j--)
        {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        return ALPHA_INF * m * m / z;
    }

    private static long estimate(final int[] histogram)
    {
        // C's llround: half away from zero, the same as Math.round for the non-negative values seen here
        return Math.round(estimateRaw(histogram));
    }

    private static double sigma(final double x)
    {
        if (x == 1.0)
        {
            return Double.POSITIVE_INFINITY;
        }
        double power = x;
        double weight = 1;
        double sum = x;
        double previous;
        do
        {
            power *= power;
            previous = sum;
            sum += power * weight;
            weight += weight;
        }
        while (previous != sum);
        return sum;
    }

    private static double tau(final double x)
    {
        if (x == 0.0 || x == 1.0)
        {
            return 0.0;
        }
        double root = x;
        double weight = 1.0;
        double sum = 1 - x;
        double previous;
        do
        {
            root = Math.sqrt(root);
            previous = sum;
            weight *= 0.5;
            final double gap = 1 - root;
            sum -= gap * gap * weight;
        }
        while (previous != sum);
        return sum / 3;
    }

    /** Converts a sparse HLL to dense in place (header kept, encoding byte changed); false if corrupt. */
    static boolean toDense(final MutableString hll)
    {
        final byte[] sparse = hll.bytes;
        if (isDense(sparse))
        {
            return true;
        }
        final byte[] dense = new byte[DENSE_BYTES];
        System.arraycopy(sparse, 0, dense, 0, HEADER_BYTES);
        dense[ENCODING_OFFSET] = DENSE;
        int index = 0;
        int p = HEADER_BYTES;
        final int length = hll.length;
        while (p < length)
        {
            final int op = sparse[p] & 0xFF;
            if (isZero(op))
            {
                index += zeroRun(op);
                p++;
            }
            else if (isXzero(op))
            {
                index += xzeroRun(sparse, p, length);
                p += 2;
            }
            else
            {
                final int run = valRun(op);
                if (index + run > REGISTERS)
                {
                    return false;
                }
                final int value = valValue(op);
                for (int i = 0; i < run; i++)
                {
                    densePut(dense, index++, value);
                }
                p++;
            }
        }
        if (index != REGISTERS)
        {
            return false;
        }
        hll.bytes = dense;
        hll.length = DENSE_BYTES;
        return true;
    }

    static int denseGet(final byte[] bytes, final int index)
    {
        final int bit = index * 6;
        final int at = HEADER_BYTES + (bit >>> 3);
        final int shift = bit & 7;
        int value = (bytes[at] & 0xFF) >>> shift;
        if (shift > 2)
        {
            value |= (bytes[at + 1] & 0xFF) << (8 - shift);
        }
        return value & REGISTER_MASK;
    }

    private static void densePut(final byte[] bytes, final int index, final int value)
    {
        final int bit = index * 6;
        final int at = HEADER_BYTES + (bit >>> 3);
        final int shift = bit & 7;
        bytes[at] = (byte)((bytes[at] & ~(REGISTER_MASK << shift)) | (value << shift));
        if (shift > 2)
        {
            final int high = 8 - shift;
            bytes[at + 1] = (byte)((bytes[at + 1] & ~(REGISTER_MASK >>> high)) | (value >>> high));
        }
    }

    private static int denseSet(final byte[] bytes, final int index, final int value)
    {
        if (value > denseGet(bytes, index))
        {
            densePut(bytes, index, value);
            return 1;
        }
        return 0;
    }

    /**
     * Raises register {@code index} of a sparse HLL to {@code value}, promoting it to dense when the value does not
     * fit a VAL opcode or the edit would grow it past {@code sparseMaxBytes}.
     */
    private static int sparseSet(final MutableString hll, final int index, final int value, final long sparseMaxBytes)
    {
        if (value > SPARSE_VAL_MAX)
        {
            return promote(hll, index, value);
        }
        byte[] bytes = hll.bytes;
        final int end = hll.length;
        // find the opcode covering the register: it starts at p, covers registers [first, first + run)
        int p = HEADER_BYTES;
        int previous = -1;
        int first = 0;
        int run = 0;
        int opLength = 1;
        while (p < end)
        {
            final int op = bytes[p] & 0xFF;
            opLength = 1;
            if (isZero(op))
            {
                run = zeroRun(op);
            }
            else if (isVal(op))
            {
                run = valRun(op);
            }
            else
            {
                run = xzeroRun(bytes, p, end);
                opLength = 2;
            }
            if (index <= first + run - 1)
            {
                break;
            }
            previous = p;
            p += opLength;
            first += run;
        }
        if (run == 0 || p >= end)
        {
            return -1;
        }
        final int op = bytes[p] & 0xFF;
        if (isVal(op))
        {
            if (valValue(op) >= value)
            {
                return 0;
            }
            if (run == 1)
            {
                bytes[p] = val(value, 1);
                return merged(hll, previous);
            }
        }
        else if (isZero(op) && run == 1)
        {
            bytes[p] = val(value, 1);
            return merged(hll, previous);
        }
        // the general case: the opcode splits into a prefix run, the one-register VAL, and a suffix run
        final byte[] sequence = new byte[5];
        int n = 0;
        final int last = first + run - 1;
        if (isVal(op))
        {
            final int current = valValue(op);
            if (index != first)
            {
                sequence[n++] = val(current, index - first);
            }
            sequence[n++] = val(value, 1);
            if (index != last)
            {
                sequence[n++] = val(current, last - index);
            }
        }
        else
        {
            if (index != first)
            {
                n = putZeros(sequence, n, index - first);
            }
            sequence[n++] = val(value, 1);
            if (index != last)
            {
                n = putZeros(sequence, n, last - index);
            }
        }
        final int delta = n - opLength;
        if (delta > 0 && (long)end + delta > sparseMaxBytes)
        {
            return promote(hll, index, value);
        }
        if (delta != 0)
        {
            hll.ensureCapacity(end + delta);
            bytes = hll.bytes;
            final int next = p + opLength;
            if (next < end)
            {
                System.arraycopy(bytes, next, bytes, next + delta, end - next);
            }
            hll.length = end + delta;
        }
        // only a truncated final XZERO can leave less room than the sequence needs; Redis then loses its tail too
        System.arraycopy(sequence, 0, bytes, p, Math.min(n, hll.length - p));
        return merged(hll, previous);
    }

    private static int putZeros(final byte[] sequence, final int n, final int run)
    {
        if (run > SPARSE_ZERO_MAX_RUN)
        {
            setXzero(sequence, n, run);
            return n + 2;
        }
        sequence[n] = (byte)(run - 1);
        return n + 1;
    }

    /** After an edit: merges adjacent VAL opcodes of equal value, scanning from the opcode before the edit. */
    private static int merged(final MutableString hll, final int previous)
    {
        final byte[] bytes = hll.bytes;
        int end = hll.length;
        int p = previous >= 0 ? previous : HEADER_BYTES;
        int scans = MERGE_SCAN_OPCODES;
        while (p < end && scans-- > 0)
        {
            final int op = bytes[p] & 0xFF;
            if (isXzero(op))
            {
                p += 2;
                continue;
            }
            if (isZero(op))
            {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(bytes[p + 1] & 0xFF))
            {
                final int next = bytes[p + 1] & 0xFF;
                final int run = valRun(op) + valRun(next);
                if (valValue(op) == valValue(next) && run <= SPARSE_VAL_MAX_RUN)
                {
                    bytes[p + 1] = val(valValue(op), run);
                    System.arraycopy(bytes, p + 1, bytes, p, end - p - 1);
                    end--;
                    hll.length = end;
                    // stay on the merged opcode: it may merge with the next one too
                    continue;
                }
            }
            p++;
        }
        invalidateCache(bytes);
        return 1;
    }

    private static int promote(final MutableString hll, final int index, final int value)
    {
        if (!toDense(hll))
        {
            return -1;
        }
        // a promotion always comes from a register that needs raising, so this changes it
        denseSet(hll.bytes, index, value);
        return 1;
    }

    private static boolean isZero(final int op)
    {
        return (op & 0xC0) == 0;
    }

    private static boolean isXzero(final int op)
    {
        return (op & 0xC0) == 0x40;
    }

    private static boolean isVal(final int op)
    {
        return (op & 0x80) != 0;
    }

    private static int zeroRun(final int op)
    {
        return (op & 0x3F) + 1;
    }

    /** The run of the XZERO at {@code p}; a truncated opcode at the very end reads its second byte as 0. */
    private static int xzeroRun(final byte[] bytes, final int p, final int end)
    {
        final int low = p + 1 < end ? bytes[p + 1] & 0xFF : 0;
        return (((bytes[p] & 0x3F) << 8) | low) + 1;
    }

    private static int valRun(final int op)
    {
        return (op & 0x3) + 1;
    }

    private static int valValue(final int op)
    {
        return ((op >>> 2) & 0x1F) + 1;
    }

    private static byte val(final int value, final int run)
    {
        return (byte)(0x80 | ((value - 1) << 2) | (run - 1));
    }

    private static void setXzero(final byte[] bytes, final int p, final int run)
    {
        final int l = run - 1;
        bytes[p] = (byte)(0x40 | (l >>> 8));
        bytes[p + 1] = (byte)l;
    }

    /** The sparse opcodes as PFDEBUG DECODE prints them: {@code z:run}, {@code Z:run}, {@code v:value,run}. */
    static String decode(final byte[] bytes, final int length)
    {
        final StringBuilder text = new StringBuilder();
        int p = HEADER_BYTES;
        while (p < length)
        {
            final int op = bytes[p] & 0xFF;
            if (text.length() > 0)
            {
                text.append(' ');
            }
            if (isZero(op))
            {
                text.append("z:").append(zeroRun(op));
                p++;
            }
            else if (isXzero(op))
            {
                text.append("Z:").append(xzeroRun(bytes, p, length));
                p += 2;
            }
            else
            {
                text.append("v:").append(valValue(op)).append(',').append(valRun(op));
                p++;
            }
        }
        return text.toString();
    }
}
