package io.krill.core.config;

/** {@code notify-keyspace-events}: class letters, stored as {@link KeyspaceEventFlags} bits. */
final class NotifyEventsType extends OptionType
{
    static final NotifyEventsType INSTANCE = new NotifyEventsType();

    private NotifyEventsType()
    {
    }

    @Override
    Object parse(final String[] args, final Object[] current) throws InvalidValueException
    {
        final int flags = KeyspaceEventFlags.parse(args[0]);
        if (flags < 0)
        {
            throw new InvalidValueException(KeyspaceEventFlags.INVALID);
        }
        return flags;
    }

    @Override
    String format(final Object value)
    {
        return KeyspaceEventFlags.format((Integer)value);
    }
}
