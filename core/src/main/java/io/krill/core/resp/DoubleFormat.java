package io.krill.core.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles the way Redis 7.0 puts them on the wire: C's {@code "%.17g"}, with {@code inf}, {@code -inf},
 * {@code nan} and {@code -0}, and integral values below 2^52 printed as integers.
 * <p>
 * Java's own {@code %g} differs from C's (it keeps trailing zeros and picks other exponent thresholds), so the
 * C rules are applied here on the exact decimal expansion of the double.
 */
public final class DoubleFormat
{
    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);
    private static final double INTEGRAL_LIMIT = 4503599627370496d;

    private DoubleFormat()
    {
    }

    public static String format(final double value)
    {
        if (Double.isNaN(value))
        {
            return "nan";
        }
        if (Double.isInfinite(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0)
        {
            return 1.0 / value < 0 ? "-0" : "0";
        }
        if (value > -INTEGRAL_LIMIT && value < INTEGRAL_LIMIT && value == (double)(long)value)
        {
            return Long.toString((long)value);
        }
        return formatG17(value);
    }

    /** C's {@code %.17g}: 17 significant digits, trailing zeros removed, scientific outside [1e-4, 1e17). */
    static String formatG17(final double value)
    {
        final BigDecimal rounded = new BigDecimal(value).round(SEVENTEEN_DIGITS);
        final int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 17)
        {
            final BigDecimal mantissa = rounded.movePointLeft(exponent);
            final String digits = stripZeros(mantissa.setScale(16, RoundingMode.UNNECESSARY).toPlainString());
            final int magnitude = Math.abs(exponent);
            return digits + (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + magnitude;
        }
        return stripZeros(rounded.setScale(Math.max(16 - exponent, 0), RoundingMode.UNNECESSARY).toPlainString());
    }

    private static String stripZeros(final String plain)
    {
        if (plain.indexOf('.') < 0)
        {
            return plain;
        }
        int end = plain.length();
        while (plain.charAt(end - 1) == '0')
        {
            end--;
        }
        if (plain.charAt(end - 1) == '.')
        {
            end--;
        }
        return plain.substring(0, end);
    }
}
