package io.krill.core.command;

/**
 * The run times of one command, for INFO's latencystats percentiles.
 * <p>
 * BEHAVIOR: a log-linear histogram of nanoseconds, like the HDR histogram Redis keeps per command: values below
 * 256 ns have a bucket each, above that every power of two is split into 128 buckets, so a reported percentile is
 * within 0.8 % of the true value. Like Redis, it tracks 1 ns to 1 s and counts longer calls as 1 s. Recording is
 * an array increment: no allocation on the command path. 3072 buckets (24 KiB) per command, created on the
 * command's first call. Not thread safe: owned by the node's agent thread.
 */
final class LatencyHistogram
{
    static final long MAX_NS = 1_000_000_000L;
    private static final int SUB_BUCKET_BITS = 7;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int EXACT_LIMIT = 2 * SUB_BUCKETS;

    private final long[] counts = new long[index(MAX_NS) + 1];
    private long total;

    void record(final long durationNs)
    {
        counts[index(Math.max(1, Math.min(durationNs, MAX_NS)))]++;
        total++;
    }

    long total()
    {
        return total;
    }

    /**
     * The value at {@code percentile} (0-100] in nanoseconds: the top of the bucket holding the call that ranks
     * there, as HDR histograms report it; 0 when nothing was recorded.
     */
    long valueAtPercentileNs(final double percentile)
    {
        final long rank = Math.max(1, (long)(percentile / 100 * total + 0.5));
        long seen = 0;
        for (int i = 0; i < counts.length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return highestInBucket(i);
            }
        }
        return total == 0 ? 0 : MAX_NS;
    }

    /** Buckets [0, 256) hold one value each; then 128 per power of two, by the 7 bits after the leading one. */
    static int index(final long value)
    {
        if (value < EXACT_LIMIT)
        {
            return (int)value;
        }
        final int exponent = 63 - Long.numberOfLeadingZeros(value);
        final int shift = exponent - SUB_BUCKET_BITS;
        final int mantissa = (int)(value >>> shift);
        return (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + mantissa - SUB_BUCKETS;
    }

    static long highestInBucket(final int index)
    {
        if (index < EXACT_LIMIT)
        {
            return index;
        }
        final int exponent = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
        final int shift = exponent - SUB_BUCKET_BITS;
        final long lowest = (long)(index % SUB_BUCKETS + SUB_BUCKETS) << shift;
        return lowest + (1L << shift) - 1;
    }
}
