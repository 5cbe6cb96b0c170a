package io.krill.core.glob;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import io.krill.core.config.RealRedis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: {@link GlobPattern} matches exactly what Redis 7.0's {@code stringmatchlen} matches, quirks included, and
 * stays fast on patterns that make naive backtracking exponential. Method: hand-picked cases for each rule; then
 * a differential run against a real redis-server (skipped when absent): store random keys, ask {@code KEYS} for
 * random patterns over an alphabet rich in glob syntax, and compare with our matcher over the same keys.
 */
class GlobPatternTest
{
    @TempDir
    Path tmp;

    private static boolean match(final String pattern, final String subject)
    {
        return GlobPattern.matches(pattern, subject, false);
    }

    @Test
    void shouldMatchStarsAndQuestionMarksWhenUsedAlone()
    {
        assertTrue(match("*", "abc"));
        assertTrue(match("a*", "a"));
        assertTrue(match("a*c", "abbbc"));
        assertTrue(match("*a*b*", "xxaxxbxx"));
        assertFalse(match("a*d", "abc"));
        assertTrue(match("h?llo", "hallo"));
        assertFalse(match("h?llo", "hllo"));
        assertTrue(match("***", "x"));
    }

    @Test
    void shouldMatchOnlyEmptyPatternWhenSubjectIsEmpty()
    {
        assertTrue(match("", ""));
        assertFalse(match("*", ""));
        assertFalse(match("**", ""));
        assertFalse(match("", "a"));
        assertTrue(GlobPattern.isMatchAll("*".getBytes(StandardCharsets.US_ASCII), 0, 1));
        assertFalse(GlobPattern.isMatchAll("**".getBytes(StandardCharsets.US_ASCII), 0, 2));
    }

    @Test
    void shouldMatchSetsWithRedisRulesWhenBracketed()
    {
        assertTrue(match("h[ae]llo", "hello"));
        assertFalse(match("h[ae]llo", "hillo"));
        assertTrue(match("h[^e]llo", "hallo"));
        assertFalse(match("h[^e]llo", "hello"));
        assertTrue(match("h[a-b]llo", "hbllo"));
        assertTrue(match("h[b-a]llo", "hallo"), "a reversed range is swapped");
        assertTrue(match("[\\]]", "]"));
        assertTrue(match("[\\-]", "-"));
        assertFalse(match("a[", "ab"), "an unterminated set ends with the pattern");
        assertTrue(match("a[b", "ab"), "an unterminated set ends with the pattern");
        assertTrue(match("[a-]", "]"), "a-] is a range up to ']' in Redis");
    }

    @Test
    void shouldTreatEscapedCharactersLiterallyWhenBackslashed()
    {
        assertTrue(match("\\*", "*"));
        assertFalse(match("\\*", "a"));
        assertTrue(match("a\\", "a\\"), "a trailing backslash is itself");
        assertTrue(match("\\?x", "?x"));
    }

    @Test
    void shouldFoldAsciiCaseWhenNocase()
    {
        assertTrue(GlobPattern.matches("MAX*", "maxmemory", true));
        assertTrue(GlobPattern.matches("[A-C]z", "bz", true));
        assertTrue(GlobPattern.matches("[a-c]z", "Bz", true));
        assertFalse(GlobPattern.matches("MAX*", "maxmemory", false));
        assertFalse(GlobPattern.matches("[\\A]", "a", true), "an escaped byte in a set compares exactly");
    }

    @Test
    void shouldCompareBytesAsSignedWhenRangeSpansHighBytes()
    {
        final byte[] pattern = {'[', 'a', '-', (byte)0xff, ']'};
        final byte[] high = {(byte)0xc3};
        final byte[] low = {'0'};
        // C's signed char makes 0xff = -1, so the range is -1..'a' and holds '0' but not 0xc3 (-61).
        assertTrue(GlobPattern.matches(pattern, 0, pattern.length, low, 0, 1, false));
        assertFalse(GlobPattern.matches(pattern, 0, pattern.length, high, 0, 1, false));
    }

    @Test
    void shouldMatchSlicesWhenOffsetsAreGiven()
    {
        final byte[] pattern = "xxa*cxx".getBytes(StandardCharsets.US_ASCII);
        final byte[] subject = "--abc--".getBytes(StandardCharsets.US_ASCII);
        assertTrue(GlobPattern.matches(pattern, 2, 3, subject, 2, 3, false));
        assertFalse(GlobPattern.matches(pattern, 2, 3, subject, 2, 4, false));
    }

    @Test
    void shouldStayLinearishWhenPatternIsPathological()
    {
        final String subject = "a".repeat(10_000);
        final String pattern = "a*".repeat(50) + "b";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFalse(match(pattern, subject)));
    }

    @Test
    void shouldMatchSameKeysAsRedisWhenKeysCommandRuns() throws Exception
    {
        RealRedis.assumeInstalled();
        final Random random = new Random(42);
        final String keyAlphabet = "abcAB-][\\*?^x";
        final Set<String> keys = new TreeSet<>();
        while (keys.size() < 300)
        {
            keys.add(randomText(random, keyAlphabet, 1 + random.nextInt(7)));
        }
        keys.add("");
        final String patternAlphabet = "abcAB*?[]^-\\x";
        try (RealRedis redis = RealRedis.start(tmp, "--save", ""))
        {
            for (final String key : keys)
            {
                redis.callBytes("SET", key.getBytes(StandardCharsets.UTF_8), new byte[] {'1'});
            }
            final List<String> patterns = new ArrayList<>(List.of("**", "", "[", "[^", "\\", "a\\", "[a-", "[]]",
                "[\\]", "*[*", "?*", "*?*?*?", "[a-]*", "[]-a]*"));
            for (int i = 0; i < 1500; i++)
            {
                patterns.add(randomText(random, patternAlphabet, 1 + random.nextInt(6)));
            }
            for (final String pattern : patterns)
            {
                if (pattern.equals("*"))
                {
                    continue;
                }
                final Set<String> expected = new HashSet<>(redis.callList("KEYS", pattern));
                final Set<String> actual = new HashSet<>();
                for (final String key : keys)
                {
                    if (match(pattern, key))
                    {
                        actual.add(key);
                    }
                }
                assertEquals(new TreeSet<>(expected), new TreeSet<>(actual), "KEYS " + pattern);
            }
        }
    }

    private static String randomText(final Random random, final String alphabet, final int length)
    {
        final StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
