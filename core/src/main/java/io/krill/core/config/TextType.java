package io.krill.core.config;

import java.util.function.UnaryOperator;

/** A free-text option (a file name, an address, a password), optionally checked. */
final class TextType extends OptionType
{
    static final TextType ANY = new TextType(value -> null);

    /** {@code cluster-announce-hostname}: what Redis allows in a hostname it gossips. */
    static final TextType HOSTNAME = new TextType(TextType::checkHostname);

    /** {@code proc-title-template}: only the variables Redis knows, in balanced braces. */
    static final TextType TITLE_TEMPLATE = new TextType(TextType::checkTitleTemplate);

    private static final String TITLE_INVALID = "template format is invalid or contains unknown variables";

    private static final String[] TITLE_VARIABLES =
        {"title", "listen-addr", "server-mode", "port", "tls-port", "unixsocket", "config-file"};

    private final UnaryOperator<String> check;

    /** @param check returns why a value is refused, or null to accept it. */
    private TextType(final UnaryOperator<String> check)
    {
        this.check = check;
    }

    /** A bare file or directory name: Redis refuses a path, with {@code reason}. */
    static TextType bareName(final String reason)
    {
        return new TextType(value -> value.indexOf('/') >= 0 ? reason : null);
    }

    @Override
    Object parse(final String[] args, final Object[] current) throws InvalidValueException
    {
        final String reason = check.apply(args[0]);
        if (reason != null)
        {
            throw new InvalidValueException(reason);
        }
        return args[0];
    }

    @Override
    String format(final Object value)
    {
        return (String)value;
    }

    private static String checkHostname(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            final boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && c != '-' && c != '.')
            {
                return "Hostnames may only contain alphanumeric characters, hyphens or dots";
            }
        }
        return null;
    }

    /**
     * Redis validates a template by expanding it with an empty title and refusing an unknown variable, an
     * unclosed brace, or a result that is blank: {@code {title}} alone is refused, {@code {port}x} is not.
     * Variables that expand to nothing at that point: title, server-mode, unixsocket, config-file.
     */
    private static String checkTitleTemplate(final String value)
    {
        boolean blank = true;
        int i = 0;
        while (i < value.length())
        {
            final char c = value.charAt(i);
            if (c == '{')
            {
                final int close = value.indexOf('}', i + 1);
                if (close < 0 || !isTitleVariable(value.substring(i + 1, close)))
                {
                    return TITLE_INVALID;
                }
                final String variable = value.substring(i + 1, close);
                blank &= !(variable.equals("port") || variable.equals("tls-port") || variable.equals("listen-addr"));
                i = close + 1;
                continue;
            }
            blank &= c == ' ';
            i++;
        }
        return blank ? TITLE_INVALID : null;
    }

    private static boolean isTitleVariable(final String name)
    {
        for (final String variable : TITLE_VARIABLES)
        {
            if (variable.equals(name))
            {
                return true;
            }
        }
        return false;
    }
}
