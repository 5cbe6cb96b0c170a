package io.krill.core.glob;

import java.nio.charset.StandardCharsets;

/**
 * Redis glob matching (KEYS, SCAN MATCH, CONFIG GET, PSUBSCRIBE), with Redis 7.0's exact rules.
 * <p>
 * Tokens: {@code *} any run of bytes, {@code ?} one byte, {@code [abc]} / {@code [^abc]} / {@code [a-z]} one byte
 * from a set, {@code \x} the byte {@code x} literally. Quirks kept on purpose, because clients see them: an
 * unterminated {@code [} set ends at the end of the pattern; a reversed range {@code [z-a]} is swapped; ranges
 * compare bytes as signed (as C {@code char} does on x86), so {@code [a-\xff]} behaves as Redis does; inside a set
 * an escaped byte is compared case-sensitively even when {@code nocase}; and an empty subject matches only an empty
 * pattern ({@code "*"} does not match {@code ""} here; KEYS and SCAN special-case a lone {@code *} before calling
 * the matcher, see {@link #isMatchAll}).
 * <p>
 * BEHAVIOR: every token but {@code *} consumes exactly one byte, so the classic iterative matcher that backtracks
 * to the last {@code *} is exact, allocation-free, needs no recursion and runs in O(pattern x subject) at worst.
 * Redis recurses per {@code *} and prunes with a flag for the same bound; a pattern of many stars cannot blow up
 * either implementation.
 * <p>
 * Case folding ({@code nocase}) folds ASCII letters only, as C's {@code tolower} does in the C locale.
 * Thread safe: static and stateless.
 */
public final class GlobPattern
{
    private GlobPattern()
    {
    }

    /**
     * Whether {@code subject[sOff, sOff + sLen)} matches {@code pattern[pOff, pOff + pLen)}.
     *
     * @param nocase fold ASCII case (CONFIG GET uses it; KEYS and SCAN do not).
     */
    public static boolean matches(
        final byte[] pattern,
        final int pOff,
        final int pLen,
        final byte[] subject,
        final int sOff,
        final int sLen,
        final boolean nocase)
    {
        final int pEnd = pOff + pLen;
        final int sEnd = sOff + sLen;
        if (sLen == 0)
        {
            // Redis's matcher never enters its loop for an empty subject, so only an empty pattern matches.
            return pLen == 0;
        }
        int p = pOff;
        int s = sOff;
        int starP = -1;
        int starS = -1;
        while (s < sEnd)
        {
            if (p < pEnd && pattern[p] == '*')
            {
                while (p < pEnd && pattern[p] == '*')
                {
                    p++;
                }
                if (p == pEnd)
                {
                    return true;
                }
                starP = p;
                starS = s;
                continue;
            }
            final int next = p < pEnd ? matchToken(pattern, p, pEnd, subject[s], nocase) : -1;
            if (next >= 0)
            {
                p = next;
                s++;
            }
            else if (starP >= 0)
            {
                // Let the last star swallow one more byte and retry the rest of the pattern from there.
                p = starP;
                s = ++starS;
            }
            else
            {
                return false;
            }
        }
        while (p < pEnd && pattern[p] == '*')
        {
            p++;
        }
        return p == pEnd;
    }

    /** Convenience over UTF-8 encodings of both strings; allocates, so not for per-key loops. */
    public static boolean matches(final String pattern, final String subject, final boolean nocase)
    {
        final byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
        final byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        return matches(p, 0, p.length, s, 0, s.length, nocase);
    }

    /** True for the pattern {@code *} alone, which KEYS and SCAN treat as "no filter" (it then matches "" too). */
    public static boolean isMatchAll(final byte[] pattern, final int pOff, final int pLen)
    {
        return pLen == 1 && pattern[pOff] == '*';
    }

    /** True if the pattern has any of {@code * ? [}: CONFIG GET looks such names up exactly instead of matching. */
    public static boolean hasWildcard(final String pattern)
    {
        for (int i = 0; i < pattern.length(); i++)
        {
            final char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[')
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Matches the single-byte token starting at {@code p} (not a star) against byte {@code c}.
     *
     * @return the index just past the token, or -1 if it does not match.
     */
    private static int matchToken(final byte[] pattern, final int p, final int pEnd, final byte c, final boolean nocase)
    {
        final byte t = pattern[p];
        if (t == '?')
        {
            return p + 1;
        }
        if (t == '[')
        {
            return matchSet(pattern, p + 1, pEnd, c, nocase);
        }
        int at = p;
        if (t == '\\' && pEnd - p >= 2)
        {
            at = p + 1;
        }
        return same(pattern[at], c, nocase) ? at + 1 : -1;
    }

    /** Matches a {@code [...]} set whose body starts at {@code p}; returns the index past {@code ]} or -1. */
    private static int matchSet(
        final byte[] pattern,
        final int start,
        final int pEnd,
        final byte c,
        final boolean nocase)
    {
        int p = start;
        final boolean negate = p < pEnd && pattern[p] == '^';
        if (negate)
        {
            p++;
        }
        boolean match = false;
        while (true)
        {
            final int left = pEnd - p;
            if (left >= 2 && pattern[p] == '\\')
            {
                p++;
                if (pattern[p] == c)
                {
                    match = true;
                }
            }
            else if (left > 0 && pattern[p] == ']')
            {
                break;
            }
            else if (left <= 0)
            {
                // Unterminated set: it simply ends with the pattern.
                p = pEnd - 1;
                break;
            }
            else if (left >= 3 && pattern[p + 1] == '-')
            {
                match |= inRange(pattern[p], pattern[p + 2], c, nocase);
                p += 2;
            }
            else if (same(pattern[p], c, nocase))
            {
                match = true;
            }
            p++;
        }
        return match != negate ? p + 1 : -1;
    }

    private static boolean inRange(final byte from, final byte to, final byte c, final boolean nocase)
    {
        int start = from;
        int end = to;
        if (start > end)
        {
            final int swap = start;
            start = end;
            end = swap;
        }
        int x = c;
        if (nocase)
        {
            start = lower(start);
            end = lower(end);
            x = lower(x);
        }
        return x >= start && x <= end;
    }

    private static boolean same(final byte a, final byte b, final boolean nocase)
    {
        return a == b || (nocase && lower(a) == lower(b));
    }

    private static int lower(final int c)
    {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
