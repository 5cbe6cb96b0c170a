package io.krill.core.keyspace;

import io.krill.slots.HashSlot;

/**
 * All keys of the node: one {@link KeyTable} per hash slot, lazy and active expiry, and keyspace statistics.
 * <p>
 * BEHAVIOR: every lookup goes through {@link #find}, which resolves the slot, finds the bucket and deletes the
 * key first if it has expired (lazy expiry, as Redis does on access). The bucket found is remembered
 * ({@link #slotOf}, {@link #indexOf}) so a command can read, then overwrite or delete, without a second lookup.
 * Time is the node's cached clock, {@link #nowMs(long)}, set by the agent before it runs commands, so one
 * command sees one instant.
 * <p>
 * Not thread safe: owned by the node's agent thread.
 */
public final class Keyspace
{
    private final KeyTable[] tables = new KeyTable[HashSlot.SLOT_COUNT];
    private KeyspaceListener listener;
    private long nowMs;
    private long size;
    private long volatileSize;
    private int foundSlot;
    private int foundIndex;

    private long expiredKeys;
    private long hits;
    private long misses;

    private int expireCursorSlot;
    private int expireCursorIndex;

    public Keyspace(final KeyspaceListener listener)
    {
        this.listener = listener;
    }

    public Keyspace()
    {
        this(KeyspaceListener.NONE);
    }

    /** Replaces the listener told about changes (one listener; compose them if several parties need it). */
    public void listener(final KeyspaceListener listener)
    {
        this.listener = listener;
    }

    public void nowMs(final long nowMs)
    {
        this.nowMs = nowMs;
    }

    public long nowMs()
    {
        return nowMs;
    }

    /** Number of keys, expired-but-not-yet-deleted ones included (as Redis's DBSIZE). */
    public long size()
    {
        return size;
    }

    /** Number of keys with an expiry time. */
    public long volatileSize()
    {
        return volatileSize;
    }

    public int countKeysInSlot(final int slot)
    {
        final KeyTable table = tables[slot];
        return table == null ? 0 : table.size();
    }

    /** The table of {@code slot}, or null if no key was ever stored in it. */
    public KeyTable table(final int slot)
    {
        return tables[slot];
    }

    /**
     * Finds a live key, deleting it first if it has expired.
     *
     * @return the bucket index (also kept in {@link #indexOf()}), or -1 if absent.
     */
    public int find(final byte[] key, final int offset, final int length)
    {
        final int slot = HashSlot.slot(key, offset, length);
        foundSlot = slot;
        final KeyTable table = tables[slot];
        if (table == null)
        {
            foundIndex = -1;
            return -1;
        }
        int index = table.find(key, offset, length);
        if (index >= 0)
        {
            final long expiresAtMs = table.expiryAt(index);
            if (expiresAtMs != KeyTable.NO_EXPIRY && expiresAtMs <= nowMs)
            {
                deleteExpired(slot, table, index);
                index = -1;
            }
        }
        foundIndex = index;
        return index;
    }

    /** Like {@link #find} but counts a keyspace hit or miss (for read commands, as INFO's keyspace_hits). */
    public int findForRead(final byte[] key, final int offset, final int length)
    {
        final int index = find(key, offset, length);
        if (index >= 0)
        {
            hits++;
        }
        else
        {
            misses++;
        }
        return index;
    }

    /** The slot of the last lookup. */
    public int slotOf()
    {
        return foundSlot;
    }

    /** The bucket of the last lookup, or -1. */
    public int indexOf()
    {
        return foundIndex;
    }

    /** The value in the bucket of the last successful lookup. */
    public Object value()
    {
        return tables[foundSlot].valueAt(foundIndex);
    }

    public Object value(final int slot, final int index)
    {
        return tables[slot].valueAt(index);
    }

    /** Replaces the value of the last found key, keeping its expiry. */
    public void replaceValue(final Object value)
    {
        tables[foundSlot].valueAt(foundIndex, value);
        listener.onKeyChanged(foundSlot, tables[foundSlot].keyAt(foundIndex));
    }

    /**
     * Tells listeners that the value of the last found key was changed in place (a list push, a hash field set).
     * Commands that mutate a value object without {@link #replaceValue} must call this.
     */
    public void modified()
    {
        listener.onKeyChanged(foundSlot, tables[foundSlot].keyAt(foundIndex));
    }

    /** Expiry of the last found key, or {@link KeyTable#NO_EXPIRY}. */
    public long expiry()
    {
        return tables[foundSlot].expiryAt(foundIndex);
    }

    /** Sets (or with {@link KeyTable#NO_EXPIRY} removes) the expiry of the last found key. */
    public void expiry(final long expiresAtMs)
    {
        final KeyTable table = tables[foundSlot];
        final long before = table.volatileCount();
        table.expiry(foundIndex, expiresAtMs);
        volatileSize += table.volatileCount() - before;
    }

    /**
     * Adds a key known to be absent (the last lookup must have been for this key and returned -1).
     *
     * @param key owned by the keyspace from now on.
     */
    public void insert(final byte[] key, final Object value, final long expiresAtMs)
    {
        final int slot = foundSlot;
        KeyTable table = tables[slot];
        if (table == null)
        {
            table = new KeyTable();
            tables[slot] = table;
        }
        foundIndex = table.insert(key, value, expiresAtMs);
        size++;
        if (expiresAtMs != KeyTable.NO_EXPIRY)
        {
            volatileSize++;
        }
        listener.onKeyChanged(slot, key);
    }

    /** Stores {@code value} under {@code key}: overwrites (dropping any TTL unless {@code keepTtl}) or inserts. */
    public void put(final byte[] key, final int offset, final int length, final Object value, final long expiresAtMs,
        final boolean keepTtl)
    {
        final int index = find(key, offset, length);
        if (index >= 0)
        {
            tables[foundSlot].valueAt(index, value);
            if (!keepTtl)
            {
                expiry(expiresAtMs);
            }
            listener.onKeyChanged(foundSlot, tables[foundSlot].keyAt(index));
        }
        else
        {
            final byte[] copy = new byte[length];
            System.arraycopy(key, offset, copy, 0, length);
            insert(copy, value, expiresAtMs);
        }
    }

    /** Deletes the last found key. */
    public void delete()
    {
        final KeyTable table = tables[foundSlot];
        final byte[] key = table.keyAt(foundIndex);
        removeAt(foundSlot, table, foundIndex);
        foundIndex = -1;
        listener.onKeyDeleted(foundSlot, key);
    }

    /** Deletes {@code key} if present; returns whether it was. */
    public boolean delete(final byte[] key, final int offset, final int length)
    {
        if (find(key, offset, length) < 0)
        {
            return false;
        }
        delete();
        return true;
    }

    public void clear()
    {
        for (int slot = 0; slot < tables.length; slot++)
        {
            tables[slot] = null;
        }
        size = 0;
        volatileSize = 0;
        foundIndex = -1;
        listener.onFlush();
    }

    /** Deletes every key of one slot (CLUSTER DELSLOTS clean-up, resharding). */
    public void clearSlot(final int slot)
    {
        final KeyTable table = tables[slot];
        if (table != null)
        {
            size -= table.size();
            volatileSize -= table.volatileCount();
            tables[slot] = null;
        }
    }

    /**
     * Active expiry: walks the tables that hold keys with a TTL, from where the last call stopped, deleting
     * expired keys, until {@code bucketBudget} buckets were examined.
     *
     * @return number of keys deleted.
     */
    public int expireCycle(final int bucketBudget)
    {
        if (volatileSize == 0)
        {
            return 0;
        }
        int budget = bucketBudget;
        int deleted = 0;
        int slotsVisited = 0;
        while (budget > 0 && slotsVisited <= HashSlot.SLOT_COUNT)
        {
            final KeyTable table = tables[expireCursorSlot];
            if (table == null || table.volatileCount() == 0 || expireCursorIndex >= table.capacity())
            {
                if (table != null && expireCursorIndex >= table.capacity())
                {
                    table.shrinkIfSparse();
                }
                // skipping a slot without volatile keys is one array read: it costs no budget, and at most
                // one pass over the 16384 slots happens per call
                expireCursorSlot = (expireCursorSlot + 1) & (HashSlot.SLOT_COUNT - 1);
                expireCursorIndex = 0;
                slotsVisited++;
                continue;
            }
            final int index = expireCursorIndex;
            final long expiresAtMs = table.expiryAt(index);
            if (expiresAtMs != KeyTable.NO_EXPIRY && expiresAtMs <= nowMs && table.keyAt(index) != null)
            {
                deleteExpired(expireCursorSlot, table, index);
                deleted++;
                // the backward shift may have moved another entry into this bucket: look at it again
            }
            else
            {
                expireCursorIndex++;
            }
            budget--;
        }
        return deleted;
    }

    public long expiredKeys()
    {
        return expiredKeys;
    }

    public long hits()
    {
        return hits;
    }

    public long misses()
    {
        return misses;
    }

    public void resetStats()
    {
        expiredKeys = 0;
        hits = 0;
        misses = 0;
    }

    private void deleteExpired(final int slot, final KeyTable table, final int index)
    {
        final byte[] key = table.keyAt(index);
        removeAt(slot, table, index);
        expiredKeys++;
        listener.onKeyExpired(slot, key);
    }

    private void removeAt(final int slot, final KeyTable table, final int index)
    {
        if (table.expiryAt(index) != KeyTable.NO_EXPIRY)
        {
            volatileSize--;
        }
        table.removeAt(index);
        size--;
    }
}
