package io.krill.core.config;

import java.math.BigDecimal;

/**
 * {@code latency-tracking-info-percentiles}: the percentiles INFO latencystats reports, each in [0, 100];
 * the value is a {@code double[]}. CONFIG GET prints each without trailing zeros ({@code 50 99 99.9}).
 */
final class PercentilesType extends OptionType
{
    static final PercentilesType INSTANCE = new PercentilesType();

    private PercentilesType()
    {
    }

    @Override
    boolean multiArg()
    {
        return true;
    }

    @Override
    Object parse(final String[] args, final Object[] current) throws InvalidValueException
    {
        if (args.length == 1 && args[0].isEmpty())
        {
            return new double[0];
        }
        final double[] percentiles = new double[args.length];
        for (int i = 0; i < args.length; i++)
        {
            final double p;
            try
            {
                p = parseDecimal(args[i]);
            }
            catch (final NumberFormatException ex)
            {
                throw new InvalidValueException("Invalid latency-tracking-info-percentiles parameters");
            }
            if (!(p >= 0.0 && p <= 100.0))
            {
                throw new InvalidValueException(
                    "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            percentiles[i] = p;
        }
        return percentiles;
    }

    private static double parseDecimal(final String text)
    {
        // Plain decimals only: Java would also take "1d", "0x1p3" or "NaN", which strtod-style parsing refuses.
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E')
            {
                throw new NumberFormatException(text);
            }
        }
        return Double.parseDouble(text);
    }

    @Override
    String format(final Object value)
    {
        final double[] percentiles = (double[])value;
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < percentiles.length; i++)
        {
            if (i > 0)
            {
                out.append(' ');
            }
            out.append(BigDecimal.valueOf(percentiles[i]).stripTrailingZeros().toPlainString());
        }
        return out.toString();
    }
}
