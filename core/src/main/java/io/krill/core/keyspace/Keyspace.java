package io.krill.core.keyspace;

import io.krill.slots.HashSlot;

import java.util.Arrays;
import java.util.SplittableRandom;

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
    /** Bits of a scan cursor that hold the slot; the bucket index sits above them. */
    static final int CURSOR_SLOT_BITS = 14;
    /**
     * Slot tables up to this many keys are visited whole by one {@link #scan} call, so that no change between
     * calls (not even a resize) can hide one of their keys.
     */
    static final int SCAN_WHOLE_TABLE_KEYS = 256;
    /** Slots per entry of {@link #groupSizes}. */
    private static final int SLOTS_PER_GROUP = 128;

    private final KeyTable[] tables = new KeyTable[HashSlot.SLOT_COUNT];
    /**
     * Keys per group of {@link #SLOTS_PER_GROUP} consecutive slots, so a random draw finds the slot holding a
     * given rank by reading 128 counters and at most 128 tables, not 16384 tables scattered over the heap.
     */
    private final int[] groupSizes = new int[HashSlot.SLOT_COUNT / SLOTS_PER_GROUP];
    private KeyspaceListener listener;
    private long nowMs;
    private long size;
    private long volatileSize;
    private int foundSlot;
    private int foundIndex;

    /** Changes made since start (Redis's {@code server.dirty}): a command that moved it is propagated. */
    private long dirty;
    private long expiredKeys;
    /** Keys written, deleted or expired since the keyspace was made: the change count save points test. */
    private long changes;
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

    /**
     * Changes since the keyspace was made (a key written, deleted or expired, a flush): what RDB save points and
     * INFO's rdb_changes_since_last_save count. Redis counts element changes; this counts key changes.
     */
    public long changes()
    {
        return changes;
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

    /** The key in the bucket of the last successful lookup; owned by the keyspace, never to be mutated. */
    public byte[] key()
    {
        return tables[foundSlot].keyAt(foundIndex);
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
        dirty++;
        tables[foundSlot].valueAt(foundIndex, value);
        changes++;
        listener.onKeyChanged(foundSlot, tables[foundSlot].keyAt(foundIndex));
    }

    /**
     * Tells listeners that the value of the last found key was changed in place (a list push, a hash field set).
     * Commands that mutate a value object without {@link #replaceValue} must call this.
     */
    public void modified()
    {
        dirty++;
        changes++;
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
        dirty++;
        final KeyTable table = tables[foundSlot];
        final long before = table.volatileCount();
        table.expiry(foundIndex, expiresAtMs);
        volatileSize += table.volatileCount() - before;
        listener.onExpiryChanged(foundSlot, table.keyAt(foundIndex));
    }

    /**
     * Adds a key known to be absent (the last lookup must have been for this key and returned -1).
     *
     * @param key owned by the keyspace from now on.
     */
    public void insert(final byte[] key, final Object value, final long expiresAtMs)
    {
        dirty++;
        final int slot = foundSlot;
        KeyTable table = tables[slot];
        if (table == null)
        {
            table = new KeyTable();
            tables[slot] = table;
        }
        foundIndex = table.insert(key, value, expiresAtMs);
        size++;
        groupSizes[slot / SLOTS_PER_GROUP]++;
        if (expiresAtMs != KeyTable.NO_EXPIRY)
        {
            volatileSize++;
        }
        changes++;
        listener.onKeyChanged(slot, key);
    }

    /** Stores {@code value} under {@code key}: overwrites (dropping any TTL unless {@code keepTtl}) or inserts. */
    public void put(final byte[] key, final int offset, final int length, final Object value, final long expiresAtMs,
        final boolean keepTtl)
    {
        final int index = find(key, offset, length);
        if (index >= 0)
        {
            dirty++;
            tables[foundSlot].valueAt(index, value);
            if (!keepTtl)
            {
                expiry(expiresAtMs);
            }
            changes++;
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
        dirty++;
        final KeyTable table = tables[foundSlot];
        final byte[] key = table.keyAt(foundIndex);
        removeAt(foundSlot, table, foundIndex);
        foundIndex = -1;
        changes++;
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

    /**
     * Finds a random live key, deleting any expired key it draws on the way (as Redis's RANDOMKEY does).
     * <p>
     * BEHAVIOR: a rank is drawn uniformly among all keys and the slot holding that rank is found through the
     * per-group key counts (at most 128 counters and 128 tables read, however few or many keys there are), so
     * every slot is drawn in proportion to its keys. Within the slot table the first occupied bucket from a
     * random start is taken: keys after long empty runs are a little more likely, which RANDOMKEY's callers do not
     * depend on (Redis's own draw is not uniform either).
     *
     * @return the bucket (with {@link #slotOf()}, {@link #key()}, {@link #value()} usable), or -1 if no keys.
     */
    public int findRandom(final SplittableRandom random)
    {
        while (size > 0)
        {
            long rank = random.nextLong(size);
            int group = 0;
            while (rank >= groupSizes[group])
            {
                rank -= groupSizes[group++];
            }
            int slot = group * SLOTS_PER_GROUP;
            KeyTable table = tables[slot];
            while (table == null || rank >= table.size())
            {
                rank -= table == null ? 0 : table.size();
                table = tables[++slot];
            }
            int index = table.nextOccupied(random.nextInt(table.capacity()));
            if (index < 0)
            {
                index = table.nextOccupied(0);
            }
            final long expiresAtMs = table.expiryAt(index);
            if (expiresAtMs != KeyTable.NO_EXPIRY && expiresAtMs <= nowMs)
            {
                // each round either returns or deletes one key, so the loop ends
                deleteExpired(slot, table, index);
                continue;
            }
            foundSlot = slot;
            foundIndex = index;
            return index;
        }
        foundIndex = -1;
        return -1;
    }

    /**
     * One step of a SCAN: visits entries from {@code cursor} on, in slot order, until about {@code count} were
     * visited, and returns the cursor to continue from, 0 when every slot was visited.
     * <p>
     * BACKGROUND: a cursor is {@code bucket << 14 | slot}, read as unsigned. A slot table of at most
     * {@link #SCAN_WHOLE_TABLE_KEYS} keys (or of no more keys than the remaining budget) is visited whole in one
     * call, so whatever happens between calls cannot hide one of its keys; with keys spread evenly over the
     * slots, that covers every table of a keyspace of up to about four million keys. A larger table (keys
     * sharing a hash tag) is visited by bucket, and a call stops only on an empty bucket: deletions shift entries back only up to the first empty
     * bucket after them, and an entry lying after an empty bucket has its home after it too, so entries not yet
     * visited never move before the cursor. A key present for the whole iteration is then visited at least once
     * unless its table is resized (grown by inserts, or shrunk by active expiry) in the middle of a by-bucket
     * walk; keys may be visited twice. Expired entries are visited too: the visitor decides.
     * <p>
     * The visitor must not modify the keyspace; deleting the expired keys it saw after this returns is safe,
     * for the reasons above.
     *
     * @param count keys to visit before stopping, at least 1; a call may visit more (a whole small table, or
     *              the rest of a run of occupied buckets).
     */
    public long scan(final long cursor, final int count, final KeyVisitor visitor)
    {
        int slot = (int)(cursor & (HashSlot.SLOT_COUNT - 1));
        long bucket = cursor >>> CURSOR_SLOT_BITS;
        long budget = count;
        while (slot < HashSlot.SLOT_COUNT)
        {
            final KeyTable table = tables[slot];
            if (table != null && bucket < table.capacity())
            {
                final int tableSize = table.size();
                if (bucket == 0 && (tableSize <= budget || tableSize <= SCAN_WHOLE_TABLE_KEYS))
                {
                    visitAll(slot, table, visitor);
                    budget -= tableSize;
                }
                else
                {
                    final int stop = visitUntilBudget(slot, table, (int)bucket, budget, visitor);
                    if (stop >= 0)
                    {
                        return (long)stop << CURSOR_SLOT_BITS | slot;
                    }
                    budget = 0;
                }
            }
            slot++;
            bucket = 0;
            if (budget <= 0)
            {
                break;
            }
        }
        return slot < HashSlot.SLOT_COUNT ? slot : 0;
    }

    private static void visitAll(final int slot, final KeyTable table, final KeyVisitor visitor)
    {
        for (int i = table.nextOccupied(0); i >= 0; i = table.nextOccupied(i + 1))
        {
            visitor.visit(slot, table.keyAt(i), table.valueAt(i), table.expiryAt(i));
        }
    }

    /**
     * Visits buckets from {@code start}; once {@code budget} keys were visited, stops at the next empty bucket.
     *
     * @return the bucket to continue from (one after that empty bucket), or -1 if the table's end was reached.
     */
    private static int visitUntilBudget(final int slot, final KeyTable table, final int start, final long budget,
        final KeyVisitor visitor)
    {
        long visited = 0;
        final int capacity = table.capacity();
        for (int i = start; i < capacity; i++)
        {
            final byte[] key = table.keyAt(i);
            if (key != null)
            {
                visitor.visit(slot, key, table.valueAt(i), table.expiryAt(i));
                visited++;
            }
            else if (visited >= budget)
            {
                return i + 1 < capacity ? i + 1 : -1;
            }
        }
        return -1;
    }

    public void clear()
    {
        // listeners see the keys that are about to go (WATCH touches only keys that existed)
        listener.onFlush();
        dirty++;
        for (int slot = 0; slot < tables.length; slot++)
        {
            tables[slot] = null;
        }
        size = 0;
        volatileSize = 0;
        Arrays.fill(groupSizes, 0);
        foundIndex = -1;
        changes++;
    }

    /** Deletes every key of one slot (CLUSTER DELSLOTS clean-up, resharding). */
    public void clearSlot(final int slot)
    {
        dirty++;
        final KeyTable table = tables[slot];
        if (table != null)
        {
            size -= table.size();
            groupSizes[slot / SLOTS_PER_GROUP] -= table.size();
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

    /** Changes made to the keyspace so far (not counting expired keys removed); only differences matter. */
    public long dirty()
    {
        return dirty;
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
        changes++;
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
        groupSizes[slot / SLOTS_PER_GROUP]--;
    }
}
