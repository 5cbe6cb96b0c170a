package io.krill.replication;

/**
 * The only randomness the replication state machines use (new replication ids). Production seeds it from a
 * secure or splittable generator; tests pass a fixed sequence (STYLE.md "The sans-I/O contract").
 */
@FunctionalInterface
public interface RandomSource
{
    /** A uniformly distributed 64-bit value. */
    long nextLong();
}
