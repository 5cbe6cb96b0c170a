package io.krill.core.command;

import io.krill.core.resp.CommandException;
import io.krill.core.resp.DoubleFormat;
import io.krill.core.resp.RespEncoder;

import java.util.Arrays;

/**
 * What the sorted set and geo command families share: the type check, ZADD's per-member rule (Redis's
 * {@code zsetAdd}, with its conversion to a skip list), building stored results, and reply writing.
 */
final class SortedSets
{
    static final CommandException NAN_SCORE = new CommandException("ERR resulting score is not a number (NaN)");

    static final int ADD_NX = 1;
    static final int ADD_XX = 1 << 1;
    static final int ADD_GT = 1 << 2;
    static final int ADD_LT = 1 << 3;
    static final int ADD_INCR = 1 << 4;

    /** {@link Adder#add} outcomes. */
    static final int ADDED = 1;
    static final int UPDATED = 2;
    static final int NOT_PROCESSED = 4;

    /** Above this magnitude an integral score prints in exponent form in a listpack's text (Redis's double2ll). */
    private static final double LISTPACK_INTEGRAL_LIMIT = 4611686018427387904d;

    private SortedSets()
    {
    }

    static boolean isSortedSet(final Object value)
    {
        return value instanceof SortedSet;
    }

    /** Throws WRONGTYPE unless {@code value} is a sorted set. */
    static SortedSet require(final Object value)
    {
        if (!(value instanceof SortedSet))
        {
            throw CommandException.WRONG_TYPE;
        }
        return (SortedSet)value;
    }

    /**
     * A set built from {@code count} members and scores in any order, with no duplicate members: packed when it
     * fits the listpack limits, as Redis converts a stored result (ZUNIONSTORE, ZRANGESTORE, GEOSEARCHSTORE).
     */
    static SortedSet build(final NodeState node, final byte[][] members, final double[] scores, final int count)
    {
        sort(members, scores, count);
        int maxLength = 0;
        for (int i = 0; i < count; i++)
        {
            maxLength = Math.max(maxLength, members[i].length);
        }
        if (count <= node.config().zsetMaxListpackEntries() && maxLength <= node.config().zsetMaxListpackValueBytes())
        {
            return PackedSortedSet.ofSorted(members, scores, count);
        }
        final SkipListSortedSet set = new SkipListSortedSet(count);
        for (int i = 0; i < count; i++)
        {
            set.insert(members[i], 0, members[i].length, scores[i]);
        }
        return set;
    }

    /** Sorts parallel arrays by score, then member bytes. */
    static void sort(final byte[][] members, final double[] scores, final int count)
    {
        final Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> SortedSet.compare(scores[a], members[a], 0, members[a].length, scores[b],
            members[b], 0, members[b].length));
        final byte[][] sortedMembers = new byte[count][];
        final double[] sortedScores = new double[count];
        for (int i = 0; i < count; i++)
        {
            sortedMembers[i] = members[order[i]];
            sortedScores[i] = scores[order[i]];
        }
        System.arraycopy(sortedMembers, 0, members, 0, count);
        System.arraycopy(sortedScores, 0, scores, 0, count);
    }

    /** Writes the header of a member list: pairs in RESP3 with scores, else a flat array. */
    static void listHeader(final RespEncoder out, final long members, final boolean withScores)
    {
        out.array((int)(withScores && !out.resp3() ? members * 2 : members));
    }

    /** Writes one member of a list begun with {@link #listHeader}. */
    static void listEntry(final RespEncoder out, final byte[] member, final int offset, final int length,
        final double score, final boolean withScores)
    {
        if (withScores && out.resp3())
        {
            out.array(2);
        }
        out.bulk(member, offset, length);
        if (withScores)
        {
            out.dbl(score);
        }
    }

    /** Inserts the header of a list of {@code members} written since {@code mark}. */
    static void insertListHeader(final RespEncoder out, final int mark, final long members, final boolean withScores)
    {
        out.insertArray(mark, (int)(withScores && !out.resp3() ? members * 2 : members));
    }

    /**
     * A score as a listpack holds it and ZSCAN of a listpack-encoded set prints it: integral values up to 2^62
     * as integers (so -0 reads "0"), anything else as {@code %.17g}.
     */
    static String listpackScore(final double score)
    {
        if (score == (double)(long)score && Math.abs(score) <= LISTPACK_INTEGRAL_LIMIT)
        {
            return Long.toString((long)score);
        }
        return DoubleFormat.format(score);
    }

    /**
     * ZADD's rule for one member (Redis's {@code zsetAdd}), on a set that may have to become a skip list: the
     * set to store afterwards is {@link #set}. Reused; {@link #start} before each command.
     */
    static final class Adder
    {
        private final NodeState node;
        SortedSet set;
        /** The member's score after the last {@link #add} that processed it. */
        double newScore;

        Adder(final NodeState node)
        {
            this.node = node;
        }

        void start(final SortedSet set)
        {
            this.set = set;
        }

        /**
         * Applies {@code score} (an increment with {@link #ADD_INCR}) to the member under {@code flags}.
         *
         * @return {@link #ADDED}, {@link #UPDATED}, {@link #NOT_PROCESSED}, or 0 (processed, score unchanged).
         * @throws CommandException when an increment makes the score NaN.
         */
        int add(final byte[] member, final int offset, final int length, final double score, final int flags)
        {
            final double current = set.score(member, offset, length);
            if (!Double.isNaN(current))
            {
                if ((flags & ADD_NX) != 0)
                {
                    return NOT_PROCESSED;
                }
                double target = score;
                if ((flags & ADD_INCR) != 0)
                {
                    target += current;
                    if (Double.isNaN(target))
                    {
                        throw NAN_SCORE;
                    }
                }
                if (((flags & ADD_LT) != 0 && target >= current) || ((flags & ADD_GT) != 0 && target <= current))
                {
                    return NOT_PROCESSED;
                }
                newScore = target;
                if (target != current)
                {
                    set.rescore(member, offset, length, target);
                    return UPDATED;
                }
                return 0;
            }
            if ((flags & ADD_XX) != 0)
            {
                return NOT_PROCESSED;
            }
            if (set instanceof PackedSortedSet && (set.size() + 1 > node.config().zsetMaxListpackEntries() ||
                length > node.config().zsetMaxListpackValueBytes()))
            {
                set = ((PackedSortedSet)set).toSkipList();
            }
            set.insert(member, offset, length, score);
            newScore = score;
            return ADDED;
        }
    }
}
