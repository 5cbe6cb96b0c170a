package io.krill.replication;

import java.nio.charset.StandardCharsets;

import org.agrona.ExpandableArrayBuffer;

/** Appends RESP multibulk commands (the replica's handshake and ACKs) to a growing buffer. */
final class RespCommandWriter
{
    private RespCommandWriter()
    {
    }

    /** Appends {@code *n\r\n$len\r\narg\r\n...} at {@code index}; returns the index after it. */
    static int write(final ExpandableArrayBuffer buffer, final int index, final String... args)
    {
        int at = index;
        at += buffer.putStringWithoutLengthAscii(at, "*" + args.length + "\r\n");
        for (final String arg : args)
        {
            final byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            at += buffer.putStringWithoutLengthAscii(at, "$" + bytes.length + "\r\n");
            buffer.putBytes(at, bytes);
            at += bytes.length;
            at += buffer.putStringWithoutLengthAscii(at, "\r\n");
        }
        return at;
    }

    /** Appends {@code REPLCONF ACK <offset>} without allocating. */
    static int writeAck(final ExpandableArrayBuffer buffer, final int index, final long offset)
    {
        int at = index;
        at += buffer.putStringWithoutLengthAscii(at, "*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$");
        at += buffer.putLongAscii(at, digits(offset));
        buffer.putByte(at++, (byte)'\r');
        buffer.putByte(at++, (byte)'\n');
        at += buffer.putLongAscii(at, offset);
        buffer.putByte(at++, (byte)'\r');
        buffer.putByte(at++, (byte)'\n');
        return at;
    }

    private static int digits(final long value)
    {
        long v = value;
        int digits = v < 0 ? 2 : 1;
        v = Math.abs(v);
        while (v >= 10)
        {
            v /= 10;
            digits++;
        }
        return digits;
    }
}
