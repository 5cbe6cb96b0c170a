package io.krill.core.cluster;

import io.krill.gossip.BusVerdict;
import io.krill.gossip.MalformedPacketCounter;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.channels.Selector;

/**
 * A node's cluster bus as {@code cluster-bus-transport} asks: links to nodes of this JVM over their in-JVM inboxes,
 * the rest over TCP.
 * <p>
 * BEHAVIOR: the TCP bus port is bound in every mode, so CLUSTER NODES shows a real port, nodes and tools outside
 * the JVM can reach the node, and the (address, port) pair under which the node joins the {@link InJvmBus} is one
 * no other node can hold. {@link #connect} then picks the way: {@code auto} goes in-JVM when a node of this JVM
 * listens at that address (so {@code CLUSTER MEET 127.0.0.1 7001} between two nodes of one JVM never opens a
 * socket) and over TCP otherwise; {@code injvm} goes in-JVM or fails the link; {@code tcp} always uses TCP.
 * Inbound TCP links are accepted in every mode. Each link stays on the transport that opened it: in-JVM link ids
 * start at {@link InJvmBusTransport#FIRST_LINK_ID}, far above TCP's.
 * <p>
 * Not thread safe: the node's agent thread calls everything.
 */
public final class HybridBusTransport implements BusTransport
{
    /** The values of {@code cluster-bus-transport}. */
    public enum Mode
    {
        TCP, INJVM, AUTO;

        /** The mode named by a {@code cluster-bus-transport} value. */
        public static Mode of(final String name)
        {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final Mode mode;
    private final InJvmBus bus;
    private final TcpBusTransport tcp;
    private final InJvmBusTransport inJvm;
    private long tcpLinksOpened;
    private long inJvmLinksOpened;

    /**
     * @param maxQueueBytes      bound on a TCP link's unsent bytes ({@link TcpBusTransport}).
     * @param inboxCapacityBytes size of this node's in-JVM inbox (unused with {@link Mode#TCP}).
     */
    public HybridBusTransport(final Mode mode, final InJvmBus bus, final Selector selector, final Listener listener,
        final long maxQueueBytes, final long inboxCapacityBytes)
    {
        this.mode = mode;
        this.bus = bus;
        this.tcp = new TcpBusTransport(selector, listener, maxQueueBytes);
        this.inJvm = mode == Mode.TCP ? null :
            new InJvmBusTransport(bus, selector, new CountingMalformed(listener), inboxCapacityBytes);
    }

    /** Malformed messages of every link, TCP and in-JVM, counted per peer address (INFO krill). */
    public MalformedPacketCounter malformedPackets()
    {
        return tcp.malformedPackets();
    }

    /** Binds the TCP bus port and, unless the mode is TCP, joins the in-JVM bus under it; returns the bound port. */
    public int bind(final String[] addresses, final int port) throws IOException
    {
        final int bound = tcp.bind(addresses, port);
        if (inJvm != null)
        {
            inJvm.listen(addresses, bound);
        }
        return bound;
    }

    public Mode mode()
    {
        return mode;
    }

    /** The in-JVM side, or null in TCP mode. */
    public InJvmBusTransport inJvm()
    {
        return inJvm;
    }

    /** Outbound links opened over TCP. */
    public long tcpLinksOpened()
    {
        return tcpLinksOpened;
    }

    /** Outbound links opened over the in-JVM bus (including those that found no node). */
    public long inJvmLinksOpened()
    {
        return inJvmLinksOpened;
    }

    @Override
    public long connect(final String host, final int port)
    {
        if (inJvm != null)
        {
            final InJvmBus.Endpoint peer = bus.find(host, port);
            if (peer != null || mode == Mode.INJVM)
            {
                inJvmLinksOpened++;
                return inJvm.connect(peer, host);
            }
        }
        tcpLinksOpened++;
        return tcp.connect(host, port);
    }

    @Override
    public boolean send(final long linkId, final DirectBuffer buffer, final int offset, final int length)
    {
        return InJvmBusTransport.isInJvmLink(linkId) ? inJvm.send(linkId, buffer, offset, length) :
            tcp.send(linkId, buffer, offset, length);
    }

    @Override
    public void close(final long linkId)
    {
        if (InJvmBusTransport.isInJvmLink(linkId))
        {
            inJvm.close(linkId);
        }
        else
        {
            tcp.close(linkId);
        }
    }

    @Override
    public int queuedBytes(final long linkId)
    {
        return InJvmBusTransport.isInJvmLink(linkId) ? inJvm.queuedBytes(linkId) : tcp.queuedBytes(linkId);
    }

    /** Send-buffer capacity of a link (CLUSTER LINKS send-buffer-allocated): 0 for an in-JVM link, which has none. */
    public int allocatedBytes(final long linkId)
    {
        return InJvmBusTransport.isInJvmLink(linkId) ? 0 : tcp.allocatedBytes(linkId);
    }

    /** Reads the in-JVM inbox; TCP links are served by the node's selector. */
    @Override
    public int poll()
    {
        return inJvm == null ? 0 : inJvm.poll();
    }

    /**
     * Called before the node's selector may block.
     *
     * @return false if in-JVM work is waiting, so the selector must not block.
     */
    public boolean prepareToSleep()
    {
        return inJvm == null || inJvm.prepareToSleep();
    }

    /** Called after the node's selector returned. */
    public void awake()
    {
        if (inJvm != null)
        {
            inJvm.awake();
        }
    }

    @Override
    public void close()
    {
        if (inJvm != null)
        {
            inJvm.close();
        }
        tcp.close();
    }

    /**
     * Passes the in-JVM transport's events on, counting its malformed messages with the TCP ones: a node in this
     * JVM sending garbage is a bug worth the same one line per peer.
     */
    private final class CountingMalformed implements Listener
    {
        /** Outside both the IPv4 keys and the hashed keys (bit 32 set) of {@link TcpBusTransport#peerKey}. */
        private static final long IN_JVM_PEER_KEY = 1L << 33;

        private final Listener listener;

        CountingMalformed(final Listener listener)
        {
            this.listener = listener;
        }

        @Override
        public void onConnected(final long linkId)
        {
            listener.onConnected(linkId);
        }

        @Override
        public void onAccepted(final long linkId, final String localIp, final String peerIp)
        {
            listener.onAccepted(linkId, localIp, peerIp);
        }

        @Override
        public void onMessage(final long linkId, final DirectBuffer buffer, final int offset, final int length)
        {
            listener.onMessage(linkId, buffer, offset, length);
        }

        @Override
        public void onMalformed(final long linkId, final BusVerdict verdict)
        {
            tcp.countMalformed(IN_JVM_PEER_KEY, "a node in this JVM", verdict);
            listener.onMalformed(linkId, verdict);
        }

        @Override
        public void onClosed(final long linkId)
        {
            listener.onClosed(linkId);
        }
    }
}
