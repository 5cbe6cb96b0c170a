package io.krill.gossip;

/**
 * What {@link BusMessageValidator} and {@link BusFrameDecoder} decided about a message: {@link #ACCEPTED}, or
 * why it was rejected. A rejection either breaks the stream (the framing can no longer be trusted, so the
 * link must be closed, as Redis does) or drops just that message (the frame boundaries are still sound).
 * Counted per peer by {@link MalformedPacketCounter}.
 */
public enum BusVerdict
{
    /** Well formed (unknown types included: they are accepted and ignored). */
    ACCEPTED(false),

    /** The first 4 bytes are not {@code RCmb}. Closes the link. */
    BAD_SIGNATURE(true),
    /** {@code totlen} is below the 2256-byte header. Closes the link. */
    LENGTH_BELOW_HEADER(true),
    /** {@code totlen} exceeds the configured maximum message length. Closes the link. */
    LENGTH_ABOVE_MAXIMUM(true),

    /** Fewer bytes were given than a header needs (a caller passing a short slice; framing never does). */
    TRUNCATED(false),
    /** {@code totlen} differs from the number of bytes given for the message. */
    TOTAL_LENGTH_MISMATCH(false),
    /** {@code ver} is not 1. */
    BAD_VERSION(false),
    /** {@code totlen} is not the length the type and its counts or length fields call for. */
    WRONG_LENGTH_FOR_TYPE(false),
    /** An extension's 8-byte header does not fit before the end of the message. */
    EXTENSION_HEADER_TRUNCATED(false),
    /** An extension's length is not a multiple of 8. */
    EXTENSION_NOT_PADDED(false),
    /** An extension's length is below its own 8-byte header (Redis would loop on the same bytes). */
    EXTENSION_TOO_SHORT(false),
    /** An extension's length runs past the end of the message. */
    EXTENSION_OVERRUNS_MESSAGE(false),
    /** A FORGOTTEN_NODE or SHARDID extension too short for its fixed fields. */
    EXTENSION_BODY_TOO_SHORT(false);

    private final boolean closesLink;

    BusVerdict(final boolean closesLink)
    {
        this.closesLink = closesLink;
    }

    public boolean isAccepted()
    {
        return this == ACCEPTED;
    }

    /**
     * True for framing failures: the byte stream is unusable and the link must be closed.
     */
    public boolean closesLink()
    {
        return closesLink;
    }
}
