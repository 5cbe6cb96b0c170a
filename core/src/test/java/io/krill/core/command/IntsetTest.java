package io.krill.core.command;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: an intset array is a sorted set of longs in the narrowest array type that has held its members, whatever
 * mix of adds, bulk adds and removes reaches it, with the edge values of each width.
 * Method: seeded random operations mirrored on a TreeSet<Long>, values drawn from ranges that cross the short,
 * int and long widths; after every step the contents, order, lookups and the array type are checked.
 */
class IntsetTest
{
    private static final long[] EDGES = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, Short.MAX_VALUE + 1L,
        Short.MIN_VALUE - 1L, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L,
        Long.MAX_VALUE, Long.MIN_VALUE};

    @Test
    void shouldMatchSortedSetWhenRandomOperations()
    {
        for (int seed = 0; seed < 30; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            Object set = Intset.EMPTY;
            final TreeSet<Long> model = new TreeSet<>();
            int widest = Short.BYTES;
            for (int step = 0; step < 300; step++)
            {
                final String where = "seed " + seed + " step " + step;
                switch (random.nextInt(4))
                {
                    case 0 ->
                    {
                        final long value = draw(random);
                        final Object after = Intset.add(set, value);
                        assertEquals(model.add(value), after != set, where);
                        set = after;
                    }
                    case 1 ->
                    {
                        final long value = random.nextBoolean() && !model.isEmpty() ?
                            new ArrayList<>(model).get(random.nextInt(model.size())) : draw(random);
                        final Object after = Intset.remove(set, value);
                        assertEquals(model.remove(value), after != set, where);
                        set = after;
                    }
                    case 2 ->
                    {
                        final long[] values = new long[random.nextInt(1, 8)];
                        for (int i = 0; i < values.length; i++)
                        {
                            values[i] = draw(random);
                            model.add(values[i]);
                        }
                        set = Intset.addAll(set, values, values.length);
                    }
                    default ->
                    {
                        if (!model.isEmpty())
                        {
                            final int index = random.nextInt(model.size());
                            model.remove(Intset.get(set, index));
                            set = Intset.removeAt(set, index);
                        }
                    }
                }
                widest = Math.max(widest, Intset.width(set));
                assertEquals(widest, Intset.width(set), where + ": an intset is never narrowed");
                assertEquals(new ArrayList<>(model), members(set), where);
                final long probe = draw(random);
                assertEquals(model.contains(probe), Intset.contains(set, probe), where + " probe " + probe);
            }
        }
    }

    @Test
    void shouldPickNarrowestWidthWhenValuesAdded()
    {
        assertInstanceOf(short[].class, Intset.add(Intset.EMPTY, Short.MIN_VALUE));
        assertInstanceOf(int[].class, Intset.add(Intset.EMPTY, Short.MAX_VALUE + 1L));
        assertInstanceOf(int[].class, Intset.add(Intset.EMPTY, Integer.MIN_VALUE));
        assertInstanceOf(long[].class, Intset.add(Intset.EMPTY, Integer.MIN_VALUE - 1L));
        final Object widened = Intset.add(Intset.add(Intset.EMPTY, 5), Long.MAX_VALUE);
        assertEquals(List.of(5L, Long.MAX_VALUE), members(widened));
        assertInstanceOf(long[].class, widened);
    }

    @Test
    void shouldReturnSameArrayWhenNothingChanges()
    {
        final Object set = Intset.addAll(Intset.EMPTY, new long[] {3, 1, 2, 3}, 4);
        assertEquals(List.of(1L, 2L, 3L), members(set));
        assertSame(set, Intset.add(set, 2));
        assertSame(set, Intset.remove(set, 70000));
        assertSame(set, Intset.addAll(set, new long[] {1, 3}, 2));
        assertTrue(Intset.indexOf(set, Long.MAX_VALUE) < 0);
        assertTrue(Intset.indexOf(set, Long.MIN_VALUE) < 0);
    }

    private static long draw(final SplittableRandom random)
    {
        return switch (random.nextInt(5))
        {
            case 0 -> EDGES[random.nextInt(EDGES.length)];
            case 1 -> random.nextLong(-100_000, 100_000);
            case 2 -> random.nextLong();
            default -> random.nextInt(-50, 50);
        };
    }

    private static List<Long> members(final Object set)
    {
        final List<Long> members = new ArrayList<>();
        for (int i = 0; i < Intset.size(set); i++)
        {
            members.add(Intset.get(set, i));
        }
        return members;
    }
}
