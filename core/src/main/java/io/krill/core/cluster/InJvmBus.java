package io.krill.core.cluster;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster bus endpoints of the nodes living in this JVM, found by the address their TCP bus port listens on, so
 * that a node connecting to a peer's bus port can reach that peer through its inbox instead of a socket.
 * <p>
 * BEHAVIOR: a node registers its endpoint with the addresses and the port its TCP bus listener is bound to. Because
 * that port really is bound (by this JVM), the pair names exactly one node: whatever a TCP connect to that address
 * would reach, {@link #find} returns. A wildcard bind matches every local address, a specific one only itself.
 * <p>
 * Thread safe: endpoints are registered and looked up by the nodes' agent threads; an endpoint's inbox is written
 * by any of them and read by its owner alone.
 */
public final class InJvmBus
{
    private static final InJvmBus SHARED = new InJvmBus();

    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    private final AtomicLong nextChannelId = new AtomicLong(1);
    /** The faults set on links of this bus, or null when there is none: senders read this field per message. */
    volatile InJvmBusFaults faults;
    private final Long2ObjectHashMap<InJvmBusFaults.Rule> rules = new Long2ObjectHashMap<>();
    private final InJvmBusFaults.DelayLine delayLine = new InJvmBusFaults.DelayLine();

    /** The bus of this JVM, used by every node that runs with {@code cluster-bus-transport auto} or {@code injvm}. */
    public static InJvmBus shared()
    {
        return SHARED;
    }

    /**
     * The endpoint of the node whose bus listens at {@code host:port}, or null if no node of this JVM does.
     *
     * @param host an IP address or a host name (resolved as a TCP connect would resolve it).
     */
    public Endpoint find(final String host, final int port)
    {
        boolean anyOnPort = false;
        for (final Endpoint endpoint : endpoints)
        {
            anyOnPort |= endpoint.port == port;
        }
        if (!anyOnPort)
        {
            return null;
        }
        final InetAddress address;
        try
        {
            address = InetAddress.getByName(host);
        }
        catch (final UnknownHostException | SecurityException ex)
        {
            return null;
        }
        for (final Endpoint endpoint : endpoints)
        {
            if (endpoint.port == port && !endpoint.closed && endpoint.accepts(address))
            {
                return endpoint;
            }
        }
        return null;
    }

    long nextChannelId()
    {
        return nextChannelId.getAndIncrement();
    }

    void register(final Endpoint endpoint)
    {
        endpoints.add(endpoint);
    }

    void unregister(final Endpoint endpoint)
    {
        endpoints.remove(endpoint);
    }

    /** The fault on messages from one bus port to another, or null. */
    synchronized InJvmBusFaults.Rule fault(final int fromPort, final int toPort)
    {
        return rules.get(InJvmBusFaults.key(fromPort, toPort));
    }

    /** Sets (or, with null or an empty rule, clears) the fault on messages from one bus port to another. */
    synchronized void fault(final int fromPort, final int toPort, final InJvmBusFaults.Rule rule)
    {
        final long key = InJvmBusFaults.key(fromPort, toPort);
        if (rule == null || rule.isEmpty())
        {
            rules.remove(key);
        }
        else
        {
            rules.put(key, rule);
        }
        // a fresh copy per change: senders read the published table without a lock, so it must never change
        final Long2ObjectHashMap<InJvmBusFaults.Rule> table = new Long2ObjectHashMap<>();
        table.putAll(rules);
        faults = table.isEmpty() ? null : new InJvmBusFaults(table);
    }

    InJvmBusFaults.DelayLine delayLine()
    {
        return delayLine;
    }

    /**
     * One node's presence on the bus: its inbox, a {@link ManyToOneRingBuffer} every in-JVM peer writes into and
     * the node's agent alone reads, and what its peers need to open links to it and wake it.
     * <p>
     * The inbox is allocated on the first connect to the node, so a node nobody in its JVM talks to (the common
     * single-node process) costs no buffer. Its size bounds what may wait for the node: a write that does not fit
     * fails, and the writer closes its link, as a TCP sender does when its queue passes its limit.
     */
    public static final class Endpoint
    {
        final long inboxCapacityBytes;
        final Selector selector;
        /** Links opening towards this endpoint, by channel id, until its owner reads their OPEN record. */
        final ConcurrentHashMap<Long, Channel> opening = new ConcurrentHashMap<>();
        /** Close notices that did not fit in the inbox: read after it. */
        final Queue<Long> lateCloses = new ConcurrentLinkedQueue<>();
        /** Set by the owner just before its selector may block; a writer that clears it wakes the selector. */
        final AtomicBoolean sleeping = new AtomicBoolean();
        final AtomicLong wakeups = new AtomicLong();
        final AtomicLong recordsReceived = new AtomicLong();
        final AtomicLong linksAccepted = new AtomicLong();
        String[] bindAddresses = new String[0];
        int port = -1;
        volatile boolean closed;
        private volatile ManyToOneRingBuffer inbox;

        /**
         * @param selector woken when a record lands while the owner sleeps in it; null when the owner polls on its
         *                 own schedule (tests, benchmarks).
         */
        Endpoint(final long inboxCapacityBytes, final Selector selector)
        {
            this.inboxCapacityBytes = inboxCapacityBytes;
            this.selector = selector;
        }

        /** The inbox if a peer ever needed it, else null (the reader's view: nothing was ever written). */
        ManyToOneRingBuffer inboxIfCreated()
        {
            return inbox;
        }

        ManyToOneRingBuffer inbox()
        {
            ManyToOneRingBuffer ring = inbox;
            if (ring == null)
            {
                synchronized (this)
                {
                    ring = inbox;
                    if (ring == null)
                    {
                        final int capacity = ringCapacity(inboxCapacityBytes);
                        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
                            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
                        inbox = ring;
                    }
                }
            }
            return ring;
        }

        /** A power of two between 64 KiB and 1 GiB. */
        static int ringCapacity(final long bytes)
        {
            final long bounded = Math.max(64 * 1024, Math.min(bytes, 1L << 30));
            return (int)Long.highestOneBit(bounded - 1) << 1;
        }

        /** Whether work waits in the inbox (records written or being written, or late closes). */
        boolean hasWork()
        {
            final ManyToOneRingBuffer ring = inbox;
            return (ring != null && ring.producerPosition() != ring.consumerPosition()) || !lateCloses.isEmpty();
        }

        /** Wakes the owner if it is (about to be) asleep in its selector; only one writer pays for the wake-up. */
        void wake()
        {
            if (sleeping.get() && sleeping.compareAndSet(true, false))
            {
                wakeups.incrementAndGet();
                if (selector != null)
                {
                    selector.wakeup();
                }
            }
        }

        boolean accepts(final InetAddress address)
        {
            for (final String spec : bindAddresses)
            {
                final String bound = spec.startsWith("-") ? spec.substring(1) : spec;
                if ("*".equals(bound) || "::*".equals(bound) || "0.0.0.0".equals(bound) || "::".equals(bound))
                {
                    if (isLocal(address))
                    {
                        return true;
                    }
                    continue;
                }
                try
                {
                    if (InetAddress.getByName(bound).equals(address))
                    {
                        return true;
                    }
                }
                catch (final UnknownHostException ignore)
                {
                    // a bind address that does not resolve cannot be where the peer connects
                }
            }
            return false;
        }

        private static boolean isLocal(final InetAddress address)
        {
            if (address.isLoopbackAddress() || address.isAnyLocalAddress())
            {
                return true;
            }
            try
            {
                return NetworkInterface.getByInetAddress(address) != null;
            }
            catch (final SocketException ex)
            {
                return false;
            }
        }

        /** The bus port this endpoint is registered under. */
        public int port()
        {
            return port;
        }

        /** Records read from the inbox so far (opens, message chunks, closes). */
        public long recordsReceived()
        {
            return recordsReceived.get();
        }

        /** Links peers of this JVM opened to this node. */
        public long linksAccepted()
        {
            return linksAccepted.get();
        }

        /** Times a writer had to wake this node's selector. */
        public long wakeups()
        {
            return wakeups.get();
        }
    }

    /**
     * One link between two endpoints, shared by its two halves. Closing is decided once: the half that wins
     * {@link #closed} tells the other; the other may find it closed at any time and just drops its half.
     */
    static final class Channel
    {
        static final int ACCEPTOR = 0;
        static final int CONNECTOR = 1;

        final long id;
        final Endpoint connector;
        final Endpoint acceptor;
        final String acceptorIp;
        final String connectorIp;
        final AtomicBoolean closed = new AtomicBoolean();

        Channel(final long id, final Endpoint connector, final Endpoint acceptor, final String acceptorIp,
            final String connectorIp)
        {
            this.id = id;
            this.connector = connector;
            this.acceptor = acceptor;
            this.acceptorIp = acceptorIp;
            this.connectorIp = connectorIp;
        }

        /** The key records for a half carry: unique in the JVM, even if a node links to itself. */
        long key(final int side)
        {
            return id << 1 | side;
        }
    }
}
