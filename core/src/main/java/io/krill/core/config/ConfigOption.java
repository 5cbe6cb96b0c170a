package io.krill.core.config;

/**
 * One row of the option table: the name Redis uses, its old names, how values are read and shown, the default,
 * and whether CONFIG SET may change it.
 */
final class ConfigOption
{
    /** CONFIG SET refuses it: "can't set immutable config". */
    static final int IMMUTABLE = 1;
    /** CONFIG SET refuses it unless {@code enable-protected-configs} allows: "can't set protected config". */
    static final int PROTECTED = 1 << 1;
    /** Not in Redis 7.0 (added in 7.2); left out when comparing with a 7.0 server. */
    static final int SINCE_7_2 = 1 << 2;
    /** Redis would accept other values; Krill takes only the default and says why otherwise. */
    static final int DEFAULT_ONLY = 1 << 3;
    /** A secret: CONFIG SET's value must not reach SLOWLOG, MONITOR or logs. */
    static final int SENSITIVE = 1 << 4;
    /** Krill's own option, unknown to Redis: left out when comparing with a Redis server. */
    static final int KRILL_ONLY = 1 << 5;

    private final int index;
    private final String name;
    private final String[] aliases;
    private final OptionType type;
    private final String defaultText;
    private final int flags;
    private final String defaultOnlyReason;

    ConfigOption(
        final int index,
        final String name,
        final String[] aliases,
        final OptionType type,
        final String defaultText,
        final int flags,
        final String defaultOnlyReason)
    {
        this.index = index;
        this.name = name;
        this.aliases = aliases;
        this.type = type;
        this.defaultText = defaultText;
        this.flags = flags;
        this.defaultOnlyReason = defaultOnlyReason;
    }

    /** The option's slot in a value array. */
    int index()
    {
        return index;
    }

    String name()
    {
        return name;
    }

    int aliasCount()
    {
        return aliases.length;
    }

    String alias(final int i)
    {
        return aliases[i];
    }

    OptionType type()
    {
        return type;
    }

    /** The default as it would be written in redis.conf. */
    String defaultText()
    {
        return defaultText;
    }

    /** The default's words, split as a multi-word option's default is written: on single spaces. */
    String[] defaultArgs()
    {
        return type.multiArg() && !defaultText.isEmpty() ? defaultText.split(" ") : new String[] {defaultText};
    }

    boolean is(final int flag)
    {
        return (flags & flag) != 0;
    }

    /**
     * Parses one directive's words, honouring {@link #DEFAULT_ONLY}.
     *
     * @param args the words after the name: exactly one unless the type is multi-word.
     */
    Object parse(final String[] args, final Object[] current) throws InvalidValueException
    {
        final Object value = type.parse(args, current);
        if (is(DEFAULT_ONLY) && !type.same(value, type.parse(defaultArgs(), current)))
        {
            throw new InvalidValueException(defaultOnlyReason);
        }
        return value;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
