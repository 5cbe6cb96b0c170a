package io.krill.core.resp;

import java.nio.charset.StandardCharsets;

/**
 * Encodes replies for one connection into a growable byte array, in RESP2 or RESP3.
 * <p>
 * BACKGROUND: RESP2 and RESP3 differ only in a few reply types (null, map, set, double, boolean, verbatim).
 * Commands write replies through the typed methods here and never spell protocol bytes themselves, so the
 * protocol version is decided once per connection (HELLO) and every command speaks both.
 * <p>
 * Not thread safe; owned by the node's agent thread. Nothing here allocates once the buffer has grown to the
 * connection's working size.
 */
public final class RespEncoder
{
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK_2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY_2 = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
    private static final int INITIAL_CAPACITY = 16 * 1024;
    private static final byte[] DIGIT_PAIRS = new byte[200];
    private static final long[] POWERS_OF_TEN = new long[19];

    static
    {
        for (int i = 0; i < 100; i++)
        {
            DIGIT_PAIRS[i << 1] = (byte)('0' + i / 10);
            DIGIT_PAIRS[(i << 1) + 1] = (byte)('0' + i % 10);
        }
        long power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int limit;
    private int protocol = 2;

    /** The protocol version replies are written in: 2 or 3. */
    public int protocol()
    {
        return protocol;
    }

    public void protocol(final int protocol)
    {
        this.protocol = protocol;
    }

    public boolean resp3()
    {
        return protocol == 3;
    }

    /** The encoded bytes not yet written to the socket start at 0 and end at {@link #limit()}. */
    public byte[] buffer()
    {
        return buffer;
    }

    public int limit()
    {
        return limit;
    }

    public boolean isEmpty()
    {
        return limit == 0;
    }

    /** Drops the first {@code count} bytes after they were written to the socket. */
    public void consumed(final int count)
    {
        final int remaining = limit - count;
        if (remaining > 0)
        {
            System.arraycopy(buffer, count, buffer, 0, remaining);
        }
        limit = remaining;
        if (remaining == 0 && buffer.length > 4 * 1024 * 1024)
        {
            // a huge reply (a big GET, KEYS *) should not pin its buffer for the connection's life
            buffer = new byte[INITIAL_CAPACITY];
        }
    }

    /** Marks the current end so a partly written reply can be undone with {@link #truncate(int)}. */
    public int mark()
    {
        return limit;
    }

    public void truncate(final int mark)
    {
        limit = mark;
    }

    public void ok()
    {
        raw(OK, 0, OK.length);
    }

    public void simple(final String text)
    {
        put((byte)'+');
        ascii(text);
        crlf();
    }

    public void simple(final byte[] text, final int offset, final int length)
    {
        put((byte)'+');
        raw(text, offset, length);
        crlf();
    }

    /**
     * An error reply. {@code message} starts with its code ("ERR ...", "WRONGTYPE ...") and must not contain
     * CR or LF; they are replaced by spaces as Redis does.
     */
    public void error(final String message)
    {
        put((byte)'-');
        final int start = limit;
        ascii(message);
        for (int i = start; i < limit; i++)
        {
            if (buffer[i] == '\r' || buffer[i] == '\n')
            {
                buffer[i] = ' ';
            }
        }
        crlf();
    }

    public void integer(final long value)
    {
        put((byte)':');
        decimal(value);
        crlf();
    }

    public void bulk(final byte[] value)
    {
        bulk(value, 0, value.length);
    }

    public void bulk(final byte[] value, final int offset, final int length)
    {
        ensure(length + 16);
        buffer[limit++] = '$';
        decimal(length);
        crlf();
        System.arraycopy(value, offset, buffer, limit, length);
        limit += length;
        crlf();
    }

    /** A bulk string of ASCII text. */
    public void bulk(final String text)
    {
        put((byte)'$');
        decimal(text.length());
        crlf();
        ascii(text);
        crlf();
    }

    /** A bulk string holding the decimal form of {@code value} (what Redis sends for integer-valued strings). */
    public void bulkDecimal(final long value)
    {
        put((byte)'$');
        decimal(decimalLength(value));
        crlf();
        decimal(value);
        crlf();
    }

    /** A bulk string, or a verbatim string ({@code =len\r\ntxt:...}) in RESP3. */
    public void verbatim(final String text)
    {
        if (protocol == 3)
        {
            final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            put((byte)'=');
            decimal(bytes.length + 4);
            crlf();
            ascii("txt:");
            raw(bytes, 0, bytes.length);
            crlf();
        }
        else
        {
            bulk(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    public void nullBulk()
    {
        final byte[] bytes = protocol == 3 ? NULL_3 : NULL_BULK_2;
        raw(bytes, 0, bytes.length);
    }

    public void nullArray()
    {
        final byte[] bytes = protocol == 3 ? NULL_3 : NULL_ARRAY_2;
        raw(bytes, 0, bytes.length);
    }

    public void array(final int count)
    {
        put((byte)'*');
        decimal(count);
        crlf();
    }

    /**
     * Inserts an array header for {@code count} elements at {@code mark}, before the elements written since:
     * for replies whose length is known only once written (KEYS), so they need not be collected first. Costs
     * one move of the elements' bytes.
     */
    public void insertArray(final int mark, final int count)
    {
        final int headerLength = 1 + decimalLength(count) + 2;
        final int elementsLength = limit - mark;
        ensure(headerLength);
        System.arraycopy(buffer, mark, buffer, mark + headerLength, elementsLength);
        limit = mark;
        array(count);
        limit = mark + headerLength + elementsLength;
    }

    /** A map of {@code pairs} entries; in RESP2 a flat array of 2 × pairs elements. */
    public void map(final int pairs)
    {
        if (protocol == 3)
        {
            put((byte)'%');
            decimal(pairs);
        }
        else
        {
            put((byte)'*');
            decimal(2L * pairs);
        }
        crlf();
    }

    /** A set; in RESP2 an array. */
    public void set(final int count)
    {
        put((byte)(protocol == 3 ? '~' : '*'));
        decimal(count);
        crlf();
    }

    /** A push message header (RESP3); in RESP2 an array. */
    public void push(final int count)
    {
        put((byte)(protocol == 3 ? '>' : '*'));
        decimal(count);
        crlf();
    }

    /** A double: {@code ,value} in RESP3, a bulk string in RESP2, formatted as Redis formats it. */
    public void dbl(final double value)
    {
        final String text = DoubleFormat.format(value);
        if (protocol == 3)
        {
            put((byte)',');
            ascii(text);
            crlf();
        }
        else
        {
            bulk(text);
        }
    }

    public void bool(final boolean value)
    {
        if (protocol == 3)
        {
            put((byte)'#');
            put((byte)(value ? 't' : 'f'));
            crlf();
        }
        else
        {
            integer(value ? 1 : 0);
        }
    }

    /** Appends bytes that are already RESP encoded. */
    public void raw(final byte[] bytes, final int offset, final int length)
    {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, limit, length);
        limit += length;
    }

    private void put(final byte b)
    {
        ensure(1);
        buffer[limit++] = b;
    }

    private void crlf()
    {
        ensure(2);
        buffer[limit++] = '\r';
        buffer[limit++] = '\n';
    }

    private void ascii(final String text)
    {
        final int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++)
        {
            buffer[limit++] = (byte)text.charAt(i);
        }
    }

    private void decimal(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            raw(MIN_LONG, 0, MIN_LONG.length);
            return;
        }
        final int length = decimalLength(value);
        ensure(length);
        final byte[] buffer = this.buffer;
        long v = value;
        if (v < 0)
        {
            buffer[limit] = '-';
            v = -v;
        }
        // two digits per step from a table: half the divisions of a digit-by-digit loop
        int i = limit + length;
        while (v >= 100)
        {
            final int pair = (int)(v % 100) << 1;
            v /= 100;
            buffer[--i] = DIGIT_PAIRS[pair + 1];
            buffer[--i] = DIGIT_PAIRS[pair];
        }
        final int last = (int)v;
        if (last >= 10)
        {
            buffer[--i] = DIGIT_PAIRS[(last << 1) + 1];
            buffer[--i] = DIGIT_PAIRS[last << 1];
        }
        else
        {
            buffer[--i] = (byte)('0' + last);
        }
        limit += length;
    }

    /** Characters in the decimal form of {@code value}, minus sign included. */
    static int decimalLength(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            return 20;
        }
        // "| 1" makes 0 count as one digit and changes no other count (a power of ten is even)
        final long v = (value < 0 ? -value : value) | 1;
        // a first guess from the bit length (log10(2) ~ 1233 / 4096), corrected by one comparison
        final int guess = ((64 - Long.numberOfLeadingZeros(v)) * 1233) >>> 12;
        final int digits = guess + 1 - (v < POWERS_OF_TEN[guess] ? 1 : 0);
        return value < 0 ? digits + 1 : digits;
    }

    private void ensure(final int extra)
    {
        final long needed = (long)limit + extra;
        if (needed > buffer.length)
        {
            long capacity = buffer.length;
            while (capacity < needed)
            {
                capacity <<= 1;
            }
            if (capacity > Integer.MAX_VALUE - 8)
            {
                capacity = Integer.MAX_VALUE - 8;
            }
            final byte[] grown = new byte[(int)capacity];
            System.arraycopy(buffer, 0, grown, 0, limit);
            buffer = grown;
        }
    }

    /** A copy of the pending bytes; for tests and the in-process API. */
    public byte[] copyOut()
    {
        final byte[] copy = new byte[limit];
        System.arraycopy(buffer, 0, copy, 0, limit);
        return copy;
    }
}
