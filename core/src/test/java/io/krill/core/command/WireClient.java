package io.krill.core.command;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking RESP client for the connection and server command tests. Each reply comes back as its exact bytes
 * (an ISO-8859-1 string, one char per byte), so tests compare Krill with literals and with real Redis byte for
 * byte, in RESP2 or RESP3. Not thread safe.
 */
final class WireClient implements AutoCloseable
{
    private static final int TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    WireClient(final int port) throws IOException
    {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** Runs {@code commands} in order on one new connection to {@code port}; returns their raw replies. */
    static List<String> script(final int port, final String[]... commands) throws IOException
    {
        final List<String> replies = new ArrayList<>();
        try (WireClient client = new WireClient(port))
        {
            for (final String[] command : commands)
            {
                replies.add(client.call(command));
            }
        }
        return replies;
    }

    /** Sends one command (arguments as ISO-8859-1 strings) and returns its raw reply. */
    String call(final String... args) throws IOException
    {
        send(args);
        return reply();
    }

    /** Sends binary arguments and reads the reply. */
    String call(final byte[]... args) throws IOException
    {
        send(args);
        return reply();
    }

    /** Sends one command without waiting for its reply (pipelining, or commands that get none). */
    void send(final String... args) throws IOException
    {
        final byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++)
        {
            bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        send(bytes);
    }

    /** Sends one command of binary arguments without waiting for its reply. */
    void send(final byte[]... args) throws IOException
    {
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (final byte[] bytes : args)
        {
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(request.toByteArray());
        out.flush();
    }

    /** Reads the next complete reply. */
    String reply() throws IOException
    {
        final ByteArrayOutputStream reply = new ByteArrayOutputStream();
        readReply(reply);
        return reply.toString(StandardCharsets.ISO_8859_1);
    }

    /** The text of a bulk or verbatim string reply, without its header (and without the {@code txt:} tag). */
    String callText(final String... args) throws IOException
    {
        final String reply = call(args);
        final String body = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
        return reply.charAt(0) == '=' ? body.substring(4) : body;
    }

    /** True if the server closed the connection within {@code timeoutMs} with nothing more to read. */
    boolean closedByServer(final int timeoutMs) throws IOException
    {
        socket.setSoTimeout(timeoutMs);
        try
        {
            return in.read() < 0;
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            // a reset counts as closed
            return true;
        }
        finally
        {
            if (!socket.isClosed())
            {
                socket.setSoTimeout(TIMEOUT_MS);
            }
        }
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
            case '|':
                readChildren(reply, 2 * Long.parseLong(line));
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
            throw new EOFException("connection closed by server");
        }
        return b;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
