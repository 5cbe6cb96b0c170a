package io.krill.core.cluster;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking RESP2 connection for administering nodes the way {@code redis-cli --cluster} does: one command at a
 * time, replies parsed into {@code String} (simple and bulk strings), {@code Long}, {@code List} or
 * {@link ErrorReply}; a null bulk or array is {@code null}. For forming a cluster, not for data traffic.
 * <p>
 * Not thread safe.
 */
final class AdminConnection implements AutoCloseable
{
    private static final int TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    AdminConnection(final String host, final int port) throws IOException
    {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** An error reply: its text without the leading '-'. */
    static final class ErrorReply
    {
        final String message;

        ErrorReply(final String message)
        {
            this.message = message;
        }

        @Override
        public String toString()
        {
            return message;
        }
    }

    /** Sends one command and reads its reply. */
    Object call(final String... args) throws IOException
    {
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (final String arg : args)
        {
            final byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(request.toByteArray());
        out.flush();
        return read();
    }

    /** Sends one command whose reply must not be an error; returns it. */
    Object callOk(final String... args) throws IOException
    {
        final Object reply = call(args);
        if (reply instanceof ErrorReply)
        {
            throw new IOException(String.join(" ", args) + ": " + reply);
        }
        return reply;
    }

    private Object read() throws IOException
    {
        final int type = in.read();
        if (type < 0)
        {
            throw new EOFException("connection closed by the node");
        }
        final String line = readLine();
        switch (type)
        {
            case '+':
                return line;
            case '-':
                return new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$':
                return bulk(Integer.parseInt(line));
            case '*':
                final int count = Integer.parseInt(line);
                if (count < 0)
                {
                    return null;
                }
                final List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++)
                {
                    items.add(read());
                }
                return items;
            default:
                throw new IOException("unexpected reply type '" + (char)type + "'");
        }
    }

    private String bulk(final int length) throws IOException
    {
        if (length < 0)
        {
            return null;
        }
        final byte[] bytes = in.readNBytes(length + 2);
        if (bytes.length != length + 2)
        {
            throw new EOFException("connection closed inside a reply");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException
    {
        final StringBuilder line = new StringBuilder();
        while (true)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new EOFException("connection closed inside a reply");
            }
            if (b == '\r')
            {
                in.read();
                return line.toString();
            }
            line.append((char)b);
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
