package io.krill.core.config;

/**
 * The addresses to listen on, at most 16 ({@code bind 127.0.0.1 -::1}); the value is a {@code String[]}.
 * A leading {@code -} marks an address that may be missing on this host. A single empty word means no address
 * at all (the node then serves no TCP clients). Addresses are checked when the server binds them, not here.
 */
final class BindType extends OptionType
{
    static final BindType INSTANCE = new BindType();

    static final int ADDRESSES_MAX = 16;

    private BindType()
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
        if (args.length > ADDRESSES_MAX)
        {
            throw new InvalidValueException("Too many bind addresses specified.");
        }
        if (args.length == 1 && args[0].isEmpty())
        {
            return new String[0];
        }
        return args.clone();
    }

    @Override
    String format(final Object value)
    {
        return String.join(" ", (String[])value);
    }
}
