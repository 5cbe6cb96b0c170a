package io.krill.core.config;

/** A yes/no option; Redis accepts either word in any case and prints it in lower case. */
final class BoolType extends OptionType
{
    static final BoolType INSTANCE = new BoolType();

    private BoolType()
    {
    }

    @Override
    Object parse(final String[] args, final Object[] current) throws InvalidValueException
    {
        if ("yes".equalsIgnoreCase(args[0]))
        {
            return Boolean.TRUE;
        }
        if ("no".equalsIgnoreCase(args[0]))
        {
            return Boolean.FALSE;
        }
        throw new InvalidValueException("argument must be 'yes' or 'no'");
    }

    @Override
    String format(final Object value)
    {
        return (Boolean)value ? "yes" : "no";
    }
}
