package io.krill.gossip;

import java.util.SplittableRandom;

/**
 * {@link RandomSource} over a seeded {@link SplittableRandom}: the caller picks the seed (core draws it once at
 * start; a simulation derives it from the run seed), so nothing here reads entropy or the clock.
 */
public final class SplittableRandomSource implements RandomSource
{
    private final SplittableRandom random;

    public SplittableRandomSource(final long seed)
    {
        random = new SplittableRandom(seed);
    }

    @Override
    public int nextInt(final int bound)
    {
        return random.nextInt(bound);
    }

    @Override
    public long nextLong()
    {
        return random.nextLong();
    }
}
