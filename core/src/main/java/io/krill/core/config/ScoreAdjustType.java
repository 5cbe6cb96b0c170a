package io.krill.core.config;

/**
 * {@code oom-score-adj-values}: three OOM score adjustments (master, replica, background child), each in
 * [-2000, 2000]; the value is a {@code long[3]}. Krill stores it for compatibility; a JVM does not set them.
 */
final class ScoreAdjustType extends OptionType
{
    static final ScoreAdjustType INSTANCE = new ScoreAdjustType();

    private static final int COUNT = 3;
    private static final long LIMIT = 2000;

    private ScoreAdjustType()
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
        if (args.length != COUNT)
        {
            throw new InvalidValueException("wrong number of arguments");
        }
        final long[] values = new long[COUNT];
        for (int i = 0; i < COUNT; i++)
        {
            try
            {
                values[i] = NumberText.parseLenient(args[i]);
            }
            catch (final NumberFormatException ex)
            {
                values[i] = Long.MAX_VALUE;
            }
            if (values[i] < -LIMIT || values[i] > LIMIT)
            {
                throw new InvalidValueException(
                    "Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
            }
        }
        return values;
    }

    @Override
    String format(final Object value)
    {
        final long[] values = (long[])value;
        return values[0] + " " + values[1] + " " + values[2];
    }
}
