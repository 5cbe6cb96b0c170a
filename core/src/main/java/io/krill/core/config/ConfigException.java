package io.krill.core.config;

/**
 * A configuration problem: an unknown option, a bad value or an unreadable config file.
 * The message is meant to be shown to the user as is.
 */
public final class ConfigException extends Exception
{
    private static final long serialVersionUID = 1L;

    public ConfigException(final String message)
    {
        super(message);
    }
}
