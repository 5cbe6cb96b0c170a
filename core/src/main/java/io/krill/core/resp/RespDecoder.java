package io.krill.core.resp;

/**
 * Decodes client requests: RESP multibulk arrays and inline (telnet style) commands.
 * <p>
 * BEHAVIOR: {@link #decode} looks at the bytes between {@code start} and {@code end} and either finds one
 * whole command (and returns how many bytes it used), or finds that more bytes are needed (and returns 0), or
 * finds a protocol error (and throws {@link ProtocolException} carrying Redis's text). A partial command is
 * decoded again from its start when more bytes arrive; that costs one pass over the headers only, and keeps the
 * decoder free of per-command state. {@link #bytesWanted()} tells the caller how large its buffer must be to
 * hold the command being received, so a 100 MB value is read with one buffer growth instead of many.
 * <p>
 * Limits are Redis's: a header or inline line longer than 64 KiB, a bulk longer than {@code proto-max-bulk-len},
 * and, before authentication, more than 10 arguments or a bulk over 16 KiB.
 * <p>
 * Not thread safe: one per connection.
 */
public final class RespDecoder
{
    /** Longest inline request or header line Redis accepts (PROTO_INLINE_MAX_SIZE). */
    public static final int INLINE_MAX_BYTES = 64 * 1024;
    private static final int UNAUTHENTICATED_MAX_ARGS = 10;
    private static final int UNAUTHENTICATED_MAX_BULK_BYTES = 16 * 1024;

    private final InlineSplitter inlineSplitter = new InlineSplitter();
    private long maxBulkBytes;
    private boolean authenticated = true;
    private long bytesWanted;

    public RespDecoder(final long maxBulkBytes)
    {
        this.maxBulkBytes = maxBulkBytes;
    }

    public void maxBulkBytes(final long maxBulkBytes)
    {
        this.maxBulkBytes = maxBulkBytes;
    }

    /** Whether the connection has authenticated; before that Redis limits request sizes tightly. */
    public void authenticated(final boolean authenticated)
    {
        this.authenticated = authenticated;
    }

    /** After a return of 0: the number of bytes, counted from {@code start}, the whole command needs. */
    public long bytesWanted()
    {
        return bytesWanted;
    }

    /**
     * Decodes at most one command.
     *
     * @return bytes consumed (the command is in {@code args}; {@code args.count()} may be 0 for an empty request
     * that must simply be skipped), or 0 if the command is not complete yet.
     * @throws ProtocolException on malformed input; the connection must be closed after the error is sent.
     */
    public int decode(final byte[] buffer, final int start, final int end, final CommandArgs args)
    {
        args.clear();
        bytesWanted = 0;
        if (start >= end)
        {
            return 0;
        }
        if (buffer[start] == '*')
        {
            return decodeMultibulk(buffer, start, end, args);
        }
        return decodeInline(buffer, start, end, args);
    }

    private int decodeMultibulk(final byte[] buffer, final int start, final int end, final CommandArgs args)
    {
        final int countEol = findCrlf(buffer, start, end);
        if (countEol < 0)
        {
            if (end - start > INLINE_MAX_BYTES)
            {
                throw new ProtocolException("too big mbulk count string");
            }
            return 0;
        }
        final long count = parseHeaderNumber(buffer, start + 1, countEol);
        if (count == Numbers.INVALID || count > Integer.MAX_VALUE)
        {
            throw new ProtocolException("invalid multibulk length");
        }
        if (!authenticated && count > UNAUTHENTICATED_MAX_ARGS)
        {
            throw new ProtocolException("unauthenticated multibulk length");
        }
        int position = countEol + 2;
        if (count <= 0)
        {
            return position - start;
        }
        for (long i = 0; i < count; i++)
        {
            if (position >= end)
            {
                return needMore(start, position + 4);
            }
            if (buffer[position] != '$')
            {
                throw new ProtocolException("expected '$', got '" + (char)(buffer[position] & 0xFF) + "'");
            }
            final int lengthEol = findCrlf(buffer, position, end);
            if (lengthEol < 0)
            {
                if (end - position > INLINE_MAX_BYTES)
                {
                    throw new ProtocolException("too big bulk count string");
                }
                return needMore(start, end + 1);
            }
            final long length = parseHeaderNumber(buffer, position + 1, lengthEol);
            if (length == Numbers.INVALID || length < 0 || length > maxBulkBytes)
            {
                throw new ProtocolException("invalid bulk length");
            }
            if (!authenticated && length > UNAUTHENTICATED_MAX_BULK_BYTES)
            {
                throw new ProtocolException("unauthenticated bulk length");
            }
            final int dataStart = lengthEol + 2;
            final long dataEnd = dataStart + length;
            if (dataEnd + 2 > end)
            {
                return needMore(start, dataEnd + 2);
            }
            args.add(buffer, dataStart, (int)length);
            // Redis does not check the two bytes after the data, it skips them; so do we.
            position = (int)dataEnd + 2;
        }
        return position - start;
    }

    private int needMore(final int start, final long endNeeded)
    {
        bytesWanted = endNeeded - start;
        return 0;
    }

    private int decodeInline(final byte[] buffer, final int start, final int end, final CommandArgs args)
    {
        int newline = -1;
        for (int i = start; i < end; i++)
        {
            if (buffer[i] == '\n')
            {
                newline = i;
                break;
            }
        }
        if (newline < 0)
        {
            if (end - start > INLINE_MAX_BYTES)
            {
                throw new ProtocolException("too big inline request");
            }
            return 0;
        }
        int lineEnd = newline;
        if (lineEnd > start && buffer[lineEnd - 1] == '\r')
        {
            lineEnd--;
        }
        if (!inlineSplitter.split(buffer, start, lineEnd, args))
        {
            throw new ProtocolException("unbalanced quotes in request");
        }
        return newline + 1 - start;
    }

    private static int findCrlf(final byte[] buffer, final int from, final int end)
    {
        for (int i = from; i < end - 1; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    /** Header numbers follow string2ll too: Redis rejects "+5", "05" and " 5". */
    private static long parseHeaderNumber(final byte[] buffer, final int from, final int to)
    {
        return Numbers.parseLong(buffer, from, to - from);
    }
}
