package io.krill.core.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: floating point arguments are read with C strtod's grammar and Redis's checks on top: what ZADD accepts as
 * a score, what ZRANGEBYSCORE accepts as a bound, what BZPOPMIN accepts as a timeout.
 * Method: examples whose outcome was checked against redis-server 7.0.15 (ZADD, ZRANGEBYSCORE, BZPOPMIN; SORT
 * weights with RPUSH l 1 <text>; SORT l, which sort.txt replays against a live redis-server).
 */
class StrtodTest
{
    private final Strtod strtod = new Strtod();

    @Test
    void shouldAcceptScoresAsRedisDoes()
    {
        assertScore("1", 1);
        assertScore("-2.5", -2.5);
        assertScore(".5", 0.5);
        assertScore("5.", 5);
        assertScore("1.0e1", 10);
        assertScore("1E-3", 0.001);
        assertScore("0x10", 16);
        assertScore("0x1p-2", 0.25);
        assertScore("0X.8", 0.5);
        assertScore("inf", Double.POSITIVE_INFINITY);
        assertScore("+inf", Double.POSITIVE_INFINITY);
        assertScore("-Infinity", Double.NEGATIVE_INFINITY);
        assertScore("INF", Double.POSITIVE_INFINITY);
        assertScore("1e-310", 1e-310);
        assertScore("0.1", 0.1);
        assertScore("-0", -0.0);
    }

    @Test
    void shouldRejectScoresAsRedisDoes()
    {
        for (final String text : new String[] {"", " 1", "1 ", "nan", "-nan", "abc", "1abc", "1e400", "-1e400",
            "1e-400", "0x", "1e", "1e+", "+", "-", ".", "inf1", "1\u00002", "infinit"})
        {
            final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            assertFalse(strtod.parseStrict(bytes, 0, bytes.length), "'" + text + "'");
        }
    }

    @Test
    void shouldReadRangeBoundsUpToTheirEnd()
    {
        assertBound("", 0);
        assertBound(" 1", 1);
        assertBound("1e400", Double.POSITIVE_INFINITY);
        assertBound("-inf", Double.NEGATIVE_INFINITY);
        assertBound("1\u0000junk", 1);
        for (final String text : new String[] {"1 ", "a", "nan", "1x", "(1"})
        {
            final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            assertFalse(strtod.parseRangeBound(bytes, 0, bytes.length), "'" + text + "'");
        }
    }

    @Test
    void shouldReadTimeoutsWithLongDoubleRange()
    {
        final byte[] huge = "1e400".getBytes(StandardCharsets.US_ASCII);
        assertTrue(strtod.parseLongDouble(huge, 0, huge.length), "finite in a long double");
        assertEquals(Double.POSITIVE_INFINITY, strtod.value);
        final byte[] tiny = "1e-400".getBytes(StandardCharsets.US_ASCII);
        assertTrue(strtod.parseLongDouble(tiny, 0, tiny.length));
        assertTrue(strtod.value > 0, "stays above zero, so it rounds up to 1 ms");
        final byte[] beyond = "1e5000".getBytes(StandardCharsets.US_ASCII);
        assertFalse(strtod.parseLongDouble(beyond, 0, beyond.length));
    }

    @Test
    void shouldAcceptSortWeightsAsRedisDoes()
    {
        assertWeight(" 1", 1);
        assertWeight("\t\n\u000b\f\r 7", 7);
        assertWeight("+5", 5);
        assertWeight(".5", 0.5);
        assertWeight("5.", 5);
        assertWeight("1E+5", 1e5);
        assertWeight("0x10", 16);
        assertWeight("0X1.8P1", 3);
        assertWeight("0x.8", 0.5);
        assertWeight("-INFINITY", Double.NEGATIVE_INFINITY);
        assertWeight("2.2250738585072014e-308", Double.MIN_NORMAL);
        assertWeight("0e-999", 0);
        assertWeight("0x1p-1074", Double.MIN_VALUE);
        assertWeight("", 0);
        assertWeight("5\u0000garbage", 5);
        assertWeight("\u0000", 0);
    }

    @Test
    void shouldRefuseSortWeightsAsRedisDoes()
    {
        for (final String text : new String[] {"1 ", " ", "abc", "1e", "1e+", "0x", "0x1p", "0x1p+", "1_0", "1,5",
            "nan", "-nan", "NaN(123)", "infx", "infinit", "1e400", "-1e400", "1e-400", "1e-310", "4.9e-324",
            "0x1p-1075", "0x3p-1075", "0x1p1024", "--1", "+-1", "1.2.3", "0x1.8p1x"})
        {
            final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            assertFalse(strtod.parseSortWeight(bytes, 0, bytes.length), "'" + text + "'");
        }
    }

    private void assertWeight(final String text, final double expected)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(strtod.parseSortWeight(bytes, 0, bytes.length), "'" + text + "'");
        assertEquals(expected, strtod.value, "'" + text + "'");
    }

    private void assertScore(final String text, final double expected)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(strtod.parseStrict(bytes, 0, bytes.length), "'" + text + "'");
        assertEquals(expected, strtod.value, "'" + text + "'");
    }

    private void assertBound(final String text, final double expected)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(strtod.parseRangeBound(bytes, 0, bytes.length), "'" + text + "'");
        assertEquals(expected, strtod.value, "'" + text + "'");
    }
}
