package io.krill.core.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: PackedList behaves exactly like a list of byte strings, whatever its node layout.
 * <p>
 * Method: seeded random sequences of every operation (pushes, with and without room reserved first, and pops at
 * both ends, replace, insert, remove equal elements from either end, trim, copy, cursor walks) run against a
 * PackedList and a java.util.ArrayList model; after each step the whole list is read forward and backward and
 * compared with the model, and the node structure is checked (no empty node, counts add up, links agree). Small
 * node limits (2 entries, 4 kB) force node splits and walks across nodes; element sizes cross the 1-, 2- and
 * 3-byte varint lengths. The seed is in the failure message.
 */
class PackedListTest
{
    private static final String[] WORDS = {"", "a", "b", "a", "0", "-1", "hello", "\u0000\u00ff", "127", "-129",
        "007", "-0", "+1", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1234567"};

    @ParameterizedTest
    @ValueSource(ints = {-2, -1, 1, 2, 5, 128})
    void shouldMatchArrayListModelWhenRunningRandomOperations(final int fill)
    {
        final long seed = new SplittableRandom().nextLong();
        for (int round = 0; round < 20; round++)
        {
            runRandom(seed + round, fill, 400);
        }
    }

    @Test
    void shouldKeepEntriesWhoseLengthNeedsSeveralVarintBytes()
    {
        final PackedList list = new PackedList(-2);
        final byte[] small = bytes(127);
        final byte[] medium = bytes(128);
        final byte[] large = bytes(20_000);
        list.pushTail(small, 0, small.length);
        list.pushHead(medium, 0, medium.length);
        list.pushTail(large, 0, large.length);
        list.pushHead(large, 0, large.length);
        assertEquals(List.of(large.length, medium.length, small.length, large.length), lengths(list, true));
        assertEquals(List.of(large.length, small.length, medium.length, large.length), lengths(list, false));
        final PackedList.Cursor cursor = new PackedList.Cursor();
        cursor.seek(list, 2);
        assertArrayEquals(small, Arrays.copyOfRange(cursor.buffer(), cursor.offset(), cursor.offset() + 127));
    }

    @Test
    void shouldGiveBackIntegerTextExactlyWhenPackedAsInteger()
    {
        final String[] texts = {"0", "-1", "127", "128", "-128", "-129", "32767", "32768", "1234567",
            "9223372036854775807", "-9223372036854775808", "007", "-0", "+1", "1e3", " 1", "1 ", "9223372036854775808",
            "-9223372036854775809", "00", "-"};
        final PackedList list = new PackedList(-2);
        for (final String text : texts)
        {
            final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            list.pushTail(bytes, 0, bytes.length);
        }
        assertEquals(Arrays.asList(texts), strings(list, true));
        final List<String> reversed = new ArrayList<>(Arrays.asList(texts));
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, strings(list, false));
        final byte[] probe = "-128".getBytes(StandardCharsets.US_ASCII);
        assertEquals(1, list.removeEqual(probe, 0, probe.length, 0, false));
        final byte[] text = "-0".getBytes(StandardCharsets.US_ASCII);
        assertEquals(1, list.removeEqual(text, 0, text.length, 0, true));
    }

    @Test
    void shouldPackIntegersInFewerBytesThanTheirText()
    {
        final PackedList list = new PackedList(-2);
        final byte[] element = "1234567".getBytes(StandardCharsets.US_ASCII);
        list.reserve(false, 100_000L * 5);
        for (int i = 0; i < 100_000; i++)
        {
            list.pushTail(element, 0, element.length);
        }
        // 3 bytes of integer and a 1-byte header at each end, against 9 bytes as text
        assertTrue(list.capacityBytes() < 100_000L * 5 * 5 / 4, "capacity " + list.capacityBytes());
    }

    @Test
    void shouldNotAllocateWhenUsedAsQueueWithinOneNode()
    {
        final PackedList list = new PackedList(-2);
        final byte[] element = "job-payload-0123456789".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 64; i++)
        {
            list.pushTail(element, 0, element.length);
        }
        for (int i = 0; i < 1_000; i++)
        {
            // settling: the node grows until sliding its entries back leaves enough room
            list.pushTail(element, 0, element.length);
            list.removeHead(1);
        }
        final byte[] before = list.headNode().data;
        for (int i = 0; i < 100_000; i++)
        {
            list.pushTail(element, 0, element.length);
            list.removeHead(1);
        }
        assertEquals(64, list.size());
        assertEquals(1, list.nodeCount());
        // the node slid its entries back instead of growing: same array as before
        assertTrue(before == list.headNode().data, "queue use reallocated the node");
    }

    @Test
    void shouldPackSmallElementsWithTwoBytesOfOverhead()
    {
        final PackedList list = new PackedList(-2);
        final byte[] element = "0123456789".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 100_000; i++)
        {
            list.pushTail(element, 0, element.length);
        }
        final long dataBytes = 100_000L * (element.length + 2);
        // node arrays may carry growth room, but never more than a quarter of the data
        assertTrue(list.capacityBytes() <= dataBytes * 5 / 4, "capacity " + list.capacityBytes());
        assertTrue(list.nodeCount() >= dataBytes / 8192, "nodes " + list.nodeCount());
    }

    @Test
    void shouldCopyDeeply()
    {
        final PackedList list = new PackedList(2);
        for (final String word : WORDS)
        {
            final byte[] bytes = word.getBytes(StandardCharsets.ISO_8859_1);
            list.pushTail(bytes, 0, bytes.length);
        }
        final PackedList copy = list.copy();
        final byte[] changed = "changed".getBytes(StandardCharsets.US_ASCII);
        list.set(0, changed, 0, changed.length, new PackedList.Cursor());
        list.removeTail(3);
        assertEquals(WORDS.length, copy.size());
        assertEquals(Arrays.asList(WORDS), strings(copy, true));
    }

    private static void runRandom(final long seed, final int fill, final int steps)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final PackedList list = new PackedList(fill);
        final List<byte[]> model = new ArrayList<>();
        final PackedList.Cursor cursor = new PackedList.Cursor();
        String op = "start";
        try
        {
            for (int step = 0; step < steps; step++)
            {
                op = step(random, list, model, cursor);
                check(list, model);
            }
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError("seed=" + seed + " fill=" + fill + " after " + op + ": " + ex, ex);
        }
    }

    private static String step(final SplittableRandom random, final PackedList list, final List<byte[]> model,
        final PackedList.Cursor cursor)
    {
        final int size = model.size();
        switch (random.nextInt(10))
        {
            case 0, 1 ->
            {
                final byte[] value = element(random);
                if (random.nextInt(4) == 0)
                {
                    list.reserve(true, PackedList.entryBytes(value, 0, value.length) * (long)random.nextInt(1, 4));
                }
                list.pushHead(value, 0, value.length);
                model.add(0, value);
                return "pushHead";
            }
            case 2, 3 ->
            {
                final byte[] value = element(random);
                if (random.nextInt(4) == 0)
                {
                    list.reserve(false, PackedList.entryBytes(value, 0, value.length) * (long)random.nextInt(1, 4));
                }
                list.pushTail(value, 0, value.length);
                model.add(value);
                return "pushTail";
            }
            case 4 ->
            {
                final int count = random.nextInt(4);
                list.removeHead(count);
                model.subList(0, Math.min(count, size)).clear();
                return "removeHead " + count;
            }
            case 5 ->
            {
                final int count = random.nextInt(4);
                list.removeTail(count);
                model.subList(size - Math.min(count, size), size).clear();
                return "removeTail " + count;
            }
            case 6 ->
            {
                if (size == 0)
                {
                    return "noop";
                }
                final int index = random.nextInt(size);
                final byte[] value = element(random);
                list.set(index, value, 0, value.length, cursor);
                model.set(index, value);
                return "set " + index;
            }
            case 7 ->
            {
                if (size == 0)
                {
                    return "noop";
                }
                final int index = random.nextInt(size);
                final boolean after = random.nextBoolean();
                final byte[] value = element(random);
                cursor.seek(list, index);
                list.insert(cursor, after, value, 0, value.length);
                model.add(after ? index + 1 : index, value);
                return "insert " + index + (after ? " after" : " before");
            }
            case 8 ->
            {
                final byte[] value = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.ISO_8859_1);
                final long limit = random.nextInt(3);
                final boolean fromTail = random.nextBoolean();
                final long removed = list.removeEqual(value, 0, value.length, limit, fromTail);
                assertEquals(removeEqual(model, value, limit, fromTail), removed);
                return "removeEqual limit " + limit + (fromTail ? " from tail" : "");
            }
            default ->
            {
                if (size == 0 || random.nextInt(4) != 0)
                {
                    return "noop";
                }
                final int start = random.nextInt(size);
                final int end = start + random.nextInt(size - start);
                list.trim(start, end);
                final List<byte[]> kept = new ArrayList<>(model.subList(start, end + 1));
                model.clear();
                model.addAll(kept);
                return "trim " + start + " " + end;
            }
        }
    }

    private static long removeEqual(final List<byte[]> model, final byte[] value, final long limit,
        final boolean fromTail)
    {
        long removed = 0;
        for (int k = 0; k < model.size() && (limit == 0 || removed < limit); )
        {
            final int i = fromTail ? model.size() - 1 - k : k;
            if (Arrays.equals(model.get(i), value))
            {
                model.remove(i);
                removed++;
            }
            else
            {
                k++;
            }
        }
        return removed;
    }

    private static void check(final PackedList list, final List<byte[]> model)
    {
        assertEquals(model.size(), list.size());
        long counted = 0;
        PackedList.Node previous = null;
        for (PackedList.Node node = list.headNode(); node != null; node = node.next)
        {
            assertTrue(node.count > 0, "empty node");
            assertTrue(node.prev == previous, "broken prev link");
            int position = node.start;
            for (int i = 0; i < node.count; i++)
            {
                position = PackedList.nextEntry(node.data, position);
            }
            assertEquals(node.end, position, "node bounds do not match its entries");
            counted += node.count;
            previous = node;
        }
        assertEquals(model.size(), counted);
        if (model.isEmpty())
        {
            assertNull(list.headNode());
            return;
        }
        final PackedList copy = list.copy();
        final PackedList.Cursor cursor = new PackedList.Cursor();
        cursor.first(list);
        for (int i = 0; i < model.size(); i++)
        {
            assertTrue(cursor.matches(model.get(i), 0, model.get(i).length), "forward element " + i);
            assertEquals(i < model.size() - 1, cursor.next());
        }
        cursor.last(copy);
        for (int i = model.size() - 1; i >= 0; i--)
        {
            assertTrue(cursor.matches(model.get(i), 0, model.get(i).length), "backward element " + i);
            assertEquals(i > 0, cursor.previous());
        }
        final int probe = model.size() / 3;
        cursor.seek(list, probe);
        assertTrue(cursor.matches(model.get(probe), 0, model.get(probe).length), "seek " + probe);
    }

    private static byte[] element(final SplittableRandom random)
    {
        final int kind = random.nextInt(20);
        if (kind < 12)
        {
            return WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.ISO_8859_1);
        }
        if (kind < 18)
        {
            return bytes(random.nextInt(100, 300));
        }
        return bytes(random.nextInt(3000, 20_000));
    }

    private static byte[] bytes(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + length);
        }
        return bytes;
    }

    private static List<Integer> lengths(final PackedList list, final boolean forward)
    {
        final List<Integer> lengths = new ArrayList<>();
        final PackedList.Cursor cursor = new PackedList.Cursor();
        if (forward)
        {
            cursor.first(list);
        }
        else
        {
            cursor.last(list);
        }
        do
        {
            lengths.add(cursor.length());
        }
        while (cursor.move(forward));
        return lengths;
    }

    private static List<String> strings(final PackedList list, final boolean forward)
    {
        final List<String> strings = new ArrayList<>();
        final PackedList.Cursor cursor = new PackedList.Cursor();
        assertNotNull(list.headNode());
        if (forward)
        {
            cursor.first(list);
        }
        else
        {
            cursor.last(list);
        }
        do
        {
            strings.add(new String(cursor.buffer(), cursor.offset(), cursor.length(), StandardCharsets.ISO_8859_1));
        }
        while (cursor.move(forward));
        assertFalse(strings.isEmpty());
        return strings;
    }
}
