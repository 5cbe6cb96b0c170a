package io.krill.core.command;

import org.agrona.collections.IntArrayList;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the table behind hashtable sets and hashes is a correct set under churn, its scan cursor keeps Redis's
 * SCAN guarantee across resizes, the set builder follows Redis's encoding rules step by step, and random draws are
 * distinct and valid.
 * Method: seeded random adds and removes mirrored on a java.util.HashSet; scans interleaved with enough inserts
 * and deletes to grow and shrink the table between calls, checking every member present throughout was returned;
 * builders fed integer and string members around the intset limit; draws checked for distinctness and membership.
 */
class SetValuesTest
{
    @Test
    void shouldMatchHashSetWhenRandomAddsAndRemoves()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final TableSet table = new TableSet(0);
            final Set<String> model = new HashSet<>();
            for (int step = 0; step < 2000; step++)
            {
                final String member = "m" + random.nextInt(300);
                final byte[] bytes = bytes(member);
                if (random.nextInt(5) < 3)
                {
                    assertEquals(model.add(member), table.add(bytes, 0, bytes.length), "seed " + seed);
                }
                else
                {
                    assertEquals(model.remove(member), table.remove(bytes, 0, bytes.length), "seed " + seed);
                }
                assertEquals(model.size(), table.size());
            }
            assertEquals(model, members(table));
            for (int i = 0; i < 300; i++)
            {
                final byte[] bytes = bytes("m" + i);
                assertEquals(model.contains("m" + i), table.find(bytes, 0, bytes.length) >= 0);
            }
        }
    }

    @Test
    void shouldReturnEveryLastingMemberWhenTableResizesBetweenScanCalls()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final TableSet table = new TableSet(0);
            final Set<String> lasting = new HashSet<>();
            for (int i = 0; i < 200; i++)
            {
                lasting.add("keep" + i);
                table.add(bytes("keep" + i), 0, bytes("keep" + i).length);
            }
            final List<String> churn = new ArrayList<>();
            final Set<String> returned = new HashSet<>();
            final IntArrayList positions = new IntArrayList();
            long cursor = 0;
            int calls = 0;
            do
            {
                positions.clear();
                cursor = table.scan(cursor, 1 + random.nextInt(20), positions);
                for (int i = 0; i < positions.size(); i++)
                {
                    returned.add(new String(table.keyAt(positions.getInt(i)), StandardCharsets.ISO_8859_1));
                }
                // grow the table several times over, or empty the churn so that it shrinks again
                if (random.nextBoolean())
                {
                    for (int i = 0; i < random.nextInt(400); i++)
                    {
                        final String member = "churn" + seed + "-" + calls + "-" + i;
                        churn.add(member);
                        table.add(bytes(member), 0, bytes(member).length);
                    }
                }
                else
                {
                    for (final String member : churn)
                    {
                        table.remove(bytes(member), 0, bytes(member).length);
                    }
                    churn.clear();
                }
                calls++;
            }
            while (cursor != 0 && calls < 100_000);
            assertEquals(0, cursor, "seed " + seed + ": the scan ends");
            for (final String member : lasting)
            {
                assertTrue(returned.contains(member), "seed " + seed + ": " + member + " missed");
            }
        }
    }

    @Test
    void shouldVisitEachMemberOnceWhenTableIsUnchanged()
    {
        final TableSet table = new TableSet(0);
        for (int i = 0; i < 1000; i++)
        {
            table.add(bytes("x" + i), 0, bytes("x" + i).length);
        }
        final IntArrayList positions = new IntArrayList();
        long cursor = 0;
        do
        {
            cursor = table.scan(cursor, 10, positions);
        }
        while (cursor != 0);
        final Set<Integer> distinct = new HashSet<>(positions);
        assertEquals(1000, distinct.size());
        assertTrue(positions.size() - 1000 <= 16, "duplicates only from a run wrapping past the table's end");
    }

    @Test
    void shouldStayIntsetWhenIntegersWithinLimit()
    {
        final SetBuilder builder = new SetBuilder(4);
        for (final String member : new String[] {"3", "-1", "3", "9223372036854775807"})
        {
            builder.add(bytes(member), 0, member.length());
        }
        final Object set = builder.build();
        assertInstanceOf(long[].class, set);
        assertEquals(List.of(-1L, 3L, Long.MAX_VALUE), List.of(Intset.get(set, 0), Intset.get(set, 1),
            Intset.get(set, 2)));
    }

    @Test
    void shouldBecomeTableForGoodWhenStringOrTooManyIntegers()
    {
        final SetBuilder strings = new SetBuilder(10);
        strings.add(bytes("1"), 0, 1);
        strings.add(bytes("007"), 0, 3);
        assertInstanceOf(TableSet.class, strings.build());

        final SetBuilder grown = new SetBuilder(3);
        for (int i = 0; i < 5; i++)
        {
            grown.add(bytes(Integer.toString(i)), 0, 1);
        }
        for (int i = 0; i < 4; i++)
        {
            assertTrue(grown.remove(bytes(Integer.toString(i)), 0, 1));
        }
        assertFalse(grown.remove(bytes("x"), 0, 1));
        assertEquals(1, grown.size());
        final Object set = grown.build();
        assertInstanceOf(TableSet.class, set, "Redis never turns a table back into an intset");
        assertEquals(Set.of("4"), members((TableSet)set));
    }

    @Test
    void shouldDrawDistinctValidPositionsWhenEitherStrategy()
    {
        final TableSet table = new TableSet(0);
        for (int i = 0; i < 100; i++)
        {
            table.add(bytes("m" + i), 0, bytes("m" + i).length);
        }
        final SetView view = new SetView().wrap(table);
        final SplittableRandom random = new SplittableRandom(7);
        for (final int count : new int[] {1, 5, 33, 34, 60, 99})
        {
            final int[] picked = RandomPositions.distinct(view, count, random);
            assertEquals(count, picked.length);
            final Set<Integer> distinct = new HashSet<>();
            for (final int p : picked)
            {
                assertTrue(table.keyAt(p) != null, "an occupied bucket");
                assertTrue(distinct.add(p), "distinct");
            }
        }
    }

    @Test
    void shouldDrawEveryMemberWhenManyRandomPicks()
    {
        final Object intset = Intset.addAll(Intset.EMPTY, new long[] {10, 20, 30, 40}, 4);
        final SetView view = new SetView().wrap(intset);
        final SplittableRandom random = new SplittableRandom(3);
        final Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++)
        {
            seen.add(view.intAt(view.random(random)));
        }
        assertEquals(Set.of(10L, 20L, 30L, 40L), seen);
    }

    private static Set<String> members(final TableSet table)
    {
        final Set<String> members = new HashSet<>();
        for (int p = table.first(); p >= 0; p = table.nextOccupied(p + 1))
        {
            assertTrue(members.add(new String(table.keyAt(p), StandardCharsets.ISO_8859_1)));
        }
        assertEquals(table.size(), members.size());
        return members;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
