package io.krill.core.command;

/**
 * A rate per second of a growing counter (commands, bytes), averaged over the last samples, for INFO's
 * {@code instantaneous_*} fields.
 * <p>
 * BEHAVIOR: like Redis, the node samples the counter from its cron at most every {@link #SAMPLE_PERIOD_MS} and
 * keeps the last {@link #SAMPLES} rates; the reported value is their mean, so it follows load within about
 * 1.6 s and a single slow cycle does not make it jump. Not thread safe: owned by the node's agent thread.
 */
final class InstantaneousMetric
{
    static final int SAMPLES = 16;
    static final long SAMPLE_PERIOD_MS = 100;

    private final double[] rates = new double[SAMPLES];
    private int next;
    private long lastSampleMs = -1;
    private long lastValue;

    /** Records the counter's value at {@code nowMs}; ignored if the last sample is too recent. */
    void sample(final long nowMs, final long value)
    {
        if (lastSampleMs < 0)
        {
            lastSampleMs = nowMs;
            lastValue = value;
            return;
        }
        final long elapsedMs = nowMs - lastSampleMs;
        if (elapsedMs < SAMPLE_PERIOD_MS)
        {
            return;
        }
        rates[next] = (value - lastValue) * 1000.0 / elapsedMs;
        next = (next + 1) % SAMPLES;
        lastSampleMs = nowMs;
        lastValue = value;
    }

    /** Mean rate per second over the kept samples. */
    double perSecond()
    {
        double sum = 0;
        for (final double rate : rates)
        {
            sum += rate;
        }
        return sum / SAMPLES;
    }

    /** Forgets every sample (CONFIG RESETSTAT); the counter itself was reset by the caller. */
    void reset()
    {
        java.util.Arrays.fill(rates, 0);
        next = 0;
        lastSampleMs = -1;
    }
}
