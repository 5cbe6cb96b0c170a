package io.krill.core.differential;

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
 * A deliberately small, blocking RESP client for the differential tests: no pooling, no pipelining logic, no
 * client-side protocol negotiation (HELLO is just another command; the parser understands RESP2 and RESP3 at any
 * time). Every read has a timeout so that a server that never answers fails the test instead of hanging it.
 * <p>
 * Not thread safe; one client per connection per side.
 */
final class RespClient implements AutoCloseable
{
    private static final int MAX_LINE_BYTES = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int readTimeoutMs;
    private final Runnable onTimeout;

    private RespClient(final Socket socket, final int readTimeoutMs, final Runnable onTimeout) throws IOException
    {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
        this.readTimeoutMs = readTimeoutMs;
        this.onTimeout = onTimeout;
    }

    static RespClient connect(final String host, final int port, final int readTimeoutMs) throws IOException
    {
        return connect(host, port, readTimeoutMs, RespClient::ignoreTimeout);
    }

    /**
     * @param onTimeout called each time a reply does not arrive within {@code readTimeoutMs}, before the
     *                  {@link SocketTimeoutException} is thrown.
     */
    static RespClient connect(final String host, final int port, final int readTimeoutMs, final Runnable onTimeout)
        throws IOException
    {
        final Socket socket = new Socket();
        try
        {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), readTimeoutMs);
            socket.setSoTimeout(readTimeoutMs);
            return new RespClient(socket, readTimeoutMs, onTimeout);
        }
        catch (final IOException ex)
        {
            socket.close();
            throw ex;
        }
    }

    /** Sends one command and reads its reply. */
    RespReply call(final List<byte[]> args) throws IOException
    {
        send(args);
        return readReply();
    }

    RespReply call(final String... args) throws IOException
    {
        final List<byte[]> list = new ArrayList<>(args.length);
        for (final String arg : args)
        {
            list.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        return call(list);
    }

    /** Sends one command as a RESP array of bulk strings, the way every real client does. */
    void send(final List<byte[]> args) throws IOException
    {
        sendRaw(encodeCommand(args));
    }

    static byte[] encodeCommand(final List<byte[]> args)
    {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        writeAscii(buffer, "*" + args.size() + "\r\n");
        for (final byte[] arg : args)
        {
            writeAscii(buffer, "$" + arg.length + "\r\n");
            buffer.writeBytes(arg);
            writeAscii(buffer, "\r\n");
        }
        return buffer.toByteArray();
    }

    void sendRaw(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads the next reply. A RESP3 attribute is attached to the reply it precedes; push frames that arrive before
     * the reply are attached to it too, so that a caller reading replies in command order never gets out of step.
     */
    RespReply readReply() throws IOException
    {
        List<RespReply> pushes = null;
        while (true)
        {
            final RespReply frame = readFrame();
            if (frame.type() != RespReply.Type.PUSH)
            {
                return pushes == null ? frame : frame.withPushesBefore(pushes);
            }
            if (pushes == null)
            {
                pushes = new ArrayList<>();
            }
            pushes.add(frame);
        }
    }

    /** Reads exactly one frame (a push is returned as a frame of its own). */
    RespReply readFrame() throws IOException
    {
        final int marker = readByte();
        switch (marker)
        {
            case '+':
                return RespReply.scalar(RespReply.Type.SIMPLE, readLine());
            case '-':
                return RespReply.scalar(RespReply.Type.ERROR, readLine());
            case ':':
                return RespReply.scalar(RespReply.Type.INTEGER, readLine());
            case '$':
                return readBlob(RespReply.Type.BULK, RespReply.Type.NULL_BULK);
            case '*':
                return readAggregate(RespReply.Type.ARRAY, RespReply.Type.NULL_ARRAY, 1);
            case '_':
                readExpectEmptyLine();
                return RespReply.nullOf(RespReply.Type.NULL);
            case ',':
                return RespReply.scalar(RespReply.Type.DOUBLE, readLine());
            case '#':
                return RespReply.scalar(RespReply.Type.BOOLEAN, readLine());
            case '(':
                return RespReply.scalar(RespReply.Type.BIG_NUMBER, readLine());
            case '=':
                return readBlob(RespReply.Type.VERBATIM, null);
            case '!':
                return readBlob(RespReply.Type.BLOB_ERROR, null);
            case '%':
                return readAggregate(RespReply.Type.MAP, null, 2);
            case '~':
                return readAggregate(RespReply.Type.SET, null, 1);
            case '>':
                return readAggregate(RespReply.Type.PUSH, null, 1);
            case '|':
                final RespReply attribute = readAggregate(RespReply.Type.MAP, null, 2);
                return readFrame().withAttribute(attribute);
            default:
                throw new IOException("protocol violation from server: unexpected type byte " + describeByte(marker));
        }
    }

    private RespReply readBlob(final RespReply.Type type, final RespReply.Type nullType) throws IOException
    {
        final long length = parseLength();
        if (length < 0)
        {
            if (nullType == null || length != -1)
            {
                throw new IOException("protocol violation from server: length " + length + " for " + type);
            }
            return RespReply.nullOf(nullType);
        }
        final byte[] data = in.readNBytes((int)length);
        if (data.length != length)
        {
            throw new EOFException("connection closed inside a " + type + " of " + length + " bytes");
        }
        if (readByte() != '\r' || readByte() != '\n')
        {
            throw new IOException("protocol violation from server: " + type + " not followed by CRLF");
        }
        return RespReply.scalar(type, data);
    }

    private RespReply readAggregate(final RespReply.Type type, final RespReply.Type nullType, final int perEntry)
        throws IOException
    {
        final long count = parseLength();
        if (count < 0)
        {
            if (nullType == null || count != -1)
            {
                throw new IOException("protocol violation from server: count " + count + " for " + type);
            }
            return RespReply.nullOf(nullType);
        }
        final List<RespReply> children = new ArrayList<>();
        for (long i = 0; i < count * perEntry; i++)
        {
            children.add(readFrame());
        }
        return RespReply.aggregate(type, children);
    }

    private long parseLength() throws IOException
    {
        final String line = new String(readLine(), StandardCharsets.US_ASCII);
        try
        {
            return Long.parseLong(line);
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException("protocol violation from server: bad length '" + line + "'", ex);
        }
    }

    private void readExpectEmptyLine() throws IOException
    {
        final byte[] line = readLine();
        if (line.length != 0)
        {
            throw new IOException("protocol violation from server: RESP3 null with payload");
        }
    }

    private byte[] readLine() throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true)
        {
            final int b = readByte();
            if (b == '\r')
            {
                final int next = readByte();
                if (next != '\n')
                {
                    throw new IOException("protocol violation from server: CR not followed by LF");
                }
                return line.toByteArray();
            }
            line.write(b);
            if (line.size() > MAX_LINE_BYTES)
            {
                throw new IOException("protocol violation from server: line longer than " + MAX_LINE_BYTES);
            }
        }
    }

    private int readByte() throws IOException
    {
        try
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new EOFException("connection closed by the server");
            }
            return b;
        }
        catch (final SocketTimeoutException ex)
        {
            onTimeout.run();
            throw new SocketTimeoutException("no reply within " + readTimeoutMs + " ms");
        }
    }

    /**
     * Reads raw bytes until the data read so far ends with {@code endMarker}, the server closes the connection, or
     * nothing arrives for {@code idleMs}. Used by the protocol tests, which compare bytes rather than replies.
     */
    RawRead readRaw(final byte[] endMarker, final int idleMs) throws IOException
    {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        socket.setSoTimeout(idleMs);
        try
        {
            final byte[] chunk = new byte[16 * 1024];
            while (true)
            {
                final int n;
                try
                {
                    n = in.read(chunk);
                }
                catch (final SocketTimeoutException ex)
                {
                    return new RawRead(data.toByteArray(), false);
                }
                catch (final IOException ex)
                {
                    // A reset after the server closed with unread input still means "closed".
                    return new RawRead(data.toByteArray(), true);
                }
                if (n < 0)
                {
                    return new RawRead(data.toByteArray(), true);
                }
                data.write(chunk, 0, n);
                if (endMarker != null && endsWith(data.toByteArray(), endMarker))
                {
                    return new RawRead(data.toByteArray(), false);
                }
            }
        }
        finally
        {
            if (!socket.isClosed())
            {
                socket.setSoTimeout(readTimeoutMs);
            }
        }
    }

    private static boolean endsWith(final byte[] data, final byte[] suffix)
    {
        if (data.length < suffix.length)
        {
            return false;
        }
        for (int i = 0; i < suffix.length; i++)
        {
            if (data[data.length - suffix.length + i] != suffix[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Bytes read from the server, and whether it closed the connection after them. */
    record RawRead(byte[] bytes, boolean closed)
    {
    }

    @Override
    public void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // Closing a test connection: nothing useful to do with the failure.
        }
    }

    private static void ignoreTimeout()
    {
        // A caller without a timeout policy only gets the exception.
    }

    private static void writeAscii(final ByteArrayOutputStream buffer, final String text)
    {
        buffer.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String describeByte(final int b)
    {
        return b >= 0x20 && b < 0x7F ? "'" + (char)b + "'" : String.format("0x%02x", b);
    }
}
