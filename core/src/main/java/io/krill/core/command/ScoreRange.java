package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;

/**
 * A score interval of ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE: each end inclusive, or exclusive when written with
 * a leading {@code (}. Reused by a command family for every command it runs.
 */
final class ScoreRange
{
    static final CommandException NOT_A_FLOAT = new CommandException("ERR min or max is not a float");

    double min;
    double max;
    boolean minExclusive;
    boolean maxExclusive;

    /** Reads {@code args[minIndex]} and {@code args[maxIndex]} as Redis's {@code zslParseRange} does. */
    ScoreRange parse(final CommandArgs args, final int minIndex, final int maxIndex, final Strtod strtod)
    {
        minExclusive = isExclusive(args, minIndex);
        min = bound(args, minIndex, minExclusive, strtod);
        maxExclusive = isExclusive(args, maxIndex);
        max = bound(args, maxIndex, maxExclusive, strtod);
        return this;
    }

    private static boolean isExclusive(final CommandArgs args, final int index)
    {
        return args.length(index) > 0 && args.buffer(index)[args.offset(index)] == '(';
    }

    private static double bound(final CommandArgs args, final int index, final boolean exclusive, final Strtod strtod)
    {
        final int skip = exclusive ? 1 : 0;
        if (!strtod.parseRangeBound(args.buffer(index), args.offset(index) + skip, args.length(index) - skip))
        {
            throw NOT_A_FLOAT;
        }
        return strtod.value;
    }

    /** True when no score can be in the range (min above max, or equal with an open end). */
    boolean isEmpty()
    {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }

    boolean aboveMin(final double score)
    {
        return minExclusive ? score > min : score >= min;
    }

    boolean belowMax(final double score)
    {
        return maxExclusive ? score < max : score <= max;
    }

    boolean contains(final double score)
    {
        return aboveMin(score) && belowMax(score);
    }
}
