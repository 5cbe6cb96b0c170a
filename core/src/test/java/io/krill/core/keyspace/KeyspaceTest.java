package io.krill.core.keyspace;

import io.krill.slots.HashSlot;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the keyspace's iteration primitives keep their promises: a SCAN visits every key present for the whole
 * iteration (whole small tables per call; big hash-tagged tables by bucket, stopping only on empty buckets so
 * deletions between calls cannot hide a key), ends with cursor 0, and a random draw finds keys however sparse,
 * never returning an expired one. Lazy expiry and the size counters are checked along the way.
 * Method: keyspaces built from seeded random keys (spread over slots, or all in one slot via a hash tag),
 * scanned with various COUNTs while other keys are deleted and re-inserted between calls.
 */
class KeyspaceTest
{
    private static final long NOW_MS = 1_000_000;

    @Test
    void shouldVisitEveryKeyAndEndWithZeroWhenKeyspaceIsUnchanged()
    {
        for (final int count : new int[] {1, 10, 100, 5000})
        {
            final Keyspace keyspace = keyspace();
            final Set<String> keys = insertKeys(keyspace, new Random(count), 3000, "");
            keys.addAll(insertKeys(keyspace, new Random(count + 1), 2000, "{big}"));
            final ScanResult result = scanAll(keyspace, count, null);
            assertEquals(keys, result.seen, "count " + count);
            assertTrue(result.calls <= 2 + 5000 / count + HashSlot.SLOT_COUNT, "calls " + result.calls);
        }
    }

    @Test
    void shouldVisitEveryUntouchedKeyWhenOtherKeysAreDeletedAndReinsertedBetweenCalls()
    {
        for (long seed = 1; seed <= 10; seed++)
        {
            final Random random = new Random(seed);
            final Keyspace keyspace = keyspace();
            // one slot of 4000 keys: walked bucket by bucket; the rest spread thinly over all slots
            final List<String> churn = new ArrayList<>(insertKeys(keyspace, random, 3000, "{hot}"));
            final Set<String> stable = insertKeys(keyspace, random, 1000, "{hot}");
            churn.addAll(insertKeys(keyspace, random, 3000, ""));
            stable.addAll(insertKeys(keyspace, random, 1000, ""));
            final Set<String> deleted = new HashSet<>();
            final ScanResult result = scanAll(keyspace, 1 + random.nextInt(50), () ->
            {
                // delete some churn keys and re-insert as many deleted ones: sizes never grow, so no resize
                for (int i = 0; i < 20; i++)
                {
                    final String key = churn.get(random.nextInt(churn.size()));
                    if (deleted.add(key))
                    {
                        assertTrue(keyspace.delete(bytes(key), 0, key.length()));
                    }
                    else
                    {
                        keyspace.find(bytes(key), 0, key.length());
                        keyspace.insert(bytes(key), key, KeyTable.NO_EXPIRY);
                        deleted.remove(key);
                    }
                }
            });
            final Set<String> missing = new HashSet<>(stable);
            missing.removeAll(result.seen);
            assertEquals(Set.of(), missing, "seed " + seed);
        }
    }

    @Test
    void shouldReturnContinuationCursorsThatAreNeverZeroUntilTheEnd()
    {
        final Keyspace keyspace = keyspace();
        insertKeys(keyspace, new Random(3), 1000, "{s}");
        long cursor = 0;
        int calls = 0;
        do
        {
            cursor = keyspace.scan(cursor, 7, (slot, key, value, expiresAtMs) ->
            {
            });
            calls++;
        }
        while (cursor != 0 && calls < 100_000);
        assertTrue(calls > 10, "a 1000-key slot table must be walked in steps, took " + calls);
        assertEquals(0, cursor);
    }

    @Test
    void shouldContinueWithNextSlotWhenCursorBucketIsBeyondTable()
    {
        // a cursor from a table that has since shrunk, or a made-up one: its slot is done, later slots follow
        final Keyspace keyspace = keyspace();
        put(keyspace, "a");
        final int slotA = HashSlot.slot(bytes("a"), 0, 1);
        String later = null;
        for (int i = 0; later == null; i++)
        {
            if (HashSlot.slot(bytes("k" + i), 0, ("k" + i).length()) > slotA)
            {
                later = "k" + i;
            }
        }
        put(keyspace, later);
        final List<String> seen = new ArrayList<>();
        final long next = keyspace.scan((1L << 40) << Keyspace.CURSOR_SLOT_BITS | slotA, 10,
            (s, key, value, expiresAtMs) -> seen.add(new String(key, StandardCharsets.UTF_8)));
        assertEquals(List.of(later), seen);
        assertEquals(0, next);
        seen.clear();
        assertEquals(0, keyspace.scan(-1L, 10, (s, key, value, expiresAtMs) -> seen.add("x")));
        assertEquals(List.of(), seen);
    }

    @Test
    void shouldDrawEveryKeyWhenRandomKeysAreSpreadOrSparse()
    {
        final Keyspace keyspace = keyspace();
        final SplittableRandom random = new SplittableRandom(11);
        assertEquals(-1, keyspace.findRandom(random));
        put(keyspace, "only");
        for (int i = 0; i < 100; i++)
        {
            assertTrue(keyspace.findRandom(random) >= 0);
            assertArrayEquals(bytes("only"), keyspace.key());
            assertEquals("only", keyspace.value());
        }
        final Set<String> keys = insertKeys(keyspace, new Random(5), 20, "");
        keys.add("only");
        final Map<String, Integer> draws = new HashMap<>();
        for (int i = 0; i < 4000; i++)
        {
            assertTrue(keyspace.findRandom(random) >= 0);
            draws.merge(new String(keyspace.key(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        assertEquals(keys, draws.keySet());
    }

    @Test
    void shouldDrawOnlyRemainingKeysWhenSlotsAreClearedOrKeysDeleted()
    {
        final Keyspace keyspace = keyspace();
        final Set<String> keys = insertKeys(keyspace, new Random(9), 500, "");
        final SplittableRandom random = new SplittableRandom(2);
        final List<String> all = new ArrayList<>(keys);
        for (int i = 0; i < all.size(); i += 2)
        {
            final String key = all.get(i);
            final int slot = HashSlot.slot(bytes(key), 0, key.length());
            if (i % 4 == 0)
            {
                keyspace.clearSlot(slot);
                keys.removeIf(other -> HashSlot.slot(bytes(other), 0, other.length()) == slot);
            }
            else if (keyspace.delete(bytes(key), 0, key.length()))
            {
                keys.remove(key);
            }
        }
        assertEquals(keys.size(), keyspace.size());
        final Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 20_000; i++)
        {
            assertTrue(keyspace.findRandom(random) >= 0);
            drawn.add(new String(keyspace.key(), StandardCharsets.UTF_8));
        }
        assertEquals(keys, drawn);
        keyspace.clear();
        assertEquals(-1, keyspace.findRandom(random));
    }

    @Test
    void shouldDeleteExpiredKeysWhenRandomDrawHitsThem()
    {
        final Keyspace keyspace = keyspace();
        for (int i = 0; i < 50; i++)
        {
            final byte[] key = bytes("gone" + i);
            keyspace.find(key, 0, key.length);
            keyspace.insert(key, "v", NOW_MS - 1);
        }
        put(keyspace, "live");
        final SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200; i++)
        {
            assertTrue(keyspace.findRandom(random) >= 0);
            assertArrayEquals(bytes("live"), keyspace.key());
        }
        assertTrue(keyspace.size() < 51, "expired keys drawn must be deleted");
        assertEquals(51, keyspace.size() + keyspace.expiredKeys());
        keyspace.delete(bytes("live"), 0, 4);
        assertEquals(-1, keyspace.findRandom(random));
        assertEquals(0, keyspace.size());
        assertEquals(0, keyspace.volatileSize());
    }

    @Test
    void shouldExpireLazilyWhenFoundAfterItsTime()
    {
        final Keyspace keyspace = keyspace();
        final byte[] key = bytes("k");
        keyspace.find(key, 0, 1);
        keyspace.insert(key, "v", NOW_MS + 10);
        assertTrue(keyspace.find(key, 0, 1) >= 0);
        assertEquals(1, keyspace.volatileSize());
        keyspace.nowMs(NOW_MS + 10);
        assertEquals(-1, keyspace.find(key, 0, 1));
        assertEquals(0, keyspace.size());
        assertEquals(0, keyspace.volatileSize());
        assertEquals(1, keyspace.expiredKeys());
        assertFalse(keyspace.delete(key, 0, 1));
    }

    private static Keyspace keyspace()
    {
        final Keyspace keyspace = new Keyspace();
        keyspace.nowMs(NOW_MS);
        return keyspace;
    }

    private static Set<String> insertKeys(final Keyspace keyspace, final Random random, final int count,
        final String prefix)
    {
        final Set<String> keys = new HashSet<>();
        while (keys.size() < count)
        {
            final String key = prefix + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            if (keys.add(key))
            {
                put(keyspace, key);
            }
        }
        return keys;
    }

    private static void put(final Keyspace keyspace, final String key)
    {
        final byte[] bytes = bytes(key);
        keyspace.put(bytes, 0, bytes.length, key, KeyTable.NO_EXPIRY, false);
    }

    private static ScanResult scanAll(final Keyspace keyspace, final int count, final Runnable betweenCalls)
    {
        final ScanResult result = new ScanResult();
        long cursor = 0;
        do
        {
            cursor = keyspace.scan(cursor, count,
                (slot, key, value, expiresAtMs) -> result.seen.add(new String(key, StandardCharsets.UTF_8)));
            result.calls++;
            if (betweenCalls != null)
            {
                betweenCalls.run();
            }
        }
        while (cursor != 0);
        return result;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final class ScanResult
    {
        final Set<String> seen = new HashSet<>();
        int calls;
    }
}
