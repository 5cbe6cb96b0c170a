package io.krill.gossip;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Cuts one bus link's inbound byte stream into messages, sans I/O: the transport hands over whatever bytes
 * arrived, in any chunking, and gets each complete message back through a {@link BusFrameHandler}.
 * <p>
 * BEHAVIOR (digest 5.1): read 8 bytes; the signature must be {@code RCmb} and {@code totlen} at least the
 * 2256-byte header and at most {@code maxMessageLength}, or the stream is broken: {@link #onBytes} returns
 * {@link #BROKEN}, {@link #failure()} says why, and the caller closes the link (Redis does the same; after a
 * bad length nothing later in the stream can be trusted). Otherwise wait for {@code totlen} bytes, then
 * validate the message ({@link BusMessageValidator}) and deliver it to {@code onMessage} or, if malformed,
 * to {@code onMalformed}, and go on with the next frame.
 * <p>
 * Copying: a frame that arrives whole inside one chunk is validated and delivered in place, from the
 * caller's buffer. Only a frame split across chunks is gathered into the decoder's own buffer, which
 * starts at {@code initialCapacity} and doubles as needed up to {@code maxMessageLength}: the only allocation,
 * and bounded. Why a maximum: Redis has none, so one corrupt or hostile {@code totlen} of 4 GB would make
 * it buffer 4 GB; a PING with 65535 gossip entries is 6.8 MB, so the default of 8 MiB past the header
 * loses nothing real (a PUBLISH relaying a larger pub/sub message is the exception, hence configurable).
 * <p>
 * One decoder per inbound link; single-threaded; {@link #reset()} before reusing it for another link.
 */
public final class BusFrameDecoder
{
    /** Default bound on {@code totlen}: the header plus 8 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = BusHeaderCodec.LENGTH + 8 * 1024 * 1024;
    /** Default initial size of the gathering buffer: the largest fixed-size message (UPDATE), rounded up. */
    public static final int DEFAULT_INITIAL_CAPACITY = 8192;
    /** {@link #onBytes} result once the stream is broken. */
    public static final int BROKEN = -1;

    private final int maxMessageLength;
    private final UnsafeBuffer gathered = new UnsafeBuffer(new byte[0]);
    private int gatheredLength;
    private int frameLength;
    private BusVerdict failure;

    public BusFrameDecoder()
    {
        this(DEFAULT_MAX_MESSAGE_LENGTH, DEFAULT_INITIAL_CAPACITY);
    }

    /**
     * @param maxMessageLength largest {@code totlen} accepted, at least the 2256-byte header.
     * @param initialCapacity  starting size of the buffer that gathers split frames.
     */
    public BusFrameDecoder(final int maxMessageLength, final int initialCapacity)
    {
        if (maxMessageLength < BusHeaderCodec.LENGTH)
        {
            throw new IllegalArgumentException("maxMessageLength " + maxMessageLength + " < header length");
        }
        this.maxMessageLength = maxMessageLength;
        gathered.wrap(new byte[Math.max(BusMessageValidator.FRAME_PREFIX_LENGTH,
            Math.min(initialCapacity, maxMessageLength))]);
    }

    /**
     * Consumes {@code src[offset .. offset + length)}, delivering every message it completes.
     *
     * @return the number of frames delivered (accepted or malformed), or {@link #BROKEN} if the stream is (or
     *         already was) broken, in which case the caller must close the link.
     */
    public int onBytes(final DirectBuffer src, final int offset, final int length, final BusFrameHandler handler)
    {
        if (failure != null)
        {
            return BROKEN;
        }
        int position = offset;
        final int end = offset + length;
        int delivered = 0;
        while (position < end)
        {
            if (gatheredLength == 0 && end - position >= BusMessageValidator.FRAME_PREFIX_LENGTH)
            {
                // Fast path: the frame starts at a chunk position; deliver it in place if it is all here.
                final BusVerdict prefix = BusMessageValidator.checkFramePrefix(src, position, maxMessageLength);
                if (!prefix.isAccepted())
                {
                    failure = prefix;
                    return BROKEN;
                }
                final int totalLength = src.getInt(position + BusHeaderCodec.TOTAL_LENGTH_OFFSET,
                    ByteOrder.BIG_ENDIAN);
                if (end - position >= totalLength)
                {
                    deliver(src, position, totalLength, handler);
                    delivered++;
                    position += totalLength;
                    continue;
                }
            }
            position = gather(src, position, end);
            if (failure != null)
            {
                return BROKEN;
            }
            if (frameLength != 0 && gatheredLength == frameLength)
            {
                final int completeLength = frameLength;
                gatheredLength = 0;
                frameLength = 0;
                deliver(gathered, 0, completeLength, handler);
                delivered++;
            }
        }
        return delivered;
    }

    /**
     * Copies bytes of the current frame from {@code src} into the gathering buffer: first up to the 8-byte
     * prefix (then checks it and learns the frame length), then up to the whole frame.
     */
    private int gather(final DirectBuffer src, final int position, final int end)
    {
        final int target = frameLength == 0 ? BusMessageValidator.FRAME_PREFIX_LENGTH : frameLength;
        final int copy = Math.min(target - gatheredLength, end - position);
        gathered.putBytes(gatheredLength, src, position, copy);
        gatheredLength += copy;
        if (frameLength == 0 && gatheredLength == BusMessageValidator.FRAME_PREFIX_LENGTH)
        {
            final BusVerdict prefix = BusMessageValidator.checkFramePrefix(gathered, 0, maxMessageLength);
            if (!prefix.isAccepted())
            {
                failure = prefix;
                return end;
            }
            frameLength = gathered.getInt(BusHeaderCodec.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN);
            ensureCapacity(frameLength);
        }
        return position + copy;
    }

    private void ensureCapacity(final int required)
    {
        if (gathered.capacity() < required)
        {
            int capacity = gathered.capacity();
            while (capacity < required)
            {
                capacity = (int)Math.min((long)capacity * 2, maxMessageLength);
            }
            final byte[] bigger = new byte[capacity];
            gathered.getBytes(0, bigger, 0, gatheredLength);
            gathered.wrap(bigger);
        }
    }

    private static void deliver(
        final DirectBuffer buffer, final int offset, final int length, final BusFrameHandler handler)
    {
        final BusVerdict verdict = BusMessageValidator.validate(buffer, offset, length);
        if (verdict.isAccepted())
        {
            handler.onMessage(buffer, offset, length);
        }
        else
        {
            handler.onMalformed(verdict, buffer, offset, length);
        }
    }

    /**
     * Why the stream broke, or null while it is healthy.
     */
    public BusVerdict failure()
    {
        return failure;
    }

    public boolean isBroken()
    {
        return failure != null;
    }

    /**
     * Bytes of an incomplete frame held back, waiting for the rest.
     */
    public int pendingBytes()
    {
        return gatheredLength;
    }

    /**
     * Forgets any partial frame and a failure, for a new link. Keeps the grown buffer.
     */
    public void reset()
    {
        gatheredLength = 0;
        frameLength = 0;
        failure = null;
    }

    public int maxMessageLength()
    {
        return maxMessageLength;
    }
}
