package io.krill.core.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An open-addressing hash table from byte-string keys to values, with an optional expiry time per entry.
 * <p>
 * BACKGROUND: the keyspace holds one table per hash slot (so COUNTKEYSINSLOT is O(1) and GETKEYSINSLOT reads
 * one slot only), and millions of keys must cost less heap than Redis spends on them. Linear probing over
 * parallel arrays costs two references per bucket and no per-entry object; expiry times get their own array
 * only once the table holds a key with a TTL, so tables of persistent keys never pay for it. Deletion shifts
 * later entries of the run back (no tombstones), so lookups never degrade after churn.
 * <p>
 * Keys are copied in by the caller ({@link #insert}) and never mutated afterwards. Not thread safe: the node's
 * agent is the only writer and the only reader.
 */
public final class KeyTable
{
    /** Expiry time meaning "persistent". */
    public static final long NO_EXPIRY = 0;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MIN_CAPACITY = 4;

    private byte[][] keys;
    private Object[] values;
    private long[] expiresMs;
    private int size;
    private int volatileCount;
    private int mask;

    public KeyTable()
    {
        this(MIN_CAPACITY);
    }

    public KeyTable(final int capacityHint)
    {
        int capacity = MIN_CAPACITY;
        while (capacity * 3 < capacityHint * 4)
        {
            capacity <<= 1;
        }
        keys = new byte[capacity][];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    public int size()
    {
        return size;
    }

    /** Number of entries with an expiry time. */
    public int volatileCount()
    {
        return volatileCount;
    }

    /** Number of buckets; bucket indexes run from 0 to capacity - 1. */
    public int capacity()
    {
        return keys.length;
    }

    /** The bucket holding {@code key}, or -1. */
    public int find(final byte[] key, final int offset, final int length)
    {
        final byte[][] keys = this.keys;
        int index = hash(key, offset, length) & mask;
        while (true)
        {
            final byte[] candidate = keys[index];
            if (candidate == null)
            {
                return -1;
            }
            if (candidate.length == length &&
                Arrays.equals(candidate, 0, length, key, offset, offset + length))
            {
                return index;
            }
            index = (index + 1) & mask;
        }
    }

    public int find(final byte[] key)
    {
        return find(key, 0, key.length);
    }

    /**
     * Adds a key that is not present. The table takes ownership of {@code key}.
     *
     * @return the bucket it went to.
     */
    public int insert(final byte[] key, final Object value, final long expiresAtMs)
    {
        if ((size + 1) * 4 > keys.length * 3)
        {
            resize(keys.length << 1);
        }
        int index = hash(key, 0, key.length) & mask;
        while (keys[index] != null)
        {
            index = (index + 1) & mask;
        }
        keys[index] = key;
        values[index] = value;
        size++;
        if (expiresAtMs != NO_EXPIRY)
        {
            expiry(index, expiresAtMs);
        }
        return index;
    }

    public byte[] keyAt(final int index)
    {
        return keys[index];
    }

    public Object valueAt(final int index)
    {
        return values[index];
    }

    public void valueAt(final int index, final Object value)
    {
        values[index] = value;
    }

    public long expiryAt(final int index)
    {
        return expiresMs == null ? NO_EXPIRY : expiresMs[index];
    }

    public void expiry(final int index, final long expiresAtMs)
    {
        if (expiresMs == null)
        {
            if (expiresAtMs == NO_EXPIRY)
            {
                return;
            }
            expiresMs = new long[keys.length];
        }
        final long previous = expiresMs[index];
        if (previous == NO_EXPIRY && expiresAtMs != NO_EXPIRY)
        {
            volatileCount++;
        }
        else if (previous != NO_EXPIRY && expiresAtMs == NO_EXPIRY)
        {
            volatileCount--;
        }
        expiresMs[index] = expiresAtMs;
    }

    /** Removes the entry in bucket {@code index}, shifting later entries of its probe run back. */
    public void removeAt(final int index)
    {
        expiry(index, NO_EXPIRY);
        final byte[][] keys = this.keys;
        int hole = index;
        int next = (hole + 1) & mask;
        while (keys[next] != null)
        {
            final int home = hash(keys[next], 0, keys[next].length) & mask;
            // move the entry at next into the hole unless its home lies cyclically in (hole, next]
            final boolean stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
            if (!stays)
            {
                keys[hole] = keys[next];
                values[hole] = values[next];
                if (expiresMs != null)
                {
                    expiresMs[hole] = expiresMs[next];
                    expiresMs[next] = NO_EXPIRY;
                }
                hole = next;
            }
            next = (next + 1) & mask;
        }
        keys[hole] = null;
        values[hole] = null;
        size--;
    }

    /**
     * Halves the table while it is less than 1/8 full. Not done inside {@link #removeAt} because callers remove
     * while iterating by bucket index, and a resize would move entries under them.
     */
    public void shrinkIfSparse()
    {
        int capacity = keys.length;
        while (size * 8 < capacity && capacity > MIN_CAPACITY)
        {
            capacity >>= 1;
        }
        if (capacity < keys.length)
        {
            resize(Math.max(capacity * 2, MIN_CAPACITY));
        }
    }

    public void clear()
    {
        keys = new byte[MIN_CAPACITY][];
        values = new Object[MIN_CAPACITY];
        expiresMs = null;
        mask = MIN_CAPACITY - 1;
        size = 0;
        volatileCount = 0;
    }

    /** The first occupied bucket at or after {@code index}, or -1. For iteration (SCAN, KEYS, expiry). */
    public int nextOccupied(final int index)
    {
        for (int i = index; i < keys.length; i++)
        {
            if (keys[i] != null)
            {
                return i;
            }
        }
        return -1;
    }

    private void resize(final int capacity)
    {
        final byte[][] oldKeys = keys;
        final Object[] oldValues = values;
        final long[] oldExpires = expiresMs;
        keys = new byte[capacity][];
        values = new Object[capacity];
        expiresMs = oldExpires == null || volatileCount == 0 ? null : new long[capacity];
        mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++)
        {
            final byte[] key = oldKeys[i];
            if (key != null)
            {
                int index = hash(key, 0, key.length) & mask;
                while (keys[index] != null)
                {
                    index = (index + 1) & mask;
                }
                keys[index] = key;
                values[index] = oldValues[i];
                if (expiresMs != null)
                {
                    expiresMs[index] = oldExpires[i];
                }
            }
        }
    }

    /**
     * A 32-bit hash of the key bytes. It must not be CRC16: every key in one slot table shares its CRC16's low
     * 14 bits.
     */
    public static int hash(final byte[] key, final int offset, final int length)
    {
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = (h ^ (long)LONGS.get(key, offset + i)) * 0xFF51AFD7ED558CCDL;
            h ^= h >>> 29;
        }
        for (; i < length; i++)
        {
            h = (h ^ (key[offset + i] & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int)h;
    }
}
