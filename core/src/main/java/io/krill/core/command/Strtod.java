package io.krill.core.command;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} (glibc, "C" locale) applied to a whole string, as Redis's SORT reads a weight: the text is
 * taken up to its first NUL byte (a C string), and it counts as a number only if strtod consumes all of it, does
 * not report ERANGE, and does not give NaN.
 * <p>
 * So it accepts leading white space, a sign, decimal digits with an optional point and exponent, hexadecimal
 * ({@code 0x1.8p3}, exponent optional), {@code inf}/{@code infinity} in any case; the empty string is 0 (strtod
 * converts nothing and stops at the terminator). It refuses trailing characters, overflow to infinity, and
 * underflow: a result that is 0 or subnormal but inexact (glibc's rule for ERANGE on underflow).
 */
final class Strtod
{
    private Strtod()
    {
    }

    /** The value of the whole C string in {@code bytes[offset, offset + length)}, or NaN if SORT refuses it. */
    static double parseWhole(final byte[] bytes, final int offset, final int length)
    {
        int end = offset;
        final int limit = offset + length;
        while (end < limit && bytes[end] != 0)
        {
            end++;
        }
        if (end == offset)
        {
            return 0;
        }
        int p = offset;
        while (p < end && isSpace(bytes[p]))
        {
            p++;
        }
        final int signAt = p;
        if (p < end && (bytes[p] == '+' || bytes[p] == '-'))
        {
            p++;
        }
        final boolean negative = signAt < p && bytes[signAt] == '-';
        if (p + 1 < end && bytes[p] == '0' && (bytes[p + 1] | 0x20) == 'x' && hasHexDigit(bytes, p + 2, end))
        {
            return hex(bytes, p + 2, end, negative);
        }
        if (p < end && (bytes[p] | 0x20) == 'i')
        {
            final boolean whole = matches(bytes, p, end, "infinity") || matches(bytes, p, end, "inf");
            return whole ? (negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.NaN;
        }
        return decimal(bytes, signAt, p, end);
    }

    private static double decimal(final byte[] bytes, final int signAt, final int digitsAt, final int end)
    {
        int p = digitsAt;
        int digits = 0;
        boolean nonZero = false;
        while (p < end && isDigit(bytes[p]))
        {
            nonZero |= bytes[p] != '0';
            p++;
            digits++;
        }
        if (p < end && bytes[p] == '.')
        {
            p++;
            while (p < end && isDigit(bytes[p]))
            {
                nonZero |= bytes[p] != '0';
                p++;
                digits++;
            }
        }
        if (digits == 0 || (p < end && !isExponent(bytes, p, end)))
        {
            // nothing converted (strtod stops at the start), or characters after the number
            return Double.NaN;
        }
        if (p < end)
        {
            p++;
            if (bytes[p] == '+' || bytes[p] == '-')
            {
                p++;
            }
            while (p < end && isDigit(bytes[p]))
            {
                p++;
            }
            if (p < end)
            {
                return Double.NaN;
            }
        }
        final double value = Double.parseDouble(new String(bytes, signAt, end - signAt, StandardCharsets.US_ASCII));
        if (Double.isInfinite(value) || (nonZero && Math.abs(value) < Double.MIN_NORMAL))
        {
            // ERANGE: a decimal subnormal or zero from non-zero digits is never exact
            return Double.NaN;
        }
        return value;
    }

    private static double hex(final byte[] bytes, final int digitsAt, final int end, final boolean negative)
    {
        BigInteger mantissa = BigInteger.ZERO;
        long exponent = 0;
        int p = digitsAt;
        boolean point = false;
        for (; p < end; p++)
        {
            final int digit = Character.digit(bytes[p], 16);
            if (digit >= 0)
            {
                mantissa = mantissa.shiftLeft(4).or(BigInteger.valueOf(digit));
                exponent -= point ? 4 : 0;
            }
            else if (bytes[p] == '.' && !point)
            {
                point = true;
            }
            else
            {
                break;
            }
        }
        if (p < end)
        {
            // only a complete binary exponent may follow, else strtod stops before the 'p' and text remains
            if ((bytes[p] | 0x20) != 'p')
            {
                return Double.NaN;
            }
            p++;
            final boolean expNegative = p < end && bytes[p] == '-';
            if (p < end && (bytes[p] == '+' || bytes[p] == '-'))
            {
                p++;
            }
            if (p == end || !isDigit(bytes[p]))
            {
                return Double.NaN;
            }
            long written = 0;
            for (; p < end && isDigit(bytes[p]); p++)
            {
                // far beyond any double's range already: saturating keeps the arithmetic simple
                written = Math.min(written * 10 + (bytes[p] - '0'), 1L << 40);
            }
            if (p < end)
            {
                return Double.NaN;
            }
            exponent += expNegative ? -written : written;
        }
        return hexValue(mantissa, exponent, negative);
    }

    private static double hexValue(final BigInteger mantissa, final long exponent, final boolean negative)
    {
        if (mantissa.signum() == 0)
        {
            return negative ? -0.0 : 0.0;
        }
        final int zeros = mantissa.getLowestSetBit();
        final BigInteger odd = mantissa.shiftRight(zeros);
        final long oddExponent = exponent + zeros;
        final long topBit = oddExponent + odd.bitLength() - 1;
        if (topBit > Double.MAX_EXPONENT)
        {
            return Double.NaN;
        }
        if (topBit < Double.MIN_EXPONENT)
        {
            // subnormal or zero: refused unless every bit lands at or above 2^-1074
            if (oddExponent < -1074)
            {
                return Double.NaN;
            }
            final double value = odd.doubleValue() * Math.pow(2, oddExponent);
            return negative ? -value : value;
        }
        final String text = "0x" + odd.toString(16) + "p" + oddExponent;
        final double value = Double.parseDouble(text);
        if (Double.isInfinite(value))
        {
            return Double.NaN;
        }
        return negative ? -value : value;
    }

    private static boolean hasHexDigit(final byte[] bytes, final int from, final int end)
    {
        int p = from;
        if (p < end && bytes[p] == '.')
        {
            p++;
        }
        return p < end && Character.digit(bytes[p], 16) >= 0;
    }

    private static boolean isExponent(final byte[] bytes, final int p, final int end)
    {
        if ((bytes[p] | 0x20) != 'e')
        {
            return false;
        }
        int q = p + 1;
        if (q < end && (bytes[q] == '+' || bytes[q] == '-'))
        {
            q++;
        }
        return q < end && isDigit(bytes[q]);
    }

    private static boolean matches(final byte[] bytes, final int p, final int end, final String word)
    {
        if (end - p != word.length())
        {
            return false;
        }
        for (int i = 0; i < word.length(); i++)
        {
            if ((bytes[p + i] | 0x20) != word.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }

    /** C's isspace in the "C" locale. */
    private static boolean isSpace(final byte b)
    {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
