package io.krill.core.command;

import io.krill.core.glob.GlobPattern;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.DoubleFormat;
import io.krill.core.resp.RespEncoder;

import java.util.SplittableRandom;

/**
 * Sorted set commands that read or write single members: ZADD ZINCRBY ZREM ZSCORE ZMSCORE ZCARD ZCOUNT ZLEXCOUNT
 * ZRANK ZREVRANK ZSCAN ZRANDMEMBER ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX.
 * <p>
 * Arguments are validated in Redis's order (options, then numbers, then the key's type), because the first
 * error found is the one replied.
 */
final class SortedSetCommands
{
    private static final CommandException XX_AND_NX =
        new CommandException("ERR XX and NX options at the same time are not compatible");
    private static final CommandException GT_LT_NX =
        new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
    private static final CommandException INCR_PAIR =
        new CommandException("ERR INCR option supports a single increment-element pair");
    private static final CommandException COUNT_RANGE = new CommandException(
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final CommandException OUT_OF_RANGE = new CommandException("ERR value is out of range");
    private static final int SCAN_DEFAULT_COUNT = 10;

    private final Keyspace keyspace;
    private final Strtod strtod = new Strtod();
    private final ScoreRange scoreRange = new ScoreRange();
    private final LexRange lexRange = new LexRange();
    private final SortedSets.Adder adder;
    private final SortedSet.Cursor cursor = new SortedSet.Cursor();
    private final SplittableRandom random = new SplittableRandom();
    private final ScanCollector scanCollector = new ScanCollector();

    SortedSetCommands(final NodeState node)
    {
        this.keyspace = node.keyspace();
        this.adder = new SortedSets.Adder(node);
    }

    void register(final CommandTable table)
    {
        table.register("zadd", this::zadd);
        table.register("zincrby", this::zincrby);
        table.register("zrem", this::zrem);
        table.register("zscore", this::zscore);
        table.register("zmscore", this::zmscore);
        table.register("zcard", this::zcard);
        table.register("zcount", this::zcount);
        table.register("zlexcount", this::zlexcount);
        table.register("zrank", (client, args, out) -> rank(args, out, false));
        table.register("zrevrank", (client, args, out) -> rank(args, out, true));
        table.register("zscan", this::zscan);
        table.register("zrandmember", this::zrandmember);
        table.register("zremrangebyrank", this::zremrangebyrank);
        table.register("zremrangebyscore", this::zremrangebyscore);
        table.register("zremrangebylex", this::zremrangebylex);
    }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]. */
    private void zadd(final Client client, final CommandArgs args, final RespEncoder out)
    {
        int flags = 0;
        boolean changed = false;
        int scoreIndex = 2;
        for (; scoreIndex < args.count(); scoreIndex++)
        {
            if (args.is(scoreIndex, "nx"))
            {
                flags |= SortedSets.ADD_NX;
            }
            else if (args.is(scoreIndex, "xx"))
            {
                flags |= SortedSets.ADD_XX;
            }
            else if (args.is(scoreIndex, "gt"))
            {
                flags |= SortedSets.ADD_GT;
            }
            else if (args.is(scoreIndex, "lt"))
            {
                flags |= SortedSets.ADD_LT;
            }
            else if (args.is(scoreIndex, "ch"))
            {
                changed = true;
            }
            else if (args.is(scoreIndex, "incr"))
            {
                flags |= SortedSets.ADD_INCR;
            }
            else
            {
                break;
            }
        }
        final int elementArgs = args.count() - scoreIndex;
        if (elementArgs == 0 || elementArgs % 2 != 0)
        {
            throw CommandException.SYNTAX;
        }
        add(args, out, flags, changed, scoreIndex, elementArgs / 2);
    }

    /** ZINCRBY key increment member: ZADD INCR with one pair. */
    private void zincrby(final Client client, final CommandArgs args, final RespEncoder out)
    {
        add(args, out, SortedSets.ADD_INCR, false, 2, 1);
    }

    private void add(final CommandArgs args, final RespEncoder out, final int flags, final boolean changed,
        final int scoreIndex, final int elements)
    {
        final boolean nx = (flags & SortedSets.ADD_NX) != 0;
        final boolean gt = (flags & SortedSets.ADD_GT) != 0;
        final boolean lt = (flags & SortedSets.ADD_LT) != 0;
        final boolean incr = (flags & SortedSets.ADD_INCR) != 0;
        if (nx && (flags & SortedSets.ADD_XX) != 0)
        {
            throw XX_AND_NX;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt))
        {
            throw GT_LT_NX;
        }
        if (incr && elements > 1)
        {
            throw INCR_PAIR;
        }
        final double[] scores = new double[elements];
        for (int i = 0; i < elements; i++)
        {
            scores[i] = parseScore(args, scoreIndex + 2 * i);
        }
        final int index = keyspace.find(args.buffer(1), args.offset(1), args.length(1));
        SortedSet set;
        if (index < 0)
        {
            if ((flags & SortedSets.ADD_XX) != 0)
            {
                addReply(out, incr, changed, 0, 0, Double.NaN);
                return;
            }
            set = null;
        }
        else
        {
            set = SortedSets.require(keyspace.value());
        }
        final SortedSet before = set;
        adder.start(set == null ? new PackedSortedSet() : set);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        try
        {
            for (int i = 0; i < elements; i++)
            {
                final int memberIndex = scoreIndex + 2 * i + 1;
                final int outcome = adder.add(args.buffer(memberIndex), args.offset(memberIndex),
                    args.length(memberIndex), scores[i], flags);
                if (outcome == SortedSets.ADDED)
                {
                    added++;
                }
                else if (outcome == SortedSets.UPDATED)
                {
                    updated++;
                }
                if (outcome != SortedSets.NOT_PROCESSED)
                {
                    processed++;
                    score = adder.newScore;
                }
            }
        }
        finally
        {
            store(args, before, adder.set, added + updated > 0);
        }
        addReply(out, incr, changed, added, updated, processed > 0 ? score : Double.NaN);
    }

    /** Puts the set a write ended with back into the keyspace: inserted, replaced, or changed in place. */
    private void store(final CommandArgs args, final SortedSet before, final SortedSet after, final boolean changed)
    {
        if (before == null)
        {
            if (after.size() > 0)
            {
                keyspace.insert(args.copy(1), after, io.krill.core.keyspace.KeyTable.NO_EXPIRY);
            }
        }
        else if (after != before)
        {
            keyspace.replaceValue(after);
        }
        else if (changed)
        {
            keyspace.modified();
        }
    }

    private static void addReply(final RespEncoder out, final boolean incr, final boolean changed, final int added,
        final int updated, final double score)
    {
        if (incr)
        {
            if (Double.isNaN(score))
            {
                out.nullBulk();
            }
            else
            {
                out.dbl(score);
            }
        }
        else
        {
            out.integer(changed ? added + updated : added);
        }
    }

    /** A score or increment argument, with Redis's {@code getDoubleFromObject} rules. */
    private double parseScore(final CommandArgs args, final int index)
    {
        if (!strtod.parseStrict(args.buffer(index), args.offset(index), args.length(index)))
        {
            throw CommandException.NOT_A_FLOAT;
        }
        return strtod.value;
    }

    /** ZREM key member [member ...]. */
    private void zrem(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        final SortedSet set = SortedSets.require(keyspace.value());
        int removed = 0;
        for (int i = 2; i < args.count(); i++)
        {
            if (set.remove(args.buffer(i), args.offset(i), args.length(i)))
            {
                removed++;
                if (set.size() == 0)
                {
                    break;
                }
            }
        }
        finishRemoval(set, removed);
        out.integer(removed);
    }

    /** After members were removed from the last found key's set: delete an emptied key, else signal the change. */
    private void finishRemoval(final SortedSet set, final long removed)
    {
        if (set.size() == 0)
        {
            keyspace.delete();
        }
        else if (removed > 0)
        {
            keyspace.modified();
        }
    }

    private SortedSet findForRead(final CommandArgs args, final int keyIndex)
    {
        if (keyspace.findForRead(args.buffer(keyIndex), args.offset(keyIndex), args.length(keyIndex)) < 0)
        {
            return null;
        }
        return SortedSets.require(keyspace.value());
    }

    private void zscore(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final SortedSet set = findForRead(args, 1);
        final double score = set == null ? Double.NaN : set.score(args.buffer(2), args.offset(2), args.length(2));
        if (Double.isNaN(score))
        {
            out.nullBulk();
        }
        else
        {
            out.dbl(score);
        }
    }

    private void zmscore(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final SortedSet set = findForRead(args, 1);
        out.array(args.count() - 2);
        for (int i = 2; i < args.count(); i++)
        {
            final double score = set == null ? Double.NaN : set.score(args.buffer(i), args.offset(i), args.length(i));
            if (Double.isNaN(score))
            {
                out.nullBulk();
            }
            else
            {
                out.dbl(score);
            }
        }
    }

    private void zcard(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final SortedSet set = findForRead(args, 1);
        out.integer(set == null ? 0 : set.size());
    }

    /** ZCOUNT key min max. */
    private void zcount(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final ScoreRange range = scoreRange.parse(args, 2, 3, strtod);
        final SortedSet set = findForRead(args, 1);
        if (set == null || range.isEmpty())
        {
            out.integer(0);
            return;
        }
        out.integer(Math.max(0, set.scoreRangeEnd(range) - set.scoreRangeStart(range)));
    }

    /** ZLEXCOUNT key min max. */
    private void zlexcount(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final LexRange range = lexRange;
        try
        {
            range.parse(args, 2, 3);
            final SortedSet set = findForRead(args, 1);
            out.integer(set == null ? 0 : set.lexCount(range));
        }
        finally
        {
            range.clear();
        }
    }

    /** ZRANK / ZREVRANK key member. */
    private void rank(final CommandArgs args, final RespEncoder out, final boolean reverse)
    {
        final SortedSet set = findForRead(args, 1);
        final long rank = set == null ? -1 : set.rank(args.buffer(2), args.offset(2), args.length(2));
        if (rank < 0)
        {
            out.nullBulk();
        }
        else
        {
            out.integer(reverse ? set.size() - 1 - rank : rank);
        }
    }

    /** ZSCAN key cursor [MATCH pattern] [COUNT count]. */
    private void zscan(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long cursorValue = KeyCommands.parseCursor(args, 2);
        final SortedSet set = findForRead(args, 1);
        if (set == null)
        {
            out.array(2);
            out.bulk("0");
            out.array(0);
            return;
        }
        long count = SCAN_DEFAULT_COUNT;
        int patternIndex = -1;
        for (int i = 3; i < args.count(); i += 2)
        {
            if (i + 1 >= args.count())
            {
                throw CommandException.SYNTAX;
            }
            if (args.is(i, "count"))
            {
                count = args.longValue(i + 1);
                if (count < 1)
                {
                    throw CommandException.SYNTAX;
                }
            }
            else if (args.is(i, "match"))
            {
                patternIndex = i + 1;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        final ScanCollector collector = scanCollector;
        collector.start(args, patternIndex);
        try
        {
            final long next = set.scan(cursorValue, count, collector);
            final boolean packed = set instanceof PackedSortedSet;
            out.array(2);
            out.bulkDecimal(next);
            out.array(collector.size * 2);
            for (int i = 0; i < collector.size; i++)
            {
                out.bulk(collector.members[i], collector.offsets[i], collector.lengths[i]);
                final double score = collector.scores[i];
                out.bulk(packed ? SortedSets.listpackScore(score) : DoubleFormat.format(score));
            }
        }
        finally
        {
            collector.finish();
        }
    }

    /** Collects the members a ZSCAN step visits (views into the set), filtered by MATCH. */
    private static final class ScanCollector implements SortedSet.ScanOutput
    {
        private CommandArgs args;
        private int patternIndex;
        byte[][] members = new byte[16][];
        int[] offsets = new int[16];
        int[] lengths = new int[16];
        double[] scores = new double[16];
        int size;

        void start(final CommandArgs args, final int patternIndex)
        {
            this.args = args;
            // MATCH * filters nothing
            this.patternIndex = patternIndex >= 0 && args.length(patternIndex) == 1 &&
                args.buffer(patternIndex)[args.offset(patternIndex)] == '*' ? -1 : patternIndex;
            this.size = 0;
        }

        void finish()
        {
            java.util.Arrays.fill(members, 0, size, null);
            size = 0;
            args = null;
        }

        @Override
        public void member(final byte[] member, final int offset, final int length, final double score)
        {
            if (patternIndex >= 0 && !GlobPattern.matches(args.buffer(patternIndex), args.offset(patternIndex),
                args.length(patternIndex), member, offset, length, false))
            {
                return;
            }
            if (size == members.length)
            {
                final int capacity = size * 2;
                members = java.util.Arrays.copyOf(members, capacity);
                offsets = java.util.Arrays.copyOf(offsets, capacity);
                lengths = java.util.Arrays.copyOf(lengths, capacity);
                scores = java.util.Arrays.copyOf(scores, capacity);
            }
            members[size] = member;
            offsets[size] = offset;
            lengths[size] = length;
            scores[size] = score;
            size++;
        }
    }

    /** ZRANDMEMBER key [count [WITHSCORES]]. */
    private void zrandmember(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() == 2)
        {
            final SortedSet set = findForRead(args, 1);
            if (set == null)
            {
                out.nullBulk();
                return;
            }
            set.open(cursor, random.nextLong(set.size()), false);
            cursor.next();
            out.bulk(cursor.member, cursor.memberOffset, cursor.memberLength);
            cursor.clear();
            return;
        }
        final long count = args.longValue(2);
        if (count == Long.MIN_VALUE)
        {
            throw COUNT_RANGE;
        }
        boolean withScores = false;
        if (args.count() > 4 || (args.count() == 4 && !args.is(3, "withscores")))
        {
            throw CommandException.SYNTAX;
        }
        if (args.count() == 4)
        {
            withScores = true;
            if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)
            {
                throw OUT_OF_RANGE;
            }
        }
        final SortedSet set = findForRead(args, 1);
        if (set == null || count == 0)
        {
            out.array(0);
            return;
        }
        final int size = set.size();
        try
        {
            if (count < 0)
            {
                // with repetitions: each draw independent
                final long draws = -count;
                SortedSets.listHeader(out, draws, withScores);
                for (long i = 0; i < draws; i++)
                {
                    set.open(cursor, random.nextLong(size), false);
                    cursor.next();
                    SortedSets.listEntry(out, cursor.member, cursor.memberOffset, cursor.memberLength, cursor.score,
                        withScores);
                }
                return;
            }
            if (count >= size)
            {
                // the whole set, highest first, as Redis lists it
                SortedSets.listHeader(out, size, withScores);
                set.open(cursor, size - 1, true);
                while (cursor.next())
                {
                    SortedSets.listEntry(out, cursor.member, cursor.memberOffset, cursor.memberLength, cursor.score,
                        withScores);
                }
                return;
            }
            final int wanted = (int)count;
            SortedSets.listHeader(out, wanted, withScores);
            if (count * 3 > size)
            {
                // many of the members: a partial Fisher-Yates shuffle of the ranks
                final int[] ranks = new int[size];
                for (int i = 0; i < size; i++)
                {
                    ranks[i] = i;
                }
                for (int i = 0; i < wanted; i++)
                {
                    final int j = i + random.nextInt(size - i);
                    final int rank = ranks[j];
                    ranks[j] = ranks[i];
                    ranks[i] = rank;
                    writeAt(set, rank, out, withScores);
                }
                return;
            }
            // few of many: draw ranks until enough distinct ones came up
            final java.util.HashSet<Integer> drawn = new java.util.HashSet<>();
            while (drawn.size() < wanted)
            {
                final int rank = random.nextInt(size);
                if (drawn.add(rank))
                {
                    writeAt(set, rank, out, withScores);
                }
            }
        }
        finally
        {
            cursor.clear();
        }
    }

    private void writeAt(final SortedSet set, final long rank, final RespEncoder out, final boolean withScores)
    {
        set.open(cursor, rank, false);
        cursor.next();
        SortedSets.listEntry(out, cursor.member, cursor.memberOffset, cursor.memberLength, cursor.score, withScores);
    }

    /** ZREMRANGEBYRANK key start stop. */
    private void zremrangebyrank(final Client client, final CommandArgs args, final RespEncoder out)
    {
        long start = args.longValue(2);
        long end = args.longValue(3);
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        final SortedSet set = SortedSets.require(keyspace.value());
        final long size = set.size();
        start = RankRange.start(start, size);
        end = RankRange.end(end, size);
        if (RankRange.isEmpty(start, end))
        {
            out.integer(0);
            return;
        }
        set.removeRanks(start, end + 1);
        finishRemoval(set, end + 1 - start);
        out.integer(end + 1 - start);
    }

    /** ZREMRANGEBYSCORE key min max. */
    private void zremrangebyscore(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final ScoreRange range = scoreRange.parse(args, 2, 3, strtod);
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        final SortedSet set = SortedSets.require(keyspace.value());
        if (range.isEmpty())
        {
            out.integer(0);
            return;
        }
        final long start = set.scoreRangeStart(range);
        final long end = set.scoreRangeEnd(range);
        final long removed = Math.max(0, end - start);
        set.removeRanks(start, start + removed);
        finishRemoval(set, removed);
        out.integer(removed);
    }

    /** ZREMRANGEBYLEX key min max: from the first member in range, while members stay at or below max. */
    private void zremrangebylex(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final LexRange range = lexRange;
        try
        {
            range.parse(args, 2, 3);
            if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
            {
                out.integer(0);
                return;
            }
            final SortedSet set = SortedSets.require(keyspace.value());
            final long start = set.firstInLexRange(range);
            long removed = 0;
            if (start >= 0)
            {
                set.open(cursor, start, false);
                while (cursor.next() && range.belowMax(cursor.member, cursor.memberOffset, cursor.memberLength))
                {
                    removed++;
                }
                cursor.clear();
                set.removeRanks(start, start + removed);
            }
            finishRemoval(set, removed);
            out.integer(removed);
        }
        finally
        {
            range.clear();
        }
    }
}
