package io.krill.core.config;

/**
 * The RDB snapshot points, {@code save <seconds> <changes> [<seconds> <changes> ...]}; the value is a
 * {@code long[]} of pairs. A single empty word ({@code save ""}) means no snapshots.
 * <p>
 * Redis checks each number with {@code strtoll} and an end check, so {@code " 5"} and {@code "+5"} pass and an
 * empty word reads as 0; seconds must be at least 1 and changes at least 0. In a config file, successive
 * {@code save} lines add up (the first one replaces the default); see {@link ConfigLoader}.
 */
final class SaveType extends OptionType
{
    static final SaveType INSTANCE = new SaveType();

    private static final long[] NONE = new long[0];

    private SaveType()
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
            return NONE;
        }
        if ((args.length & 1) != 0)
        {
            throw invalid();
        }
        final long[] pairs = new long[args.length];
        for (int i = 0; i < args.length; i++)
        {
            try
            {
                pairs[i] = NumberText.parseLenient(args[i]);
            }
            catch (final NumberFormatException ex)
            {
                throw invalid();
            }
            if (pairs[i] < ((i & 1) == 0 ? 1 : 0))
            {
                throw invalid();
            }
        }
        return pairs;
    }

    private static InvalidValueException invalid()
    {
        return new InvalidValueException("Invalid save parameters");
    }

    /** The snapshot points of {@code first} followed by those of {@code second}. */
    static long[] append(final Object first, final Object second)
    {
        final long[] a = (long[])first;
        final long[] b = (long[])second;
        final long[] both = new long[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Override
    String format(final Object value)
    {
        final long[] pairs = (long[])value;
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i++)
        {
            if (i > 0)
            {
                out.append(' ');
            }
            out.append(pairs[i]);
        }
        return out.toString();
    }
}
