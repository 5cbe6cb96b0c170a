package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.util.Arrays;

/**
 * ZUNION ZINTER ZDIFF, their STORE forms, and ZINTERCARD, over sorted sets and plain sets (whose members count
 * with score 1, as in Redis).
 * <p>
 * BEHAVIOR, as Redis 7.0 computes it, since floating point sums depend on the order of the terms: the inputs of a
 * union or intersection are taken from the smallest to the largest (a stable order: equal sizes keep their
 * argument order); each score is multiplied by its input's weight, a NaN product (infinity times 0) counting as 0;
 * SUM adds in that order and turns a NaN sum (infinity minus infinity) into 0; MIN and MAX ignore a NaN operand.
 * A difference keeps the first input's members (and scores) that no other input holds. Results are ordered by
 * score, then member; a stored empty result deletes the destination.
 */
final class SortedSetAlgebraCommands
{
    private static final int UNION = 0;
    private static final int INTER = 1;
    private static final int DIFF = 2;
    private static final int SUM = 0;
    private static final int MIN = 1;
    private static final int MAX = 2;
    private static final CommandException WEIGHT_NOT_FLOAT = new CommandException("ERR weight value is not a float");
    private static final CommandException LIMIT_NEGATIVE = new CommandException("ERR LIMIT can't be negative");

    private final NodeState node;
    private final Keyspace keyspace;
    private final Strtod strtod = new Strtod();
    private final Walk walk = new Walk();
    private final ResultTable result = new ResultTable();

    SortedSetAlgebraCommands(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void register(final CommandTable table)
    {
        table.register("zunion", (client, args, out) -> compute(args, out, "zunion", UNION, false, false));
        table.register("zinter", (client, args, out) -> compute(args, out, "zinter", INTER, false, false));
        table.register("zdiff", (client, args, out) -> compute(args, out, "zdiff", DIFF, false, false));
        table.register("zunionstore", (client, args, out) -> compute(args, out, "zunionstore", UNION, true, false));
        table.register("zinterstore", (client, args, out) -> compute(args, out, "zinterstore", INTER, true, false));
        table.register("zdiffstore", (client, args, out) -> compute(args, out, "zdiffstore", DIFF, true, false));
        table.register("zintercard", (client, args, out) -> compute(args, out, "zintercard", INTER, false, true));
    }

    /**
     * One input and its weight: a sorted set, a plain set (every member scored 1, as Redis takes it), or nothing
     * for a missing key.
     */
    private static final class Source
    {
        SortedSet sortedSet;
        SetView set;
        double weight = 1;
        int position;

        int size()
        {
            return sortedSet != null ? sortedSet.size() : set != null ? set.size() : 0;
        }

        /** The member's score in this input, or NaN when it is absent. */
        double score(final byte[] member, final int offset, final int length)
        {
            if (sortedSet != null)
            {
                return sortedSet.score(member, offset, length);
            }
            return set != null && set.contains(member, offset, length) ? 1 : Double.NaN;
        }
    }

    /** Walks the members of one input with their scores. */
    private static final class Walk
    {
        private final SortedSet.Cursor cursor = new SortedSet.Cursor();
        private Source source;
        private int position;
        byte[] member;
        int offset;
        int length;
        double score;

        Walk start(final Source source)
        {
            this.source = source;
            if (source.sortedSet != null)
            {
                source.sortedSet.open(cursor, 0, false);
            }
            else if (source.set != null)
            {
                position = -2;
            }
            return this;
        }

        boolean next()
        {
            if (source.sortedSet != null)
            {
                if (!cursor.next())
                {
                    return false;
                }
                member = cursor.member;
                offset = cursor.memberOffset;
                length = cursor.memberLength;
                score = cursor.score;
                return true;
            }
            if (source.set == null)
            {
                return false;
            }
            position = position == -2 ? source.set.first() : source.set.next(position);
            if (position < 0)
            {
                return false;
            }
            member = source.set.bytes(position);
            offset = 0;
            length = source.set.length(position);
            score = 1;
            return true;
        }

        void clear()
        {
            cursor.clear();
            source = null;
            member = null;
        }
    }

    private void compute(final CommandArgs args, final RespEncoder out, final String name, final int op,
        final boolean store, final boolean cardinalityOnly)
    {
        final int numkeysIndex = store ? 2 : 1;
        final long setCount = args.longValue(numkeysIndex);
        if (setCount < 1)
        {
            throw new CommandException("ERR at least 1 input key is needed for '" + name + "' command");
        }
        if (setCount > args.count() - (numkeysIndex + 1))
        {
            throw CommandException.SYNTAX;
        }
        final int sourceCount = (int)setCount;
        final Source[] sources = new Source[sourceCount];
        int j = numkeysIndex + 1;
        for (int i = 0; i < sourceCount; i++, j++)
        {
            final Source source = new Source();
            source.position = i;
            final int found = store ? keyspace.find(args.buffer(j), args.offset(j), args.length(j)) :
                keyspace.findForRead(args.buffer(j), args.offset(j), args.length(j));
            if (found >= 0)
            {
                final Object value = keyspace.value();
                if (SetValues.isSet(value))
                {
                    source.set = new SetView().wrap(value);
                }
                else
                {
                    source.sortedSet = SortedSets.require(value);
                }
            }
            sources[i] = source;
        }
        int aggregate = SUM;
        boolean withScores = false;
        long limit = 0;
        while (j < args.count())
        {
            final int remaining = args.count() - j;
            if (op != DIFF && !cardinalityOnly && remaining >= sourceCount + 1 && args.is(j, "weights"))
            {
                j++;
                for (int i = 0; i < sourceCount; i++, j++)
                {
                    if (!strtod.parseStrict(args.buffer(j), args.offset(j), args.length(j)))
                    {
                        throw WEIGHT_NOT_FLOAT;
                    }
                    sources[i].weight = strtod.value;
                }
            }
            else if (op != DIFF && !cardinalityOnly && remaining >= 2 && args.is(j, "aggregate"))
            {
                if (args.is(j + 1, "sum"))
                {
                    aggregate = SUM;
                }
                else if (args.is(j + 1, "min"))
                {
                    aggregate = MIN;
                }
                else if (args.is(j + 1, "max"))
                {
                    aggregate = MAX;
                }
                else
                {
                    throw CommandException.SYNTAX;
                }
                j += 2;
            }
            else if (!store && !cardinalityOnly && args.is(j, "withscores"))
            {
                withScores = true;
                j++;
            }
            else if (cardinalityOnly && remaining >= 2 && args.is(j, "limit"))
            {
                limit = args.isLong(j + 1) ? args.longValue(j + 1) : -1;
                if (limit < 0)
                {
                    throw LIMIT_NEGATIVE;
                }
                j += 2;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        if (op != DIFF)
        {
            // stable: equal sizes keep argument order, as glibc's merge-based qsort does
            Arrays.sort(sources, (a, b) -> a.size() != b.size() ? Integer.compare(a.size(), b.size()) :
                Integer.compare(a.position, b.position));
        }
        try
        {
            if (cardinalityOnly)
            {
                out.integer(interCard(sources, limit));
                return;
            }
            result.clear();
            if (op == UNION)
            {
                union(sources, aggregate);
            }
            else if (op == INTER)
            {
                inter(sources, aggregate);
            }
            else
            {
                diff(sources);
            }
            if (store)
            {
                store(args, out);
            }
            else
            {
                reply(out, withScores);
            }
        }
        finally
        {
            walk.clear();
            result.release();
        }
    }

    private static double aggregate(final double target, final double value, final int aggregate)
    {
        if (aggregate == SUM)
        {
            final double sum = target + value;
            return Double.isNaN(sum) ? 0 : sum;
        }
        if (aggregate == MIN)
        {
            return value < target ? value : target;
        }
        return value > target ? value : target;
    }

    private void union(final Source[] sources, final int aggregate)
    {
        for (final Source source : sources)
        {
            if (source.size() == 0)
            {
                continue;
            }
            walk.start(source);
            while (walk.next())
            {
                double score = source.weight * walk.score;
                if (Double.isNaN(score))
                {
                    score = 0;
                }
                final int index = result.find(walk.member, walk.offset, walk.length);
                if (index >= 0)
                {
                    result.scores[index] = aggregate(result.scores[index], score, aggregate);
                }
                else
                {
                    result.add(walk.member, walk.offset, walk.length, score);
                }
            }
        }
    }

    private void inter(final Source[] sources, final int aggregate)
    {
        final Source smallest = sources[0];
        if (smallest.size() == 0)
        {
            return;
        }
        walk.start(smallest);
        while (walk.next())
        {
            double score = smallest.weight * walk.score;
            if (Double.isNaN(score))
            {
                score = 0;
            }
            if (inAllOthers(sources, walk))
            {
                for (int j = 1; j < sources.length; j++)
                {
                    final double value = sources[j].score(walk.member, walk.offset, walk.length) * sources[j].weight;
                    score = aggregate(score, value, aggregate);
                }
                result.add(walk.member, walk.offset, walk.length, score);
            }
        }
    }

    private static boolean inAllOthers(final Source[] sources, final Walk walk)
    {
        for (int j = 1; j < sources.length; j++)
        {
            if (Double.isNaN(sources[j].score(walk.member, walk.offset, walk.length)))
            {
                return false;
            }
        }
        return true;
    }

    private long interCard(final Source[] sources, final long limit)
    {
        final Source smallest = sources[0];
        if (smallest.size() == 0)
        {
            return 0;
        }
        long cardinality = 0;
        walk.start(smallest);
        while (walk.next())
        {
            if (inAllOthers(sources, walk))
            {
                cardinality++;
                if (limit > 0 && cardinality >= limit)
                {
                    break;
                }
            }
        }
        return cardinality;
    }

    private void diff(final Source[] sources)
    {
        final Source first = sources[0];
        if (first.size() == 0)
        {
            return;
        }
        walk.start(first);
        while (walk.next())
        {
            boolean elsewhere = false;
            for (int j = 1; j < sources.length && !elsewhere; j++)
            {
                elsewhere = !Double.isNaN(sources[j].score(walk.member, walk.offset, walk.length));
            }
            if (!elsewhere)
            {
                result.add(walk.member, walk.offset, walk.length, walk.score);
            }
        }
    }

    private void reply(final RespEncoder out, final boolean withScores)
    {
        final int count = result.size;
        SortedSets.sort(result.members, result.scores, count);
        SortedSets.listHeader(out, count, withScores);
        for (int i = 0; i < count; i++)
        {
            final byte[] member = result.members[i];
            SortedSets.listEntry(out, member, 0, member.length, result.scores[i], withScores);
        }
    }

    private void store(final CommandArgs args, final RespEncoder out)
    {
        final int count = result.size;
        if (count == 0)
        {
            keyspace.delete(args.buffer(1), args.offset(1), args.length(1));
            out.integer(0);
            return;
        }
        final SortedSet stored = SortedSets.build(node, result.members, result.scores, count);
        keyspace.put(args.buffer(1), args.offset(1), args.length(1), stored, KeyTable.NO_EXPIRY, false);
        out.integer(count);
    }

    /** Result members with their scores, indexed by member (open addressing over member copies). */
    private static final class ResultTable
    {
        byte[][] members = new byte[16][];
        double[] scores = new double[16];
        int size;
        private int[] slots = new int[32];
        private int mask = 31;

        void clear()
        {
            size = 0;
            Arrays.fill(slots, 0);
        }

        /** Drops references to members (and a table grown by a huge result). */
        void release()
        {
            Arrays.fill(members, 0, size, null);
            size = 0;
            if (slots.length > 1024)
            {
                slots = new int[32];
                mask = 31;
                members = new byte[16][];
                scores = new double[16];
            }
        }

        /** Index of the member, or -1. */
        int find(final byte[] member, final int offset, final int length)
        {
            int i = SkipListSortedSet.hash(member, offset, length) & mask;
            int slot;
            while ((slot = slots[i]) != 0)
            {
                final byte[] candidate = members[slot - 1];
                if (candidate.length == length &&
                    Arrays.equals(candidate, 0, length, member, offset, offset + length))
                {
                    return slot - 1;
                }
                i = (i + 1) & mask;
            }
            return -1;
        }

        /** Adds a member known to be absent (a copy of it). */
        void add(final byte[] member, final int offset, final int length, final double score)
        {
            if (size == members.length)
            {
                members = Arrays.copyOf(members, size * 2);
                scores = Arrays.copyOf(scores, size * 2);
            }
            members[size] = Arrays.copyOfRange(member, offset, offset + length);
            scores[size] = score;
            size++;
            if (size * 2 > slots.length)
            {
                slots = new int[slots.length * 2];
                mask = slots.length - 1;
                for (int k = 0; k < size; k++)
                {
                    place(k);
                }
            }
            else
            {
                place(size - 1);
            }
        }

        private void place(final int index)
        {
            final byte[] member = members[index];
            int i = SkipListSortedSet.hash(member, 0, member.length) & mask;
            while (slots[i] != 0)
            {
                i = (i + 1) & mask;
            }
            slots[i] = index + 1;
        }
    }
}
