package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import org.agrona.collections.IntArrayList;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An open-addressing table of distinct byte strings, each with an optional value: the "hashtable" encoding of
 * hashes ({@link TableHash}, fields with values) and sets ({@link TableSet}, members only).
 * <p>
 * BACKGROUND: Redis spends a 24-byte dict entry plus an sds header per element; here an element costs its
 * {@code byte[]} and one reference per bucket (two for hashes), with linear probing and no per-entry object.
 * Elements are stored by reference and never mutated once stored, so a copy may share them.
 * <p>
 * BEHAVIOR: an element's home bucket is the top bits of its 32-bit hash ({@code hash >>> shift}), so buckets
 * are ordered by hash and doubling the table keeps that order. A scan cursor is therefore a hash value, not a
 * bucket: "every element whose hash is below the cursor has been returned". That stays true across resizes
 * (see {@link #scan}), which is the guarantee HSCAN and SSCAN give. Deletion shifts later entries of the probe run
 * back (no tombstones).
 * <p>
 * Not thread safe: the node's agent thread is the only user.
 */
abstract class FieldTable
{
    private static final int MIN_CAPACITY = 4;

    private byte[][] keys;
    private byte[][] values;
    private int size;
    private int shift;

    FieldTable(final int expectedSize, final boolean withValues)
    {
        final int capacity = capacityFor(expectedSize);
        keys = new byte[capacity][];
        values = withValues ? new byte[capacity][] : null;
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
    }

    /** A copy sharing the (immutable) element arrays. */
    FieldTable(final FieldTable source)
    {
        keys = source.keys.clone();
        values = source.values == null ? null : source.values.clone();
        size = source.size;
        shift = source.shift;
    }

    public final int size()
    {
        return size;
    }

    /** Number of buckets: positions run from 0 to capacity - 1. */
    final int capacity()
    {
        return keys.length;
    }

    /** The bucket holding {@code key}, or -1. */
    public final int find(final byte[] key, final int offset, final int length)
    {
        final byte[][] keys = this.keys;
        final int mask = keys.length - 1;
        int index = KeyTable.hash(key, offset, length) >>> shift;
        while (true)
        {
            final byte[] candidate = keys[index];
            if (candidate == null)
            {
                return -1;
            }
            if (candidate.length == length && Arrays.equals(candidate, 0, length, key, offset, offset + length))
            {
                return index;
            }
            index = (index + 1) & mask;
        }
    }

    final byte[] keyAt(final int index)
    {
        return keys[index];
    }

    final byte[] valueAt(final int index)
    {
        return values[index];
    }

    final void valueAt(final int index, final byte[] value)
    {
        values[index] = value;
    }

    /**
     * Adds a key known to be absent; the table takes ownership of both arrays.
     *
     * @return the bucket it went to.
     */
    final int insert(final byte[] key, final byte[] value)
    {
        if ((size + 1) * 4 > keys.length * 3)
        {
            resize(keys.length << 1);
        }
        final int index = freeBucket(key);
        keys[index] = key;
        if (values != null)
        {
            values[index] = value;
        }
        size++;
        return index;
    }

    /** Removes the entry in bucket {@code index}, then halves the table while it is less than 1/8 full. */
    final void removeAt(final int index)
    {
        final byte[][] keys = this.keys;
        final int mask = keys.length - 1;
        int hole = index;
        int next = (hole + 1) & mask;
        while (keys[next] != null)
        {
            final int home = KeyTable.hash(keys[next], 0, keys[next].length) >>> shift;
            // the entry at next moves into the hole unless its home lies cyclically in (hole, next]
            final boolean stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
            if (!stays)
            {
                keys[hole] = keys[next];
                if (values != null)
                {
                    values[hole] = values[next];
                }
                hole = next;
            }
            next = (next + 1) & mask;
        }
        keys[hole] = null;
        if (values != null)
        {
            values[hole] = null;
        }
        size--;
        if (size * 8 < keys.length && keys.length > MIN_CAPACITY)
        {
            resize(capacityFor(size));
        }
    }

    /** The first occupied bucket at or after {@code index}, or -1: iteration in bucket order. */
    final int nextOccupied(final int index)
    {
        final byte[][] keys = this.keys;
        for (int i = index; i < keys.length; i++)
        {
            if (keys[i] != null)
            {
                return i;
            }
        }
        return -1;
    }

    public final int first()
    {
        return nextOccupied(0);
    }

    /**
     * A random occupied bucket (the table must not be empty): the first occupied one from a random start. An
     * element after a long empty run is a little more likely, as with Redis's own pick.
     */
    public final int random(final SplittableRandom random)
    {
        final byte[][] keys = this.keys;
        final int mask = keys.length - 1;
        int index = random.nextInt(keys.length);
        while (keys[index] == null)
        {
            index = (index + 1) & mask;
        }
        return index;
    }

    /**
     * One step of HSCAN/SSCAN: adds to {@code positions} the buckets of the elements whose hash is at least
     * {@code cursor} (unsigned), about {@code count} of them, and returns the cursor to continue from, 0 when done.
     * <p>
     * BEHAVIOR: buckets are visited in order from the cursor's home bucket; once {@code count} elements were taken
     * the walk stops at an empty bucket {@code p} and returns the first hash of bucket {@code p + 1}. Every element
     * whose hash lies between the two cursors was taken: its home is in the walked range, and linear probing
     * keeps it between its home and the empty bucket. Elements wrapped around the table's end past bucket 0 are
     * taken when the walk reaches the end. As the cursor is a hash, not a bucket, this holds however the table
     * was resized between calls. Elements may be returned twice (a wrapped run is also walked from bucket 0).
     */
    final long scan(final long cursor, final long count, final IntArrayList positions)
    {
        final byte[][] keys = this.keys;
        final int threshold = (int)cursor;
        final int start = threshold >>> shift;
        long taken = 0;
        for (int i = start; i < keys.length; i++)
        {
            final byte[] key = keys[i];
            if (key != null)
            {
                if (Integer.compareUnsigned(KeyTable.hash(key, 0, key.length), threshold) >= 0)
                {
                    positions.addInt(i);
                    taken++;
                }
            }
            else if (taken >= count && i + 1 < keys.length)
            {
                return ((long)(i + 1) << shift) & 0xFFFF_FFFFL;
            }
        }
        // the run wrapped from the end into bucket 0: its entries with a hash past the cursor belong to this walk
        for (int i = 0; i < start && keys[i] != null; i++)
        {
            final byte[] key = keys[i];
            if (Integer.compareUnsigned(KeyTable.hash(key, 0, key.length), threshold) >= 0)
            {
                positions.addInt(i);
            }
        }
        return 0;
    }

    private int freeBucket(final byte[] key)
    {
        final int mask = keys.length - 1;
        int index = KeyTable.hash(key, 0, key.length) >>> shift;
        while (keys[index] != null)
        {
            index = (index + 1) & mask;
        }
        return index;
    }

    private void resize(final int capacity)
    {
        final byte[][] oldKeys = keys;
        final byte[][] oldValues = values;
        keys = new byte[capacity][];
        values = oldValues == null ? null : new byte[capacity][];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
        for (int i = 0; i < oldKeys.length; i++)
        {
            final byte[] key = oldKeys[i];
            if (key != null)
            {
                final int index = freeBucket(key);
                keys[index] = key;
                if (values != null)
                {
                    values[index] = oldValues[i];
                }
            }
        }
    }

    /** The smallest power of two of at least 4 buckets that holds {@code size} entries at most 3/4 full. */
    private static int capacityFor(final int size)
    {
        int capacity = MIN_CAPACITY;
        while (capacity * 3L < size * 4L)
        {
            capacity <<= 1;
        }
        return capacity;
    }
}
