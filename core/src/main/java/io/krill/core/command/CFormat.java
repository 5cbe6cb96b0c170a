package io.krill.core.command;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * C's fixed-point {@code printf} conversions that Redis uses for some replies ({@code %f}, {@code %.4f},
 * {@code %.17Lf}). glibc prints the exact binary value rounded half to even, which is what {@link BigDecimal}
 * does on a double's exact expansion; the sign of a value that rounds to zero is kept, as C keeps it.
 */
final class CFormat
{
    private CFormat()
    {
    }

    /** {@code "%.<decimals>f"}. */
    static String fixed(final double value, final int decimals)
    {
        if (Double.isNaN(value))
        {
            return "nan";
        }
        if (Double.isInfinite(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        final String digits = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        final boolean negative = value < 0 || (value == 0 && 1 / value < 0);
        return negative && digits.charAt(0) != '-' ? "-" + digits : digits;
    }

    /**
     * Redis's "human" long double form ({@code LD_STR_HUMAN}): {@code %.17Lf} without trailing zeros (nor a
     * trailing point), and "-0" printed as "0". Coordinates are doubles, which a long double holds exactly.
     */
    static String human(final double value)
    {
        if (Double.isInfinite(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        String text = fixed(value, 17);
        if (text.indexOf('.') >= 0)
        {
            int end = text.length();
            while (text.charAt(end - 1) == '0')
            {
                end--;
            }
            if (text.charAt(end - 1) == '.')
            {
                end--;
            }
            text = text.substring(0, end);
        }
        return "-0".equals(text) ? "0" : text;
    }
}
