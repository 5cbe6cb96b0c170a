package io.krill.core.cluster;

import io.krill.core.server.SelectionHandler;
import io.krill.gossip.BusHeaderCodec;
import io.krill.gossip.BusMessageType;
import io.krill.gossip.BusMessageWriter;
import io.krill.gossip.BusVerdict;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the TCP bus transport links two nodes over real sockets, frames messages whatever the TCP chunking,
 * drops malformed frames without closing the link, closes a link whose stream is broken, counts malformed input per
 * remote address with one report per host (not per link), and bounds its queues.
 * Method: two transports on one selector in this thread, polled by hand; a raw socket plays a misbehaving peer.
 */
class TcpBusTransportTest
{
    private final Selector selector = openSelector();
    private final BusEventRecorder serverSide = new BusEventRecorder();
    private final BusEventRecorder clientSide = new BusEventRecorder();
    private TcpBusTransport server;
    private TcpBusTransport client;

    private static Selector openSelector()
    {
        try
        {
            return Selector.open();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @AfterEach
    void close() throws IOException
    {
        if (server != null)
        {
            server.close();
        }
        if (client != null)
        {
            client.close();
        }
        selector.close();
    }

    @Test
    void shouldDeliverMessagesBothWaysOverALink() throws Exception
    {
        final int port = start(1 << 20);
        final long link = client.connect("127.0.0.1", port);
        pollUntil(() -> clientSide.connected.contains(link) && serverSide.accepted.size() == 1);
        assertEquals("127.0.0.1", serverSide.localIps.get(0));

        final UnsafeBuffer message = ping("a", 3);
        for (int i = 0; i < 100; i++)
        {
            assertTrue(client.send(link, message, 0, message.capacity()));
        }
        pollUntil(() -> serverSide.messages.size() == 100);
        assertEquals(message.capacity(), serverSide.messages.get(99).length);
        final long inbound = serverSide.accepted.get(0);
        assertTrue(server.send(inbound, message, 0, message.capacity()));
        pollUntil(() -> clientSide.messages.size() == 1);
    }

    @Test
    void shouldDropMalformedFrameAndCloseBrokenStream() throws Exception
    {
        final int port = start(1 << 20);
        try (Socket peer = new Socket("127.0.0.1", port))
        {
            final OutputStream out = peer.getOutputStream();
            final UnsafeBuffer message = ping("b", 0);
            final byte[] bytes = new byte[message.capacity()];
            message.getBytes(0, bytes);
            bytes[8] = 9; // version 9: a whole frame that fails validation
            out.write(bytes);
            message.getBytes(0, bytes);
            for (int i = 0; i < bytes.length; i += 100)
            {
                out.write(bytes, i, Math.min(100, bytes.length - i));
                out.flush();
            }
            pollUntil(() -> serverSide.malformed.size() == 1 && serverSide.messages.size() == 1);
            assertTrue(serverSide.closed.isEmpty());
            out.write("XXXXXXXXXXXXXXXX".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            pollUntil(() -> serverSide.closed.size() == 1);
        }
    }

    @Test
    void shouldCountMalformedPerAddressAndReportOnceWhenOneHostReconnects() throws Exception
    {
        final int port = start(1 << 20);
        final UnsafeBuffer message = ping("d", 0);
        final byte[] badVersion = new byte[message.capacity()];
        message.getBytes(0, badVersion);
        badVersion[8] = 7;
        for (int link = 0; link < 3; link++)
        {
            try (Socket peer = new Socket("127.0.0.1", port))
            {
                final OutputStream out = peer.getOutputStream();
                for (int i = 0; i < 5; i++)
                {
                    out.write(badVersion);
                }
                out.write("RCmbXXXX".getBytes(StandardCharsets.US_ASCII)); // totlen far above the maximum
                out.flush();
                final int closed = link + 1;
                pollUntil(() -> serverSide.closed.size() == closed);
            }
        }
        final long host = TcpBusTransport.peerKey(java.net.InetAddress.getByName("127.0.0.1"));
        assertEquals(18, server.malformedPackets().count(host), "5 frames and 1 broken framing per link, 3 links");
        assertEquals(15, server.malformedPackets().count(BusVerdict.BAD_VERSION));
        assertEquals(3, server.malformedPackets().count(BusVerdict.LENGTH_ABOVE_MAXIMUM));
        assertEquals(15, serverSide.malformed.size(), "the listener hears of dropped frames, not broken framings");
        assertEquals(1, server.malformedPackets().reports(), "one log line for the host, not one per link or packet");
        assertEquals(1, server.malformedPackets().trackedPeers());
    }

    @Test
    void shouldCloseLinkWhenSendQueueWouldExceedLimit() throws Exception
    {
        start(10_000);
        final long link = client.connect("127.0.0.1", 1);
        // a refused connection ends in onClosed, never in onConnected
        pollUntil(() -> clientSide.closed.contains(link));
        final long connecting = client.connect("10.255.255.1", 9);
        final UnsafeBuffer message = ping("c", 0);
        int accepted = 0;
        while (client.send(connecting, message, 0, message.capacity()))
        {
            accepted++;
        }
        assertEquals(4, accepted);
        assertTrue(clientSide.closed.contains(connecting));
        assertFalse(client.send(connecting, message, 0, message.capacity()));
    }

    private int start(final int maxQueueBytes) throws IOException
    {
        server = new TcpBusTransport(selector, serverSide, maxQueueBytes);
        client = new TcpBusTransport(selector, clientSide, maxQueueBytes);
        return server.bind(new String[] {"127.0.0.1"}, 0);
    }

    private static UnsafeBuffer ping(final String idChar, final int gossipCount)
    {
        final byte[] id = idChar.repeat(40).getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BusHeaderCodec.LENGTH + 104 * gossipCount]);
        final BusMessageWriter writer = new BusMessageWriter()
            .begin(buffer, 0, buffer.capacity(), BusMessageType.PING)
            .port(7000).cport(17000).sender(id, 0);
        final byte[] ip = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < gossipCount; i++)
        {
            writer.appendGossip(id, 0, 0, 0, ip, 0, ip.length, 7001, 17001, 1, 0);
        }
        final int length = writer.finish();
        return new UnsafeBuffer(buffer.byteArray(), 0, length);
    }

    private void pollUntil(final BooleanSupplier condition) throws IOException
    {
        final long deadlineMs = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.currentTimeMillis() < deadlineMs, "condition not reached in 10 s");
            selector.select(key ->
            {
                final SelectionHandler handler = (SelectionHandler)key.attachment();
                try
                {
                    handler.onSelected(key);
                }
                catch (final IOException ex)
                {
                    handler.onFailure(key, ex);
                }
            }, 10);
        }
    }
}
