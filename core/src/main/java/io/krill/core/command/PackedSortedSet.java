package io.krill.core.command;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A small sorted set packed into one byte array of exactly its length, in order: Krill's listpack.
 * <p>
 * Layout of one entry: the member's length as an unsigned LEB128 varint, the member's bytes, then the score. An
 * integral score below 2^62 in magnitude is the varint of its zigzag form shifted left by one (so 0 to 63 take one
 * byte); any other score is the varint 1 followed by the 8 bytes of the double, little-endian. A member "m0" with
 * score 5 costs 4 bytes, so ten such members fit in a 56-byte array.
 * <p>
 * Every operation scans the array, and every change allocates a new array of the new length, as a listpack is
 * reallocated: fine while sets hold at most {@code zset-max-listpack-entries} (128) members. Like Redis's
 * listpack, which stores scores as text, the sign of a zero score is lost: -0 is stored as 0.
 */
final class PackedSortedSet extends SortedSet
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];
    /** Integral scores up to this magnitude are stored as varints. */
    private static final double INTEGRAL_LIMIT = 4611686018427387904d;
    private static final long DOUBLE_FOLLOWS = 1;

    private byte[] data;

    PackedSortedSet()
    {
        this.data = EMPTY;
    }

    private PackedSortedSet(final byte[] data)
    {
        this.data = data;
    }

    /** A set of {@code count} members given in ascending order (by score, then member). */
    static PackedSortedSet ofSorted(final byte[][] members, final double[] scores, final int count)
    {
        int length = 0;
        for (int i = 0; i < count; i++)
        {
            length += entryLength(members[i].length, scores[i]);
        }
        final byte[] data = new byte[length];
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            at = writeEntry(data, at, members[i], 0, members[i].length, scores[i]);
        }
        return new PackedSortedSet(data);
    }

    /** Counted, not stored: an int field would cost 8 bytes per set with the JVM's object alignment. */
    @Override
    int size()
    {
        final byte[] data = this.data;
        int count = 0;
        for (int at = 0; at < data.length; count++)
        {
            at = skipScore(data, skipMember(data, at));
        }
        return count;
    }

    @Override
    double score(final byte[] member, final int offset, final int length)
    {
        final int at = find(member, offset, length);
        return at < 0 ? Double.NaN : scoreAt(data, skipMember(data, at));
    }

    @Override
    void insert(final byte[] member, final int offset, final int length, final double score)
    {
        final int size = size();
        final byte[] data = this.data;
        int at = 0;
        for (int i = 0; i < size; i++)
        {
            final long memberLength = readVarint(data, at);
            final int memberAt = at + varintLength(memberLength);
            final int scoreAt = memberAt + (int)memberLength;
            final double entryScore = scoreAt(data, scoreAt);
            if (compare(entryScore, data, memberAt, (int)memberLength, score, member, offset, length) > 0)
            {
                break;
            }
            at = skipScore(data, scoreAt);
        }
        final int entryLength = entryLength(length, score);
        final byte[] grown = new byte[data.length + entryLength];
        System.arraycopy(data, 0, grown, 0, at);
        writeEntry(grown, at, member, offset, length, score);
        System.arraycopy(data, at, grown, at + entryLength, data.length - at);
        this.data = grown;
    }

    @Override
    void rescore(final byte[] member, final int offset, final int length, final double score)
    {
        remove(member, offset, length);
        insert(member, offset, length, score);
    }

    @Override
    boolean remove(final byte[] member, final int offset, final int length)
    {
        final int at = find(member, offset, length);
        if (at < 0)
        {
            return false;
        }
        cut(at, skipScore(data, skipMember(data, at)));
        return true;
    }

    private void cut(final int from, final int to)
    {
        final byte[] data = this.data;
        final byte[] shrunk = new byte[data.length - (to - from)];
        System.arraycopy(data, 0, shrunk, 0, from);
        System.arraycopy(data, to, shrunk, from, data.length - to);
        this.data = shrunk;
    }

    @Override
    long rank(final byte[] member, final int offset, final int length)
    {
        final int size = size();
        final byte[] data = this.data;
        int at = 0;
        for (int i = 0; i < size; i++)
        {
            final long memberLength = readVarint(data, at);
            final int memberAt = at + varintLength(memberLength);
            if (memberLength == length &&
                java.util.Arrays.equals(data, memberAt, memberAt + length, member, offset, offset + length))
            {
                return i;
            }
            at = skipScore(data, memberAt + (int)memberLength);
        }
        return -1;
    }

    @Override
    long countBelow(final double bound, final boolean inclusive)
    {
        final int size = size();
        final byte[] data = this.data;
        int at = 0;
        for (int i = 0; i < size; i++)
        {
            final int scoreAt = skipMember(data, at);
            final double score = scoreAt(data, scoreAt);
            if (inclusive ? score > bound : score >= bound)
            {
                return i;
            }
            at = skipScore(data, scoreAt);
        }
        return size;
    }

    /** Redis's listpack scan: the first member at or above min, if it is also at or below max. */
    @Override
    long firstInLexRange(final LexRange range)
    {
        final int size = size();
        if (!mayHoldLexRange(range))
        {
            return -1;
        }
        final byte[] data = this.data;
        int at = 0;
        for (int i = 0; i < size; i++)
        {
            final long memberLength = readVarint(data, at);
            final int memberAt = at + varintLength(memberLength);
            if (range.aboveMin(data, memberAt, (int)memberLength))
            {
                return range.belowMax(data, memberAt, (int)memberLength) ? i : -1;
            }
            at = skipScore(data, memberAt + (int)memberLength);
        }
        return -1;
    }

    /** Redis's listpack scan from the end: the last member at or below max, if it is also at or above min. */
    @Override
    long lastInLexRange(final LexRange range)
    {
        final int size = size();
        if (!mayHoldLexRange(range))
        {
            return -1;
        }
        final int[] starts = entryStarts(new int[size]);
        for (int i = size - 1; i >= 0; i--)
        {
            final long memberLength = readVarint(data, starts[i]);
            final int memberAt = starts[i] + varintLength(memberLength);
            if (range.belowMax(data, memberAt, (int)memberLength))
            {
                return range.aboveMin(data, memberAt, (int)memberLength) ? i : -1;
            }
        }
        return -1;
    }

    /** Redis's {@code zzlIsInLexRange}: not an empty range, last member at or above min, first at or below max. */
    private boolean mayHoldLexRange(final LexRange range)
    {
        final int size = size();
        if (size == 0 || range.isEmpty())
        {
            return false;
        }
        final int[] starts = entryStarts(new int[size]);
        final long lastLength = readVarint(data, starts[size - 1]);
        if (!range.aboveMin(data, starts[size - 1] + varintLength(lastLength), (int)lastLength))
        {
            return false;
        }
        final long firstLength = readVarint(data, 0);
        return range.belowMax(data, varintLength(firstLength), (int)firstLength);
    }

    @Override
    long lexCount(final LexRange range)
    {
        final int size = size();
        final long first = firstInLexRange(range);
        if (first < 0)
        {
            return 0;
        }
        final byte[] data = this.data;
        int at = 0;
        long count = 0;
        for (int i = 0; i < size; i++)
        {
            final long memberLength = readVarint(data, at);
            final int memberAt = at + varintLength(memberLength);
            if (i >= first)
            {
                if (!range.belowMax(data, memberAt, (int)memberLength))
                {
                    break;
                }
                count++;
            }
            at = skipScore(data, memberAt + (int)memberLength);
        }
        return count;
    }

    @Override
    void removeRanks(final long start, final long end)
    {
        if (start >= end)
        {
            return;
        }
        final byte[] data = this.data;
        int at = 0;
        int from = -1;
        for (int i = 0; i < end; i++)
        {
            if (i == start)
            {
                from = at;
            }
            at = skipScore(data, skipMember(data, at));
        }
        cut(from, at);
    }

    @Override
    void open(final Cursor cursor, final long rank, final boolean reverse)
    {
        final int size = size();
        if (cursor.starts.length < size)
        {
            cursor.starts = new int[Math.max(size, cursor.starts.length * 2)];
        }
        entryStarts(cursor.starts);
        cursor.skipList = false;
        cursor.node = null;
        cursor.data = data;
        cursor.count = size;
        cursor.index = (int)rank;
        cursor.reverse = reverse;
    }

    /** Fills {@code starts} with the offset of each entry. */
    private int[] entryStarts(final int[] starts)
    {
        final int size = size();
        int at = 0;
        for (int i = 0; i < size; i++)
        {
            starts[i] = at;
            at = skipScore(data, skipMember(data, at));
        }
        return starts;
    }

    /** Reads the entry at {@code at} of the cursor's array into the cursor. */
    static void decode(final Cursor cursor, final int at)
    {
        final byte[] data = cursor.data;
        final long memberLength = readVarint(data, at);
        final int memberAt = at + varintLength(memberLength);
        cursor.member = data;
        cursor.memberOffset = memberAt;
        cursor.memberLength = (int)memberLength;
        cursor.score = scoreAt(data, memberAt + (int)memberLength);
    }

    @Override
    int maxMemberLength()
    {
        final int size = size();
        int max = 0;
        int at = 0;
        for (int i = 0; i < size; i++)
        {
            final long memberLength = readVarint(data, at);
            max = Math.max(max, (int)memberLength);
            at = skipScore(data, at + varintLength(memberLength) + (int)memberLength);
        }
        return max;
    }

    @Override
    String encoding()
    {
        return "listpack";
    }

    @Override
    SortedSet copy()
    {
        return new PackedSortedSet(data.clone());
    }

    /** A listpack is small: ZSCAN returns all of it at once and ends the iteration, whatever the cursor. */
    @Override
    long scan(final long cursor, final long count, final ScanOutput out)
    {
        final int size = size();
        final byte[] data = this.data;
        int at = 0;
        for (int i = 0; i < size; i++)
        {
            final long memberLength = readVarint(data, at);
            final int memberAt = at + varintLength(memberLength);
            final int scoreAt = memberAt + (int)memberLength;
            out.member(data, memberAt, (int)memberLength, scoreAt(data, scoreAt));
            at = skipScore(data, scoreAt);
        }
        return 0;
    }

    /** The same members in a skip list, for when the set outgrows the packed form. */
    SkipListSortedSet toSkipList()
    {
        final int size = size();
        final SkipListSortedSet grown = new SkipListSortedSet(size);
        final byte[] data = this.data;
        int at = 0;
        for (int i = 0; i < size; i++)
        {
            final long memberLength = readVarint(data, at);
            final int memberAt = at + varintLength(memberLength);
            final int scoreAt = memberAt + (int)memberLength;
            grown.insert(data, memberAt, (int)memberLength, scoreAt(data, scoreAt));
            at = skipScore(data, scoreAt);
        }
        return grown;
    }

    /** Offset of the member's entry, or -1. */
    private int find(final byte[] member, final int offset, final int length)
    {
        final int size = size();
        final byte[] data = this.data;
        int at = 0;
        for (int i = 0; i < size; i++)
        {
            final long memberLength = readVarint(data, at);
            final int memberAt = at + varintLength(memberLength);
            if (memberLength == length &&
                java.util.Arrays.equals(data, memberAt, memberAt + length, member, offset, offset + length))
            {
                return at;
            }
            at = skipScore(data, memberAt + (int)memberLength);
        }
        return -1;
    }

    /** Offset of the score of the entry starting at {@code at}. */
    private static int skipMember(final byte[] data, final int at)
    {
        final long memberLength = readVarint(data, at);
        return at + varintLength(memberLength) + (int)memberLength;
    }

    /** Offset just past the score starting at {@code at}. */
    private static int skipScore(final byte[] data, final int at)
    {
        final long code = readVarint(data, at);
        return at + varintLength(code) + (code == DOUBLE_FOLLOWS ? Long.BYTES : 0);
    }

    private static double scoreAt(final byte[] data, final int at)
    {
        final long code = readVarint(data, at);
        if (code == DOUBLE_FOLLOWS)
        {
            return Double.longBitsToDouble((long)LONGS.get(data, at + 1));
        }
        final long zigzag = code >>> 1;
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    private static boolean isIntegral(final double score)
    {
        return score == (double)(long)score && Math.abs(score) < INTEGRAL_LIMIT;
    }

    private static long scoreCode(final double score)
    {
        if (!isIntegral(score))
        {
            return DOUBLE_FOLLOWS;
        }
        final long value = (long)score;
        return ((value << 1) ^ (value >> 63)) << 1;
    }

    private static int entryLength(final int memberLength, final double score)
    {
        final long code = scoreCode(score);
        return varintLength(memberLength) + memberLength + varintLength(code) +
            (code == DOUBLE_FOLLOWS ? Long.BYTES : 0);
    }

    private static int writeEntry(final byte[] data, final int at, final byte[] member, final int offset,
        final int length, final double score)
    {
        int p = writeVarint(data, at, length);
        System.arraycopy(member, offset, data, p, length);
        p += length;
        final long code = scoreCode(score);
        p = writeVarint(data, p, code);
        if (code == DOUBLE_FOLLOWS)
        {
            LONGS.set(data, p, Double.doubleToRawLongBits(score));
            p += Long.BYTES;
        }
        return p;
    }

    private static long readVarint(final byte[] data, final int at)
    {
        long value = 0;
        int shift = 0;
        int p = at;
        while (true)
        {
            final byte b = data[p++];
            value |= (long)(b & 0x7f) << shift;
            if (b >= 0)
            {
                return value;
            }
            shift += 7;
        }
    }

    private static int varintLength(final long value)
    {
        int length = 1;
        long rest = value >>> 7;
        while (rest != 0)
        {
            length++;
            rest >>>= 7;
        }
        return length;
    }

    private static int writeVarint(final byte[] data, final int at, final long value)
    {
        int p = at;
        long rest = value;
        while ((rest & ~0x7fL) != 0)
        {
            data[p++] = (byte)((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        data[p++] = (byte)rest;
        return p;
    }
}
