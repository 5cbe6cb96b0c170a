package io.krill.core.keyspace;

/**
 * Told about changes to the keyspace: the hook for replication, blocked clients, client-side caching and the
 * embedded read path. Called on the agent thread; must not allocate on the hot path.
 */
public interface KeyspaceListener
{
    KeyspaceListener NONE = new KeyspaceListener()
    {
    };

    default void onKeyChanged(int slot, byte[] key)
    {
    }

    /** The key's expiry time was set or removed (EXPIRE, PERSIST ...); its value did not change. */
    default void onExpiryChanged(int slot, byte[] key)
    {
    }

    default void onKeyDeleted(int slot, byte[] key)
    {
    }

    default void onKeyExpired(int slot, byte[] key)
    {
    }

    /** Every key is about to be dropped (FLUSHALL, FLUSHDB): called before, so the keys can still be looked at. */
    default void onFlush()
    {
    }
}
