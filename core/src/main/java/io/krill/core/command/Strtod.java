package io.krill.core.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} over bytes, and the checks Redis layers on it for scores, weights, range bounds and
 * timeouts.
 * <p>
 * BACKGROUND: Redis reads every floating point argument with {@code strtod}, so what it accepts is C's grammar,
 * not Java's: leading white space, {@code inf}/{@code infinity}/{@code nan} in any case, hexadecimal floats with an
 * optional binary exponent ({@code 0x10} is 16), and the longest valid prefix, after which each caller decides
 * whether trailing bytes are an error. Arguments are C strings there, so parsing stops at a NUL byte. Java's
 * {@code Double.parseDouble} rounds decimal and hexadecimal text exactly as glibc does, so it does the
 * conversion once the prefix is known.
 * <p>
 * An instance holds the result of the last parse; one per command family, used on the agent thread only.
 */
final class Strtod
{
    /** Above this magnitude a long double overflows too (LDBL_MAX is about 1.19e4932). */
    private static final BigDecimal LONG_DOUBLE_MAX = new BigDecimal("1.18973149535723176502e4932");

    /** The value parsed (0 when nothing was). */
    double value;
    /** Index just past the bytes that were consumed; the start offset if none were. */
    int end;
    /** True when the text overflowed a double ({@code value} is then ±infinity). */
    boolean overflow;
    /** True when non-zero text underflowed to zero. */
    boolean underflow;
    /** True when the text overflows a double but not C's 80-bit long double. */
    boolean longDoubleFinite;

    /** Parses the longest prefix of {@code buffer[offset, offset + length)} that strtod accepts. */
    void parse(final byte[] buffer, final int offset, final int length)
    {
        value = 0;
        overflow = false;
        underflow = false;
        longDoubleFinite = false;
        end = offset;
        int limit = offset + length;
        for (int i = offset; i < limit; i++)
        {
            if (buffer[i] == 0)
            {
                limit = i;
                break;
            }
        }
        int i = offset;
        while (i < limit && isSpace(buffer[i]))
        {
            i++;
        }
        final int signAt = i;
        boolean negative = false;
        if (i < limit && (buffer[i] == '+' || buffer[i] == '-'))
        {
            negative = buffer[i] == '-';
            i++;
        }
        if (matchesWord(buffer, i, limit, "infinity"))
        {
            value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            end = i + 8;
            return;
        }
        if (matchesWord(buffer, i, limit, "inf"))
        {
            value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            end = i + 3;
            return;
        }
        if (matchesWord(buffer, i, limit, "nan"))
        {
            value = Double.NaN;
            end = i + 3;
            // "nan(chars)" is consumed whole when the parenthesis closes
            if (end < limit && buffer[end] == '(')
            {
                int j = end + 1;
                while (j < limit && (isAlnum(buffer[j]) || buffer[j] == '_'))
                {
                    j++;
                }
                if (j < limit && buffer[j] == ')')
                {
                    end = j + 1;
                }
            }
            return;
        }
        if (i + 1 < limit && buffer[i] == '0' && (buffer[i + 1] == 'x' || buffer[i + 1] == 'X'))
        {
            if (parseHex(buffer, signAt, i + 2, limit, negative))
            {
                return;
            }
            // "0x" without hex digits: only the "0" is a number
            value = negative ? -0.0 : 0.0;
            end = i + 1;
            return;
        }
        parseDecimal(buffer, signAt, i, limit);
    }

    private void parseDecimal(final byte[] buffer, final int signAt, final int digitsAt, final int limit)
    {
        int i = digitsAt;
        int digits = 0;
        boolean nonZero = false;
        while (i < limit && isDigit(buffer[i]))
        {
            nonZero |= buffer[i] != '0';
            i++;
            digits++;
        }
        if (i < limit && buffer[i] == '.')
        {
            i++;
            while (i < limit && isDigit(buffer[i]))
            {
                nonZero |= buffer[i] != '0';
                i++;
                digits++;
            }
        }
        if (digits == 0)
        {
            return;
        }
        if (i < limit && (buffer[i] == 'e' || buffer[i] == 'E'))
        {
            int j = i + 1;
            if (j < limit && (buffer[j] == '+' || buffer[j] == '-'))
            {
                j++;
            }
            if (j < limit && isDigit(buffer[j]))
            {
                while (j < limit && isDigit(buffer[j]))
                {
                    j++;
                }
                i = j;
            }
        }
        end = i;
        final String text = new String(buffer, signAt, i - signAt, StandardCharsets.US_ASCII);
        value = Double.parseDouble(text);
        if (Double.isInfinite(value))
        {
            overflow = true;
            longDoubleFinite = new BigDecimal(text.trim()).abs().compareTo(LONG_DOUBLE_MAX) <= 0;
        }
        else if (value == 0 && nonZero)
        {
            underflow = true;
        }
    }

    private boolean parseHex(final byte[] buffer, final int signAt, final int digitsAt, final int limit,
        final boolean negative)
    {
        int i = digitsAt;
        int digits = 0;
        boolean nonZero = false;
        while (i < limit && isHexDigit(buffer[i]))
        {
            nonZero |= buffer[i] != '0';
            i++;
            digits++;
        }
        if (i < limit && buffer[i] == '.')
        {
            i++;
            while (i < limit && isHexDigit(buffer[i]))
            {
                nonZero |= buffer[i] != '0';
                i++;
                digits++;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        final int mantissaEnd = i;
        String exponent = "p0";
        if (i < limit && (buffer[i] == 'p' || buffer[i] == 'P'))
        {
            int j = i + 1;
            if (j < limit && (buffer[j] == '+' || buffer[j] == '-'))
            {
                j++;
            }
            if (j < limit && isDigit(buffer[j]))
            {
                while (j < limit && isDigit(buffer[j]))
                {
                    j++;
                }
                exponent = new String(buffer, i, j - i, StandardCharsets.US_ASCII);
                i = j;
            }
        }
        end = i;
        final String mantissa = new String(buffer, digitsAt, mantissaEnd - digitsAt, StandardCharsets.US_ASCII);
        value = Double.parseDouble((negative ? "-0x" : "0x") + mantissa + exponent);
        if (Double.isInfinite(value))
        {
            overflow = true;
            // a hexadecimal literal beyond double range is rare enough to call it finite in a long double
            longDoubleFinite = true;
        }
        else if (value == 0 && nonZero)
        {
            underflow = true;
        }
        return true;
    }

    /**
     * Redis's {@code getDoubleFromObject}: the whole argument is a number (no leading space, nothing after it),
     * not NaN, and neither overflowed nor underflowed to zero.
     */
    boolean parseStrict(final byte[] buffer, final int offset, final int length)
    {
        if (length == 0 || isSpace(buffer[offset]))
        {
            return false;
        }
        parse(buffer, offset, length);
        return end == offset + length && !overflow && !underflow && !Double.isNaN(value);
    }

    /**
     * Redis's {@code getLongDoubleFromObject} as used for blocking timeouts: like {@link #parseStrict}, but with a
     * long double's range, so text beyond a double's range yet within a long double's is accepted as infinite, and text
     * that underflows a double as the smallest double of its sign.
     */
    boolean parseLongDouble(final byte[] buffer, final int offset, final int length)
    {
        if (length == 0 || isSpace(buffer[offset]))
        {
            return false;
        }
        parse(buffer, offset, length);
        if (underflow)
        {
            // far inside a long double's range: keep it a tiny non-zero value
            value = buffer[offset] == '-' ? -Double.MIN_VALUE : Double.MIN_VALUE;
        }
        return end == offset + length && !(overflow && !longDoubleFinite) && !Double.isNaN(value);
    }

    /**
     * A score range bound as {@code zslParseRange} reads it: strtod over the C string, which must be consumed up
     * to its end (or NUL) and must not be NaN. Leading white space and an empty string (0) are accepted.
     */
    boolean parseRangeBound(final byte[] buffer, final int offset, final int length)
    {
        int limit = offset + length;
        for (int i = offset; i < limit; i++)
        {
            if (buffer[i] == 0)
            {
                limit = i;
                break;
            }
        }
        parse(buffer, offset, limit - offset);
        return end == limit && !Double.isNaN(value);
    }

    /**
     * SORT's reading of a weight: strtod over the C string (up to a NUL byte), which must be consumed to its end,
     * must not be NaN, and must not set ERANGE. Unlike the score checks, glibc's ERANGE also covers an inexact
     * subnormal result, and SORT refuses it too (1e-310 is refused, 0x1p-1074 is exact and accepted). Leading white
     * space is fine, and an empty string is 0: strtod converts nothing and stops at the terminator.
     */
    boolean parseSortWeight(final byte[] buffer, final int offset, final int length)
    {
        int limit = offset + length;
        for (int i = offset; i < limit; i++)
        {
            if (buffer[i] == 0)
            {
                limit = i;
                break;
            }
        }
        parse(buffer, offset, limit - offset);
        if (end != limit || overflow || underflow || Double.isNaN(value))
        {
            return false;
        }
        final double magnitude = Math.abs(value);
        return magnitude == 0 || magnitude >= Double.MIN_NORMAL || isExactHex(buffer, offset, limit);
    }

    /**
     * True if the text is a hexadecimal float whose value is exactly representable: for a subnormal result, every
     * set bit of its mantissa at or above 2^-1074. A decimal subnormal is never exact.
     */
    private static boolean isExactHex(final byte[] buffer, final int offset, final int limit)
    {
        int i = offset;
        while (i < limit && isSpace(buffer[i]))
        {
            i++;
        }
        if (i < limit && (buffer[i] == '+' || buffer[i] == '-'))
        {
            i++;
        }
        if (!(i + 1 < limit && buffer[i] == '0' && (buffer[i + 1] | 0x20) == 'x'))
        {
            return false;
        }
        BigInteger mantissa = BigInteger.ZERO;
        long exponent = 0;
        boolean point = false;
        for (i += 2; i < limit; i++)
        {
            final int digit = Character.digit(buffer[i], 16);
            if (digit >= 0)
            {
                mantissa = mantissa.shiftLeft(4).or(BigInteger.valueOf(digit));
                exponent -= point ? 4 : 0;
            }
            else if (buffer[i] == '.' && !point)
            {
                point = true;
            }
            else
            {
                break;
            }
        }
        if (i < limit)
        {
            // the binary exponent: parse() consumed it, so it is well formed
            final boolean negative = buffer[i + 1] == '-';
            long written = 0;
            for (int j = buffer[i + 1] == '+' || negative ? i + 2 : i + 1; j < limit; j++)
            {
                written = Math.min(written * 10 + (buffer[j] - '0'), 1L << 40);
            }
            exponent += negative ? -written : written;
        }
        return mantissa.signum() == 0 || exponent + mantissa.getLowestSetBit() >= -1074;
    }

    private static boolean matchesWord(final byte[] buffer, final int at, final int limit, final String word)
    {
        if (limit - at < word.length())
        {
            return false;
        }
        for (int i = 0; i < word.length(); i++)
        {
            final int b = buffer[at + i];
            final int lower = b >= 'A' && b <= 'Z' ? b + 32 : b;
            if (lower != word.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    static boolean isSpace(final byte b)
    {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }

    private static boolean isHexDigit(final byte b)
    {
        return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static boolean isAlnum(final byte b)
    {
        return isDigit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }
}
