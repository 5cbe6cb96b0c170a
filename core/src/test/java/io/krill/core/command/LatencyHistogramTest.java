package io.krill.core.command;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the per-command latency histogram puts every value in a bucket whose range contains it, keeps buckets
 * within 0.8 % of their values, and reports percentiles as the top of the bucket holding the ranked call.
 * Method: exhaustive bucket checks over small values and powers of two, and percentiles of seeded random samples
 * compared with the exact percentiles of the sorted samples.
 */
class LatencyHistogramTest
{
    @Test
    void shouldPutEveryValueInBucketWhoseRangeHoldsItWithinPrecision()
    {
        long previousTop = -1;
        for (int index = 0; index <= LatencyHistogram.index(LatencyHistogram.MAX_NS); index++)
        {
            final long top = LatencyHistogram.highestInBucket(index);
            final long bottom = previousTop + 1;
            assertTrue(top >= bottom, "bucket " + index);
            assertEquals(index, LatencyHistogram.index(bottom), "lowest value of bucket " + index);
            assertEquals(index, LatencyHistogram.index(top), "highest value of bucket " + index);
            assertTrue((top - bottom) <= Math.max(0, bottom / 128), "bucket " + index + " is within 1/128");
            previousTop = top;
        }
        assertTrue(previousTop >= LatencyHistogram.MAX_NS, "buckets cover 1 ns to 1 s");
    }

    @Test
    void shouldReportPercentilesWithinPrecisionOfExactOnes()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final long[] samples = new long[10_000];
        final LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < samples.length; i++)
        {
            samples[i] = 200 + (long)Math.exp(random.nextDouble() * 14);
            histogram.record(samples[i]);
        }
        java.util.Arrays.sort(samples);
        for (final double percentile : new double[] {50, 99, 99.9, 100})
        {
            // nearest rank, rounded as HDR histograms (and so Redis) round it
            final long exact = samples[(int)Math.max(1, (long)(percentile / 100 * samples.length + 0.5)) - 1];
            final long reported = histogram.valueAtPercentileNs(percentile);
            assertTrue(reported >= exact && reported <= exact + exact / 128 + 1,
                "p" + percentile + ": exact " + exact + ", reported " + reported);
        }
        assertEquals(10_000, histogram.total());
    }

    @Test
    void shouldCountOverlongCallsAsOneSecondWhenAboveRange()
    {
        final LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(5_000_000_000L);
        final long reported = histogram.valueAtPercentileNs(50);
        assertTrue(reported >= LatencyHistogram.MAX_NS && reported <= LatencyHistogram.MAX_NS * 1.008);
        assertEquals(0, new LatencyHistogram().valueAtPercentileNs(99));
    }
}
