package io.krill.core.cluster;

import io.krill.gossip.BusFrameDecoder;
import io.krill.gossip.BusFrameHandler;
import io.krill.gossip.BusVerdict;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The cluster bus between nodes of one JVM: each node reads an inbox ring buffer ({@link InJvmBus.Endpoint}) that
 * its in-JVM peers write into, instead of sockets.
 * <p>
 * BEHAVIOR: a link carries the same byte stream as a TCP link, cut into inbox records tagged with the receiving
 * half's key. The receiver runs each link's bytes through a {@link BusFrameDecoder}, exactly as TCP does, so a
 * peer writing garbage (a bug in this JVM is still possible) breaks only its link and every message the node sees
 * was framed and validated; a message arriving in one record, the usual case, is delivered in place from the
 * ring. Records: OPEN (a channel id; the link's details wait in the acceptor's {@code opening} map), DATA (key and
 * bytes, a message cut into chunks when longer than a record may be) and CLOSE (key). A connect completes at once,
 * like a TCP connect to a local port: {@link Listener#onConnected} is called before {@link #connect} returns, and the
 * peer's {@link Listener#onAccepted} follows when it reads the OPEN record.
 * <p>
 * A write that does not fit in the peer's inbox closes the link (there is no send queue: the inbox is it), as a TCP
 * link is closed when its queue passes {@code cluster-link-sendbuf-limit}; gossip reconnects. A close notice that
 * does not fit waits in the peer's late-close queue. When a node stops, it answers what is left in its inbox and
 * tells every peer, as a closing socket would.
 * <p>
 * Waking: a node may be asleep in its selector. {@link #prepareToSleep()} marks it sleeping, then looks at the
 * inbox once more; a writer that finds the mark clears it and wakes the selector. Both are volatile accesses of the
 * mark and the ring's tail, so either the node sees the record or the writer sees the mark, and a node that is awake
 * costs its writers no system call.
 * <p>
 * Not thread safe: the owning node's agent thread calls everything; other nodes only write into its inbox.
 */
public final class InJvmBusTransport implements BusTransport
{
    /** In-JVM link ids start here, far from TCP's, so a transport holding both can tell them apart. */
    public static final long FIRST_LINK_ID = 1L << 48;

    static final int OPEN = 1;
    static final int DATA = 2;
    static final int CLOSE = 3;
    static final int KEY_BYTES = Long.BYTES;

    private static final Logger LOG = LoggerFactory.getLogger(InJvmBusTransport.class);
    private static final int READ_LIMIT = 256;
    private static final long CLOSE_DRAIN_LIMIT_NS = TimeUnit.SECONDS.toNanos(1);

    private final InJvmBus bus;
    private final Listener listener;
    private final InJvmBus.Endpoint endpoint;
    private final Long2ObjectHashMap<Link> links = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Link> byKey = new Long2ObjectHashMap<>();
    private final MessageHandler reader = this::onRecord;
    private final MessageHandler closingReader = this::onRecordWhileClosing;
    private long nextLinkId = FIRST_LINK_ID;
    private long linksConnected;
    private long messagesSent;
    private long bytesSent;
    private long messagesReceived;
    private long recordsDropped;

    /**
     * @param selector          the node's selector, woken when a record arrives while the node sleeps in it; null
     *                          if the caller polls on its own schedule.
     * @param inboxCapacityBytes size of this node's inbox, rounded up to a power of two (64 KiB to 1 GiB).
     */
    public InJvmBusTransport(final InJvmBus bus, final Selector selector, final Listener listener,
        final long inboxCapacityBytes)
    {
        this.bus = bus;
        this.listener = listener;
        this.endpoint = new InJvmBus.Endpoint(inboxCapacityBytes, selector);
    }

    /**
     * Makes this node reachable by its in-JVM peers at the bus port its TCP listener is bound to.
     *
     * @param bindAddresses the addresses the TCP bus listens on (Redis bind syntax).
     */
    public void listen(final String[] bindAddresses, final int port)
    {
        endpoint.bindAddresses = bindAddresses.clone();
        endpoint.port = port;
        bus.register(endpoint);
    }

    /** This node's endpoint (its counters). */
    public InJvmBus.Endpoint endpoint()
    {
        return endpoint;
    }

    /** Whether a link id was handed out by an in-JVM transport. */
    public static boolean isInJvmLink(final long linkId)
    {
        return linkId >= FIRST_LINK_ID;
    }

    /** Connects to the node of this JVM listening at {@code host:port}; the link fails if there is none. */
    @Override
    public long connect(final String host, final int port)
    {
        return connect(bus.find(host, port), host);
    }

    /**
     * Connects to an endpoint found with {@link InJvmBus#find} (null fails the link, as a refused TCP connect).
     *
     * @param host the address the peer was looked up by: the peer sees it as its own address and as ours, as
     *             a TCP connect to a local address would show.
     */
    long connect(final InJvmBus.Endpoint peer, final String host)
    {
        final long linkId = nextLinkId++;
        if (peer == null || endpoint.closed)
        {
            listener.onClosed(linkId);
            return linkId;
        }
        final String ip = ipOf(host);
        final InJvmBus.Channel channel = new InJvmBus.Channel(bus.nextChannelId(), endpoint, peer, ip, ip);
        peer.opening.put(channel.id, channel);
        if (!writeControl(peer, OPEN, channel.id))
        {
            peer.opening.remove(channel.id);
            LOG.warn("Cluster bus link {} to {}:{} refused: the peer's in-JVM inbox is full", linkId, host, peer.port);
            listener.onClosed(linkId);
            return linkId;
        }
        final Link link = new Link(linkId, channel, InJvmBus.Channel.CONNECTOR);
        links.put(linkId, link);
        byKey.put(link.key, link);
        peer.wake();
        if (peer.closed)
        {
            // the peer is stopping and may not have seen the OPEN: it may have, so decide the close once
            closeLink(link);
            return linkId;
        }
        linksConnected++;
        listener.onConnected(linkId);
        return linkId;
    }

    private static String ipOf(final String host)
    {
        try
        {
            return InetAddress.getByName(host).getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            return host;
        }
    }

    @Override
    public boolean send(final long linkId, final DirectBuffer buffer, final int offset, final int length)
    {
        final Link link = links.get(linkId);
        if (link == null)
        {
            return false;
        }
        if (link.channel.closed.get())
        {
            // the peer closed first; its notice is on the way, but the link is already gone
            dropLink(link);
            return false;
        }
        // fault injection (tests): one volatile read when no fault is set; a link that held messages back keeps
        // holding until they are out, so that a message never overtakes an earlier one
        final InJvmBusFaults faults = bus.faults;
        if (faults != null || link.delayedUntilNs != 0)
        {
            final long delayNs = faults == null ? 0 : faults.verdictNs(endpoint.port, link.peer.port);
            if (delayNs == InJvmBusFaults.DROP)
            {
                return true;
            }
            final long nowNs = System.nanoTime();
            if (delayNs > 0 || link.delayedUntilNs - nowNs > 0)
            {
                hold(link, buffer, offset, length, Math.max(nowNs + delayNs, link.delayedUntilNs));
                return true;
            }
            link.delayedUntilNs = 0;
        }
        final ManyToOneRingBuffer inbox = link.peer.inbox();
        final int chunkBytes = inbox.maxMsgLength() - KEY_BYTES;
        int position = offset;
        final int end = offset + length;
        do
        {
            final int chunk = Math.min(chunkBytes, end - position);
            final int index = inbox.tryClaim(DATA, KEY_BYTES + chunk);
            if (index < 0)
            {
                LOG.warn("Closing cluster bus link {}: the peer's in-JVM inbox of {} bytes is full", linkId,
                    inbox.capacity());
                closeLink(link);
                return false;
            }
            final MutableDirectBuffer ring = inbox.buffer();
            ring.putLong(index, link.peerKey);
            ring.putBytes(index + KEY_BYTES, buffer, position, chunk);
            inbox.commit(index);
            position += chunk;
        }
        while (position < end);
        messagesSent++;
        bytesSent += length;
        link.peer.wake();
        if (link.peer.closed)
        {
            closeLink(link);
            return false;
        }
        return true;
    }

    /** Hands a copy of a message to the bus's delay line, due at {@code dueNs} (never 0: 0 means none held). */
    private void hold(final Link link, final DirectBuffer buffer, final int offset, final int length,
        final long dueNs)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        link.delayedUntilNs = dueNs == 0 ? 1 : dueNs;
        bus.delayLine().hold(link.peer, link.channel, link.peerKey, copy, link.delayedUntilNs);
        messagesSent++;
        bytesSent += length;
    }

    @Override
    public void close(final long linkId)
    {
        final Link link = links.get(linkId);
        if (link != null)
        {
            closeLink(link);
        }
    }

    /** Nothing waits on the sender's side: a message is in the peer's inbox or its link is closed. */
    @Override
    public int queuedBytes(final long linkId)
    {
        return 0;
    }

    /** Reads the inbox (up to a limit, so a flood does not starve the node's clients), then late close notices. */
    @Override
    public int poll()
    {
        int work = 0;
        final ManyToOneRingBuffer inbox = endpoint.inboxIfCreated();
        if (inbox != null)
        {
            work += inbox.read(reader, READ_LIMIT);
        }
        Long key;
        while ((key = endpoint.lateCloses.poll()) != null)
        {
            work++;
            final Link link = byKey.get(key);
            if (link != null)
            {
                dropLink(link);
            }
        }
        return work;
    }

    /**
     * Called before the node's selector may block: marks the node asleep so writers wake it.
     *
     * @return false if work is waiting (the mark is then cleared and the selector must not block).
     */
    public boolean prepareToSleep()
    {
        endpoint.sleeping.set(true);
        if (endpoint.hasWork())
        {
            endpoint.sleeping.set(false);
            return false;
        }
        return true;
    }

    /** Called after the selector returned: writers need not wake the node while it is awake. */
    public void awake()
    {
        endpoint.sleeping.set(false);
    }

    /** Links this transport opened that reached a peer. */
    public long linksConnected()
    {
        return linksConnected;
    }

    /** Whole messages written to peers' inboxes. */
    public long messagesSent()
    {
        return messagesSent;
    }

    public long bytesSent()
    {
        return bytesSent;
    }

    /** Whole, validated messages delivered to the listener. */
    public long messagesReceived()
    {
        return messagesReceived;
    }

    /** Data records for links that were already closed. */
    public long recordsDropped()
    {
        return recordsDropped;
    }

    /** Links currently open (both directions). */
    public int linkCount()
    {
        return links.size();
    }

    /**
     * Leaves the bus: refuses the links still opening towards this node, then tells every peer its link is closed.
     * No {@link Listener#onClosed} calls, as with {@link TcpBusTransport#close()}.
     */
    @Override
    public void close()
    {
        if (endpoint.closed)
        {
            return;
        }
        // A writer checks this flag after writing: either it sees it and closes its own link, or its record is
        // already claimed when the drain below looks at the ring's tail, and the drain answers it.
        endpoint.closed = true;
        bus.unregister(endpoint);
        final ManyToOneRingBuffer inbox = endpoint.inboxIfCreated();
        if (inbox != null)
        {
            final long deadlineNs = System.nanoTime() + CLOSE_DRAIN_LIMIT_NS;
            while (inbox.producerPosition() != inbox.consumerPosition() && System.nanoTime() - deadlineNs < 0)
            {
                if (inbox.read(closingReader) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
        for (final InJvmBus.Channel channel : new ArrayList<>(endpoint.opening.values()))
        {
            refuse(channel);
        }
        endpoint.opening.clear();
        for (final Link link : links.values())
        {
            link.closed = true;
            notifyPeer(link);
        }
        links.clear();
        byKey.clear();
        endpoint.lateCloses.clear();
    }

    private void onRecord(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        endpoint.recordsReceived.incrementAndGet();
        if (length < KEY_BYTES)
        {
            recordsDropped++;
            return;
        }
        final long key = buffer.getLong(index);
        switch (type)
        {
            case OPEN:
                accept(key);
                break;
            case DATA:
                final Link link = byKey.get(key);
                if (link == null)
                {
                    recordsDropped++;
                    return;
                }
                if (link.decoder.onBytes(buffer, index + KEY_BYTES, length - KEY_BYTES, link) ==
                    BusFrameDecoder.BROKEN && !link.closed)
                {
                    LOG.warn("Closing cluster bus link {}: {}", link.id, link.decoder.failure());
                    closeLink(link);
                }
                break;
            case CLOSE:
                final Link closing = byKey.get(key);
                if (closing != null)
                {
                    dropLink(closing);
                }
                break;
            default:
                recordsDropped++;
                break;
        }
    }

    private void accept(final long channelId)
    {
        final InJvmBus.Channel channel = endpoint.opening.remove(channelId);
        if (channel == null || channel.closed.get())
        {
            return;
        }
        final Link link = new Link(nextLinkId++, channel, InJvmBus.Channel.ACCEPTOR);
        links.put(link.id, link);
        byKey.put(link.key, link);
        endpoint.linksAccepted.incrementAndGet();
        listener.onAccepted(link.id, channel.acceptorIp, channel.connectorIp);
    }

    private void onRecordWhileClosing(final int type, final MutableDirectBuffer buffer, final int index,
        final int length)
    {
        if (type == OPEN)
        {
            final InJvmBus.Channel channel = endpoint.opening.remove(buffer.getLong(index));
            if (channel != null)
            {
                refuse(channel);
            }
        }
    }

    private static void refuse(final InJvmBus.Channel channel)
    {
        if (channel.closed.compareAndSet(false, true))
        {
            sendClose(channel.connector, channel.key(InJvmBus.Channel.CONNECTOR));
        }
    }

    /** Closes a link on our initiative: the peer is told unless it closed first. */
    private void closeLink(final Link link)
    {
        if (link.closed)
        {
            return;
        }
        notifyPeer(link);
        dropLink(link);
    }

    private static void notifyPeer(final Link link)
    {
        if (link.channel.closed.compareAndSet(false, true))
        {
            sendClose(link.peer, link.peerKey);
        }
    }

    private static void sendClose(final InJvmBus.Endpoint peer, final long peerKey)
    {
        if (!writeControl(peer, CLOSE, peerKey))
        {
            peer.lateCloses.add(peerKey);
        }
        peer.wake();
    }

    private static boolean writeControl(final InJvmBus.Endpoint peer, final int type, final long value)
    {
        final ManyToOneRingBuffer inbox = peer.inbox();
        final int index = inbox.tryClaim(type, KEY_BYTES);
        if (index < 0)
        {
            return false;
        }
        inbox.buffer().putLong(index, value);
        inbox.commit(index);
        return true;
    }

    /** Forgets a link and tells the listener. */
    private void dropLink(final Link link)
    {
        if (link.closed)
        {
            return;
        }
        link.closed = true;
        links.remove(link.id);
        byKey.remove(link.key);
        listener.onClosed(link.id);
    }

    /** One half of a channel: its key, where its sends go, and the decoder of what arrives. */
    private final class Link implements BusFrameHandler
    {
        final long id;
        final InJvmBus.Channel channel;
        final long key;
        final long peerKey;
        final InJvmBus.Endpoint peer;
        final BusFrameDecoder decoder = new BusFrameDecoder();
        boolean closed;
        /** When the last message held back by a delay fault is due; 0 when none was held. */
        long delayedUntilNs;

        Link(final long id, final InJvmBus.Channel channel, final int side)
        {
            this.id = id;
            this.channel = channel;
            this.key = channel.key(side);
            this.peerKey = channel.key(1 - side);
            this.peer = side == InJvmBus.Channel.CONNECTOR ? channel.acceptor : channel.connector;
        }

        @Override
        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            // a message handled earlier in the same record may have closed the link
            if (!closed)
            {
                messagesReceived++;
                listener.onMessage(id, buffer, offset, length);
            }
        }

        @Override
        public void onMalformed(final BusVerdict verdict, final DirectBuffer buffer, final int offset,
            final int length)
        {
            if (!closed)
            {
                listener.onMalformed(id, verdict);
            }
        }
    }
}
