package io.krill.gossip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: a real Redis 7.0.15 node accepts the MEET, PONG and HOSTNAME extension our writer builds, and our
 * framing and flyweights read what it sends back, including fields the golden captures leave at zero or at
 * their defaults (an announced IP, announced client and bus ports unrelated to the real ones).
 * Method: start redis-server (skip if absent) with cluster-announce-ip/port/bus-port; a fake node in this
 * test dials its bus port and sends a MEET; Redis answers PONG on that link, then dials the fake node's bus
 * listener and PINGs it; the fake node answers PONG with a hostname extension. CLUSTER NODES on Redis must
 * then list the fake node by its id, with its address and hostname, handshake finished.
 */
class RedisBusInteropTest
{
    private static final String ANNOUNCED_IP = "127.0.0.1";
    private static final int ANNOUNCED_PORT = 7777;
    private static final int ANNOUNCED_BUS_PORT = 17777;
    private static final String FAKE_HOSTNAME = "fake.krill.example";

    private Process redis;
    private Path dir;
    private final List<AutoCloseable> sockets = new ArrayList<>();
    private final byte[] fakeId = new byte[NodeId.LENGTH];

    @AfterEach
    void stop() throws Exception
    {
        for (final AutoCloseable socket : sockets)
        {
            socket.close();
        }
        if (redis != null)
        {
            redis.destroy();
            if (!redis.waitFor(5, TimeUnit.SECONDS))
            {
                redis.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (dir != null)
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
                {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void shouldCompleteHandshakeWithRealRedisWhenFakeNodeSpeaksOurEncoding() throws Exception
    {
        final int port = startRedis();
        final String redisId = command(port, "CLUSTER MYID").trim();

        final SplittableRandom random = new SplittableRandom();
        for (int i = 0; i < NodeId.LENGTH; i++)
        {
            fakeId[i] = (byte)"0123456789abcdef".charAt(random.nextInt(16));
        }
        final ServerSocket fakeBus = new ServerSocket();
        sockets.add(fakeBus);
        fakeBus.bind(new InetSocketAddress("127.0.0.1", 0));
        fakeBus.setSoTimeout(10_000);
        final int fakeBusPort = fakeBus.getLocalPort();
        final int fakePort = 6999;

        // 1. MEET on our outbound link; Redis answers PONG on the same link.
        final Socket outbound = connect(port + 10000);
        send(outbound, heartbeat(BusMessageType.MEET, fakePort, fakeBusPort, false));
        final byte[] pong = readMessage(outbound);
        final BusHeaderCodec header = new BusHeaderCodec().wrap(new UnsafeBuffer(pong), 0, pong.length);
        assertEquals(BusMessageType.PONG, header.type());
        assertEquals(redisId, NodeId.toString(header.buffer(), header.senderIndex()));
        assertEquals(ANNOUNCED_PORT, header.port());
        assertEquals(ANNOUNCED_BUS_PORT, header.cport());
        final String myIp = header.buffer().getStringWithoutLengthAscii(header.myIpIndex(), header.myIpLength());
        assertEquals(ANNOUNCED_IP, myIp, "cluster-announce-ip");
        assertEquals(NodeFlags.MASTER | NodeFlags.MYSELF, header.flags() & (NodeFlags.MASTER | NodeFlags.MYSELF));
        assertFalse(header.hasMasterId());
        assertEquals(0, header.nextSlot(0), "ADDSLOTSRANGE 0 99 before the MEET");
        assertEquals(100, header.nextFreeSlot(0));
        assertEquals(-1, header.nextSlot(100));

        // 2. Redis dials the fake node (the address of our MEET) and PINGs; we answer PONG with a hostname.
        final Socket inbound = fakeBus.accept();
        sockets.add(inbound);
        inbound.setSoTimeout(10_000);
        final byte[] ping = readMessage(inbound);
        header.wrap(new UnsafeBuffer(ping), 0, ping.length);
        assertEquals(BusMessageType.PING, header.type());
        assertEquals(redisId, NodeId.toString(header.buffer(), header.senderIndex()));
        send(inbound, heartbeat(BusMessageType.PONG, fakePort, fakeBusPort, true));
        // Later PINGs get a PONG too: Redis adopts the fake node's epoch and slots from those once the
        // handshake is over.
        final Thread responder = new Thread(() -> answerPings(inbound, fakePort, fakeBusPort), "fake-node");
        responder.setDaemon(true);
        responder.start();

        // 3. Redis now knows the fake node by its real id, with its address and hostname, handshake done.
        final String fakeLine = awaitNodesLine(port, new String(fakeId, StandardCharsets.US_ASCII));
        final String[] fields = fakeLine.split(" ");
        assertEquals("127.0.0.1:" + fakePort + "@" + fakeBusPort + "," + FAKE_HOSTNAME, fields[1], fakeLine);
        assertEquals("master", fields[2], fakeLine);
        assertEquals("3", fields[6], "configEpoch from our header: " + fakeLine);
        assertEquals("200-299", fields[8], "slots from our bitmap: " + fakeLine);
    }

    private void answerPings(final Socket inbound, final int fakePort, final int fakeBusPort)
    {
        final BusHeaderCodec header = new BusHeaderCodec();
        try
        {
            while (true)
            {
                final byte[] message = readMessage(inbound);
                if (header.wrap(new UnsafeBuffer(message), 0, message.length).type() == BusMessageType.PING)
                {
                    send(inbound, heartbeat(BusMessageType.PONG, fakePort, fakeBusPort, true));
                }
            }
        }
        catch (final IOException closed)
        {
            // the test is over, or Redis dropped the link: nothing more to answer
        }
    }

    /**
     * The fake node's PING/PONG/MEET: master of slots 200-299 at configEpoch 3, announcing its IP.
     */
    private byte[] heartbeat(final int type, final int fakePort, final int fakeBusPort, final boolean hostname)
    {
        final BusMessageWriter writer = new BusMessageWriter();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        final byte[] ip = ANNOUNCED_IP.getBytes(StandardCharsets.US_ASCII);
        writer.begin(out, 0, out.capacity(), type)
            .port(fakePort).cport(fakeBusPort).currentEpoch(3).configEpoch(3)
            .sender(fakeId, 0).flags(NodeFlags.MASTER | NodeFlags.MYSELF).myIp(ip, 0, ip.length);
        final long[] words = new long[BusHeaderCodec.SLOT_BITMAP_WORDS];
        for (int slot = 200; slot < 300; slot++)
        {
            words[slot >>> 6] |= 1L << slot;
        }
        for (int word = 0; word < words.length; word++)
        {
            writer.slotsWord(word, words[word]);
        }
        if (hostname)
        {
            final byte[] text = FAKE_HOSTNAME.getBytes(StandardCharsets.US_ASCII);
            writer.appendHostname(text, 0, text.length);
        }
        final int length = writer.finish();
        final byte[] message = new byte[length];
        out.getBytes(0, message);
        assertEquals(BusVerdict.ACCEPTED, BusMessageValidator.validate(new UnsafeBuffer(message), 0, length));
        return message;
    }

    private int startRedis() throws Exception
    {
        final int port = freeClusterPort();
        dir = Files.createTempDirectory("krill-bus-interop");
        final List<String> command = List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(),
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
            "--cluster-announce-ip", ANNOUNCED_IP, "--cluster-announce-port", Integer.toString(ANNOUNCED_PORT),
            "--cluster-announce-bus-port", Integer.toString(ANNOUNCED_BUS_PORT));
        try
        {
            redis = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        }
        catch (final IOException ex)
        {
            Assumptions.abort("redis-server is not installed: " + ex.getMessage());
        }
        final long deadlineMs = System.currentTimeMillis() + 10_000;
        while (true)
        {
            try
            {
                assertEquals("OK", command(port, "CLUSTER ADDSLOTSRANGE 0 99").trim());
                return port;
            }
            catch (final IOException ex)
            {
                Assumptions.assumeTrue(System.currentTimeMillis() < deadlineMs, "redis-server did not start");
                Thread.sleep(50);
            }
        }
    }

    /**
     * A port in 6400-6499 free together with its bus port (+10000).
     */
    private static int freeClusterPort()
    {
        final int first = 6400 + new SplittableRandom().nextInt(100);
        for (int i = 0; i < 100; i++)
        {
            final int port = 6400 + (first - 6400 + i) % 100;
            try (ServerSocket a = new ServerSocket(port); ServerSocket b = new ServerSocket(port + 10000))
            {
                return port;
            }
            catch (final IOException busy)
            {
                // try the next one
            }
        }
        Assumptions.abort("no free port pair in 6400-6499");
        return -1;
    }

    private String awaitNodesLine(final int port, final String id) throws Exception
    {
        final long deadlineMs = System.currentTimeMillis() + 10_000;
        String nodes = "";
        while (System.currentTimeMillis() < deadlineMs)
        {
            nodes = command(port, "CLUSTER NODES");
            for (final String line : nodes.split("\n"))
            {
                if (line.startsWith(id + " ") && line.contains(FAKE_HOSTNAME) && line.contains(" 200-299"))
                {
                    return line.trim();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Redis never listed " + id + " as a known node:\n" + nodes);
    }

    private Socket connect(final int port) throws IOException
    {
        final Socket socket = new Socket("127.0.0.1", port);
        sockets.add(socket);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(final Socket socket, final byte[] message) throws IOException
    {
        final OutputStream output = socket.getOutputStream();
        output.write(message);
        output.flush();
    }

    /**
     * Reads bytes until our frame decoder delivers one accepted message.
     */
    private static byte[] readMessage(final Socket socket) throws IOException
    {
        final BusFrameDecoder decoder = new BusFrameDecoder();
        final List<byte[]> received = new ArrayList<>();
        final BusFrameHandler handler = new BusFrameHandler()
        {
            public void onMessage(final DirectBuffer buffer, final int offset, final int length)
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                received.add(copy);
            }

            public void onMalformed(final BusVerdict verdict, final DirectBuffer buffer, final int offset,
                final int length)
            {
                throw new AssertionError("Redis sent a message we reject: " + verdict);
            }
        };
        final InputStream input = socket.getInputStream();
        final byte[] chunk = new byte[1];
        while (received.isEmpty())
        {
            // One byte at a time: the rest of the stream stays in the socket for the next read.
            if (input.read(chunk) < 0)
            {
                throw new IOException("Redis closed the bus link");
            }
            assertTrue(decoder.onBytes(new UnsafeBuffer(chunk), 0, 1, handler) >= 0, "framing broke");
        }
        return received.get(0);
    }

    /**
     * One inline command over RESP; returns a simple string or bulk string reply's text.
     */
    private static String command(final int port, final String inline) throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", port))
        {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            final InputStream input = socket.getInputStream();
            final String first = readLine(input);
            if (first.startsWith("$"))
            {
                final byte[] body = input.readNBytes(Integer.parseInt(first.substring(1)) + 2);
                return new String(body, 0, body.length - 2, StandardCharsets.UTF_8);
            }
            if (first.startsWith("-"))
            {
                throw new AssertionError(inline + " failed: " + first);
            }
            return first.substring(1);
        }
    }

    private static String readLine(final InputStream input) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        int b;
        while ((b = input.read()) != '\n')
        {
            if (b < 0)
            {
                throw new IOException("connection closed");
            }
            if (b != '\r')
            {
                line.append((char)b);
            }
        }
        return line.toString();
    }
}
