package io.krill.core.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Goal: the three number readers accept and refuse exactly what Redis's {@code string2ll}, {@code memtoull} and
 * {@code strtoll}-with-end-check do. Method: table of texts; the memory quirks ("" and "gb" are 0, overflow
 * saturates at 2^64-1, the unit multiplication wraps) were observed on redis-server 7.0.15 with CONFIG SET
 * maxmemory followed by CONFIG GET maxmemory.
 */
class NumberTextTest
{
    @Test
    void shouldParseStrictIntegersWhenCanonical()
    {
        assertEquals(0, NumberText.parseStrict("0"));
        assertEquals(-5, NumberText.parseStrict("-5"));
        assertEquals(Long.MAX_VALUE, NumberText.parseStrict("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, NumberText.parseStrict("-9223372036854775808"));
    }

    @Test
    void shouldRefuseStrictIntegersWhenNotCanonical()
    {
        for (final String text : new String[] {"", "+5", " 5", "5 ", "05", "-0", "-", "1k", "0x10", "1.5",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999"})
        {
            assertThrows(NumberFormatException.class, () -> NumberText.parseStrict(text), text);
        }
    }

    @Test
    void shouldApplyUnitsWhenMemoryValueHasOne()
    {
        assertEquals(5, NumberText.parseMemory("5B"));
        assertEquals(1000, NumberText.parseMemory("1k"));
        assertEquals(1024, NumberText.parseMemory("1KB"));
        assertEquals(1_000_000, NumberText.parseMemory("1m"));
        assertEquals(1 << 20, NumberText.parseMemory("1mB"));
        assertEquals(1_000_000_000, NumberText.parseMemory("1G"));
        assertEquals(1L << 30, NumberText.parseMemory("1gb"));
        assertEquals(7, NumberText.parseMemory("007"));
    }

    @Test
    void shouldKeepRedisQuirksWhenMemoryValueIsOdd()
    {
        assertEquals(0, NumberText.parseMemory(""));
        assertEquals(0, NumberText.parseMemory("gb"));
        assertEquals(-1L, NumberText.parseMemory("99999999999999999999"));
        assertEquals("18446744073709551615", Long.toUnsignedString(NumberText.parseMemory("18446744073709551615")));
        assertEquals(0, NumberText.parseMemory("17179869184gb"));
    }

    @Test
    void shouldRefuseMemoryValueWhenSignedSpacedOrFractional()
    {
        for (final String text : new String[] {"-1", "+5", " 1gb", "1 gb", "1.5gb", "0x10", "10x", "1tb", "1kbb"})
        {
            assertThrows(NumberFormatException.class, () -> NumberText.parseMemory(text), text);
        }
    }

    @Test
    void shouldReadLenientIntegersAsStrtollWithEndCheck()
    {
        assertEquals(5, NumberText.parseLenient(" 5"));
        assertEquals(5, NumberText.parseLenient("+5"));
        assertEquals(-5, NumberText.parseLenient("-5"));
        assertEquals(0, NumberText.parseLenient(""));
        assertEquals(Long.MAX_VALUE, NumberText.parseLenient("99999999999999999999"));
        for (final String text : new String[] {" ", "5 ", "x", "5x", "-"})
        {
            assertThrows(NumberFormatException.class, () -> NumberText.parseLenient(text), text);
        }
    }
}
