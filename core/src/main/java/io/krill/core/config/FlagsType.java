package io.krill.core.config;

/**
 * An option that takes a set of words, each a bit ({@code shutdown-on-sigterm nosave now}). The word whose value
 * is 0 ({@code default}) stands for the empty set. CONFIG GET lists the set words in declaration order.
 */
final class FlagsType extends OptionType
{
    private final EnumType words;
    private final int exclusiveA;
    private final int exclusiveB;
    private final String exclusiveReason;

    /**
     * @param exclusiveA a bit that may not be combined with {@code exclusiveB} (0 for no such rule).
     * @param exclusiveReason the error when both are set.
     */
    FlagsType(
        final String[] names,
        final int[] values,
        final int exclusiveA,
        final int exclusiveB,
        final String exclusiveReason)
    {
        this.words = new EnumType(names, values);
        this.exclusiveA = exclusiveA;
        this.exclusiveB = exclusiveB;
        this.exclusiveReason = exclusiveReason;
    }

    @Override
    boolean multiArg()
    {
        return true;
    }

    @Override
    Object parse(final String[] args, final Object[] current) throws InvalidValueException
    {
        if (args.length == 0)
        {
            throw new InvalidValueException(words.expected());
        }
        int flags = 0;
        for (final String arg : args)
        {
            flags |= words.valueOf(arg);
        }
        if (exclusiveA != 0 && (flags & exclusiveA) != 0 && (flags & exclusiveB) != 0)
        {
            throw new InvalidValueException(exclusiveReason);
        }
        return flags;
    }

    @Override
    String format(final Object value)
    {
        final int flags = (Integer)value;
        if (flags == 0)
        {
            return words.nameOf(0);
        }
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.size(); i++)
        {
            final int bit = words.value(i);
            if (bit != 0 && (flags & bit) == bit)
            {
                if (out.length() > 0)
                {
                    out.append(' ');
                }
                out.append(words.name(i));
            }
        }
        return out.toString();
    }
}
