package io.krill.replication;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The replication backlog: the last {@code repl-backlog-size} bytes of the replication stream, kept so a replica
 * that lost its link for a while can continue with {@code +CONTINUE} instead of a full resync.
 * <p>
 * BEHAVIOR: a ring over one buffer allocated at creation (Redis creates the backlog when the first replica
 * connects, and so does the caller). Offsets are replication offsets: the stream's first byte has offset 1, and
 * {@link #endOffset()} is the offset of the last byte written (Redis's {@code master_repl_offset}). The backlog
 * holds bytes {@link #firstByteOffset()} .. {@link #endOffset()}, {@link #historyLength()} of them.
 * <p>
 * Not thread safe: owned by the node's agent.
 */
public final class ReplicationBacklog
{
    private final UnsafeBuffer ring;
    private final int capacityBytes;
    /** Offset of the last byte written. */
    private long endOffset;
    private int historyLength;

    /**
     * @param capacityBytes  ring size ({@code repl-backlog-size}).
     * @param startOffset    replication offset already reached: the next byte appended gets offset+1.
     */
    public ReplicationBacklog(final int capacityBytes, final long startOffset)
    {
        if (capacityBytes <= 0)
        {
            throw new IllegalArgumentException("backlog size must be positive: " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
        this.ring = new UnsafeBuffer(new byte[capacityBytes]);
        this.endOffset = startOffset;
    }

    public int capacityBytes()
    {
        return capacityBytes;
    }

    /** Offset of the last byte appended. */
    public long endOffset()
    {
        return endOffset;
    }

    /** Offset of the oldest byte held ({@code repl_backlog_first_byte_offset}); endOffset+1 when empty. */
    public long firstByteOffset()
    {
        return endOffset - historyLength + 1;
    }

    /** Bytes held ({@code repl_backlog_histlen}). */
    public int historyLength()
    {
        return historyLength;
    }

    /** Appends stream bytes, overwriting the oldest when full. */
    public void append(final DirectBuffer source, final int offset, final int length)
    {
        int from = offset;
        int remaining = length;
        if (remaining > capacityBytes)
        {
            // only the newest capacity bytes can survive
            from += remaining - capacityBytes;
            remaining = capacityBytes;
        }
        int position = positionOf(endOffset + 1 + (length - remaining));
        while (remaining > 0)
        {
            final int chunk = Math.min(remaining, capacityBytes - position);
            ring.putBytes(position, source, from, chunk);
            from += chunk;
            remaining -= chunk;
            position = 0;
        }
        endOffset += length;
        historyLength = (int)Math.min(capacityBytes, (long)historyLength + length);
    }

    /** Appends stream bytes from an array. */
    public void append(final byte[] source, final int offset, final int length)
    {
        int from = offset;
        int remaining = length;
        if (remaining > capacityBytes)
        {
            from += remaining - capacityBytes;
            remaining = capacityBytes;
        }
        int position = positionOf(endOffset + 1 + (length - remaining));
        while (remaining > 0)
        {
            final int chunk = Math.min(remaining, capacityBytes - position);
            ring.putBytes(position, source, from, chunk);
            from += chunk;
            remaining -= chunk;
            position = 0;
        }
        endOffset += length;
        historyLength = (int)Math.min(capacityBytes, (long)historyLength + length);
    }

    /**
     * Whether the bytes from {@code offset} to the end are all held, so a replica asking to continue at
     * {@code offset} can be served. Asking for {@code endOffset()+1} (nothing missed) is servable, even from an
     * empty backlog, as in Redis (the window is {@code [first byte, first byte + histlen]}).
     */
    public boolean canServe(final long offset)
    {
        return offset >= firstByteOffset() && offset <= endOffset + 1;
    }

    /** Number of bytes from {@code offset} to the end; requires {@link #canServe}. */
    public long bytesFrom(final long offset)
    {
        return endOffset + 1 - offset;
    }

    /**
     * Copies held bytes starting at replication offset {@code offset} into {@code target}.
     *
     * @return bytes copied: min(maxLength, bytes from offset to the end).
     */
    public int copyFrom(final long offset, final MutableDirectBuffer target, final int targetOffset,
        final int maxLength)
    {
        if (!canServe(offset))
        {
            throw new IllegalArgumentException("offset " + offset + " is outside the backlog [" +
                firstByteOffset() + ", " + (endOffset + 1) + "]");
        }
        final int total = (int)Math.min(maxLength, bytesFrom(offset));
        int position = positionOf(offset);
        int copied = 0;
        while (copied < total)
        {
            final int chunk = Math.min(total - copied, capacityBytes - position);
            target.putBytes(targetOffset + copied, ring, position, chunk);
            copied += chunk;
            position = 0;
        }
        return total;
    }

    /** Copies into an array; see {@link #copyFrom(long, MutableDirectBuffer, int, int)}. */
    public int copyFrom(final long offset, final byte[] target, final int targetOffset, final int maxLength)
    {
        if (!canServe(offset))
        {
            throw new IllegalArgumentException("offset " + offset + " is outside the backlog [" +
                firstByteOffset() + ", " + (endOffset + 1) + "]");
        }
        final int total = (int)Math.min(maxLength, bytesFrom(offset));
        int position = positionOf(offset);
        int copied = 0;
        while (copied < total)
        {
            final int chunk = Math.min(total - copied, capacityBytes - position);
            ring.getBytes(position, target, targetOffset + copied, chunk);
            copied += chunk;
            position = 0;
        }
        return total;
    }

    private int positionOf(final long offset)
    {
        // offset 1 is at position 0 of a backlog created at offset 0
        return (int)Math.floorMod(offset - 1, (long)capacityBytes);
    }
}
