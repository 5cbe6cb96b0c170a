package io.krill.core.command;

import io.krill.core.resp.CommandException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Goal: blocking timeouts parse as Redis 7.0.15 parses them.
 * <p>
 * Method: each input below was sent to a real redis-server as {@code BLPOP k <timeout>} on an empty key; what it
 * did (an error, an immediate null for a millisecond or so, or waiting past a second, i.e. forever or long) is
 * what the parser must give: the error text, a timeout of a few milliseconds, or 0 / a long timeout.
 */
class BlockingTimeoutTest
{
    @Test
    void shouldReadSecondsRoundedUpToMillisecondsWhenPlainDecimal()
    {
        assertEquals(0, ms("0"));
        assertEquals(1000, ms("1"));
        assertEquals(1000, ms("1."));
        assertEquals(1000, ms("+1"));
        assertEquals(100, ms("0.1"));
        assertEquals(1, ms(".001"));
        assertEquals(1, ms("0.0005"));
        assertEquals(1, ms("0.0000001"));
        assertEquals(1500, ms("1.5"));
        assertEquals(2, ms("0.0015"));
    }

    @Test
    void shouldAcceptWhatStrtoldAcceptsWhenNotPlainDecimal()
    {
        assertEquals(16_000, ms("0x10"));
        assertEquals(1, ms("0x1p-20"));
        assertEquals(1, ms("1e-5"));
        assertEquals(1, ms("1e-400"));
        assertEquals(1, ms("1e-310"));
        assertEquals(1_000_000_000_000_000_000L, ms("1e15"));
        assertEquals(Long.MAX_VALUE, ms("9223372036854775.807"));
        assertEquals(1, ms("0.00000000000000000000000000001"));
    }

    @Test
    void shouldWaitForeverWhenNegativeRoundsUpToZero()
    {
        assertEquals(0, ms("-0"));
        assertEquals(0, ms("-0.0009"));
        assertEquals(0, ms("-1e-310"));
        // long double quirk: 0.001 is stored just below 1/1000
        assertEquals(0, ms("-0.001"));
        assertEquals(0, ms("-1e-3"));
    }

    @Test
    void shouldRefuseAsNegativeWhenBelowZeroOrBeyondLongRange()
    {
        for (final String text : new String[] {"-1", "-0.0011", "inf", "-inf", "infinity", "1e400",
            "9223372036854775807", "9223372036854776", "1e16"})
        {
            assertEquals("ERR timeout is negative", error(text), text);
        }
    }

    @Test
    void shouldRefuseAsNotAFloatWhenStrtoldWouldNot()
    {
        for (final String text : new String[] {"abc", "nan", "", " 1", "1 ", " 0.001", "0.001x", "1e", "1e5000",
            "1e-5000", "0x", "1f", "1d", "+", "."})
        {
            assertEquals("ERR timeout is not a float or out of range", error(text), text);
        }
    }

    @Test
    void shouldWaitForeverWhenDeadlineOverflows()
    {
        final byte[] text = "9223372036854775.807".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, BlockingTimeout.deadlineMs(text, 0, text.length, 1_700_000_000_000L));
        final byte[] second = "1".getBytes(StandardCharsets.US_ASCII);
        assertEquals(1_700_000_001_000L, BlockingTimeout.deadlineMs(second, 0, 1, 1_700_000_000_000L));
    }

    private static long ms(final String text)
    {
        final byte[] bytes = ("x" + text).getBytes(StandardCharsets.ISO_8859_1);
        return BlockingTimeout.timeoutMs(bytes, 1, bytes.length - 1);
    }

    private static String error(final String text)
    {
        return assertThrows(CommandException.class, () -> ms(text)).getMessage();
    }
}
