package io.krill.core.keyspace;

/**
 * Receives the entries {@link Keyspace#scan} walks over. Implementations are reusable objects rather than
 * capturing lambdas, so a scan allocates nothing; they must not modify the keyspace while being called.
 */
public interface KeyVisitor
{
    /**
     * One entry, expired or not: {@code expiresAtMs} is {@link KeyTable#NO_EXPIRY} or an absolute time the
     * visitor compares with {@link Keyspace#nowMs()}. {@code key} is owned by the keyspace and never mutated.
     */
    void visit(int slot, byte[] key, Object value, long expiresAtMs);
}
