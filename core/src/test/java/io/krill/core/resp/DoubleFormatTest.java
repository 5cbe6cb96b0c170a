package io.krill.core.resp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/*
 * Goal: doubles print as C's "%.17g" as Redis 7.0 sends them.
 * Method: values whose C output is known (computed with printf("%.17g")) checked one by one.
 */
class DoubleFormatTest
{
    @Test
    void shouldFormatLikeCPercent17g()
    {
        assertEquals("0.10000000000000001", DoubleFormat.format(0.1));
        assertEquals("1.5", DoubleFormat.format(1.5));
        assertEquals("3", DoubleFormat.format(3.0));
        assertEquals("-0", DoubleFormat.format(-0.0));
        assertEquals("inf", DoubleFormat.format(Double.POSITIVE_INFINITY));
        assertEquals("-inf", DoubleFormat.format(Double.NEGATIVE_INFINITY));
        assertEquals("1e+17", DoubleFormat.format(1e17));
        assertEquals("1.0000000000000001e-05", DoubleFormat.format(1e-5));
        assertEquals("0.0001", DoubleFormat.format(1e-4));
        assertEquals("12345678901234568", DoubleFormat.formatG17(12345678901234567d));
        assertEquals("3.1415926535897931", DoubleFormat.format(Math.PI));
        assertEquals("1.7976931348623157e+308", DoubleFormat.format(Double.MAX_VALUE));
        assertEquals("4.9406564584124654e-324", DoubleFormat.format(Double.MIN_VALUE));
    }
}
