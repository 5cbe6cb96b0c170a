package io.krill.gossip.sim;

import java.util.SplittableRandom;

/**
 * The fault mix of one run: message delay range, loss and duplication probabilities, connect latency and
 * per-node clock skew. {@link #draw} picks a different mix per seed (swarm testing, STYLE.md "Deterministic
 * simulation"), so many seeds cover many combinations.
 */
public final class SimFaults
{
    long minDelayMs = 1;
    long maxDelayMs = 5;
    double dropProbability;
    double duplicateProbability;
    long connectDelayMs = 2;
    long maxSkewMs;

    public static SimFaults none()
    {
        return new SimFaults();
    }

    /**
     * A random mix: delays up to 50 ms, loss up to 10 %, duplicates up to 5 %, skew up to 300 ms.
     */
    public static SimFaults draw(final SplittableRandom random)
    {
        final SimFaults faults = new SimFaults();
        faults.minDelayMs = 1 + random.nextInt(5);
        faults.maxDelayMs = faults.minDelayMs + random.nextInt(50);
        faults.dropProbability = random.nextBoolean() ? random.nextDouble() * 0.10 : 0;
        faults.duplicateProbability = random.nextInt(4) == 0 ? random.nextDouble() * 0.05 : 0;
        faults.connectDelayMs = 1 + random.nextInt(20);
        faults.maxSkewMs = random.nextBoolean() ? random.nextInt(300) : 0;
        return faults;
    }

    public SimFaults drop(final double probability)
    {
        dropProbability = probability;
        return this;
    }

    public SimFaults delay(final long minMs, final long maxMs)
    {
        minDelayMs = minMs;
        maxDelayMs = maxMs;
        return this;
    }

    @Override
    public String toString()
    {
        return String.format("delay=%d..%dms drop=%.3f dup=%.3f connect=%dms skew<=%dms",
            minDelayMs, maxDelayMs, dropProbability, duplicateProbability, connectDelayMs, maxSkewMs);
    }
}
