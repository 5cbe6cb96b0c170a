package io.krill.core.server;

import io.krill.core.config.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the RESP front serves many clients, pipelines, survives malformed input without losing data, and idles
 * without burning CPU.
 * Method: a real in-process server on a free port, driven by plain sockets with exact request bytes; replies are
 * compared byte for byte; the agent thread's CPU time is read from the JVM.
 */
class RespServerTest
{
    private KrillServer server;

    @BeforeEach
    void start() throws Exception
    {
        server = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrder() throws Exception
    {
        try (Socket socket = connect())
        {
            final StringBuilder pipeline = new StringBuilder();
            final StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 1000; i++)
            {
                pipeline.append("*3\r\n$3\r\nSET\r\n$").append(Integer.toString(i).length() + 1).append("\r\nk")
                    .append(i).append("\r\n$1\r\nv\r\n").append("GET k").append(i).append("\r\n");
                expected.append("+OK\r\n$1\r\nv\r\n");
            }
            send(socket, pipeline.toString());
            assertEquals(expected.toString(), read(socket, expected.length()));
        }
    }

    @Test
    void shouldSeeCurrentTimeWhenRequestWakesWaitingNode() throws Exception
    {
        // hz 1: the node sleeps in its poll for up to a second, far past the key's 300 ms TTL, so a GET that
        // wakes it must read the clock again rather than use the time taken before the wait
        server.close();
        server = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1", "--hz", "1"));
        try (Socket socket = connect())
        {
            send(socket, "SET k v PX 300\r\n");
            assertEquals("+OK\r\n", read(socket, 5));
            Thread.sleep(600);
            send(socket, "GET k\r\n");
            assertEquals("$-1\r\n", read(socket, 5));
        }
    }

    @Test
    void shouldDeliverPublishedMessageWithoutWaitingForTimerWhenNodeSleepsInPoll() throws Exception
    {
        // hz 1: a message left queued after the publisher's poll would wait up to a second for the next one
        server.close();
        server = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1", "--hz", "1"));
        try (Socket subscriber = connect(); Socket publisher = connect())
        {
            send(subscriber, "SUBSCRIBE news\r\n");
            final String subscribed = "*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n";
            assertEquals(subscribed, read(subscriber, subscribed.length()));
            final long startNs = System.nanoTime();
            send(publisher, "PUBLISH news hello\r\n");
            final String message = "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n";
            assertEquals(message, read(subscriber, message.length()));
            assertEquals(":1\r\n", read(publisher, 4));
            final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            assertTrue(elapsedMs < 500, "message took " + elapsedMs + " ms");
        }
    }

    @Test
    void shouldReplyToWaitAtItsDeadlineWhenNodeSleepsInPoll() throws Exception
    {
        server.close();
        server = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1", "--hz", "1"));
        try (Socket socket = connect())
        {
            final long startNs = System.nanoTime();
            send(socket, "WAIT 1 200\r\n");
            assertEquals(":0\r\n", read(socket, 4));
            final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            assertTrue(elapsedMs >= 190 && elapsedMs < 700, "WAIT 1 200 answered after " + elapsedMs + " ms");
        }
    }

    @Test
    void shouldServeThousandConcurrentConnections() throws Exception
    {
        final List<SocketChannel> channels = new ArrayList<>();
        try
        {
            for (int i = 0; i < 1000; i++)
            {
                final SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
                channels.add(channel);
                channel.write(ByteBuffer.wrap(("SET c" + i + " " + i + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            }
            for (final SocketChannel channel : channels)
            {
                assertEquals("+OK\r\n", readReply(channel, 5));
            }
            for (int i = 0; i < channels.size(); i++)
            {
                channels.get(i).write(ByteBuffer.wrap(("GET c" + i + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            }
            for (int i = 0; i < channels.size(); i++)
            {
                final String value = Integer.toString(i);
                final String expected = "$" + value.length() + "\r\n" + value + "\r\n";
                assertEquals(expected, readReply(channels.get(i), expected.length()));
            }
        }
        finally
        {
            for (final SocketChannel channel : channels)
            {
                channel.close();
            }
        }
    }

    @Test
    void shouldCloseConnectionOnProtocolErrorAndKeepData() throws Exception
    {
        try (Socket socket = connect())
        {
            send(socket, "SET keep me\r\n");
            assertEquals("+OK\r\n", read(socket, 5));
        }
        final String[][] cases = {
            {"*1\r\n+PING\r\n", "-ERR Protocol error: expected '+', got '+'\r\n"},
            {"*abc\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
            {"*1\r\n$-5\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
            {"*1\r\n$600000000\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
            {"SET a \"b\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"},
        };
        cases[0][1] = "-ERR Protocol error: expected '$', got '+'\r\n";
        for (final String[] c : cases)
        {
            try (Socket socket = connect())
            {
                send(socket, "PING\r\n" + c[0] + "PING\r\n");
                final String expected = "+PONG\r\n" + c[1];
                assertEquals(expected, read(socket, expected.length()), c[0]);
                assertEquals(-1, socket.getInputStream().read(), "connection closed after " + c[0]);
            }
        }
        try (Socket socket = connect())
        {
            send(socket, "GET keep\r\n");
            assertEquals("$2\r\nme\r\n", read(socket, 8));
        }
    }

    @Test
    void shouldAcceptValueSentInManySmallWrites() throws Exception
    {
        final byte[] value = new byte[3 * 1024 * 1024];
        for (int i = 0; i < value.length; i++)
        {
            value[i] = (byte)('a' + i % 26);
        }
        try (Socket socket = connect())
        {
            final OutputStream out = socket.getOutputStream();
            out.write(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int offset = 0; offset < value.length; offset += 100_000)
            {
                out.write(value, offset, Math.min(100_000, value.length - offset));
                out.flush();
            }
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write("GET big\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+OK\r\n", read(socket, 5));
            send(socket, "");
            final String header = "$" + value.length + "\r\n";
            final String reply = read(socket, header.length() + value.length + 2);
            assertEquals(header, reply.substring(0, header.length()));
            assertEquals(new String(value, StandardCharsets.ISO_8859_1),
                reply.substring(header.length(), header.length() + value.length));
        }
    }

    @Test
    void shouldUseNoMeasurableCpuWhenIdle() throws Exception
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread agent = null;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().equals("krill-node-" + server.port()))
            {
                agent = thread;
            }
        }
        assertTrue(agent != null, "agent thread found");
        Thread.sleep(200);
        final long before = threads.getThreadCpuTime(agent.getId());
        Thread.sleep(2000);
        final long usedNs = threads.getThreadCpuTime(agent.getId()) - before;
        // 10 cron wake-ups a second cost microseconds each; anything like a busy loop would cost ~2 s
        assertTrue(usedNs < 100_000_000L, "idle agent used " + usedNs / 1_000_000 + " ms of CPU in 2 s");
    }

    private Socket connect() throws IOException
    {
        final Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(final Socket socket, final String text) throws IOException
    {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String read(final Socket socket, final int length) throws IOException
    {
        final InputStream in = socket.getInputStream();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final byte[] chunk = new byte[65536];
        try
        {
            while (bytes.size() < length)
            {
                final int n = in.read(chunk, 0, Math.min(chunk.length, length - bytes.size()));
                if (n < 0)
                {
                    break;
                }
                bytes.write(chunk, 0, n);
            }
        }
        catch (final SocketTimeoutException ex)
        {
            // fall through: the comparison shows what arrived
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readReply(final SocketChannel channel, final int length) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining())
        {
            if (channel.read(buffer) < 0)
            {
                break;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
    }
}
