package io.krill.core.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Goal: the x87 long double emulation behind INCRBYFLOAT rounds and prints at its edges exactly as Redis 7.0.15
 * on x86-64 does: 64-bit significand rounding, subnormals, overflow and underflow limits, ties when printing.
 * Method: known answers; each expected text is what {@code INCRBYFLOAT fresh-key <input>} replied on
 * redis-server 7.0.15 (x86-64, glibc), and null stands for "ERR value is not a valid float".
 */
class LongDoubleTest
{
    @Test
    void shouldRoundTiesToEvenWhenPrintingSeventeenDecimals()
    {
        assertEquals("0.00000381469726562", human("0.000003814697265625"));
        assertEquals("0.00001144409179688", human("0.000011444091796875"));
        assertEquals("0.00000000000000002", human("2.5e-17"));
        assertEquals("0.00000000000000004", human("3.5e-17"));
    }

    @Test
    void shouldRoundToSixtyFourBitSignificandWhenParsing()
    {
        assertEquals("18446744073709551616", human("18446744073709551617"));
        assertEquals("36893488147419103232", human("36893488147419103233"));
        assertEquals("1", human("1.00000000000000000006"));
        assertEquals("123456789012345678899921813504", human("123456789012345678901234567890"));
    }

    @Test
    void shouldKeepSubnormalsAndRefuseUnderflowToZero()
    {
        assertEquals("0", human("0x1p-16445"));
        assertEquals("0", human("1.83e-4951"));
        assertNull(parse("1.8e-4951"));
        assertNull(parse("0x1p-16446"));
        assertEquals("0", human("0e99999999999"));
    }

    @Test
    void shouldRefuseOverflowWhenPastLargestLongDouble()
    {
        assertEquals(4933, human("1.18e4932").length());
        assertNull(parse("1.19e4932"));
        assertNull(parse("0x1.FFFFFFFFFFFFFFFF7p16383"));
        assertNull(parse("1e99999999999"));
        assertNull(parse("1.18e4932").plus(parse("1.18e4932")));
    }

    @Test
    void shouldTreatInfinityAsValidButNeverFiniteWhenAdding()
    {
        assertSame(LongDouble.INFINITY, parse("-Infinity"));
        assertNull(parse("1").plus(parse("inf")));
        assertNull(parse("nan"));
    }

    @Test
    void shouldAddExactlyThenRoundWhenSumming()
    {
        assertEquals("0.3", parse("0.1").plus(parse("0.2")).toHumanString());
        assertEquals("100000000000012345680", parse("1e20").plus(parse("12345678.9")).toHumanString());
        assertEquals("0", parse("1.5").plus(parse("-1.5")).toHumanString());
        assertEquals("1.5", parse("1.5").plus(parse("1e-30")).toHumanString());
    }

    private static LongDouble parse(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return LongDouble.parse(bytes, 0, bytes.length);
    }

    private static String human(final String text)
    {
        return parse(text).toHumanString();
    }
}
