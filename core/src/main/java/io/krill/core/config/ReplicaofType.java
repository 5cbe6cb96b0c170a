package io.krill.core.config;

/**
 * The master to replicate from, {@code replicaof <host> <port>}, or {@code replicaof no one}. The value is a
 * {@code String[]} of host and port, empty when the node is a master. CONFIG SET refuses it (use REPLICAOF).
 */
final class ReplicaofType extends OptionType
{
    static final ReplicaofType INSTANCE = new ReplicaofType();

    private static final String[] NONE = new String[0];

    private ReplicaofType()
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
        if (args.length != 2)
        {
            throw new InvalidValueException("wrong number of arguments");
        }
        if ("no".equalsIgnoreCase(args[0]) && "one".equalsIgnoreCase(args[1]))
        {
            return NONE;
        }
        final long port;
        try
        {
            port = NumberText.parseLenient(args[1]);
        }
        catch (final NumberFormatException ex)
        {
            throw new InvalidValueException("Invalid master port");
        }
        if (port < 0 || port > 65535)
        {
            throw new InvalidValueException("Invalid master port");
        }
        return new String[] {args[0], Long.toString(port)};
    }

    @Override
    String format(final Object value)
    {
        return String.join(" ", (String[])value);
    }
}
