package io.krill.gossip;

/**
 * The only source of randomness the gossip state machine uses: new node ids, gossip targets and sampled
 * pings. Production seeds a {@link SplittableRandomSource}; a simulation derives one per node from the run
 * seed, so a run replays exactly (STYLE.md "The sans-I/O contract").
 * <p>
 * Called from the owning agent only; implementations need not be thread-safe.
 */
public interface RandomSource
{
    /**
     * A uniformly distributed value in {@code [0, bound)}; {@code bound} is positive.
     */
    int nextInt(int bound);

    /**
     * A uniformly distributed 64-bit value.
     */
    long nextLong();
}
