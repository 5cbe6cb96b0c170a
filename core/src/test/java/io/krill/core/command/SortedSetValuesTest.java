package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: both sorted set forms (the packed array and the skip list with its member table) keep members in Redis's
 * order (score, then unsigned bytes) and answer every query the commands make exactly as a plain model does:
 * score, rank, counts below a score, lex range edges, walks up and down from any rank, rank range removal, deep
 * copies; ZSCAN on the skip list returns every member present for a whole iteration exactly once, even when the
 * table grows and shrinks between steps.
 * Method: seeded random operations (seed printed in failure messages) applied to each form and to a TreeSet/HashMap
 * model, compared after every step; scores drawn from a small set with duplicates, negatives, fractions and
 * infinities so ties are common.
 */
class SortedSetValuesTest
{
    private static final double[] SCORES = {0, 1, -1, 2.5, 2.5, 1e300, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 0.1, -3, 42, 7, 7, 1L << 53, 1e-5};
    private static final String[] MEMBERS = {"a", "b", "c", "aa", "ab", "", "\u00ff", "\u0000", "zz", "m1", "m2",
        "m10", "long-member-name-0123456789", "B", "é"};

    /** Model entry: ordered as Redis orders members. */
    private record Entry(double score, byte[] member) implements Comparable<Entry>
    {
        @Override
        public int compareTo(final Entry other)
        {
            return SortedSet.compare(score, member, 0, member.length, other.score, other.member, 0,
                other.member.length);
        }
    }

    private static final class Model
    {
        final TreeSet<Entry> ordered = new TreeSet<>();
        final Map<String, Double> scores = new HashMap<>();

        List<Entry> list()
        {
            return new ArrayList<>(ordered);
        }
    }

    @Test
    void shouldMatchModelWhenPackedSetIsChangedAtRandom()
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            runRandom(seed, new PackedSortedSet(), 200);
        }
    }

    @Test
    void shouldMatchModelWhenSkipListIsChangedAtRandom()
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            runRandom(seed, new SkipListSortedSet(0), 400);
        }
    }

    @Test
    void shouldKeepOrderAndRanksWhenSkipListHoldsThousandsOfMembers()
    {
        final SplittableRandom random = new SplittableRandom(99);
        final SkipListSortedSet set = new SkipListSortedSet(0);
        final Model model = new Model();
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] member = ("member:" + random.nextInt(30_000)).getBytes(StandardCharsets.UTF_8);
            final double score = random.nextInt(500);
            apply(set, model, member, score);
        }
        final List<Entry> expected = model.list();
        assertEquals(expected.size(), set.size());
        for (int i = 0; i < 200; i++)
        {
            final int rank = random.nextInt(expected.size());
            final Entry entry = expected.get(rank);
            assertEquals(rank, set.rank(entry.member, 0, entry.member.length));
            final SortedSet.Cursor cursor = new SortedSet.Cursor();
            set.open(cursor, rank, false);
            assertTrue(cursor.next());
            assertArrayEquals(entry.member, member(cursor));
        }
        assertEquals(countBelow(expected, 250, false), set.countBelow(250, false));
        assertEquals(countBelow(expected, 250, true), set.countBelow(250, true));
    }

    @Test
    void shouldReturnEachMemberOnceWhenScanningSkipListAcrossResizes()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 8; round++)
        {
            final SkipListSortedSet set = new SkipListSortedSet(0);
            final Set<String> stable = new HashSet<>();
            for (int i = 0; i < 300; i++)
            {
                final String name = "stable" + i;
                stable.add(name);
                insert(set, name, i);
            }
            final Map<String, Integer> seen = new HashMap<>();
            long cursor = 0;
            int churn = 0;
            do
            {
                cursor = set.scan(cursor, 1 + random.nextInt(20), (member, offset, length, score) ->
                    seen.merge(new String(member, offset, length, StandardCharsets.UTF_8), 1, Integer::sum));
                // between steps, grow the table well past its size, or shrink it back
                if (random.nextBoolean())
                {
                    for (int i = 0; i < 120; i++)
                    {
                        insert(set, "churn" + churn++, random.nextInt(100));
                    }
                }
                else
                {
                    for (int i = Math.max(0, churn - 120); i < churn; i++)
                    {
                        final byte[] member = ("churn" + i).getBytes(StandardCharsets.UTF_8);
                        set.remove(member, 0, member.length);
                    }
                }
            }
            while (cursor != 0);
            for (final String name : stable)
            {
                assertEquals(Integer.valueOf(1), seen.get(name), "round " + round + ": " + name);
            }
            for (final Map.Entry<String, Integer> entry : seen.entrySet())
            {
                assertEquals(1, entry.getValue(), "visited twice: " + entry.getKey());
            }
        }
    }

    @Test
    void shouldStoreNegativeZeroAsZeroOnlyInPackedForm()
    {
        final byte[] member = "m".getBytes(StandardCharsets.UTF_8);
        final PackedSortedSet packed = new PackedSortedSet();
        packed.insert(member, 0, 1, -0.0);
        assertEquals(0, Double.compare(0.0, packed.score(member, 0, 1)), "a listpack stores -0 as 0");
        final SkipListSortedSet list = new SkipListSortedSet(0);
        list.insert(member, 0, 1, -0.0);
        assertEquals(0, Double.compare(-0.0, list.score(member, 0, 1)), "a skip list keeps the sign");
    }

    @Test
    void shouldRoundTripEveryScoreKindInPackedForm()
    {
        final double[] scores = {0, 1, -1, 63, 64, -64, 1L << 40, -(1L << 40), 4611686018427387903d,
            4611686018427387904d, 5e18, 0.1, -2.5, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        final PackedSortedSet set = new PackedSortedSet();
        for (int i = 0; i < scores.length; i++)
        {
            final byte[] member = ("m" + i).getBytes(StandardCharsets.UTF_8);
            set.insert(member, 0, member.length, scores[i]);
        }
        for (int i = 0; i < scores.length; i++)
        {
            final byte[] member = ("m" + i).getBytes(StandardCharsets.UTF_8);
            assertEquals(scores[i], set.score(member, 0, member.length), "score " + scores[i]);
        }
    }

    @Test
    void shouldFindLexRangeEdgesWhenAllScoresAreEqual()
    {
        final String[] members = {"a", "b", "c", "d", "e"};
        final SortedSet[] sets = {new PackedSortedSet(), new SkipListSortedSet(0)};
        for (final SortedSet set : sets)
        {
            for (final String member : members)
            {
                insert(set, member, 0);
            }
            final LexRange range = new LexRange().parse(CommandArgs.of("[b", "(d"), 0, 1);
            assertEquals(1, set.firstInLexRange(range), set.encoding());
            assertEquals(2, set.lastInLexRange(range), set.encoding());
            assertEquals(2, set.lexCount(range), set.encoding());
            final LexRange everything = new LexRange().parse(CommandArgs.of("-", "+"), 0, 1);
            assertEquals(5, set.lexCount(everything), set.encoding());
            final LexRange empty = new LexRange().parse(CommandArgs.of("(c", "(c"), 0, 1);
            assertEquals(-1, set.firstInLexRange(empty), set.encoding());
            assertEquals(0, set.lexCount(empty), set.encoding());
        }
    }

    @Test
    void shouldCopyDeeplyWhenCopied()
    {
        final SortedSet[] sets = {new PackedSortedSet(), new SkipListSortedSet(0)};
        for (final SortedSet set : sets)
        {
            insert(set, "a", 1);
            final SortedSet copy = set.copy();
            insert(copy, "b", 2);
            assertEquals(1, set.size(), set.encoding());
            assertEquals(2, copy.size(), set.encoding());
            assertEquals(set.encoding(), copy.encoding());
        }
    }

    private static void runRandom(final long seed, final SortedSet set, final int steps)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Model model = new Model();
        final SortedSet.Cursor cursor = new SortedSet.Cursor();
        for (int step = 0; step < steps; step++)
        {
            final String where = set.encoding() + " seed " + seed + " step " + step;
            final byte[] member = MEMBERS[random.nextInt(MEMBERS.length)].getBytes(StandardCharsets.UTF_8);
            final int op = random.nextInt(10);
            if (op < 5)
            {
                apply(set, model, member, SCORES[random.nextInt(SCORES.length)]);
            }
            else if (op < 7)
            {
                final boolean removed = set.remove(member, 0, member.length);
                final Double old = model.scores.remove(new String(member, StandardCharsets.UTF_8));
                assertEquals(old != null, removed, where);
                if (old != null)
                {
                    model.ordered.remove(new Entry(old, member));
                }
            }
            else if (op == 7 && model.ordered.size() > 0)
            {
                final int size = model.ordered.size();
                final int start = random.nextInt(size);
                final int end = start + random.nextInt(Math.min(3, size - start) + 1);
                set.removeRanks(start, end);
                final List<Entry> list = model.list();
                for (int i = start; i < end; i++)
                {
                    model.ordered.remove(list.get(i));
                    model.scores.remove(new String(list.get(i).member, StandardCharsets.UTF_8));
                }
            }
            check(set, model, random, cursor, where);
        }
    }

    private static void apply(final SortedSet set, final Model model, final byte[] member, final double score)
    {
        final String key = new String(member, StandardCharsets.UTF_8);
        final Double old = model.scores.get(key);
        // the packed form stores -0 as 0, like a listpack
        final double stored = set instanceof PackedSortedSet && score == 0 ? 0.0 : score;
        if (old == null)
        {
            set.insert(member, 0, member.length, score);
        }
        else
        {
            set.rescore(member, 0, member.length, score);
            model.ordered.remove(new Entry(old, member));
        }
        model.scores.put(key, stored);
        model.ordered.add(new Entry(stored, member));
    }

    private static void check(final SortedSet set, final Model model, final SplittableRandom random,
        final SortedSet.Cursor cursor, final String where)
    {
        final List<Entry> expected = model.list();
        assertEquals(expected.size(), set.size(), where);
        for (int i = 0; i < expected.size(); i++)
        {
            final Entry entry = expected.get(i);
            assertEquals(entry.score, set.score(entry.member, 0, entry.member.length), where);
            assertEquals(i, set.rank(entry.member, 0, entry.member.length), where);
        }
        assertTrue(Double.isNaN(set.score(new byte[] {'?'}, 0, 1)), where);
        assertEquals(-1, set.rank(new byte[] {'?'}, 0, 1), where);
        final double bound = SCORES[random.nextInt(SCORES.length)];
        assertEquals(countBelow(expected, bound, false), set.countBelow(bound, false), where);
        assertEquals(countBelow(expected, bound, true), set.countBelow(bound, true), where);
        if (!expected.isEmpty())
        {
            final int start = random.nextInt(expected.size());
            final boolean reverse = random.nextBoolean();
            set.open(cursor, start, reverse);
            int i = start;
            while (cursor.next())
            {
                assertArrayEquals(expected.get(i).member, member(cursor), where);
                assertEquals(expected.get(i).score, cursor.score, where);
                i += reverse ? -1 : 1;
            }
            assertEquals(reverse ? -1 : expected.size(), i, where);
        }
        int max = 0;
        for (final Entry entry : expected)
        {
            max = Math.max(max, entry.member.length);
        }
        assertEquals(max, set.maxMemberLength(), where);
        final List<String> scanned = new ArrayList<>();
        long next = 0;
        do
        {
            next = set.scan(next, 3, (m, offset, length, score) ->
                scanned.add(new String(m, offset, length, StandardCharsets.UTF_8)));
        }
        while (next != 0);
        assertEquals(new TreeSet<>(model.scores.keySet()), new TreeSet<>(scanned), where);
        assertFalse(scanned.size() > expected.size(), where);
    }

    private static long countBelow(final List<Entry> entries, final double bound, final boolean inclusive)
    {
        return entries.stream().filter(e -> inclusive ? e.score <= bound : e.score < bound).count();
    }

    private static byte[] member(final SortedSet.Cursor cursor)
    {
        return Arrays.copyOfRange(cursor.member, cursor.memberOffset, cursor.memberOffset + cursor.memberLength);
    }

    private static void insert(final SortedSet set, final String member, final double score)
    {
        final byte[] bytes = member.getBytes(StandardCharsets.UTF_8);
        set.insert(bytes, 0, bytes.length, score);
    }
}
