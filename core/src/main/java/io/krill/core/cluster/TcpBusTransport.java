package io.krill.core.cluster;

import io.krill.core.server.SelectionHandler;
import io.krill.gossip.BusFrameDecoder;
import io.krill.gossip.BusFrameHandler;
import io.krill.gossip.BusVerdict;
import io.krill.gossip.MalformedPacketCounter;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster bus over TCP: a listener on the bus port and non-blocking links, all on the node's selector.
 * <p>
 * BEHAVIOR: bytes read from a link go through its {@link BusFrameDecoder}; whole messages reach the listener in
 * place, without copies. Sends are copied into the link's queue and written at once as far as the socket takes
 * them, the rest when it becomes writable. A queue is bounded ({@code maxQueueBytes}): a peer that stops reading
 * gets its link closed instead of growing the node's heap, as Redis does with {@code cluster-link-sendbuf-limit}.
 * <p>
 * Malformed input: a frame that fails validation is dropped and the link stays; a broken framing (bad signature,
 * {@code totlen} below the header or above the maximum) closes the link, as Redis does. Both are counted in
 * {@link #malformedPackets()} per remote IP address, not per link: a port scanner or a buggy peer that reconnects
 * gets a new link each time, and what an operator needs is one line per misbehaving host. So the first malformed
 * message from an address is logged at WARN, then at most one line per {@link #MALFORMED_LOG_INTERVAL_MS} saying
 * how many more came (Redis 7.0 logs every one and counts none).
 * <p>
 * Not thread safe: the node's agent thread drives it through the shared selector.
 */
public final class TcpBusTransport implements BusTransport
{
    private static final Logger LOG = LoggerFactory.getLogger(TcpBusTransport.class);
    private static final int READ_CHUNK_BYTES = 64 * 1024;
    private static final int MAX_ACCEPTS_PER_CYCLE = 100;
    /** After the first malformed message from an address, at most one log line per this interval for it. */
    public static final long MALFORMED_LOG_INTERVAL_MS = MalformedPacketCounter.DEFAULT_LOG_INTERVAL_MS;

    private final Selector selector;
    private final Listener listener;
    private final int maxQueueBytes;
    private final Long2ObjectHashMap<Link> links = new Long2ObjectHashMap<>();
    private final List<ServerSocketChannel> acceptors = new ArrayList<>();
    private final byte[] readBytes = new byte[READ_CHUNK_BYTES];
    private final ByteBuffer readView = ByteBuffer.wrap(readBytes);
    private final UnsafeBuffer readBuffer = new UnsafeBuffer(readBytes);
    private final AcceptHandler acceptHandler = new AcceptHandler();
    private final MalformedPacketCounter malformed = new MalformedPacketCounter(
        MALFORMED_LOG_INTERVAL_MS, MalformedPacketCounter.DEFAULT_MAX_TRACKED_PEERS);
    private long nextLinkId = 1;

    /**
     * @param maxQueueBytes bound on each link's unsent bytes (0: the default of 64 MiB, since an unbounded queue
     *                      is not something a node can promise).
     */
    public TcpBusTransport(final Selector selector, final Listener listener, final long maxQueueBytes)
    {
        this.selector = selector;
        this.listener = listener;
        this.maxQueueBytes = (int)Math.min(maxQueueBytes <= 0 ? 64L * 1024 * 1024 : maxQueueBytes,
            Integer.MAX_VALUE - 8);
    }

    /** Listens on {@code port} at the given addresses (Redis bind syntax); returns the bound port. */
    public int bind(final String[] addresses, final int port) throws IOException
    {
        int boundPort = port;
        for (final String spec : addresses)
        {
            final boolean optional = spec.startsWith("-");
            final String address = optional ? spec.substring(1) : spec;
            final String host = "*".equals(address) ? "0.0.0.0" : "::*".equals(address) ? "::" : address;
            final ServerSocketChannel channel = ServerSocketChannel.open();
            try
            {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(new InetSocketAddress(InetAddress.getByName(host), boundPort), 511);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_ACCEPT, acceptHandler);
                boundPort = ((InetSocketAddress)channel.getLocalAddress()).getPort();
                acceptors.add(channel);
            }
            catch (final IOException ex)
            {
                channel.close();
                if (!optional)
                {
                    close();
                    throw new IOException("Could not bind the cluster bus port " + host + ":" + port + ": " +
                        ex.getMessage(), ex);
                }
            }
        }
        if (acceptors.isEmpty())
        {
            throw new IOException("Failed listening on the cluster bus port " + port);
        }
        return boundPort;
    }

    @Override
    public long connect(final String host, final int port)
    {
        final long linkId = nextLinkId++;
        try
        {
            final SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final Link link = new Link(linkId, channel, false);
            links.put(linkId, link);
            final InetSocketAddress address = new InetSocketAddress(host, port);
            link.peer(address.getAddress(), host);
            if (channel.connect(address))
            {
                link.key = channel.register(selector, SelectionKey.OP_READ, link);
                listener.onConnected(linkId);
            }
            else
            {
                link.key = channel.register(selector, SelectionKey.OP_CONNECT, link);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // an unresolvable or unreachable address fails the link, not the node
            final Link link = links.remove(linkId);
            if (link != null)
            {
                closeQuietly(link);
            }
            listener.onClosed(linkId);
        }
        return linkId;
    }

    @Override
    public boolean send(final long linkId, final DirectBuffer buffer, final int offset, final int length)
    {
        final Link link = links.get(linkId);
        if (link == null)
        {
            return false;
        }
        if (link.queued + length > maxQueueBytes)
        {
            LOG.warn("Closing cluster bus link {}: send queue would exceed {} bytes", linkId, maxQueueBytes);
            fail(link);
            return false;
        }
        link.enqueue(buffer, offset, length);
        if (link.connected)
        {
            try
            {
                link.flush();
            }
            catch (final IOException ex)
            {
                fail(link);
                return false;
            }
        }
        return true;
    }

    @Override
    public void close(final long linkId)
    {
        final Link link = links.get(linkId);
        if (link != null)
        {
            fail(link);
        }
    }

    @Override
    public int queuedBytes(final long linkId)
    {
        final Link link = links.get(linkId);
        return link == null ? 0 : link.queued;
    }

    /**
     * Malformed messages received, per remote address (see {@link #peerKey}) and per reason; framing failures that
     * closed a link are the reasons whose {@link BusVerdict#closesLink()} is true; {@code reports()} is the number
     * of WARN lines written about them.
     */
    public MalformedPacketCounter malformedPackets()
    {
        return malformed;
    }

    /**
     * The key {@link #malformedPackets()} counts an address under: an IPv4 address as its unsigned 32-bit value,
     * any other address as a 64-bit hash of its bytes (a collision only merges two hosts' log budgets).
     */
    public static long peerKey(final InetAddress address)
    {
        if (address == null)
        {
            return 0;
        }
        final byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address)
        {
            return ((bytes[0] & 0xFFL) << 24) | ((bytes[1] & 0xFFL) << 16) | ((bytes[2] & 0xFFL) << 8) |
                (bytes[3] & 0xFFL);
        }
        long hash = 0xCBF29CE484222325L;
        for (final byte b : bytes)
        {
            hash = (hash ^ (b & 0xFF)) * 0x100000001B3L;
        }
        // bit 32 set: outside the IPv4 range, and never the counter's shared overflow key
        return hash | (1L << 32);
    }

    /** Counts a malformed message from the link's host and logs it if the per-host budget allows. */
    private void countMalformed(final Link link, final BusVerdict verdict)
    {
        countMalformed(link.peerKey, link.peerAddress, verdict);
    }

    /**
     * Counts a malformed message from a peer ({@link #peerKey} of its address, or a key of the caller's outside
     * that range) and logs it if the peer's budget allows; the in-JVM transport reports its links' here too, so
     * that the node has one count.
     */
    void countMalformed(final long peerKey, final Object peerAddress, final BusVerdict verdict)
    {
        final long nowMs = System.currentTimeMillis();
        if (!malformed.onMalformed(peerKey, verdict, nowMs))
        {
            return;
        }
        final String action = verdict.closesLink() ? "link closed" : "message dropped";
        final long count = malformed.count(peerKey);
        if (count <= 1)
        {
            // the first from this address (or from one past the tracked-address bound, whose count is shared)
            LOG.warn("Malformed cluster bus message from {} ({}, {}); further ones from this address are counted " +
                "and logged at most once every {} s", peerAddress, verdict, action,
                MALFORMED_LOG_INTERVAL_MS / 1000);
        }
        else
        {
            LOG.warn("Malformed cluster bus message from {} ({}, {}); {} more since the previous line, {} in all",
                peerAddress, verdict, action, malformed.suppressedSinceLastLog(peerKey), count);
        }
    }

    /** Send-buffer capacity of a link (CLUSTER LINKS send-buffer-allocated). */
    public int allocatedBytes(final long linkId)
    {
        final Link link = links.get(linkId);
        return link == null ? 0 : link.queue.length;
    }

    @Override
    public int poll()
    {
        return 0;
    }

    @Override
    public void close()
    {
        for (final Link link : new ArrayList<>(links.values()))
        {
            closeQuietly(link);
        }
        links.clear();
        for (final ServerSocketChannel acceptor : acceptors)
        {
            try
            {
                acceptor.close();
            }
            catch (final IOException ignore)
            {
                // closing anyway
            }
        }
        acceptors.clear();
    }

    private void fail(final Link link)
    {
        if (links.remove(link.id) != null)
        {
            closeQuietly(link);
            listener.onClosed(link.id);
        }
    }

    private static void closeQuietly(final Link link)
    {
        if (link.key != null)
        {
            link.key.cancel();
        }
        try
        {
            link.channel.close();
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
    }

    private static String hostOf(final java.net.SocketAddress address)
    {
        return ((InetSocketAddress)address).getAddress().getHostAddress();
    }

    /** Accepts inbound links. */
    private final class AcceptHandler implements SelectionHandler
    {
        @Override
        public void onSelected(final SelectionKey key) throws IOException
        {
            final ServerSocketChannel acceptor = (ServerSocketChannel)key.channel();
            for (int i = 0; i < MAX_ACCEPTS_PER_CYCLE; i++)
            {
                final SocketChannel channel = acceptor.accept();
                if (channel == null)
                {
                    return;
                }
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                final Link link = new Link(nextLinkId++, channel, true);
                final InetAddress remote = ((InetSocketAddress)channel.getRemoteAddress()).getAddress();
                link.peer(remote, remote.getHostAddress());
                link.connected = true;
                link.key = channel.register(selector, SelectionKey.OP_READ, link);
                links.put(link.id, link);
                listener.onAccepted(link.id, hostOf(channel.getLocalAddress()), hostOf(channel.getRemoteAddress()));
            }
        }

        @Override
        public void onFailure(final SelectionKey key, final IOException cause)
        {
            LOG.warn("Accepting a cluster bus connection: {}", cause.getMessage());
        }
    }

    /** One connection: its decoder and its send queue. */
    private final class Link implements SelectionHandler, BusFrameHandler
    {
        final long id;
        final SocketChannel channel;
        final boolean inbound;
        final BusFrameDecoder decoder = new BusFrameDecoder();
        SelectionKey key;
        boolean connected;
        long peerKey;
        String peerAddress;
        byte[] queue = new byte[0];
        int queued;
        private ByteBuffer queueView;

        Link(final long id, final SocketChannel channel, final boolean inbound)
        {
            this.id = id;
            this.channel = channel;
            this.inbound = inbound;
        }

        void peer(final InetAddress address, final String text)
        {
            peerKey = peerKey(address);
            peerAddress = address == null ? text : address.getHostAddress();
        }

        void enqueue(final DirectBuffer buffer, final int offset, final int length)
        {
            if (queued + length > queue.length)
            {
                queue = java.util.Arrays.copyOf(queue, Math.max(queued + length, Math.max(8192, queue.length * 2)));
            }
            buffer.getBytes(offset, queue, queued, length);
            queued += length;
        }

        void flush() throws IOException
        {
            if (queued > 0)
            {
                if (queueView == null || queueView.array() != queue)
                {
                    queueView = ByteBuffer.wrap(queue);
                }
                queueView.limit(queued).position(0);
                final int written = channel.write(queueView);
                System.arraycopy(queue, written, queue, 0, queued - written);
                queued -= written;
            }
            final int ops = SelectionKey.OP_READ | (queued > 0 ? SelectionKey.OP_WRITE : 0);
            if (key.interestOps() != ops)
            {
                key.interestOps(ops);
            }
        }

        @Override
        public void onSelected(final SelectionKey key) throws IOException
        {
            if (key.isConnectable())
            {
                channel.finishConnect();
                connected = true;
                key.interestOps(SelectionKey.OP_READ);
                listener.onConnected(id);
                flush();
                return;
            }
            if (key.isReadable())
            {
                readView.clear();
                final int read = channel.read(readView);
                if (read < 0)
                {
                    fail(this);
                    return;
                }
                if (read > 0 && decoder.onBytes(readBuffer, 0, read, this) == BusFrameDecoder.BROKEN)
                {
                    countMalformed(this, decoder.failure());
                    fail(this);
                    return;
                }
            }
            if (key.isValid() && key.isWritable())
            {
                flush();
            }
        }

        @Override
        public void onFailure(final SelectionKey key, final IOException cause)
        {
            fail(this);
        }

        @Override
        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            listener.onMessage(id, buffer, offset, length);
        }

        @Override
        public void onMalformed(final BusVerdict verdict, final DirectBuffer buffer, final int offset,
            final int length)
        {
            countMalformed(this, verdict);
            listener.onMalformed(id, verdict);
        }
    }
}
