package io.krill.core.config;

/**
 * A value an option refuses, with the reason in Redis's words. Thrown while parsing a directive or a CONFIG SET
 * value and turned into a {@link ConfigException} (with the line) or a CONFIG SET error reply (with the name).
 */
final class InvalidValueException extends Exception
{
    private static final long serialVersionUID = 1L;

    InvalidValueException(final String reason)
    {
        // No stack trace: this is an expected outcome of validating user input, not a bug.
        super(reason, null, false, false);
    }
}
