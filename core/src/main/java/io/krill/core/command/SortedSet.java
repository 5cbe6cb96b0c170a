package io.krill.core.command;

import java.util.Arrays;

/**
 * A sorted set value: members (byte strings) ordered by score, ties broken by member bytes compared unsigned
 * (memcmp, a prefix first), as Redis orders them.
 * <p>
 * BACKGROUND: Redis keeps small sorted sets in a listpack, a flat array scanned linearly, and converts a set to a
 * skip list plus a hash table once it holds more than {@code zset-max-listpack-entries} members or a member
 * longer than {@code zset-max-listpack-value} bytes; it never converts back. Krill does the same with
 * {@link PackedSortedSet} (one byte array, a few bytes per member) and {@link SkipListSortedSet} (O(log n) rank and
 * range operations), because most sorted sets are small and the packed form costs a fraction of the heap. Which
 * form a set is in shows in OBJECT ENCODING, in the sign of a zero score (a listpack stores -0 as 0) and in ZSCAN,
 * so the conversion points follow Redis's exactly.
 * <p>
 * Ranks are 0-based positions in ascending order. Member arguments are views (buffer, offset, length); the set
 * copies what it keeps.
 */
abstract class SortedSet
{
    /** Number of members. */
    abstract int size();

    /** The member's score, or NaN when it is absent (a stored score is never NaN). */
    abstract double score(byte[] member, int offset, int length);

    /** Adds a member known to be absent. */
    abstract void insert(byte[] member, int offset, int length, double score);

    /** Changes the score of a member known to be present. */
    abstract void rescore(byte[] member, int offset, int length, double score);

    /** Removes a member; returns whether it was present. */
    abstract boolean remove(byte[] member, int offset, int length);

    /** The member's rank, or -1 when it is absent. */
    abstract long rank(byte[] member, int offset, int length);

    /** Members with a score below {@code bound}, or not above it when {@code inclusive}. */
    abstract long countBelow(double bound, boolean inclusive);

    /** Rank of the first member in the lex range, or -1; follows Redis's scan for this encoding. */
    abstract long firstInLexRange(LexRange range);

    /** Rank of the last member in the lex range, or -1; follows Redis's scan for this encoding. */
    abstract long lastInLexRange(LexRange range);

    /** ZLEXCOUNT, as Redis counts for this encoding. */
    abstract long lexCount(LexRange range);

    /** Removes the members of ranks {@code [start, end)}. */
    abstract void removeRanks(long start, long end);

    /** Positions {@code cursor} before the member of rank {@code rank}, walking up or down from it. */
    abstract void open(Cursor cursor, long rank, boolean reverse);

    /** Longest member, in bytes. */
    abstract int maxMemberLength();

    /** OBJECT ENCODING. */
    abstract String encoding();

    /** A deep copy (COPY). */
    abstract SortedSet copy();

    /**
     * One ZSCAN step from {@code cursor}: passes about {@code count} members (with their score as ZSCAN prints it)
     * to {@code out} and returns the cursor to continue from, 0 at the end.
     */
    abstract long scan(long cursor, long count, ScanOutput out);

    /** Receives the members one ZSCAN step returns. */
    interface ScanOutput
    {
        void member(byte[] member, int offset, int length, double score);
    }

    /** Range of ranks holding scores in {@code range}: {@code [start, end)}, empty when start >= end. */
    final long scoreRangeStart(final ScoreRange range)
    {
        return countBelow(range.min, range.minExclusive);
    }

    final long scoreRangeEnd(final ScoreRange range)
    {
        return countBelow(range.max, !range.maxExclusive);
    }

    /** Total order of members: by score, then by bytes compared unsigned. */
    static int compare(final double scoreA, final byte[] a, final int aOffset, final int aLength,
        final double scoreB, final byte[] b, final int bOffset, final int bLength)
    {
        if (scoreA < scoreB)
        {
            return -1;
        }
        if (scoreA > scoreB)
        {
            return 1;
        }
        return Arrays.compareUnsigned(a, aOffset, aOffset + aLength, b, bOffset, bOffset + bLength);
    }

    /**
     * Walks a set's members by rank, up or down. Reused across commands; valid until the set changes. The member
     * is a view: {@link #member}, {@link #memberOffset}, {@link #memberLength}.
     */
    static final class Cursor
    {
        byte[] member;
        int memberOffset;
        int memberLength;
        double score;

        boolean reverse;
        // packed form: start offsets of all entries, and the index of the next entry
        byte[] data;
        int[] starts = new int[16];
        int count;
        int index;
        // skip list form: the next node
        SkipListSortedSet.Node node;
        boolean skipList;

        /** Moves to the next member; false when there is none. */
        boolean next()
        {
            if (skipList)
            {
                final SkipListSortedSet.Node current = node;
                if (current == null)
                {
                    return false;
                }
                member = current.member;
                memberOffset = 0;
                memberLength = current.member.length;
                score = current.score;
                node = reverse ? current.backward : current.next;
                return true;
            }
            if (index < 0 || index >= count)
            {
                return false;
            }
            PackedSortedSet.decode(this, starts[index]);
            index += reverse ? -1 : 1;
            return true;
        }

        /** Drops references to the set. */
        void clear()
        {
            member = null;
            data = null;
            node = null;
        }
    }
}
