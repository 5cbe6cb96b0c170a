package io.krill.core.command;

import org.agrona.collections.IntHashSet;

import java.util.SplittableRandom;

/**
 * Draws distinct random elements of a collection, for HRANDFIELD, SRANDMEMBER and SPOP with a positive count.
 * <p>
 * Like Redis, two strategies: when the count is a large part of the collection (more than a third), every
 * position is listed and a partial Fisher-Yates shuffle picks the count; otherwise positions are drawn at random
 * and repeats rejected, which needs few draws and no listing of a large collection.
 */
final class RandomPositions
{
    /** Above this share of the collection (count * 3 > size), list and shuffle instead of drawing. */
    private static final int DRAW_SHARE = 3;

    private RandomPositions()
    {
    }

    /** {@code count} distinct positions, {@code 0 < count < walk.size()}, in random order. */
    static int[] distinct(final ElementWalk walk, final int count, final SplittableRandom random)
    {
        final int size = walk.size();
        if ((long)count * DRAW_SHARE > size)
        {
            final int[] all = new int[size];
            int n = 0;
            for (int p = walk.first(); p >= 0; p = walk.next(p))
            {
                all[n++] = p;
            }
            for (int i = 0; i < count; i++)
            {
                final int j = i + random.nextInt(size - i);
                final int swap = all[i];
                all[i] = all[j];
                all[j] = swap;
            }
            return java.util.Arrays.copyOf(all, count);
        }
        final IntHashSet drawn = new IntHashSet(count * 2);
        final int[] picked = new int[count];
        int n = 0;
        while (n < count)
        {
            final int p = walk.random(random);
            if (drawn.add(p))
            {
                picked[n++] = p;
            }
        }
        return picked;
    }
}
