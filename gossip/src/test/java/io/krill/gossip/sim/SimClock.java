package io.krill.gossip.sim;

/**
 * Virtual time of a simulation, in milliseconds of a made-up wall clock. It moves only when the network takes
 * the next event off its queue, so idle stretches cost nothing; each node may see it with a fixed skew.
 */
public final class SimClock
{
    /** Start at a realistic unix time: gossip carries times in seconds as u32. */
    public static final long START_MS = 1_700_000_000_000L;

    private long nowMs = START_MS;

    public long nowMs()
    {
        return nowMs;
    }

    /**
     * Virtual milliseconds since the start.
     */
    public long elapsedMs()
    {
        return nowMs - START_MS;
    }

    void advanceTo(final long timeMs)
    {
        if (timeMs < nowMs)
        {
            throw new IllegalStateException("time went back from " + nowMs + " to " + timeMs);
        }
        nowMs = timeMs;
    }
}
