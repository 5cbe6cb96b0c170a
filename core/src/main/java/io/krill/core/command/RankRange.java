package io.krill.core.command;

/**
 * Redis's rank ranges (LRANGE, LTRIM, ZRANGE by rank, ZREMRANGEBYRANK): a negative rank counts from the end, the
 * start is raised to the first element and the end lowered to the last; a range that starts past its end or past
 * the last element is empty. Static, so the hot range commands compute both bounds without allocating.
 */
final class RankRange
{
    private RankRange()
    {
    }

    /** The first rank of the range, at least 0. */
    static long start(final long start, final long size)
    {
        final long rank = start < 0 ? start + size : start;
        return Math.max(rank, 0);
    }

    /** The last rank of the range, at most {@code size - 1}. */
    static long end(final long end, final long size)
    {
        final long rank = end < 0 ? end + size : end;
        return Math.min(rank, size - 1);
    }

    /** Whether bounds from {@link #start} and {@link #end} select nothing. */
    static boolean isEmpty(final long start, final long end)
    {
        return start > end;
    }
}
