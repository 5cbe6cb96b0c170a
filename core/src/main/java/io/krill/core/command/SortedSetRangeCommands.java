package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.util.Arrays;

/**
 * ZRANGE in all its forms: ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), ZRANGESTORE, ZREVRANGE,
 * ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX and ZREVRANGEBYLEX, which Redis implements as one command with
 * some options fixed in advance; so does this class.
 * <p>
 * BEHAVIOR: a score or lex range starts at the first member in range (the last, in reverse), skips LIMIT's
 * offset members without looking at them, then returns members while they stay within the far end of the range,
 * as Redis walks its listpack or skip list. A negative offset returns nothing; a negative count means no limit.
 */
final class SortedSetRangeCommands
{
    private static final CommandException LIMIT_NEEDS_RANGE = new CommandException(
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    private static final CommandException WITHSCORES_WITH_LEX =
        new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");

    private static final int AUTO = 0;
    private static final int BY_RANK = 1;
    private static final int BY_SCORE = 2;
    private static final int BY_LEX = 3;
    private static final int FORWARD = 1;
    private static final int REVERSE = 2;

    private final NodeState node;
    private final Keyspace keyspace;
    private final Strtod strtod = new Strtod();
    private final ScoreRange scoreRange = new ScoreRange();
    private final LexRange lexRange = new LexRange();
    private final SortedSet.Cursor cursor = new SortedSet.Cursor();

    /** Where results go: the reply, or arrays for ZRANGESTORE. */
    private boolean storing;
    private boolean withScores;
    private RespEncoder out;
    private byte[][] members = new byte[16][];
    private double[] scores = new double[16];
    private int collected;
    private int markBeforeEntries;

    SortedSetRangeCommands(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void register(final CommandTable table)
    {
        table.register("zrange", (client, args, out) -> range(args, out, 1, false, AUTO, AUTO));
        table.register("zrangestore", (client, args, out) -> range(args, out, 2, true, AUTO, AUTO));
        table.register("zrevrange", (client, args, out) -> range(args, out, 1, false, BY_RANK, REVERSE));
        table.register("zrangebyscore", (client, args, out) -> range(args, out, 1, false, BY_SCORE, FORWARD));
        table.register("zrevrangebyscore", (client, args, out) -> range(args, out, 1, false, BY_SCORE, REVERSE));
        table.register("zrangebylex", (client, args, out) -> range(args, out, 1, false, BY_LEX, FORWARD));
        table.register("zrevrangebylex", (client, args, out) -> range(args, out, 1, false, BY_LEX, REVERSE));
    }

    /**
     * The shared body: {@code keyIndex} is the source key, followed by min, max and the options; {@code store}
     * makes it ZRANGESTORE (destination at {@code keyIndex - 1}).
     */
    private void range(final CommandArgs args, final RespEncoder out, final int keyIndex, final boolean store,
        final int presetType, final int presetDirection)
    {
        int type = presetType;
        int direction = presetDirection;
        boolean scoresWanted = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIndex + 3; j < args.count(); j++)
        {
            final int left = args.count() - j - 1;
            if (!store && args.is(j, "withscores"))
            {
                scoresWanted = true;
            }
            else if (args.is(j, "limit") && left >= 2)
            {
                offset = args.longValue(j + 1);
                limit = args.longValue(j + 2);
                j += 2;
            }
            else if (direction == AUTO && args.is(j, "rev"))
            {
                direction = REVERSE;
            }
            else if (type == AUTO && args.is(j, "bylex"))
            {
                type = BY_LEX;
            }
            else if (type == AUTO && args.is(j, "byscore"))
            {
                type = BY_SCORE;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        if (type == AUTO)
        {
            type = BY_RANK;
        }
        final boolean reverse = direction == REVERSE;
        if (limit != -1 && type == BY_RANK)
        {
            throw LIMIT_NEEDS_RANGE;
        }
        if (scoresWanted && type == BY_LEX)
        {
            throw WITHSCORES_WITH_LEX;
        }
        // reverse score and lex ranges are written max first
        final int minIndex = reverse && type != BY_RANK ? keyIndex + 2 : keyIndex + 1;
        final int maxIndex = reverse && type != BY_RANK ? keyIndex + 1 : keyIndex + 2;
        try
        {
            long start = 0;
            long end = 0;
            if (type == BY_RANK)
            {
                start = args.longValue(minIndex);
                end = args.longValue(maxIndex);
            }
            else if (type == BY_SCORE)
            {
                scoreRange.parse(args, minIndex, maxIndex, strtod);
            }
            else
            {
                lexRange.parse(args, minIndex, maxIndex);
            }
            final SortedSet set;
            if (keyspace.findForRead(args.buffer(keyIndex), args.offset(keyIndex), args.length(keyIndex)) < 0)
            {
                set = null;
            }
            else
            {
                set = SortedSets.require(keyspace.value());
            }
            begin(out, store, scoresWanted);
            long written = 0;
            if (set != null)
            {
                if (type == BY_RANK)
                {
                    written = byRank(set, start, end, reverse);
                }
                else if (offset >= 0 && !(offset > 0 && offset >= set.size()))
                {
                    written = type == BY_SCORE ? byScore(set, scoreRange, offset, limit, reverse) :
                        byLex(set, lexRange, offset, limit, reverse);
                }
            }
            finish(args, keyIndex - 1, written, type == BY_RANK);
        }
        finally
        {
            lexRange.clear();
            cursor.clear();
            Arrays.fill(members, 0, collected, null);
            collected = 0;
            this.out = null;
        }
    }

    private void begin(final RespEncoder out, final boolean store, final boolean scoresWanted)
    {
        this.out = out;
        this.storing = store;
        this.withScores = scoresWanted;
        this.collected = 0;
        this.markBeforeEntries = out.mark();
    }

    private long byRank(final SortedSet set, final long startArg, final long endArg, final boolean reverse)
    {
        final long size = set.size();
        final long start = RankRange.start(startArg, size);
        final long end = RankRange.end(endArg, size);
        if (RankRange.isEmpty(start, end))
        {
            return 0;
        }
        final long count = end - start + 1;
        set.open(cursor, reverse ? size - 1 - start : start, reverse);
        for (long i = 0; i < count && cursor.next(); i++)
        {
            emit();
        }
        return count;
    }

    private long byScore(final SortedSet set, final ScoreRange range, final long offset, final long limit,
        final boolean reverse)
    {
        if (range.isEmpty())
        {
            return 0;
        }
        final long first = set.scoreRangeStart(range);
        final long last = set.scoreRangeEnd(range) - 1;
        if (first > last)
        {
            return 0;
        }
        final long from = reverse ? last - offset : first + offset;
        if (from < 0 || from >= set.size())
        {
            return 0;
        }
        set.open(cursor, from, reverse);
        long written = 0;
        while ((limit < 0 || written < limit) && cursor.next())
        {
            if (reverse ? !range.aboveMin(cursor.score) : !range.belowMax(cursor.score))
            {
                break;
            }
            emit();
            written++;
        }
        return written;
    }

    private long byLex(final SortedSet set, final LexRange range, final long offset, final long limit,
        final boolean reverse)
    {
        final long edge = reverse ? set.lastInLexRange(range) : set.firstInLexRange(range);
        if (edge < 0)
        {
            return 0;
        }
        final long from = reverse ? edge - offset : edge + offset;
        if (from < 0 || from >= set.size())
        {
            return 0;
        }
        set.open(cursor, from, reverse);
        long written = 0;
        while ((limit < 0 || written < limit) && cursor.next())
        {
            if (reverse ? !range.aboveMin(cursor.member, cursor.memberOffset, cursor.memberLength) :
                !range.belowMax(cursor.member, cursor.memberOffset, cursor.memberLength))
            {
                break;
            }
            emit();
            written++;
        }
        return written;
    }

    /** Sends the cursor's member to the reply (without a header yet) or collects a copy for storing. */
    private void emit()
    {
        if (storing)
        {
            if (collected == members.length)
            {
                members = Arrays.copyOf(members, collected * 2);
                scores = Arrays.copyOf(scores, collected * 2);
            }
            members[collected] = Arrays.copyOfRange(cursor.member, cursor.memberOffset,
                cursor.memberOffset + cursor.memberLength);
            scores[collected] = cursor.score;
            collected++;
            return;
        }
        SortedSets.listEntry(out, cursor.member, cursor.memberOffset, cursor.memberLength, cursor.score, withScores);
    }

    /**
     * Redis 7.0 stores a ZRANGESTORE result by adding the members, in range order, to a new set created for the
     * result's size when a rank range tells it (a skip list if over {@code zset-max-listpack-entries}), else as a
     * listpack that converts to a skip list at the first member over the listpack limits. A listpack holds -0 as
     * the integer 0, so the members added while the set is a listpack lose the sign of a zero score.
     */
    private void dropSignOfZerosStoredPacked(final boolean sizeKnown)
    {
        final long maxEntries = node.config().zsetMaxListpackEntries();
        final long maxValueBytes = node.config().zsetMaxListpackValueBytes();
        if (sizeKnown && collected > maxEntries)
        {
            return;
        }
        for (int i = 0; i < collected; i++)
        {
            if (i + 1 > maxEntries || members[i].length > maxValueBytes)
            {
                return;
            }
            if (scores[i] == 0)
            {
                scores[i] = 0.0;
            }
        }
    }

    /** Completes the reply (its header goes in front of the members) or stores the collected members. */
    private void finish(final CommandArgs args, final int destinationIndex, final long written,
        final boolean sizeKnown)
    {
        if (!storing)
        {
            SortedSets.insertListHeader(out, markBeforeEntries, written, withScores);
            return;
        }
        if (collected > 0)
        {
            dropSignOfZerosStoredPacked(sizeKnown);
            final SortedSet result = SortedSets.build(node, members, scores, collected);
            keyspace.put(args.buffer(destinationIndex), args.offset(destinationIndex), args.length(destinationIndex),
                result, KeyTable.NO_EXPIRY, false);
        }
        else
        {
            keyspace.delete(args.buffer(destinationIndex), args.offset(destinationIndex),
                args.length(destinationIndex));
        }
        out.integer(collected);
    }
}
