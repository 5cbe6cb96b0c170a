package io.krill.core.config;

import java.util.Locale;

/**
 * The three ways Redis reads a number in its configuration, which accept different texts:
 * <ul>
 * <li>{@link #parseStrict}: Redis's {@code string2ll}, used for plain integer options. Optional {@code -}, no
 * {@code +}, no spaces, no leading zeros, no overflow.</li>
 * <li>{@link #parseMemory}: Redis's {@code memtoull}, used for memory options. Digits then an optional unit
 * ({@code b k kb m mb g gb}, any case; {@code k} is 1000 and {@code kb} 1024). No sign. Quirks kept: an empty
 * number counts as 0 ({@code ""} and {@code "gb"} are 0), an overflowing number saturates at 2^64-1 and the unit
 * multiplication wraps, all as unsigned 64-bit.</li>
 * <li>{@link #parseLenient}: C's {@code strtoll} with an end check, used by {@code save} and the output buffer
 * limits. Leading whitespace and a sign are allowed; an empty text is 0.</li>
 * </ul>
 */
final class NumberText
{
    private static final int MEMORY_DIGITS_MAX = 127;

    private NumberText()
    {
    }

    /** Parses as {@code string2ll}; throws {@link NumberFormatException} if Redis would refuse the text. */
    static long parseStrict(final String text)
    {
        final int length = text.length();
        if (length == 0 || length > 20)
        {
            throw new NumberFormatException(text);
        }
        if (length == 1 && text.charAt(0) == '0')
        {
            return 0;
        }
        int i = 0;
        final boolean negative = text.charAt(0) == '-';
        if (negative)
        {
            i++;
        }
        if (i == length || text.charAt(i) < '1' || text.charAt(i) > '9')
        {
            throw new NumberFormatException(text);
        }
        long value = 0;
        for (; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                throw new NumberFormatException(text);
            }
            // Accumulate negatively so that Long.MIN_VALUE parses.
            if (value < (Long.MIN_VALUE + (c - '0')) / 10)
            {
                throw new NumberFormatException(text);
            }
            value = value * 10 - (c - '0');
        }
        if (negative)
        {
            return value;
        }
        if (value == Long.MIN_VALUE)
        {
            throw new NumberFormatException(text);
        }
        return -value;
    }

    /**
     * Parses as {@code memtoull}; throws {@link NumberFormatException} if Redis would refuse the text.
     *
     * @return the value as unsigned 64-bit bits.
     */
    static long parseMemory(final String text)
    {
        final int length = text.length();
        if (length > 0 && text.charAt(0) == '-')
        {
            throw new NumberFormatException(text);
        }
        int digitsEnd = 0;
        while (digitsEnd < length && text.charAt(digitsEnd) >= '0' && text.charAt(digitsEnd) <= '9')
        {
            digitsEnd++;
        }
        final long unit = unitBytes(text.substring(digitsEnd));
        if (unit == 0 || digitsEnd > MEMORY_DIGITS_MAX)
        {
            throw new NumberFormatException(text);
        }
        long value = 0;
        for (int i = 0; i < digitsEnd; i++)
        {
            final int digit = text.charAt(i) - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, 10)) > 0)
            {
                value = -1L;
                break;
            }
            value = value * 10 + digit;
        }
        return value * unit;
    }

    private static long unitBytes(final String unit)
    {
        switch (unit.toLowerCase(Locale.ROOT))
        {
            case "":
            case "b":
                return 1;
            case "k":
                return 1000L;
            case "kb":
                return 1024L;
            case "m":
                return 1000L * 1000;
            case "mb":
                return 1024L * 1024;
            case "g":
                return 1000L * 1000 * 1000;
            case "gb":
                return 1024L * 1024 * 1024;
            default:
                return 0;
        }
    }

    /** Parses as {@code strtoll} followed by an end-of-text check; throws {@link NumberFormatException} if not. */
    static long parseLenient(final String text)
    {
        final int length = text.length();
        int i = 0;
        while (i < length && isSpace(text.charAt(i)))
        {
            i++;
        }
        boolean negative = false;
        if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-'))
        {
            negative = text.charAt(i) == '-';
            i++;
        }
        final int digitsStart = i;
        long value = 0;
        boolean saturated = false;
        while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9')
        {
            final int digit = text.charAt(i) - '0';
            if (!saturated)
            {
                if (value > (Long.MAX_VALUE - digit) / 10)
                {
                    saturated = true;
                }
                else
                {
                    value = value * 10 + digit;
                }
            }
            i++;
        }
        if (i == digitsStart)
        {
            // strtoll consumed nothing: the end pointer is the start, which is the end only for an empty text.
            if (length == 0)
            {
                return 0;
            }
            throw new NumberFormatException(text);
        }
        if (i != length)
        {
            throw new NumberFormatException(text);
        }
        if (saturated)
        {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -value : value;
    }

    /** C's {@code isspace} in the C locale. */
    static boolean isSpace(final char c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
