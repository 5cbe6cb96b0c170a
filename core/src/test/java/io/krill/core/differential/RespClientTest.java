package io.krill.core.differential;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: the differential tests' own RESP client decodes every RESP2 and RESP3 type into the right tree and never
 * hangs, since a wrong decode there would make two different servers look alike (or the same ones different).
 * <p>
 * Method: a local socket plays canned server bytes to the client and the decoded canonical forms are checked;
 * then, when {@code redis-server} is installed, Redis's own {@code DEBUG PROTOCOL} samples of each RESP3 type
 * are decoded.
 */
class RespClientTest
{
    @Test
    void shouldDecodeRespTwoTypesWhenServerSendsThem() throws Exception
    {
        final String wire = "+OK\r\n-ERR bad thing\r\n:-42\r\n$3\r\na\u0000b\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n" +
            "*3\r\n:1\r\n*1\r\n$1\r\nx\r\n$-1\r\n";
        final List<String> expected = List.of("+OK", "-ERR bad thing", ":-42", "\"a\\x00b\"", "\"\"", "$nil", "*nil",
            "[]", "[:1, [\"x\"], $nil]");
        assertEquals(expected, decodeAll(wire, expected.size()));
    }

    @Test
    void shouldDecodeRespThreeTypesWhenServerSendsThem() throws Exception
    {
        final String wire = "_\r\n,3.14\r\n,inf\r\n#t\r\n#f\r\n(12345678901234567890\r\n=7\r\ntxt:a\nb\r\n" +
            "%2\r\n$1\r\nk\r\n:1\r\n+s\r\n_\r\n~2\r\n:1\r\n:2\r\n!5\r\nERR x\r\n" +
            "|1\r\n+key\r\n:9\r\n+reply\r\n>2\r\n+push\r\n:1\r\n+after push\r\n";
        final List<String> expected = List.of("_", ",3.14", ",inf", "#t", "#f", "(12345678901234567890",
            "=txt:\"a\\nb\"", "%{\"k\" => :1, +s => _}", "~{:1, :2}", "!\"ERR x\"", "|%{+key => :9} +reply",
            ">[+push, :1] +after push");
        assertEquals(expected, decodeAll(wire, expected.size()));
    }

    @Test
    void shouldTimeOutWhenServerSendsNothing() throws Exception
    {
        try (CannedServer server = new CannedServer("");
            RespClient client = RespClient.connect("127.0.0.1", server.port(), 200))
        {
            assertThrows(SocketTimeoutException.class, client::readReply);
        }
    }

    @Test
    void shouldFailWhenServerSendsAnUnknownType() throws Exception
    {
        try (CannedServer server = new CannedServer("?what\r\n");
            RespClient client = RespClient.connect("127.0.0.1", server.port(), 1_000))
        {
            final IOException error = assertThrows(IOException.class, client::readReply);
            assertTrue(error.getMessage().contains("unexpected type byte '?'"), error.getMessage());
        }
    }

    @Test
    void shouldDecodeRedisDebugProtocolSamplesWhenRedisIsInstalled() throws Exception
    {
        Assumptions.assumeTrue(RedisProcess.isInstalled(), "redis-server is not on the PATH");
        try (RedisProcess redis = RedisProcess.start(ServerPair.SHARED_OPTIONS);
            RespClient client = RespClient.connect("127.0.0.1", redis.port(), 5_000))
        {
            assertEquals(RespReply.Type.MAP, client.call("HELLO", "3").type());
            assertEquals("_", client.call("DEBUG", "PROTOCOL", "null").toString());
            assertEquals(",3.141", client.call("DEBUG", "PROTOCOL", "double").toString());
            assertEquals("#t", client.call("DEBUG", "PROTOCOL", "true").toString());
            assertEquals("(1234567999999999999999999999999999999", client.call("DEBUG", "PROTOCOL", "bignum")
                .toString());
            assertEquals("=txt:\"This is a verbatim\\nstring\"", client.call("DEBUG", "PROTOCOL", "verbatim")
                .toString());
            assertEquals("%{:0 => #f, :1 => #t, :2 => #f}", client.call("DEBUG", "PROTOCOL", "map").toString());
            assertEquals("~{:0, :1, :2}", client.call("DEBUG", "PROTOCOL", "set").toString());
            assertEquals("|%{\"key-popularity\" => [\"key:123\", :90]} \"Some real reply following the attribute\"",
                client.call("DEBUG", "PROTOCOL", "attrib").toString());
            assertEquals(">[\"server-cpu-usage\", :42] \"Some real reply following the push reply\"",
                client.call("DEBUG", "PROTOCOL", "push").toString());
            assertEquals("+PONG", client.call("PING").toString());
        }
    }

    private static List<String> decodeAll(final String wire, final int count) throws Exception
    {
        try (CannedServer server = new CannedServer(wire);
            RespClient client = RespClient.connect("127.0.0.1", server.port(), 2_000))
        {
            final String[] decoded = new String[count];
            for (int i = 0; i < count; i++)
            {
                decoded[i] = client.readReply().toString();
            }
            return List.of(decoded);
        }
    }

    /** Accepts one connection, writes the canned bytes, and keeps the connection open until closed. */
    private static final class CannedServer implements AutoCloseable
    {
        private final ServerSocket listener;
        private final Thread thread;
        private final CountDownLatch done = new CountDownLatch(1);

        CannedServer(final String wire) throws IOException
        {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            final byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
            thread = new Thread(() -> serve(bytes), "canned-resp-server");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(final byte[] bytes)
        {
            try (Socket socket = listener.accept())
            {
                final OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
                done.await(10, TimeUnit.SECONDS);
            }
            catch (final IOException | InterruptedException ignore)
            {
                // The test has finished with the connection.
            }
        }

        int port()
        {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws Exception
        {
            done.countDown();
            listener.close();
            thread.join(5_000);
        }
    }
}
