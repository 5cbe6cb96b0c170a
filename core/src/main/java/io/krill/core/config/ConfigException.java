package io.krill.core.config;

/**
 * A configuration problem: an unknown option, a bad value or an unreadable config file.
 * <p>
 * The message is laid out as {@code redis-server} prints a fatal config error, without its banner line:
 * <pre>
 * Reading the configuration file, at line 2
 * &gt;&gt;&gt; 'port "abc"'
 * argument couldn't be parsed into an integer
 * </pre>
 * Errors that belong to no line (an unreadable file, a check across options) carry only the reason.
 */
public final class ConfigException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int lineNumber;
    private final String line;
    private final String reason;

    public ConfigException(final String reason)
    {
        this(0, null, reason);
    }

    /**
     * @param lineNumber 1-based line in the combined config text (file, then command-line options), as Redis counts.
     * @param line the offending line, trimmed, as it appears in that text.
     * @param reason what is wrong, in Redis's words where Redis has words for it.
     */
    public ConfigException(final int lineNumber, final String line, final String reason)
    {
        super(line == null ? reason :
            "Reading the configuration file, at line " + lineNumber + "\n>>> '" + line + "'\n" + reason);
        this.lineNumber = lineNumber;
        this.line = line;
        this.reason = reason;
    }

    /** The 1-based line number, or 0 if the error belongs to no line. */
    public int lineNumber()
    {
        return lineNumber;
    }

    /** The offending line, or null. */
    public String line()
    {
        return line;
    }

    /** The reason alone, without the line. */
    public String reason()
    {
        return reason;
    }

    /** The whole report as {@code redis-server} prints it, with the banner naming the product and version. */
    public String fatalReport(final String productAndVersion)
    {
        return "\n*** FATAL CONFIG FILE ERROR (" + productAndVersion + ") ***\n" + getMessage();
    }
}
