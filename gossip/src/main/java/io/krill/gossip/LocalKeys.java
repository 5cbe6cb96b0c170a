package io.krill.gossip;

/**
 * What the gossip state machine needs to know about the local keyspace, which it does not own: Redis refuses
 * some commands while keys exist (FLUSHSLOTS, REPLICATE, RESET, SETSLOT NODE) and remembers "dirty" slots it
 * lost while still holding keys (digest 8.2). Core implements it over its keyspace.
 */
public interface LocalKeys
{
    /** A keyspace that is always empty, for tests and for nodes that hold no data. */
    LocalKeys EMPTY = new LocalKeys()
    {
        @Override
        public long countKeysInSlot(final int slot)
        {
            return 0;
        }

        @Override
        public boolean isEmpty()
        {
            return true;
        }
    };

    /**
     * Keys currently stored in {@code slot} (0..16383).
     */
    long countKeysInSlot(int slot);

    /**
     * True if no key is stored at all.
     */
    boolean isEmpty();
}
