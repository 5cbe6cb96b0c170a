package io.krill.core.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: both hash encodings behave as a map from byte strings to byte strings, the listpack in insertion order
 * (what Redis replies), across every change of entry size, including varint length prefixes of two and three
 * bytes, and a conversion keeps every entry.
 * Method: seeded random puts and removes over a small pool of fields (so they collide), mirrored on a
 * LinkedHashMap (listpack, order compared) or HashMap (table); after every step the size, lookups and iteration
 * are compared with the model. A failure names the seed and step.
 */
class HashValueTest
{
    private static final int SEEDS = 20;
    private static final int STEPS = 400;

    @Test
    void shouldMatchInsertionOrderedMapWhenRandomOperationsOnListpack()
    {
        for (int seed = 0; seed < SEEDS; seed++)
        {
            run(seed, new ListpackHash(), new LinkedHashMap<>(), true);
        }
    }

    @Test
    void shouldMatchMapWhenRandomOperationsOnTable()
    {
        for (int seed = 0; seed < SEEDS; seed++)
        {
            run(seed, new TableHash(0), new HashMap<>(), false);
        }
    }

    @Test
    void shouldKeepEntriesInOrderWhenListpackIsConvertedToTable()
    {
        final ListpackHash listpack = new ListpackHash();
        final Map<String, String> model = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++)
        {
            put(listpack, "field" + i, "value" + i * 7);
            model.put("field" + i, "value" + i * 7);
        }
        final TableHash table = TableHash.of(listpack);
        assertEquals(model, contents(table));
        assertEquals(new ArrayList<>(model.keySet()), fields(listpack));
    }

    @Test
    void shouldNotShareStateWhenCopied()
    {
        for (final HashValue original : new HashValue[] {new ListpackHash(), new TableHash(0)})
        {
            put(original, "a", "1");
            put(original, "b", "2");
            final HashValue copy = original.copy();
            put(copy, "a", "9");
            put(copy, "c", "3");
            original.remove(bytes("b"), 0, 1);
            assertEquals(Map.of("a", "1"), contents(original));
            assertEquals(Map.of("a", "9", "b", "2", "c", "3"), contents(copy));
        }
    }

    @Test
    void shouldCostOneByteOfPrefixPerShortStringWhenListpack()
    {
        final ListpackHash hash = new ListpackHash();
        put(hash, "f0", "0123456789ab");
        put(hash, "f1", "0123456789abc");
        // count (1) + per entry: prefix (1) + "fN" (2) + prefix (1) + value
        assertEquals(1 + (1 + 2 + 1 + 12) + (1 + 2 + 1 + 13), hash.dataLength());
    }

    @Test
    void shouldRoundTripVarintsWhenAtWidthBoundaries()
    {
        final byte[] buffer = new byte[10];
        for (final long value : new long[] {0, 1, 127, 128, 16383, 16384, 2097151, 2097152, Integer.MAX_VALUE})
        {
            final int end = Varint.write(buffer, 0, value);
            assertEquals(Varint.size(value), end, "size of " + value);
            assertEquals(end, Varint.size(buffer, 0), "size read of " + value);
            assertEquals(value, Varint.read(buffer, 0));
        }
        assertEquals(1, Varint.size(127));
        assertEquals(2, Varint.size(128));
        assertEquals(3, Varint.size(16384));
    }

    private static void run(final long seed, final HashValue hash, final Map<String, String> model,
        final boolean ordered)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int step = 0; step < STEPS; step++)
        {
            final String where = "seed " + seed + " step " + step;
            final String field = field(random);
            if (random.nextInt(3) == 0)
            {
                assertEquals(model.remove(field) != null, hash.remove(bytes(field), 0, bytes(field).length), where);
            }
            else
            {
                final String value = value(random);
                assertEquals(!model.containsKey(field), put(hash, field, value), where);
                model.put(field, value);
            }
            assertEquals(model.size(), hash.size(), where);
            assertEquals(model, contents(hash), where);
            if (ordered)
            {
                assertEquals(new ArrayList<>(model.keySet()), fields(hash), where);
            }
            final String probe = field(random);
            final int p = hash.find(bytes(probe), 0, bytes(probe).length);
            assertEquals(model.containsKey(probe), p >= 0, where);
            if (p >= 0)
            {
                assertEquals(model.get(probe), value(hash, p), where);
            }
        }
    }

    /** Fields from a pool of 40, some empty, binary or long enough for a two-byte length prefix. */
    private static String field(final SplittableRandom random)
    {
        final int n = random.nextInt(40);
        if (n == 0)
        {
            return "";
        }
        if (n == 1)
        {
            return "\u0000\u00ff";
        }
        return n < 5 ? "long-field-" + "x".repeat(120 + n * 5) : "f" + n;
    }

    private static String value(final SplittableRandom random)
    {
        return switch (random.nextInt(5))
        {
            case 0 -> "";
            case 1 -> "v".repeat(random.nextInt(100, 20000));
            default -> "v" + random.nextInt(1000);
        };
    }

    private static boolean put(final HashValue hash, final String field, final String value)
    {
        final byte[] f = bytes(field);
        final byte[] v = bytes(value);
        // the arguments sit inside larger arrays, as command arguments do
        final byte[] args = new byte[f.length + v.length + 2];
        System.arraycopy(f, 0, args, 1, f.length);
        System.arraycopy(v, 0, args, 1 + f.length + 1, v.length);
        return hash.put(args, 1, f.length, args, 2 + f.length, v.length);
    }

    private static Map<String, String> contents(final HashValue hash)
    {
        final Map<String, String> map = new HashMap<>();
        int count = 0;
        for (int p = hash.first(); p >= 0; p = hash.next(p))
        {
            assertTrue(map.put(field(hash, p), value(hash, p)) == null, "field seen twice");
            count++;
        }
        assertEquals(hash.size(), count);
        return map;
    }

    private static List<String> fields(final HashValue hash)
    {
        final List<String> fields = new ArrayList<>();
        for (int p = hash.first(); p >= 0; p = hash.next(p))
        {
            fields.add(field(hash, p));
        }
        return fields;
    }

    private static String field(final HashValue hash, final int p)
    {
        return new String(hash.fieldBytes(p), hash.fieldOffset(p), hash.fieldLength(p), StandardCharsets.ISO_8859_1);
    }

    private static String value(final HashValue hash, final int p)
    {
        return new String(hash.valueBytes(p), hash.valueOffset(p), hash.valueLength(p), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void shouldReportMissingWhenEmpty()
    {
        for (final HashValue hash : new HashValue[] {new ListpackHash(), new TableHash(0)})
        {
            assertEquals(0, hash.size());
            assertEquals(-1, hash.first());
            assertEquals(-1, hash.find(bytes("a"), 0, 1));
            assertFalse(hash.remove(bytes("a"), 0, 1));
            assertArrayEquals(new String[0], fields(hash).toArray(new String[0]));
        }
        assertEquals("listpack", new ListpackHash().encoding());
        assertEquals("hashtable", new TableHash(0).encoding());
    }
}
