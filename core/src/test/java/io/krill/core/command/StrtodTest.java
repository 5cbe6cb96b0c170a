package io.krill.core.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: SORT's reading of weights matches glibc's strtod plus Redis's acceptance rule (whole string, no ERANGE,
 * not NaN). The accepted and refused texts below were each checked on Redis 7.0.15 with RPUSH l 1 <text>; SORT l
 * (sort.txt replays the same texts against a live redis-server).
 * Method: table of texts; accepted ones compared with the value Java parses from the same number.
 */
class StrtodTest
{
    @Test
    void shouldAcceptWhatStrtodConsumesWhollyWhenNumberIsInRange()
    {
        assertParses(" 1", 1);
        assertParses("\t\n\u000b\f\r 7", 7);
        assertParses("+5", 5);
        assertParses("-5", -5);
        assertParses(".5", 0.5);
        assertParses("5.", 5);
        assertParses("1e5", 1e5);
        assertParses("1E+5", 1e5);
        assertParses("-1.5e-3", -1.5e-3);
        assertParses("0x10", 16);
        assertParses("0x1p3", 8);
        assertParses("0X1.8P1", 3);
        assertParses("0x.8", 0.5);
        assertParses("inf", Double.POSITIVE_INFINITY);
        assertParses("-INFINITY", Double.NEGATIVE_INFINITY);
        assertParses("2.2250738585072014e-308", Double.MIN_NORMAL);
        assertParses("0e-999", 0);
        assertParses("0x1p-1074", Double.MIN_VALUE);
        assertParses("", 0);
        assertParses("5\u0000garbage", 5);
        assertParses("\u0000", 0);
    }

    @Test
    void shouldRefuseWhenTextRemainsOrRangeErrorsOrNotANumber()
    {
        for (final String text : new String[] {"1 ", " ", "abc", "1e", "1e+", "0x", "0x1p", "0x1p+", "1_0", "1,5",
            "nan", "-nan", "NaN(123)", "infx", "infinit", "1e400", "-1e400", "1e-400", "1e-310", "4.9e-324",
            "0x1p-1075", "0x3p-1075", "0x1p1024", "--1", "+-1", "1.2.3", "0x1.8p1x"})
        {
            assertTrue(Double.isNaN(parse(text)), "should refuse [" + text + "]");
        }
    }

    private static void assertParses(final String text, final double expected)
    {
        assertEquals(expected, parse(text), "text [" + text + "]");
    }

    private static double parse(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return Strtod.parseWhole(bytes, 0, bytes.length);
    }
}
