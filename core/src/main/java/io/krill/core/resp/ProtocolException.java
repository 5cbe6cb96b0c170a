package io.krill.core.resp;

/**
 * Malformed client input. The connection gets {@code -ERR Protocol error: <reason>} and is closed, as Redis
 * does, because the decoder can no longer tell where the next request starts.
 */
public final class ProtocolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public ProtocolException(final String reason)
    {
        super(reason, null, false, false);
    }

    /** The error reply text, without the leading '-'. */
    public String replyText()
    {
        return "ERR Protocol error: " + getMessage();
    }
}
