package io.krill.core.config;

/**
 * An integer option, plain or memory-valued, with Redis's bounds and error texts.
 * <p>
 * The bounds are those of the C type Redis stores the option in ({@code int}, {@code unsigned int},
 * {@code long long}, {@code size_t}...), because they appear verbatim in the error a client sees:
 * "argument must be between 1 and 4294967295 inclusive". Unsigned 64-bit options ({@code maxmemory}) keep the
 * raw bits and print them unsigned. A percent option ({@code maxmemory-clients}) also takes {@code N%}, stored
 * as {@code -N} as Redis stores it.
 */
final class NumberType extends OptionType
{
    static final long INT_MAX = Integer.MAX_VALUE;
    static final long INT_MIN = Integer.MIN_VALUE;
    static final long UINT_MAX = 0xFFFF_FFFFL;
    static final long LLONG_MAX = Long.MAX_VALUE;

    private final long min;
    private final long max;
    private final boolean memory;
    private final boolean unsigned64;
    private final boolean percent;
    private final long clampMin;
    private final long clampMax;

    private NumberType(
        final long min,
        final long max,
        final boolean memory,
        final boolean unsigned64,
        final boolean percent,
        final long clampMin,
        final long clampMax)
    {
        this.min = min;
        this.max = max;
        this.memory = memory;
        this.unsigned64 = unsigned64;
        this.percent = percent;
        this.clampMin = clampMin;
        this.clampMax = clampMax;
    }

    static NumberType integer(final long min, final long max)
    {
        return new NumberType(min, max, false, false, false, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static NumberType memory(final long min, final long max)
    {
        return new NumberType(min, max, true, false, false, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A memory option stored in an unsigned 64-bit integer: any value up to 2^64-1 is accepted. */
    static NumberType memoryUnsigned64()
    {
        return new NumberType(0, -1L, true, true, false, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A memory option that also takes a percentage of {@code maxmemory}, {@code 0%} to {@code 100%}. */
    static NumberType memoryOrPercent(final long max)
    {
        return new NumberType(-100, max, true, false, true, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * The same type, but a value outside {@code [low, high]} is silently brought into it after validation, as
     * Redis does for {@code hz} (a {@code CONFIG SET hz 1000} reads back 500).
     */
    NumberType clampedTo(final long low, final long high)
    {
        return new NumberType(min, max, memory, unsigned64, percent, low, high);
    }

    @Override
    Object parse(final String[] args, final Object[] current) throws InvalidValueException
    {
        final String text = args[0];
        long value;
        if (percent && text.length() > 1 && text.charAt(text.length() - 1) == '%' && parsePercent(text) >= 0)
        {
            value = -parsePercent(text);
        }
        else if (memory)
        {
            try
            {
                value = NumberText.parseMemory(text);
            }
            catch (final NumberFormatException ex)
            {
                throw new InvalidValueException(
                    percent ? "argument must be a memory or percent value" : "argument must be a memory value");
            }
        }
        else
        {
            try
            {
                value = NumberText.parseStrict(text);
            }
            catch (final NumberFormatException ex)
            {
                throw new InvalidValueException("argument couldn't be parsed into an integer");
            }
        }
        checkBounds(value);
        return Math.max(clampMin, Math.min(clampMax, value));
    }

    private static long parsePercent(final String text)
    {
        try
        {
            return NumberText.parseStrict(text.substring(0, text.length() - 1));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private void checkBounds(final long value) throws InvalidValueException
    {
        if (unsigned64)
        {
            return;
        }
        if (percent && value < 0)
        {
            if (value < min)
            {
                throw new InvalidValueException("percentage argument must be less or equal to 100");
            }
            return;
        }
        if (value < (percent ? 0 : min) || value > max)
        {
            throw new InvalidValueException(
                "argument must be between " + (percent ? 0 : min) + " and " + max + " inclusive");
        }
    }

    @Override
    String format(final Object value)
    {
        final long v = (Long)value;
        if (percent && v < 0)
        {
            return -v + "%";
        }
        return unsigned64 ? Long.toUnsignedString(v) : Long.toString(v);
    }
}
