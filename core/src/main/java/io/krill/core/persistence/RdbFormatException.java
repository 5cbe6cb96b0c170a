package io.krill.core.persistence;

import java.io.IOException;

/**
 * An RDB file or DUMP payload that cannot be loaded: truncated, corrupted (bad checksum, impossible lengths,
 * malformed listpacks...), of an unknown version, or holding a value type Krill does not support (modules,
 * streams). Nothing read from such input is kept by the caller that reports it.
 */
public final class RdbFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    public RdbFormatException(final String message)
    {
        super(message);
    }
}
