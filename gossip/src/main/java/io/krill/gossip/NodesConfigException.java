package io.krill.gossip;

/**
 * nodes.conf cannot be loaded. Redis logs "Unrecoverable error: corrupted cluster config file." and exits;
 * the message here starts with the same words and adds the line and reason. Core should refuse to start.
 */
public final class NodesConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public static final String PREFIX = "corrupted cluster config file";

    NodesConfigException(final int lineNumber, final String reason)
    {
        super(PREFIX + (lineNumber > 0 ? " (line " + lineNumber + ")" : "") + ": " + reason);
    }
}
