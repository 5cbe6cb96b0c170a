package io.krill.core.command;

import java.util.Comparator;

/**
 * A partial quicksort that orders only the elements whose final positions fall in a given range, as Redis sorts
 * the nearest COUNT results of a geo search.
 * <p>
 * BACKGROUND: which of several equally distant points makes the cut depends on how the sort moves equal
 * elements, so an exact reply needs the same algorithm: Bentley and McIlroy's quicksort ("Engineering a Sort
 * Function", 1993) as in the BSD C libraries, with a median of three (a ninther above 40 elements) as pivot, a
 * three-way partition that parks elements equal to the pivot at both ends and swaps them to the middle
 * afterwards, insertion sort below 7 elements, and recursion only into parts that overlap the wanted range.
 */
final class PartialSort
{
    private static final int INSERTION_SORT_BELOW = 7;
    private static final int NINTHER_ABOVE = 40;

    private PartialSort()
    {
    }

    /** Sorts {@code a[0, n)} so that positions {@code from..to} (inclusive) hold what a full sort would put there. */
    static <T> void sort(final T[] a, final int n, final Comparator<T> cmp, final int from, final int to)
    {
        sort(a, 0, n, cmp, from, to);
    }

    private static <T> void sort(final T[] a, final int start, final int count, final Comparator<T> cmp,
        final int from, final int to)
    {
        int base = start;
        int n = count;
        while (true)
        {
            if (n < INSERTION_SORT_BELOW)
            {
                for (int m = base + 1; m < base + n; m++)
                {
                    for (int l = m; l > base && cmp.compare(a[l - 1], a[l]) > 0; l--)
                    {
                        swap(a, l, l - 1);
                    }
                }
                return;
            }
            int middle = base + n / 2;
            if (n > INSERTION_SORT_BELOW)
            {
                int low = base;
                int high = base + n - 1;
                if (n > NINTHER_ABOVE)
                {
                    final int d = n / 8;
                    low = median(a, low, low + d, low + 2 * d, cmp);
                    middle = median(a, middle - d, middle, middle + d, cmp);
                    high = median(a, high - 2 * d, high - d, high, cmp);
                }
                middle = median(a, low, middle, high, cmp);
            }
            swap(a, base, middle);
            int pa = base + 1;
            int pb = pa;
            int pc = base + n - 1;
            int pd = pc;
            while (true)
            {
                int result;
                while (pb <= pc && (result = cmp.compare(a[pb], a[base])) <= 0)
                {
                    if (result == 0)
                    {
                        swap(a, pa, pb);
                        pa++;
                    }
                    pb++;
                }
                while (pb <= pc && (result = cmp.compare(a[pc], a[base])) >= 0)
                {
                    if (result == 0)
                    {
                        swap(a, pc, pd);
                        pd--;
                    }
                    pc--;
                }
                if (pb > pc)
                {
                    break;
                }
                swap(a, pb, pc);
                pb++;
                pc--;
            }
            final int end = base + n;
            int r = Math.min(pa - base, pb - pa);
            swapRanges(a, base, pb - r, r);
            r = Math.min(pd - pc, end - pd - 1);
            swapRanges(a, pb, end - r, r);
            r = pb - pa;
            if (r > 1 && overlaps(base, r, from, to))
            {
                sort(a, base, r, cmp, from, to);
            }
            r = pd - pc;
            if (r <= 1)
            {
                return;
            }
            base = end - r;
            n = r;
            if (!overlaps(base, n, from, to))
            {
                return;
            }
        }
    }

    /** True unless the range lies wholly before or wholly after {@code [start, start + length)}. */
    private static boolean overlaps(final int start, final int length, final int from, final int to)
    {
        return !((from < start && to < start) || (from >= start + length && to >= start + length));
    }

    private static <T> int median(final T[] a, final int i, final int j, final int k, final Comparator<T> cmp)
    {
        return cmp.compare(a[i], a[j]) < 0 ?
            (cmp.compare(a[j], a[k]) < 0 ? j : (cmp.compare(a[i], a[k]) < 0 ? k : i)) :
            (cmp.compare(a[j], a[k]) > 0 ? j : (cmp.compare(a[i], a[k]) < 0 ? i : k));
    }

    private static <T> void swap(final T[] a, final int i, final int j)
    {
        final T t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static <T> void swapRanges(final T[] a, final int i, final int j, final int n)
    {
        for (int k = 0; k < n; k++)
        {
            swap(a, i + k, j + k);
        }
    }
}
