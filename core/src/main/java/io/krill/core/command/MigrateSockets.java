package io.krill.core.command;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connections MIGRATE keeps to its targets (Redis's migrate_cached_sockets): one per "host:port", at most
 * {@value #MAX_SOCKETS} (the least recently used goes when a new one is needed; Redis drops a random one), closed by
 * {@link #closeIdle} once unused for more than {@value #IDLE_MS} ms, and closed at once after any socket error.
 * <p>
 * Each connection is a non-blocking channel with a selector of its own, driven synchronously by the caller: every
 * step (connect, writing one chunk, reading one reply line) waits at most the MIGRATE timeout, which a plain
 * blocking socket cannot bound for writes. Not thread safe: owned by the node's agent.
 */
public final class MigrateSockets
{
    static final int MAX_SOCKETS = 64;
    static final long IDLE_MS = 10_000;

    /** A step did not finish within the timeout; unlike other socket errors, MIGRATE does not retry it. */
    static final class TimeoutException extends IOException
    {
        TimeoutException()
        {
            super("timeout");
        }
    }

    /** The connection could not be set up at all (unresolvable address, connect timeout). */
    static final class ConnectException extends IOException
    {
        ConnectException(final String message)
        {
            super(message);
        }
    }

    /** One cached connection. */
    static final class Target
    {
        private static final int CHUNK_BYTES = 64 * 1024;

        private final SocketChannel channel;
        private final Selector selector;
        private final ByteBuffer input = ByteBuffer.allocate(16 * 1024);
        private long lastUseMs;
        private long lastDb = -1;

        private Target(final SocketChannel channel, final Selector selector)
        {
            this.channel = channel;
            this.selector = selector;
            input.flip();
        }

        /** The database the target's connection has selected, -1 if unknown (then MIGRATE sends SELECT). */
        long lastDb()
        {
            return lastDb;
        }

        void lastDb(final long db)
        {
            lastDb = db;
        }

        /** Writes {@code length} bytes in chunks of 64 KiB, each within {@code timeoutMs}. */
        void write(final byte[] bytes, final int offset, final int length, final long timeoutMs) throws IOException
        {
            int position = offset;
            final int end = offset + length;
            while (position < end)
            {
                final int chunk = Math.min(CHUNK_BYTES, end - position);
                final ByteBuffer buffer = ByteBuffer.wrap(bytes, position, chunk);
                final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
                while (buffer.hasRemaining())
                {
                    if (channel.write(buffer) == 0)
                    {
                        await(SelectionKey.OP_WRITE, deadlineNs);
                    }
                }
                position += chunk;
            }
        }

        /** Reads one reply line (without CRLF) within {@code timeoutMs}; fails if the target closed first. */
        String readLine(final long timeoutMs) throws IOException
        {
            final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
            final StringBuilder line = new StringBuilder();
            while (true)
            {
                while (input.hasRemaining())
                {
                    final byte b = input.get();
                    if (b == '\n')
                    {
                        final int length = line.length();
                        if (length > 0 && line.charAt(length - 1) == '\r')
                        {
                            line.setLength(length - 1);
                        }
                        return line.toString();
                    }
                    line.append((char)(b & 0xff));
                }
                input.clear();
                final int read = channel.read(input);
                input.flip();
                if (read < 0)
                {
                    throw new IOException("connection closed by the target");
                }
                if (read == 0)
                {
                    await(SelectionKey.OP_READ, deadlineNs);
                }
            }
        }

        private void await(final int operation, final long deadlineNs) throws IOException
        {
            final long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0)
            {
                throw new TimeoutException();
            }
            channel.keyFor(selector).interestOps(operation);
            selector.selectedKeys().clear();
            if (selector.select(leftMs) == 0 && System.nanoTime() - deadlineNs >= 0)
            {
                throw new TimeoutException();
            }
        }

        private void close()
        {
            try
            {
                selector.close();
                channel.close();
            }
            catch (final IOException ignored)
            {
                // closing: nothing more to do with it
            }
        }
    }

    private final Map<String, Target> targets = new LinkedHashMap<>(16, 0.75f, true);

    /** Open cached connections (INFO stats migrate_cached_sockets). */
    public int size()
    {
        return targets.size();
    }

    /** The cached connection to {@code host:port}, or a new one connected within {@code timeoutMs}. */
    Target get(final String host, final String port, final long timeoutMs, final long nowMs) throws IOException
    {
        final String name = host + ":" + port;
        Target target = targets.get(name);
        if (target == null)
        {
            if (targets.size() >= MAX_SOCKETS)
            {
                final Iterator<Target> eldest = targets.values().iterator();
                eldest.next().close();
                eldest.remove();
            }
            target = connect(host, port, timeoutMs);
            targets.put(name, target);
        }
        target.lastUseMs = nowMs;
        return target;
    }

    /** Drops the connection to {@code host:port} (after a socket error: its state is unknown). */
    void close(final String host, final String port)
    {
        final Target target = targets.remove(host + ":" + port);
        if (target != null)
        {
            target.close();
        }
    }

    /** Closes connections unused for more than 10 s; called from the node's cron. Returns how many. */
    public int closeIdle(final long nowMs)
    {
        int closed = 0;
        for (final Iterator<Target> it = targets.values().iterator(); it.hasNext(); )
        {
            final Target target = it.next();
            if (nowMs - target.lastUseMs > IDLE_MS)
            {
                target.close();
                it.remove();
                closed++;
            }
        }
        return closed;
    }

    /** Closes every connection (the node stops). */
    public void closeAll()
    {
        for (final Target target : targets.values())
        {
            target.close();
        }
        targets.clear();
    }

    private static Target connect(final String host, final String port, final long timeoutMs) throws IOException
    {
        final InetSocketAddress address = new InetSocketAddress(host, portNumber(port));
        if (address.isUnresolved())
        {
            throw new ConnectException("cannot resolve " + host);
        }
        final SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try
        {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_CONNECT);
            if (!channel.connect(address))
            {
                if (selector.select(Math.max(1, timeoutMs)) == 0)
                {
                    throw new ConnectException("connect timeout");
                }
                // a refused connection surfaces here, as a socket error (Redis sees it on its first write)
                channel.finishConnect();
            }
            return new Target(channel, selector);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (selector != null)
            {
                selector.close();
            }
            channel.close();
            throw ex;
        }
    }

    /** The port as C's atoi reads it (leading digits, else 0), so a bad port fails to connect like in Redis. */
    private static int portNumber(final String port)
    {
        final byte[] bytes = port.getBytes(StandardCharsets.US_ASCII);
        int i = 0;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t'))
        {
            i++;
        }
        final boolean negative = i < bytes.length && bytes[i] == '-';
        if (i < bytes.length && (bytes[i] == '-' || bytes[i] == '+'))
        {
            i++;
        }
        long value = 0;
        while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9' && value <= 65535)
        {
            value = value * 10 + bytes[i++] - '0';
        }
        return negative || value > 65535 ? 0 : (int)value;
    }
}
