package io.krill.core.command;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fixed-point text of a double as C's {@code printf("%.Nf")} writes it: the exact binary value rounded half to
 * even. Used instead of {@code String.format}, whose first call costs the agent thread a long class-loading pause
 * (see {@link ProcessStats}).
 */
final class Decimals
{
    private Decimals()
    {
    }

    static String fixed(final double value, final int digits)
    {
        if (Double.isNaN(value))
        {
            return "nan";
        }
        if (Double.isInfinite(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }
}
