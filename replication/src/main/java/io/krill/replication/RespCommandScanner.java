package io.krill.replication;

import org.agrona.DirectBuffer;

/**
 * Finds where one RESP multibulk command ends in the replication stream and remembers where its first arguments
 * lie, so the replica can count offsets per command and spot {@code REPLCONF GETACK} without decoding values.
 * <p>
 * <pre>
 *   *&lt;n&gt;\r\n  then n times  $&lt;len&gt;\r\n &lt;len bytes&gt; \r\n
 * </pre>
 * Not thread safe; reused for every command (allocates nothing).
 */
public final class RespCommandScanner
{
    /** Arguments whose position is remembered. */
    public static final int REMEMBERED_ARGS = 3;
    /** Returned by {@link #scan} when the bytes cannot start a multibulk command. */
    public static final int MALFORMED = -1;
    private static final int MAX_ARGS = 1024 * 1024;
    private static final long MAX_BULK_BYTES = 512L * 1024 * 1024;

    private final int[] argOffsets = new int[REMEMBERED_ARGS];
    private final int[] argLengths = new int[REMEMBERED_ARGS];
    private int argCount;
    private int position;

    /**
     * Scans the command starting at {@code offset}.
     *
     * @return its length in bytes, 0 if it is not complete before {@code limit}, or {@link #MALFORMED}.
     */
    public int scan(final DirectBuffer buffer, final int offset, final int limit)
    {
        if (offset >= limit)
        {
            return 0;
        }
        if (buffer.getByte(offset) != '*')
        {
            return MALFORMED;
        }
        position = offset + 1;
        final long count = readNumber(buffer, limit);
        if (count == Long.MIN_VALUE)
        {
            return 0;
        }
        if (count < 0 || count > MAX_ARGS)
        {
            return MALFORMED;
        }
        argCount = (int)count;
        for (int i = 0; i < count; i++)
        {
            if (position >= limit)
            {
                return 0;
            }
            if (buffer.getByte(position) != '$')
            {
                return MALFORMED;
            }
            position++;
            final long length = readNumber(buffer, limit);
            if (length == Long.MIN_VALUE)
            {
                return 0;
            }
            if (length < 0 || length > MAX_BULK_BYTES)
            {
                return MALFORMED;
            }
            if (position + length + 2 > limit)
            {
                return 0;
            }
            if (i < REMEMBERED_ARGS)
            {
                argOffsets[i] = position;
                argLengths[i] = (int)length;
            }
            position += (int)length;
            if (buffer.getByte(position) != '\r' || buffer.getByte(position + 1) != '\n')
            {
                return MALFORMED;
            }
            position += 2;
        }
        return position - offset;
    }

    /** Arguments of the last complete command scanned. */
    public int argCount()
    {
        return argCount;
    }

    /** Whether argument {@code index} (below {@link #REMEMBERED_ARGS}) equals {@code lowerCase}, ignoring case. */
    public boolean argIs(final DirectBuffer buffer, final int index, final String lowerCase)
    {
        if (index >= argCount || index >= REMEMBERED_ARGS || argLengths[index] != lowerCase.length())
        {
            return false;
        }
        final int start = argOffsets[index];
        for (int i = 0; i < lowerCase.length(); i++)
        {
            if (Character.toLowerCase((char)buffer.getByte(start + i)) != lowerCase.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** @return the number, with {@link #position} after its CRLF; Long.MIN_VALUE if the line is incomplete. */
    private long readNumber(final DirectBuffer buffer, final int limit)
    {
        long value = 0;
        boolean negative = false;
        int i = position;
        if (i < limit && buffer.getByte(i) == '-')
        {
            negative = true;
            i++;
        }
        int digits = 0;
        while (i < limit)
        {
            final byte b = buffer.getByte(i);
            if (b == '\r')
            {
                if (i + 1 >= limit)
                {
                    return Long.MIN_VALUE;
                }
                if (buffer.getByte(i + 1) != '\n' || digits == 0)
                {
                    return -1;
                }
                position = i + 2;
                return negative ? -value : value;
            }
            if (b < '0' || b > '9' || digits > 18)
            {
                return -1;
            }
            value = value * 10 + (b - '0');
            digits++;
            i++;
        }
        return Long.MIN_VALUE;
    }
}
