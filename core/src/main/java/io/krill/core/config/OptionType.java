package io.krill.core.config;

/**
 * How one option's words become a value and how the value is shown by CONFIG GET.
 * <p>
 * Values are immutable ({@code Long}, {@code Boolean}, {@code Integer}, {@code String}, or a private array the
 * type never hands out), so a published configuration can be read from any thread.
 */
abstract class OptionType
{
    /**
     * Parses the words that follow the option's name.
     *
     * @param args one word for single-value options; any number for {@link #multiArg()} ones.
     * @param current the values in force, for options whose meaning depends on another (a relative {@code dir}).
     */
    abstract Object parse(String[] args, Object[] current) throws InvalidValueException;

    /** The value as CONFIG GET prints it. */
    abstract String format(Object value);

    /**
     * Whether the option takes several words ({@code save 900 1 300 10}). Redis splits a single CONFIG SET value of
     * such an option on spaces, and a single quoted config-file word on whitespace.
     */
    boolean multiArg()
    {
        return false;
    }

    /** Whether two values are the same, so that setting one over the other changes nothing. */
    boolean same(final Object a, final Object b)
    {
        return format(a).equals(format(b));
    }
}
