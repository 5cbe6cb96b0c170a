package io.krill.core.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/*
 * Goal: integer replies and length headers are written exactly as Long.toString writes the number, for every
 * digit count and sign, including the boundaries the table-driven digit writer and length estimate depend on.
 * Method: encode each value as an integer reply and as a bulk-decimal reply, compare with Long.toString; values
 * are powers of ten and their neighbours, the long range's ends, and a seeded random sample over all magnitudes.
 */
class RespEncoderTest
{
    @Test
    void shouldWriteIntegersAsLongToStringDoesWhenAtDigitCountBoundaries()
    {
        long power = 1;
        for (int digits = 1; digits <= 19; digits++)
        {
            for (long delta = -1; delta <= 1; delta++)
            {
                check(power + delta);
                check(-(power + delta));
            }
            power *= 10;
        }
        check(Long.MAX_VALUE);
        check(Long.MIN_VALUE);
        check(Long.MIN_VALUE + 1);
        check(0);
    }

    @Test
    void shouldWriteIntegersAsLongToStringDoesWhenRandom()
    {
        final SplittableRandom random = new SplittableRandom(20240601L);
        for (int i = 0; i < 100_000; i++)
        {
            // a random magnitude, so short numbers are as common as long ones
            check(random.nextLong() >> random.nextInt(64));
        }
    }

    private static void check(final long value)
    {
        final RespEncoder out = new RespEncoder();
        out.integer(value);
        final String text = Long.toString(value);
        assertEquals(":" + text + "\r\n", new String(out.copyOut(), StandardCharsets.US_ASCII));
        assertEquals(text.length(), RespEncoder.decimalLength(value), text);
        out.truncate(0);
        out.bulkDecimal(value);
        assertEquals("$" + text.length() + "\r\n" + text + "\r\n", new String(out.copyOut(), StandardCharsets.US_ASCII));
    }
}
