package io.krill.core.command;

/**
 * Correctly rounded sine, cosine and arcsine for the geo distance formula.
 * <p>
 * BACKGROUND: Redis computes distances with glibc's {@code sin}, {@code cos} and {@code asin}, which return the
 * correctly rounded result except when the exact value lies within a few thousandths of an ulp of a rounding
 * midpoint. Java's {@code Math.asin} differs from it in the last bit for about one argument in sixteen, which shows
 * in distances stored by GEOSEARCHSTORE STOREDIST (printed with 17 digits) and can flip a point lying on a search's
 * edge. Evaluating in double-double arithmetic (about 106 bits) and rounding once gives glibc's result for all but
 * about one argument in a thousand.
 * <p>
 * Arguments here are within [-2π, 2π] for sine and cosine, [0, 1] for arcsine: the ranges the formula produces.
 */
final class RoundedMath
{
    /** Taylor terms stop once below this fraction of the sum: well under a double-double's last bit. */
    private static final double NEGLIGIBLE = 0x1p-112;
    /** pi - Math.PI, so that (Math.PI, PI_LOW) is pi in double-double. */
    private static final double PI_LOW = 1.2246467991473532e-16;

    private RoundedMath()
    {
    }

    static double sin(final double x)
    {
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x) || Math.abs(x) > 7)
        {
            return Math.sin(x);
        }
        final double[] result = new double[2];
        final double magnitude = Math.abs(x);
        if (magnitude <= Math.PI / 2)
        {
            sinDd(x, 0, result);
        }
        else
        {
            // sin(x) = sin(pi - x): the series near pi would cancel to almost nothing; pi - x is exact (Sterbenz)
            // for x in [pi/2, 2 pi], plus pi's low part
            sinDd(Math.PI - magnitude, PI_LOW, result);
            if (x < 0)
            {
                result[0] = -result[0];
                result[1] = -result[1];
            }
        }
        return result[0] + result[1];
    }

    static double cos(final double x)
    {
        if (Double.isNaN(x) || Double.isInfinite(x) || Math.abs(x) > 7)
        {
            return Math.cos(x);
        }
        final double[] result = new double[2];
        cosDd(x, result);
        return result[0] + result[1];
    }

    /** Arcsine: one Newton step on {@code sin(x) = y} from Java's estimate, with the residual in double-double. */
    static double asin(final double y)
    {
        if (!(y > 0 && y < 1))
        {
            return Math.asin(y);
        }
        final double x0 = Math.asin(y);
        final double[] sine = new double[2];
        sinDd(x0, 0, sine);
        // y - sin(x0), exactly enough: the two are within an ulp or so of each other
        final double residual = (y - sine[0]) - sine[1];
        return x0 + residual / Math.cos(x0);
    }

    /** sin(x) of the double-double (xHi, xLo), as a double-double in {@code out}: its Taylor series. */
    private static void sinDd(final double xHi, final double xLo, final double[] out)
    {
        // x^2 as a double-double
        final double x2Hi = xHi * xHi;
        final double x2Lo = Math.fma(xHi, xHi, -x2Hi) + 2 * xHi * xLo;
        double termHi = xHi;
        double termLo = xLo;
        double sumHi = xHi;
        double sumLo = xLo;
        for (int n = 2; ; n += 2)
        {
            // term *= -x^2 / (n (n + 1))
            final double productHi = termHi * x2Hi;
            final double productLo = Math.fma(termHi, x2Hi, -productHi) + termHi * x2Lo + termLo * x2Hi;
            final double divisor = -(double)n * (n + 1);
            final double quotientHi = (productHi + productLo) / divisor;
            final double remainder = Math.fma(-quotientHi, divisor, productHi) + productLo;
            final double quotientLo = remainder / divisor;
            termHi = quotientHi + quotientLo;
            termLo = quotientLo - (termHi - quotientHi);
            // sum += term
            final double s = sumHi + termHi;
            final double bb = s - sumHi;
            final double error = (sumHi - (s - bb)) + (termHi - bb) + sumLo + termLo;
            sumHi = s + error;
            sumLo = error - (sumHi - s);
            if (Math.abs(termHi) < Math.abs(sumHi) * NEGLIGIBLE)
            {
                break;
            }
        }
        out[0] = sumHi;
        out[1] = sumLo;
    }

    private static void cosDd(final double x, final double[] out)
    {
        final double x2Hi = x * x;
        final double x2Lo = Math.fma(x, x, -x2Hi);
        double termHi = 1;
        double termLo = 0;
        double sumHi = 1;
        double sumLo = 0;
        for (int n = 1; ; n += 2)
        {
            // term *= -x^2 / (n (n + 1))
            final double productHi = termHi * x2Hi;
            final double productLo = Math.fma(termHi, x2Hi, -productHi) + termHi * x2Lo + termLo * x2Hi;
            final double divisor = -(double)n * (n + 1);
            final double quotientHi = (productHi + productLo) / divisor;
            final double remainder = Math.fma(-quotientHi, divisor, productHi) + productLo;
            final double quotientLo = remainder / divisor;
            termHi = quotientHi + quotientLo;
            termLo = quotientLo - (termHi - quotientHi);
            final double s = sumHi + termHi;
            final double bb = s - sumHi;
            final double error = (sumHi - (s - bb)) + (termHi - bb) + sumLo + termLo;
            sumHi = s + error;
            sumLo = error - (sumHi - s);
            if (Math.abs(termHi) < Math.abs(sumHi) * NEGLIGIBLE || termHi == 0)
            {
                break;
            }
        }
        out[0] = sumHi;
        out[1] = sumLo;
    }
}
