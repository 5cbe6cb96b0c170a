package io.krill.core.server;

import io.krill.core.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: a node whose thread dies of an Error (here DEBUG PANIC, as in Redis) closes its sockets like a crashed
 * redis-server, instead of leaving clients connected to a node that will never answer, and its server reports
 * termination; other nodes of the JVM are not affected.
 * Method: two nodes on free ports with enable-debug-command yes; DEBUG PANIC on one over a real socket; the
 * client then reads end-of-stream, a new connection is refused, awaitTermination returns, and the other node
 * still answers PING.
 */
class NodeCrashTest
{
    @Test
    void shouldCloseItsSocketsWhenItsThreadDiesOfAnError() throws Exception
    {
        try (KrillServer doomed = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1",
                "--enable-debug-command", "yes"));
            KrillServer other = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1")))
        {
            try (Socket client = new Socket("127.0.0.1", doomed.port()))
            {
                client.setSoTimeout(10_000);
                assertEquals("+PONG\r\n", call(client, "*1\r\n$4\r\nPING\r\n"));
                client.getOutputStream().write("*2\r\n$5\r\nDEBUG\r\n$5\r\nPANIC\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, client.getInputStream().read(), "the node closed the connection, no reply");
            }
            final Thread waiter = new Thread(() ->
            {
                try
                {
                    doomed.awaitTermination();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            waiter.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!waiter.isAlive(), "awaitTermination returned");
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", doomed.port()).close());
            try (Socket client = new Socket("127.0.0.1", other.port()))
            {
                client.setSoTimeout(10_000);
                assertEquals("+PONG\r\n", call(client, "*1\r\n$4\r\nPING\r\n"));
            }
        }
    }

    private static String call(final Socket client, final String request) throws IOException
    {
        client.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        final InputStream in = client.getInputStream();
        final StringBuilder reply = new StringBuilder();
        while (!reply.toString().endsWith("\r\n"))
        {
            final int b = in.read();
            if (b < 0)
            {
                break;
            }
            reply.append((char)b);
        }
        return reply.toString();
    }
}
