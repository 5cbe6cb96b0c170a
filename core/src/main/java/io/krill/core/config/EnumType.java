package io.krill.core.config;

/**
 * An option that takes one of a fixed list of words, in any case. Several words may share a value (for
 * {@code enable-protected-configs}, none do; for Redis's {@code oom-score-adj}, {@code yes} and {@code relative}
 * do); CONFIG GET prints the first word listed for the value. The value is the word's index in {@link #names}
 * unless explicit values are given.
 */
final class EnumType extends OptionType
{
    private final String[] names;
    private final int[] values;
    private final String expected;

    EnumType(final String... names)
    {
        this(names, indexes(names.length));
    }

    EnumType(final String[] names, final int[] values)
    {
        this.names = names.clone();
        this.values = values.clone();
        this.expected = "argument(s) must be one of the following: " + String.join(", ", names);
    }

    private static int[] indexes(final int count)
    {
        final int[] values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = i;
        }
        return values;
    }

    @Override
    Object parse(final String[] args, final Object[] current) throws InvalidValueException
    {
        return valueOf(args[0]);
    }

    int valueOf(final String word) throws InvalidValueException
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equalsIgnoreCase(word))
            {
                return values[i];
            }
        }
        throw new InvalidValueException(expected);
    }

    @Override
    String format(final Object value)
    {
        return nameOf((Integer)value);
    }

    String nameOf(final int value)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (values[i] == value)
            {
                return names[i];
            }
        }
        throw new IllegalStateException("no name for value " + value);
    }

    String expected()
    {
        return expected;
    }

    int size()
    {
        return names.length;
    }

    String name(final int i)
    {
        return names[i];
    }

    int value(final int i)
    {
        return values[i];
    }
}
