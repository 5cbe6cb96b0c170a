package io.krill.core.command;

import java.math.BigInteger;

/**
 * A finite number in the x87 80-bit extended format, C's {@code long double} on x86-64: what INCRBYFLOAT
 * computes in.
 * <p>
 * BACKGROUND: Redis parses both operands of INCRBYFLOAT with {@code strtold}, adds them as {@code long double}
 * (a 64-bit significand and a 15-bit exponent) and stores {@code "%.17Lf"} of the sum with trailing zeros cut.
 * With 64 significand bits, 17 decimals hide the binary error of short decimals, so 0.1 + 0.2 is stored as
 * "0.3", where a Java double would give 0.30000000000000004; and the wide exponent lets 1e400 be a valid
 * increment. To store exactly the text Redis stores, each step is done here on exact integers:
 * <ul>
 *   <li>parse: the decimal (or C99 hex) text is an exact rational, rounded once, to nearest with ties to even,
 *   to a 64-bit significand, or to the subnormal grid of 2^-16445 below 2^-16382, as glibc's strtold does;</li>
 *   <li>add: the exact sum of two such numbers, rounded the same way, as the x87 unit does;</li>
 *   <li>print: the exact binary value rounded to 17 decimals, ties to even, as glibc's printf does.</li>
 * </ul>
 * Values are {@code significand * 2^exponent}; zero has a zero significand. Immutable. Allocates freely: this is
 * INCRBYFLOAT's path only, never GET/SET.
 */
final class LongDouble
{
    /** Result of {@link #parse} for text that strtold accepts as an infinity: valid, but never a finite sum. */
    static final LongDouble INFINITY = new LongDouble(false, BigInteger.ZERO, 0);
    static final LongDouble ZERO = new LongDouble(false, BigInteger.ZERO, 0);

    private static final int SIGNIFICAND_BITS = 64;
    /** Weight of the last bit of the smallest subnormal, 2^-16445 (minimum normal exponent -16382, less 63). */
    private static final int MIN_EXPONENT = -16445;
    /** Every finite value is below 2^16384. */
    private static final int OVERFLOW_LOG2 = 16384;
    /** Redis parses in a 5 KB buffer that also holds the terminating NUL: longer text is not a float. */
    private static final int MAX_TEXT_BYTES = 5 * 1024 - 1;
    /** Decimal exponents beyond this saturate while parsing: the value is far out of range either way. */
    private static final long EXPONENT_CLAMP = 1_000_000;
    private static final int PRINTED_DECIMALS = 17;
    private static final BigInteger DECIMAL_SCALE = BigInteger.TEN.pow(PRINTED_DECIMALS);

    private final boolean negative;
    private final BigInteger significand;
    private final int exponent;

    private LongDouble(final boolean negative, final BigInteger significand, final int exponent)
    {
        this.negative = negative;
        this.significand = significand;
        this.exponent = exponent;
    }

    /**
     * Parses text the way Redis's {@code string2ld} does: strtold must consume all of it, a leading space is
     * refused, and overflow, underflow to zero and NaN are not floats.
     *
     * @return the value, {@link #INFINITY} for "inf"/"infinity" of either sign, or null if not a valid float.
     */
    static LongDouble parse(final byte[] text, final int offset, final int length)
    {
        if (length == 0 || length > MAX_TEXT_BYTES)
        {
            return null;
        }
        int i = offset;
        final int end = offset + length;
        boolean negative = false;
        if (text[i] == '+' || text[i] == '-')
        {
            negative = text[i] == '-';
            i++;
        }
        if (matchesIgnoreCase(text, i, end, "inf") || matchesIgnoreCase(text, i, end, "infinity"))
        {
            return INFINITY;
        }
        if (end - i > 2 && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X'))
        {
            return parseHex(negative, text, i + 2, end);
        }
        return parseDecimal(negative, text, i, end);
    }

    boolean isInfinite()
    {
        return this == INFINITY;
    }

    /** The exactly rounded sum, or null when it is not finite (an infinite operand, or overflow). */
    LongDouble plus(final LongDouble other)
    {
        if (isInfinite() || other.isInfinite())
        {
            return null;
        }
        if (other.significand.signum() == 0)
        {
            return this;
        }
        if (significand.signum() == 0)
        {
            return other;
        }
        final int low = Math.min(exponent, other.exponent);
        final BigInteger a = signed().shiftLeft(exponent - low);
        final BigInteger b = other.signed().shiftLeft(other.exponent - low);
        final BigInteger sum = a.add(b);
        if (sum.signum() == 0)
        {
            return ZERO;
        }
        // the exact sum is a multiple of 2^low with low >= MIN_EXPONENT, so it can overflow but never vanish
        return low >= 0 ? round(sum.signum() < 0, sum.abs().shiftLeft(low), BigInteger.ONE) :
            round(sum.signum() < 0, sum.abs(), BigInteger.ONE.shiftLeft(-low));
    }

    /**
     * C's {@code "%.17Lf"} with trailing zeros and a trailing '.' removed, and "-0" written "0": the text
     * INCRBYFLOAT stores and replies.
     */
    String toHumanString()
    {
        if (exponent >= 0)
        {
            final String integral = significand.shiftLeft(exponent).toString();
            return negative && significand.signum() != 0 ? "-" + integral : integral;
        }
        final BigInteger scaled =
            roundHalfEven(significand.multiply(DECIMAL_SCALE), BigInteger.ONE.shiftLeft(-exponent));
        if (scaled.signum() == 0)
        {
            return "0";
        }
        final BigInteger[] parts = scaled.divideAndRemainder(DECIMAL_SCALE);
        final StringBuilder text = new StringBuilder();
        if (negative)
        {
            text.append('-');
        }
        text.append(parts[0]);
        if (parts[1].signum() != 0)
        {
            final String fraction = parts[1].toString();
            text.append('.');
            for (int pad = fraction.length(); pad < PRINTED_DECIMALS; pad++)
            {
                text.append('0');
            }
            int last = fraction.length();
            while (fraction.charAt(last - 1) == '0')
            {
                last--;
            }
            text.append(fraction, 0, last);
        }
        return text.toString();
    }

    private BigInteger signed()
    {
        return negative ? significand.negate() : significand;
    }

    /** [digits][.digits][(e|E)[+|-]digits], at least one significand digit, nothing else. */
    private static LongDouble parseDecimal(final boolean negative, final byte[] text, final int start, final int end)
    {
        final StringBuilder digits = new StringBuilder();
        int i = start;
        int fractionDigits = 0;
        boolean anyDigit = false;
        boolean point = false;
        for (; i < end; i++)
        {
            final byte b = text[i];
            if (b >= '0' && b <= '9')
            {
                anyDigit = true;
                if (digits.length() > 0 || b != '0')
                {
                    digits.append((char)b);
                }
                if (point)
                {
                    fractionDigits++;
                }
            }
            else if (b == '.' && !point)
            {
                point = true;
            }
            else
            {
                break;
            }
        }
        if (!anyDigit)
        {
            return null;
        }
        long exponent = 0;
        if (i < end)
        {
            if (text[i] != 'e' && text[i] != 'E')
            {
                return null;
            }
            exponent = parseExponent(text, i + 1, end);
            if (exponent == Long.MIN_VALUE)
            {
                return null;
            }
        }
        if (digits.length() == 0)
        {
            return ZERO;
        }
        final long powerOfTen = exponent - fractionDigits;
        // the leading digit weighs 10^leading: at 10^4933 the value is past the largest long double (1.19e4932),
        // below 10^-4952 it is under half the smallest subnormal (3.6e-4951) and rounds to zero
        final long leading = powerOfTen + digits.length() - 1;
        if (leading >= 4933 || leading < -4952)
        {
            return null;
        }
        final BigInteger mantissa = new BigInteger(digits.toString());
        if (powerOfTen >= 0)
        {
            return round(negative, mantissa.multiply(BigInteger.TEN.pow((int)powerOfTen)), BigInteger.ONE);
        }
        return round(negative, mantissa, BigInteger.TEN.pow((int)-powerOfTen));
    }

    /** After "0x": [hex][.hex][(p|P)[+|-]digits], at least one hex digit, nothing else. */
    private static LongDouble parseHex(final boolean negative, final byte[] text, final int start, final int end)
    {
        BigInteger mantissa = BigInteger.ZERO;
        int i = start;
        int fractionDigits = 0;
        boolean anyDigit = false;
        boolean point = false;
        for (; i < end; i++)
        {
            final int digit = Character.digit(text[i], 16);
            if (digit >= 0)
            {
                anyDigit = true;
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(digit));
                if (point)
                {
                    fractionDigits++;
                }
            }
            else if (text[i] == '.' && !point)
            {
                point = true;
            }
            else
            {
                break;
            }
        }
        if (!anyDigit)
        {
            // strtold reads "0x" without hex digits as the number 0 followed by 'x': never all consumed
            return null;
        }
        long exponent = 0;
        if (i < end)
        {
            if (text[i] != 'p' && text[i] != 'P')
            {
                return null;
            }
            exponent = parseExponent(text, i + 1, end);
            if (exponent == Long.MIN_VALUE)
            {
                return null;
            }
        }
        if (mantissa.signum() == 0)
        {
            return ZERO;
        }
        final long powerOfTwo = exponent - 4L * fractionDigits;
        final long leading = powerOfTwo + mantissa.bitLength() - 1;
        // 2^-16446 is half the smallest subnormal and rounds (to even) to zero; anything below it too
        if (leading >= OVERFLOW_LOG2 || leading < MIN_EXPONENT - 1)
        {
            return null;
        }
        if (powerOfTwo >= 0)
        {
            return round(negative, mantissa.shiftLeft((int)powerOfTwo), BigInteger.ONE);
        }
        return round(negative, mantissa, BigInteger.ONE.shiftLeft((int)-powerOfTwo));
    }

    /** [+|-]digits, saturated to +-{@link #EXPONENT_CLAMP}; {@link Long#MIN_VALUE} if malformed. */
    private static long parseExponent(final byte[] text, final int start, final int end)
    {
        int i = start;
        boolean negative = false;
        if (i < end && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }
        if (i == end)
        {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < end; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return Long.MIN_VALUE;
            }
            value = Math.min(value * 10 + (text[i] - '0'), EXPONENT_CLAMP);
        }
        return negative ? -value : value;
    }

    /**
     * Rounds the positive rational {@code numerator / denominator} to the nearest long double, ties to even.
     *
     * @return the value, or null if it overflows or rounds to zero (strtold's ERANGE cases Redis refuses).
     */
    private static LongDouble round(final boolean negative, final BigInteger numerator, final BigInteger denominator)
    {
        int floorLog2 = numerator.bitLength() - denominator.bitLength();
        if (compareWithPowerOfTwo(numerator, denominator, floorLog2) < 0)
        {
            floorLog2--;
        }
        int exponent = Math.max(floorLog2 - (SIGNIFICAND_BITS - 1), MIN_EXPONENT);
        final BigInteger significand = exponent < 0 ?
            roundHalfEven(numerator.shiftLeft(-exponent), denominator) :
            roundHalfEven(numerator, denominator.shiftLeft(exponent));
        BigInteger normalized = significand;
        if (normalized.bitLength() > SIGNIFICAND_BITS)
        {
            // rounding carried into a 65th bit: 2^64 * 2^e is exactly 2^63 * 2^(e+1)
            normalized = normalized.shiftRight(1);
            exponent++;
        }
        if (normalized.signum() == 0 || normalized.bitLength() + exponent > OVERFLOW_LOG2)
        {
            return null;
        }
        return new LongDouble(negative, normalized, exponent);
    }

    /** Compares {@code numerator / denominator} with {@code 2^power}. */
    private static int compareWithPowerOfTwo(final BigInteger numerator, final BigInteger denominator,
        final int power)
    {
        return power >= 0 ? numerator.compareTo(denominator.shiftLeft(power)) :
            numerator.shiftLeft(-power).compareTo(denominator);
    }

    private static BigInteger roundHalfEven(final BigInteger numerator, final BigInteger denominator)
    {
        final BigInteger[] qr = numerator.divideAndRemainder(denominator);
        final int half = qr[1].shiftLeft(1).compareTo(denominator);
        return half > 0 || (half == 0 && qr[0].testBit(0)) ? qr[0].add(BigInteger.ONE) : qr[0];
    }

    private static boolean matchesIgnoreCase(final byte[] text, final int start, final int end, final String word)
    {
        if (end - start != word.length())
        {
            return false;
        }
        for (int i = 0; i < word.length(); i++)
        {
            final int b = text[start + i];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != word.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
