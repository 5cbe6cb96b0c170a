package io.krill.core.command;

import io.krill.core.resp.CommandException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The timeout argument of the blocking commands (BLPOP, BLMOVE, BZPOPMIN ...): seconds as a float, 0 = forever.
 * <p>
 * BACKGROUND: Redis 7.0 reads it with {@code strtold} (so "1.5", ".5", "1e3", "0x10" and "inf" are accepted, a
 * leading space or a trailing character are not), multiplies by 1000 as a {@code long double}, rounds up
 * ({@code ceill}) and converts to a 64-bit integer. Hence: 0.0001 waits 1 ms, not forever; anything at or above
 * 2^63 ms (including "inf" and 1e16) converts to the minimum long on x86 and is refused as negative; a tiny
 * negative rounds up to 0 and waits forever; a deadline that overflows waits forever too. All of that is kept.
 * The one place where the binary rounding of {@code long double} shows is -0.001: 0.001 is stored a hair below
 * 1/1000, so -0.001 s becomes -0.99999... ms, rounds up to 0 and waits forever, where exact arithmetic would say
 * -1 ms and refuse it; that value is special-cased. Elsewhere exact decimal arithmetic differs from Redis by at
 * most a millisecond up.
 */
final class BlockingTimeout
{
    static final CommandException NOT_A_FLOAT = new CommandException("ERR timeout is not a float or out of range");
    static final CommandException NEGATIVE = new CommandException("ERR timeout is negative");

    /** Redis copies the text into a 5 kB buffer that also holds the terminating NUL. */
    private static final int MAX_TEXT_BYTES = 5 * 1024 - 1;
    private static final int FAST_PATH_MAX_DIGITS = 18;
    private static final long[] POWERS_OF_TEN = powersOfTen();
    /** Decimal exponent of the largest finite long double, about 1.19e4932. */
    private static final int MAX_DECIMAL_EXPONENT = 4932;
    /** Decimal exponent below which a nonzero long double underflows to zero (the smallest is about 3.6e-4951). */
    private static final int MIN_DECIMAL_EXPONENT = -4951;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private BlockingTimeout()
    {
    }

    /**
     * Parses a timeout in seconds and returns its deadline on the node clock, or 0 to wait forever.
     *
     * @throws CommandException with Redis's error text for a malformed or negative timeout.
     */
    static long deadlineMs(final byte[] text, final int offset, final int length, final long nowMs)
    {
        final long timeoutMs = timeoutMs(text, offset, length);
        if (timeoutMs == 0 || timeoutMs > Long.MAX_VALUE - nowMs)
        {
            return 0;
        }
        return nowMs + timeoutMs;
    }

    /** The timeout in milliseconds, rounded up; 0 means forever. */
    static long timeoutMs(final byte[] text, final int offset, final int length)
    {
        if (length == 0 || length > MAX_TEXT_BYTES)
        {
            throw NOT_A_FLOAT;
        }
        final long fast = plainDecimalMs(text, offset, length);
        final long timeoutMs = fast != Long.MIN_VALUE ? fast : generalMs(text, offset, length);
        if (timeoutMs < 0)
        {
            throw NEGATIVE;
        }
        return timeoutMs;
    }

    /**
     * {@code [+-]digits[.digits]} with at most 18 digits, in exact integer arithmetic without allocating; returns
     * Long.MIN_VALUE for any other form (left to {@link #generalMs}).
     */
    private static long plainDecimalMs(final byte[] text, final int offset, final int length)
    {
        int i = offset;
        final int end = offset + length;
        final boolean negative = text[i] == '-';
        if (text[i] == '-' || text[i] == '+')
        {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = -1;
        for (; i < end; i++)
        {
            final int c = text[i];
            if (c == '.' && fractionDigits < 0)
            {
                fractionDigits = 0;
                continue;
            }
            if (c < '0' || c > '9' || ++digits > FAST_PATH_MAX_DIGITS)
            {
                return Long.MIN_VALUE;
            }
            mantissa = mantissa * 10 + (c - '0');
            if (fractionDigits >= 0)
            {
                fractionDigits++;
            }
        }
        if (digits == 0)
        {
            return Long.MIN_VALUE;
        }
        final int scale = Math.max(fractionDigits, 0);
        final long signed = negative ? -mantissa : mantissa;
        if (scale <= 3)
        {
            final long factor = POWERS_OF_TEN[3 - scale];
            final long product = signed * factor;
            if (Math.multiplyHigh(signed, factor) != product >> 63)
            {
                // beyond 64 bits: x86 converts it to the minimum long, which Redis then calls negative
                return -1;
            }
            return longDoubleQuirk(product, true);
        }
        final long divisor = POWERS_OF_TEN[scale - 3];
        final long ceiling = -Math.floorDiv(-signed, divisor);
        return longDoubleQuirk(ceiling, signed % divisor == 0);
    }

    /** Every other form strtold accepts: exponents, hex, infinities, long mantissas. Allocates; rare. */
    private static long generalMs(final byte[] text, final int offset, final int length)
    {
        final String value = new String(text, offset, length, StandardCharsets.ISO_8859_1);
        int i = 0;
        final boolean signed = value.charAt(0) == '+' || value.charAt(0) == '-';
        if (signed)
        {
            i++;
        }
        final String body = value.substring(i).toLowerCase(java.util.Locale.ROOT);
        if (body.equals("inf") || body.equals("infinity"))
        {
            // infinity times 1000 converts to the minimum long: refused as negative, whatever the sign
            return -1;
        }
        final BigDecimal seconds;
        if (body.startsWith("0x"))
        {
            seconds = hex(value, i + 2);
        }
        else
        {
            seconds = decimal(value, i);
        }
        final BigDecimal milliseconds = seconds.movePointRight(3);
        final BigInteger ceiling = milliseconds.setScale(0, RoundingMode.CEILING).toBigIntegerExact();
        if (ceiling.compareTo(LONG_MAX) > 0 || ceiling.compareTo(LONG_MIN) < 0)
        {
            return -1;
        }
        return longDoubleQuirk(ceiling.longValue(), milliseconds.stripTrailingZeros().scale() <= 0);
    }

    private static long longDoubleQuirk(final long ceilingMs, final boolean exact)
    {
        // -0.001 s: see the class comment
        return ceilingMs == -1 && exact ? 0 : ceilingMs;
    }

    /** {@code digits[.digits][e[+-]digits]} from {@code start}, as strtold reads it, or NOT_A_FLOAT. */
    private static BigDecimal decimal(final String value, final int start)
    {
        int i = start;
        int digits = 0;
        boolean point = false;
        while (i < value.length())
        {
            final char c = value.charAt(i);
            if (c >= '0' && c <= '9')
            {
                digits++;
            }
            else if (c == '.' && !point)
            {
                point = true;
            }
            else
            {
                break;
            }
            i++;
        }
        if (digits == 0)
        {
            throw NOT_A_FLOAT;
        }
        final String mantissa = value.substring(start, i);
        long exponent = 0;
        if (i < value.length())
        {
            if (value.charAt(i) != 'e' && value.charAt(i) != 'E')
            {
                throw NOT_A_FLOAT;
            }
            exponent = exponent(value, i + 1);
        }
        final BigDecimal unscaled = new BigDecimal(mantissa.endsWith(".") ? mantissa + "0" : mantissa);
        return scaleInRange(unscaled, exponent, value.charAt(0) == '-');
    }

    /** C99 hex: {@code hexdigits[.hexdigits][p[+-]digits]} from {@code start}. */
    private static BigDecimal hex(final String value, final int start)
    {
        int i = start;
        BigInteger mantissa = BigInteger.ZERO;
        int digits = 0;
        int fractionDigits = -1;
        while (i < value.length())
        {
            final char c = value.charAt(i);
            final int digit = Character.digit(c, 16);
            if (digit >= 0)
            {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(digit));
                digits++;
                if (fractionDigits >= 0)
                {
                    fractionDigits++;
                }
            }
            else if (c == '.' && fractionDigits < 0)
            {
                fractionDigits = 0;
            }
            else
            {
                break;
            }
            i++;
        }
        if (digits == 0)
        {
            throw NOT_A_FLOAT;
        }
        long binaryExponent = 0;
        if (i < value.length())
        {
            if (value.charAt(i) != 'p' && value.charAt(i) != 'P')
            {
                throw NOT_A_FLOAT;
            }
            binaryExponent = exponent(value, i + 1);
        }
        binaryExponent -= 4L * Math.max(fractionDigits, 0);
        final boolean negative = value.charAt(0) == '-';
        if (mantissa.signum() == 0)
        {
            return BigDecimal.ZERO;
        }
        // the long double range in powers of two: below 2^-16445 is zero, from 2^16384 on is out of range
        final long log2 = mantissa.bitLength() - 1 + binaryExponent;
        if (log2 >= 16384 || log2 < -16446)
        {
            throw NOT_A_FLOAT;
        }
        if (log2 >= 64 || log2 < -64)
        {
            // far outside any timeout: only the sign and "not zero" matter
            final BigDecimal magnitude = log2 >= 64 ? BigDecimal.TEN.pow(30) : BigDecimal.ONE.movePointLeft(30);
            return negative ? magnitude.negate() : magnitude;
        }
        BigDecimal magnitude = new BigDecimal(mantissa);
        magnitude = binaryExponent >= 0 ? magnitude.multiply(new BigDecimal(BigInteger.TWO.pow((int)binaryExponent))) :
            magnitude.divide(new BigDecimal(BigInteger.TWO.pow((int)-binaryExponent)));
        return negative ? magnitude.negate() : magnitude;
    }

    /** The mantissa times 10^exponent, refusing what overflows or underflows a long double. */
    private static BigDecimal scaleInRange(final BigDecimal mantissa, final long exponent, final boolean negative)
    {
        if (mantissa.signum() == 0)
        {
            return BigDecimal.ZERO;
        }
        final long leading = mantissa.precision() - mantissa.scale() - 1 + exponent;
        if (leading > MAX_DECIMAL_EXPONENT || leading < MIN_DECIMAL_EXPONENT)
        {
            throw NOT_A_FLOAT;
        }
        if (leading >= 30 || leading < -30)
        {
            // far outside any timeout: only the sign and "not zero" matter
            final BigDecimal magnitude = leading >= 30 ? BigDecimal.TEN.pow(30) : BigDecimal.ONE.movePointLeft(30);
            return negative ? magnitude.negate() : magnitude;
        }
        final BigDecimal scaled = mantissa.scaleByPowerOfTen((int)exponent);
        return negative ? scaled.negate() : scaled;
    }

    /** {@code [+-]digits} from {@code start} to the end, saturating far beyond any valid exponent. */
    private static long exponent(final String value, final int start)
    {
        int i = start;
        boolean negative = false;
        if (i < value.length() && (value.charAt(i) == '+' || value.charAt(i) == '-'))
        {
            negative = value.charAt(i) == '-';
            i++;
        }
        if (i == value.length())
        {
            throw NOT_A_FLOAT;
        }
        long exponent = 0;
        for (; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c < '0' || c > '9')
            {
                throw NOT_A_FLOAT;
            }
            exponent = Math.min(1_000_000_000L, exponent * 10 + (c - '0'));
        }
        return negative ? -exponent : exponent;
    }

    private static long[] powersOfTen()
    {
        final long[] powers = new long[19];
        powers[0] = 1;
        for (int i = 1; i < powers.length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }
        return powers;
    }
}
