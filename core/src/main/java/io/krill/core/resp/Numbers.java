package io.krill.core.resp;

/**
 * Parsing of decimal integers from bytes with Redis's {@code string2ll} rules, allocation free.
 */
public final class Numbers
{
    /** Returned for invalid input; {@link Long#MIN_VALUE} itself is told apart by {@link #isLongMinValue}. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final byte[] LONG_MIN = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Numbers()
    {
    }

    /**
     * Parses {@code [-]digits} with no leading zeros, no '+', no spaces, at most 20 characters and no overflow.
     * Returns {@link #INVALID} when the text is not such a number.
     */
    public static long parseLong(final byte[] buffer, final int offset, final int length)
    {
        if (length == 0 || length > 20)
        {
            return INVALID;
        }
        int i = offset;
        final int end = offset + length;
        final boolean negative = buffer[i] == '-';
        if (negative)
        {
            i++;
            if (i == end)
            {
                return INVALID;
            }
        }
        if (buffer[i] == '0')
        {
            return length == 1 ? 0 : INVALID;
        }
        long value = 0;
        for (; i < end; i++)
        {
            final int digit = buffer[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return INVALID;
            }
            if (value > (Long.MAX_VALUE - digit) / 10)
            {
                return INVALID;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    public static boolean isLongMinValue(final byte[] buffer, final int offset, final int length)
    {
        return java.util.Arrays.equals(buffer, offset, offset + length, LONG_MIN, 0, LONG_MIN.length);
    }

    /** Decimal digits of {@code value}, including a minus sign. */
    public static int decimalLength(final long value)
    {
        return RespEncoder.decimalLength(value);
    }
}
