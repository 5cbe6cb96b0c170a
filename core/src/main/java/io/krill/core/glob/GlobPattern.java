package io.krill.core.glob;

/**
 * Glob matching as Redis's KEYS, SCAN MATCH and CONFIG GET do it: {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a]}, {@code [a-z]} and {@code \} escapes, on bytes.
 * <p>
 * TEMPORARY stand-in so the key commands compile before the config work lands; that version replaces this
 * file on merge and keeps this signature.
 */
public final class GlobPattern
{
    private GlobPattern()
    {
    }

    public static boolean matches(final byte[] pattern, final int pOff, final int pLen, final byte[] s,
        final int sOff, final int sLen, final boolean nocase)
    {
        int p = pOff;
        final int pEnd = pOff + pLen;
        int i = sOff;
        final int sEnd = sOff + sLen;
        while (p < pEnd)
        {
            final byte c = pattern[p];
            if (c == '*')
            {
                while (p + 1 < pEnd && pattern[p + 1] == '*')
                {
                    p++;
                }
                if (p + 1 == pEnd)
                {
                    return true;
                }
                for (int start = i; start <= sEnd; start++)
                {
                    if (matches(pattern, p + 1, pEnd - p - 1, s, start, sEnd - start, nocase))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (i == sEnd)
            {
                return false;
            }
            if (c == '?')
            {
                p++;
            }
            else if (c == '[')
            {
                p = matchClass(pattern, p + 1, pEnd, s[i], nocase);
                if (p < 0)
                {
                    return false;
                }
            }
            else
            {
                final byte literal = c == '\\' && p + 1 < pEnd ? pattern[++p] : c;
                if (!same(literal, s[i], nocase))
                {
                    return false;
                }
                p++;
            }
            i++;
        }
        return i == sEnd;
    }

    /** Matches {@code c} against the class starting after '['; returns the index after the class, or -1. */
    private static int matchClass(final byte[] pattern, final int start, final int pEnd, final byte c,
        final boolean nocase)
    {
        int p = start;
        final boolean negate = p < pEnd && pattern[p] == '^';
        if (negate)
        {
            p++;
        }
        boolean match = false;
        while (p < pEnd && pattern[p] != ']')
        {
            if (pattern[p] == '\\' && p + 1 < pEnd)
            {
                match |= same(pattern[p + 1], c, nocase);
                p += 2;
            }
            else if (p + 2 < pEnd && pattern[p + 1] == '-')
            {
                int from = lower(pattern[p], nocase);
                int to = lower(pattern[p + 2], nocase);
                if (from > to)
                {
                    final int swap = from;
                    from = to;
                    to = swap;
                }
                final int v = lower(c, nocase);
                match |= v >= from && v <= to;
                p += 3;
            }
            else
            {
                match |= same(pattern[p], c, nocase);
                p++;
            }
        }
        if (negate == match)
        {
            return -1;
        }
        return p < pEnd ? p + 1 : p;
    }

    private static boolean same(final byte a, final byte b, final boolean nocase)
    {
        return a == b || (nocase && lower(a, true) == lower(b, true));
    }

    private static int lower(final byte b, final boolean nocase)
    {
        final int v = b & 0xFF;
        return nocase && v >= 'A' && v <= 'Z' ? v + 32 : v;
    }
}
