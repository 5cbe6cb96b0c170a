package io.krill.core.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the open-addressing table behaves exactly like a map under any sequence of inserts, removals (with their
 * backward shift), expiry changes and shrinks. Method: seeded random operations over a small key universe, so
 * probe runs collide and wrap, checked against a java.util.HashMap model after every step, with a full
 * consistency check (every model key found, iteration sees exactly the model) at intervals.
 */
class KeyTableTest
{
    @Test
    void shouldMatchHashMapModelWhenRandomOperationsInterleave()
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            runRandomOperations(seed, 20_000, 64 + (int)seed * 50);
        }
    }

    @Test
    void shouldFindEveryKeyWhenRemovalsShiftWrappedRuns()
    {
        // a tiny table: probe runs wrap around the end on almost every insert
        final KeyTable table = new KeyTable();
        final Map<String, Integer> model = new HashMap<>();
        final Random random = new Random(7);
        for (int step = 0; step < 5_000; step++)
        {
            final String key = "k" + random.nextInt(3);
            final int index = table.find(bytes(key));
            if (index >= 0)
            {
                table.removeAt(index);
                model.remove(key);
            }
            else
            {
                table.insert(bytes(key), step, KeyTable.NO_EXPIRY);
                model.put(key, step);
            }
            checkConsistent(table, model, new HashMap<>());
        }
    }

    @Test
    void shouldCountVolatileEntriesWhenExpiriesAreSetClearedAndRemoved()
    {
        final KeyTable table = new KeyTable();
        final int a = table.insert(bytes("a"), "1", 1000);
        table.insert(bytes("b"), "2", KeyTable.NO_EXPIRY);
        assertEquals(1, table.volatileCount());
        table.expiry(table.find(bytes("b")), 2000);
        assertEquals(2, table.volatileCount());
        table.expiry(a, KeyTable.NO_EXPIRY);
        assertEquals(1, table.volatileCount());
        table.removeAt(table.find(bytes("b")));
        assertEquals(0, table.volatileCount());
        assertEquals(1, table.size());
    }

    private static void runRandomOperations(final long seed, final int steps, final int universe)
    {
        final Random random = new Random(seed);
        final KeyTable table = new KeyTable();
        final Map<String, Integer> model = new HashMap<>();
        final Map<String, Long> expiries = new HashMap<>();
        for (int step = 0; step < steps; step++)
        {
            final String key = "key:" + random.nextInt(universe);
            final int index = table.find(bytes(key));
            assertEquals(model.containsKey(key), index >= 0, () -> "seed " + seed + " key " + key);
            final int op = random.nextInt(10);
            if (index < 0)
            {
                if (op < 6)
                {
                    final long expiresAtMs = random.nextBoolean() ? KeyTable.NO_EXPIRY : 1 + random.nextInt(1000);
                    table.insert(bytes(key), step, expiresAtMs);
                    model.put(key, step);
                    putExpiry(expiries, key, expiresAtMs);
                }
            }
            else if (op < 5)
            {
                table.removeAt(index);
                model.remove(key);
                expiries.remove(key);
            }
            else if (op < 8)
            {
                assertEquals(model.get(key), table.valueAt(index), () -> "seed " + seed);
                assertEquals(expiries.getOrDefault(key, KeyTable.NO_EXPIRY), table.expiryAt(index));
                final long expiresAtMs = random.nextBoolean() ? KeyTable.NO_EXPIRY : 1 + random.nextInt(1000);
                table.expiry(index, expiresAtMs);
                putExpiry(expiries, key, expiresAtMs);
            }
            else
            {
                table.valueAt(index, step);
                model.put(key, step);
            }
            if (step % 997 == 0)
            {
                table.shrinkIfSparse();
            }
            if (step % 101 == 0)
            {
                checkConsistent(table, model, expiries);
            }
        }
        checkConsistent(table, model, expiries);
    }

    private static void putExpiry(final Map<String, Long> expiries, final String key, final long expiresAtMs)
    {
        if (expiresAtMs == KeyTable.NO_EXPIRY)
        {
            expiries.remove(key);
        }
        else
        {
            expiries.put(key, expiresAtMs);
        }
    }

    private static void checkConsistent(final KeyTable table, final Map<String, Integer> model,
        final Map<String, Long> expiries)
    {
        assertEquals(model.size(), table.size());
        assertEquals(expiries.size(), table.volatileCount());
        for (final Map.Entry<String, Integer> entry : model.entrySet())
        {
            final int index = table.find(bytes(entry.getKey()));
            assertTrue(index >= 0, () -> "lost " + entry.getKey());
            assertEquals(entry.getValue(), table.valueAt(index));
        }
        final Set<String> seen = new HashSet<>();
        for (int i = table.nextOccupied(0); i >= 0; i = table.nextOccupied(i + 1))
        {
            assertTrue(seen.add(new String(table.keyAt(i), StandardCharsets.UTF_8)));
        }
        assertEquals(model.keySet(), seen);
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
