package io.krill.core.cluster;

import io.krill.gossip.BusHeaderCodec;
import io.krill.gossip.BusMessageType;
import io.krill.gossip.BusMessageWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the in-JVM bus transport keeps the BusTransport contract as TCP does: links open and are accepted with the
 * addresses a local TCP connect would show, messages arrive whole, validated and in order both ways, a close on
 * either side reaches the other, a full inbox closes the link (and the link can be opened again), an unknown
 * endpoint fails the link, a peer writing garbage breaks only its link, a stopped node closes its links, and a
 * node asleep in its selector is woken by a write, once. The hybrid transport routes to the in-JVM bus or TCP.
 * Method: transports on a private InJvmBus, driven by hand in this thread (poll() is what the node agent calls);
 * real ring buffers, real frame decoding, real sockets for the TCP routes.
 */
class InJvmBusTransportTest
{
    private static final int SMALL_INBOX_BYTES = 64 * 1024;

    private final InJvmBus bus = new InJvmBus();
    private final BusEventRecorder aSide = new BusEventRecorder();
    private final BusEventRecorder bSide = new BusEventRecorder();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (final AutoCloseable closeable : toClose)
        {
            closeable.close();
        }
    }

    @Test
    void shouldOpenLinkAndDeliverMessagesInOrderBothWaysWhenPeerListens()
    {
        final InJvmBusTransport a = transport(aSide, 1 << 20);
        final InJvmBusTransport b = listening(bSide, 1 << 20, "127.0.0.1", 17001);
        final long link = a.connect("127.0.0.1", 17001);
        assertEquals(List.of(link), aSide.connected);
        assertTrue(bSide.accepted.isEmpty(), "accepted only when the acceptor reads its inbox");
        b.poll();
        assertEquals(1, bSide.accepted.size());
        assertEquals("127.0.0.1", bSide.localIps.get(0));
        assertEquals("127.0.0.1", bSide.peerIps.get(0));

        for (int i = 0; i < 100; i++)
        {
            final UnsafeBuffer message = ping("a", 7000 + i, i % 5);
            assertTrue(a.send(link, message, 0, message.capacity()));
        }
        pollUntil(() -> bSide.messages.size() == 100, b);
        for (int i = 0; i < 100; i++)
        {
            assertArrayEquals(bytes(ping("a", 7000 + i, i % 5)), bSide.messages.get(i), "message " + i);
        }
        final long inbound = bSide.accepted.get(0);
        final UnsafeBuffer pong = ping("b", 7001, 2);
        assertTrue(b.send(inbound, pong, 0, pong.capacity()));
        pollUntil(() -> aSide.messages.size() == 1, a);
        assertArrayEquals(bytes(pong), aSide.messages.get(0));
        assertEquals(100, a.messagesSent());
        assertEquals(100, b.messagesReceived());
        assertEquals(0, a.queuedBytes(link));
    }

    @Test
    void shouldCarryMessageLargerThanOneRecordWhenItFitsTheInbox()
    {
        final InJvmBusTransport a = transport(aSide, SMALL_INBOX_BYTES);
        final InJvmBusTransport b = listening(bSide, SMALL_INBOX_BYTES, "127.0.0.1", 17002);
        final long link = a.connect("127.0.0.1", 17002);
        // 64 KiB inbox: a record holds at most 8 KiB, this PING is about 28 KB
        final UnsafeBuffer big = ping("a", 7000, 250);
        assertTrue(a.send(link, big, 0, big.capacity()));
        pollUntil(() -> bSide.messages.size() == 1, b);
        assertArrayEquals(bytes(big), bSide.messages.get(0));
    }

    @Test
    void shouldFailLinkWhenNoNodeListensAtThatAddress()
    {
        final InJvmBusTransport a = transport(aSide, 1 << 20);
        listening(bSide, 1 << 20, "127.0.0.1", 17003);
        final long wrongPort = a.connect("127.0.0.1", 17004);
        final long wrongAddress = a.connect("127.0.0.2", 17003);
        final long badHost = a.connect("no-such-host.invalid", 17003);
        assertEquals(List.of(wrongPort, wrongAddress, badHost), aSide.closed);
        assertTrue(aSide.connected.isEmpty());
        assertFalse(a.send(wrongPort, ping("a", 1, 0), 0, 10));
    }

    @Test
    void shouldMatchEveryLocalAddressWhenBoundToWildcard()
    {
        final InJvmBusTransport b = transport(bSide, 1 << 20);
        b.listen(new String[] {"*", "-::*"}, 17005);
        assertTrue(bus.find("localhost", 17005) == b.endpoint());
        assertTrue(bus.find("127.0.0.3", 17005) == b.endpoint());
        assertNull(bus.find("192.0.2.1", 17005), "a documentation address is not local");
    }

    @Test
    void shouldCloseOtherHalfWhenEitherSideCloses()
    {
        final InJvmBusTransport a = transport(aSide, 1 << 20);
        final InJvmBusTransport b = listening(bSide, 1 << 20, "127.0.0.1", 17006);
        final long first = a.connect("127.0.0.1", 17006);
        final long second = a.connect("127.0.0.1", 17006);
        b.poll();
        assertEquals(2, bSide.accepted.size());

        a.close(first);
        assertEquals(List.of(first), aSide.closed);
        b.poll();
        assertEquals(List.of(bSide.accepted.get(0)), bSide.closed);

        b.close(bSide.accepted.get(1));
        final UnsafeBuffer message = ping("a", 1, 0);
        // the peer closed first: the send fails and the link is gone, before the notice is even read
        assertFalse(a.send(second, message, 0, message.capacity()));
        assertEquals(List.of(first, second), aSide.closed);
        a.poll();
        assertEquals(List.of(first, second), aSide.closed, "one onClosed per link");
        assertEquals(0, a.linkCount());
        assertEquals(0, b.linkCount());
    }

    @Test
    void shouldCloseLinkWhenPeerInboxIsFullAndReopenAfterItDrains()
    {
        final InJvmBusTransport a = transport(aSide, SMALL_INBOX_BYTES);
        final InJvmBusTransport b = listening(bSide, SMALL_INBOX_BYTES, "127.0.0.1", 17007);
        final long link = a.connect("127.0.0.1", 17007);
        b.poll();
        final UnsafeBuffer message = ping("a", 7000, 0);
        int count = 0;
        while (a.send(link, message, 0, message.capacity()))
        {
            count++;
        }
        final int sent = count;
        assertTrue(sent > 20 && sent < 30, "a 64 KiB inbox holds about 28 PINGs of 2256 bytes, took " + sent);
        assertEquals(List.of(link), aSide.closed);
        pollUntil(() -> bSide.closed.size() == 1, b);
        assertEquals(sent, bSide.messages.size(), "what was written before the close is delivered");

        final long again = a.connect("127.0.0.1", 17007);
        assertTrue(a.send(again, message, 0, message.capacity()));

        pollUntil(() -> bSide.messages.size() == sent + 1, b);
    }

    @Test
    void shouldDropMalformedMessageAndCloseLinkWhenPeerWritesGarbage()
    {
        final InJvmBusTransport a = transport(aSide, 1 << 20);
        final InJvmBusTransport b = listening(bSide, 1 << 20, "127.0.0.1", 17008);
        final long link = a.connect("127.0.0.1", 17008);
        // the sending transport does not validate: it plays a buggy node of this JVM
        final UnsafeBuffer bad = new UnsafeBuffer(bytes(ping("a", 7000, 0)));
        bad.putShort(8, (short)9, ByteOrder.BIG_ENDIAN);
        assertTrue(a.send(link, bad, 0, bad.capacity()));
        final UnsafeBuffer good = ping("a", 7000, 0);
        assertTrue(a.send(link, good, 0, 1000));
        assertTrue(a.send(link, good, 1000, good.capacity() - 1000));
        pollUntil(() -> bSide.messages.size() == 1 && bSide.malformed.size() == 1, b);
        assertTrue(bSide.closed.isEmpty(), "a malformed but framed message leaves the link open");

        final UnsafeBuffer garbage = new UnsafeBuffer("XXXXXXXXXXXXXXXX".getBytes(StandardCharsets.US_ASCII));
        assertTrue(a.send(link, garbage, 0, garbage.capacity()));
        pollUntil(() -> bSide.closed.size() == 1, b);
        pollUntil(() -> aSide.closed.contains(link), a);
    }

    @Test
    void shouldCloseLinksAndLeaveBusWhenNodeStops()
    {
        final InJvmBusTransport a = transport(aSide, 1 << 20);
        final InJvmBusTransport b = listening(bSide, 1 << 20, "127.0.0.1", 17009);
        final long accepted = a.connect("127.0.0.1", 17009);
        b.poll();
        final long pending = a.connect("127.0.0.1", 17009);
        b.close();
        pollUntil(() -> aSide.closed.size() == 2, a);
        assertTrue(aSide.closed.contains(accepted) && aSide.closed.contains(pending));
        assertTrue(bSide.closed.isEmpty(), "closing the transport reports nothing to its own listener");
        final long late = a.connect("127.0.0.1", 17009);
        assertEquals(late, aSide.closed.get(2));
    }

    @Test
    void shouldWakeSleepingNodeOnceAndNotWhenAwake() throws IOException
    {
        final Selector selector = Selector.open();
        toClose.add(selector);
        final InJvmBusTransport a = transport(aSide, 1 << 20);
        final InJvmBusTransport b = new InJvmBusTransport(bus, selector, bSide, 1 << 20);
        toClose.add(b);
        b.listen(new String[] {"127.0.0.1"}, 17010);
        final long link = a.connect("127.0.0.1", 17010);
        assertFalse(b.prepareToSleep(), "an OPEN is waiting: the node must not sleep");
        b.poll();
        assertTrue(b.prepareToSleep());

        final UnsafeBuffer message = ping("a", 7000, 0);
        final Thread writer = new Thread(() ->
        {
            sleepMs(50);
            a.send(link, message, 0, message.capacity());
            a.send(link, message, 0, message.capacity());
        });
        final long startNs = System.nanoTime();
        writer.start();
        selector.select(10_000);
        final long sleptMs = (System.nanoTime() - startNs) / 1_000_000;
        b.awake();
        joinQuietly(writer);
        assertTrue(sleptMs < 5_000, "woken after " + sleptMs + " ms");
        assertEquals(1, b.endpoint().wakeups(), "two writes, one wake-up");
        b.poll();
        assertEquals(2, bSide.messages.size());

        assertTrue(a.send(link, message, 0, message.capacity()));
        assertEquals(1, b.endpoint().wakeups(), "an awake node is not woken");
    }

    @Test
    void shouldRouteToInJvmPeerOrTcpByModeWhenHybrid() throws IOException
    {
        final Selector selector = Selector.open();
        toClose.add(selector);
        final HybridBusTransport auto = hybrid(HybridBusTransport.Mode.AUTO, selector, aSide);
        final HybridBusTransport peer = hybrid(HybridBusTransport.Mode.AUTO, selector, bSide);
        final HybridBusTransport only = hybrid(HybridBusTransport.Mode.INJVM, selector, new BusEventRecorder());
        final TcpBusTransport outside = new TcpBusTransport(selector, new BusEventRecorder(), 0);
        toClose.add(outside);
        final int peerPort = peer.bind(new String[] {"127.0.0.1"}, 0);
        final int outsidePort = outside.bind(new String[] {"127.0.0.1"}, 0);

        final long inJvm = auto.connect("127.0.0.1", peerPort);
        assertTrue(InJvmBusTransport.isInJvmLink(inJvm));
        assertEquals(List.of(inJvm), aSide.connected, "an in-JVM connect completes at once");
        final long tcp = auto.connect("127.0.0.1", outsidePort);
        assertFalse(InJvmBusTransport.isInJvmLink(tcp));
        assertEquals(1, auto.tcpLinksOpened());
        assertEquals(1, auto.inJvmLinksOpened());

        final long refused = only.connect("127.0.0.1", outsidePort);
        assertTrue(InJvmBusTransport.isInJvmLink(refused));
        assertEquals(0, only.tcpLinksOpened());

        final UnsafeBuffer message = ping("a", 7000, 1);
        assertTrue(auto.send(inJvm, message, 0, message.capacity()));
        peer.poll();
        assertEquals(1, bSide.messages.size());
        assertEquals(0, auto.allocatedBytes(inJvm));
        auto.close(inJvm);
        peer.poll();
        assertEquals(1, bSide.closed.size());
    }

    private HybridBusTransport hybrid(final HybridBusTransport.Mode mode, final Selector selector,
        final BusEventRecorder recorder)
    {
        final HybridBusTransport transport = new HybridBusTransport(mode, bus, selector, recorder, 0, 1 << 20);
        toClose.add(transport);
        return transport;
    }

    private InJvmBusTransport transport(final BusEventRecorder recorder, final int inboxBytes)
    {
        final InJvmBusTransport transport = new InJvmBusTransport(bus, null, recorder, inboxBytes);
        toClose.add(transport);
        return transport;
    }

    private InJvmBusTransport listening(final BusEventRecorder recorder, final int inboxBytes, final String host,
        final int port)
    {
        final InJvmBusTransport transport = transport(recorder, inboxBytes);
        transport.listen(new String[] {host}, port);
        return transport;
    }

    private static void pollUntil(final BooleanSupplier condition, final InJvmBusTransport transport)
    {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++)
        {
            transport.poll();
        }
        assertTrue(condition.getAsBoolean(), "condition not reached in 1000 polls");
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(final Thread thread)
    {
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(final UnsafeBuffer buffer)
    {
        final byte[] copy = new byte[buffer.capacity()];
        buffer.getBytes(0, copy);
        return copy;
    }

    /** A valid PING from a node named by {@code idChar}, told apart by its client port. */
    static UnsafeBuffer ping(final String idChar, final int port, final int gossipCount)
    {
        final byte[] id = idChar.repeat(40).getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BusHeaderCodec.LENGTH + 104 * gossipCount]);
        final BusMessageWriter writer = new BusMessageWriter()
            .begin(buffer, 0, buffer.capacity(), BusMessageType.PING)
            .port(port).cport(port + 10000).sender(id, 0);
        final byte[] ip = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < gossipCount; i++)
        {
            writer.appendGossip(id, 0, 0, 0, ip, 0, ip.length, 7001 + i, 17001 + i, 1, 0);
        }
        final int length = writer.finish();
        return new UnsafeBuffer(buffer.byteArray(), 0, length);
    }
}
