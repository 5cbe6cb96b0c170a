package io.krill.core.resp;

/**
 * An error reply raised from inside a command; the dispatcher writes {@code -<message>} and the command has no
 * other effect.
 * <p>
 * No stack trace is filled in: these are replies, not bugs, and the common ones are preallocated so that a
 * client sending bad arguments in a loop costs no allocation.
 */
public final class CommandException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public static final CommandException NOT_AN_INTEGER =
        new CommandException("ERR value is not an integer or out of range");
    public static final CommandException NOT_A_FLOAT = new CommandException("ERR value is not a valid float");
    public static final CommandException SYNTAX = new CommandException("ERR syntax error");
    public static final CommandException WRONG_TYPE =
        new CommandException("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final CommandException NO_SUCH_KEY = new CommandException("ERR no such key");
    public static final CommandException OVERFLOW = new CommandException("ERR increment or decrement would overflow");

    public CommandException(final String message)
    {
        super(message, null, false, false);
    }
}
