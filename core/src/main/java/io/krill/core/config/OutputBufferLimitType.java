package io.krill.core.config;

import java.util.Locale;

/**
 * {@code client-output-buffer-limit <class> <hard> <soft> <soft-seconds> [...]}: per client class, the output
 * buffer size that disconnects a client at once (hard) or after staying above soft for soft-seconds. The value is
 * a {@code long[9]}: hard bytes, soft bytes, soft seconds for normal, replica and pubsub clients, in that order.
 * Classes not named keep their current limits. Sizes are memory values; 0 means no limit.
 */
final class OutputBufferLimitType extends OptionType
{
    static final OutputBufferLimitType INSTANCE = new OutputBufferLimitType();

    static final int NORMAL = 0;
    static final int REPLICA = 1;
    static final int PUBSUB = 2;

    private static final String[] CLASS_NAMES = {"normal", "slave", "pubsub"};

    private OutputBufferLimitType()
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
        if (args.length % 4 != 0)
        {
            throw new InvalidValueException("Wrong number of arguments in buffer limit configuration.");
        }
        final Object old = current == null ? null : current[OptionTable.CLIENT_OUTPUT_BUFFER_LIMIT.index()];
        final long[] limits = old == null ? new long[9] : ((long[])old).clone();
        for (int i = 0; i < args.length; i += 4)
        {
            final int clientClass = classOf(args[i]);
            if (clientClass < 0)
            {
                throw new InvalidValueException("Invalid client class specified in buffer limit configuration.");
            }
            final long hard;
            final long soft;
            final long softSeconds;
            try
            {
                hard = NumberText.parseMemory(args[i + 1]);
                soft = NumberText.parseMemory(args[i + 2]);
                softSeconds = NumberText.parseLenient(args[i + 3]);
            }
            catch (final NumberFormatException ex)
            {
                throw badLimit();
            }
            if (softSeconds < 0)
            {
                throw badLimit();
            }
            limits[clientClass * 3] = hard;
            limits[clientClass * 3 + 1] = soft;
            limits[clientClass * 3 + 2] = softSeconds;
        }
        return limits;
    }

    private static InvalidValueException badLimit()
    {
        return new InvalidValueException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }

    private static int classOf(final String name)
    {
        switch (name.toLowerCase(Locale.ROOT))
        {
            case "normal":
                return NORMAL;
            case "slave":
            case "replica":
                return REPLICA;
            case "pubsub":
                return PUBSUB;
            default:
                return -1;
        }
    }

    @Override
    String format(final Object value)
    {
        final long[] limits = (long[])value;
        final StringBuilder out = new StringBuilder();
        for (int c = 0; c < CLASS_NAMES.length; c++)
        {
            if (c > 0)
            {
                out.append(' ');
            }
            out.append(CLASS_NAMES[c]).append(' ')
                .append(Long.toUnsignedString(limits[c * 3])).append(' ')
                .append(Long.toUnsignedString(limits[c * 3 + 1])).append(' ')
                .append(limits[c * 3 + 2]);
        }
        return out.toString();
    }
}
