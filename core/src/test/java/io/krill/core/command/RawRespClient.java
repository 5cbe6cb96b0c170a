package io.krill.core.command;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking RESP client for command tests that returns each reply as its exact bytes (as an ISO-8859-1
 * string), so a test can compare replies byte for byte with a literal or with real Redis's, in RESP2 or RESP3.
 * Not thread safe.
 */
final class RawRespClient implements AutoCloseable
{
    private static final int TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawRespClient(final int port) throws IOException
    {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** Sends a command whose arguments are ISO-8859-1 strings (one char per byte) and returns the raw reply. */
    String call(final String... args) throws IOException
    {
        final byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++)
        {
            bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return call(bytes);
    }

    String call(final byte[]... args) throws IOException
    {
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (final byte[] arg : args)
        {
            request.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(arg);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(request.toByteArray());
        out.flush();
        final ByteArrayOutputStream reply = new ByteArrayOutputStream();
        readReply(reply);
        return reply.toString(StandardCharsets.ISO_8859_1);
    }

    private void readReply(final ByteArrayOutputStream reply) throws IOException
    {
        final int type = read();
        reply.write(type);
        final String line = readLine(reply);
        switch (type)
        {
            case '$':
            case '=':
            case '!':
                final int length = Integer.parseInt(line);
                if (length >= 0)
                {
                    reply.writeBytes(in.readNBytes(length + 2));
                }
                break;
            case '*':
            case '~':
            case '>':
                readChildren(reply, Long.parseLong(line));
                break;
            case '%':
                readChildren(reply, 2 * Long.parseLong(line));
                break;
            case '|':
                readChildren(reply, 2 * Long.parseLong(line));
                readReply(reply);
                break;
            default:
                break;
        }
    }

    private void readChildren(final ByteArrayOutputStream reply, final long count) throws IOException
    {
        for (long i = 0; i < count; i++)
        {
            readReply(reply);
        }
    }

    private String readLine(final ByteArrayOutputStream reply) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        while (true)
        {
            final int b = read();
            reply.write(b);
            if (b == '\r')
            {
                reply.write(read());
                return line.toString();
            }
            line.append((char)b);
        }
    }

    private int read() throws IOException
    {
        final int b = in.read();
        if (b < 0)
        {
            throw new EOFException("connection closed");
        }
        return b;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
