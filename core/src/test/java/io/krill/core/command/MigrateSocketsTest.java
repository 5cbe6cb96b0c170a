package io.krill.core.command;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: MIGRATE's connection cache reuses a connection per target, closes it after 10 s unused, and bounds every
 * step by the timeout. Method: a local ServerSocket as the target, the cache driven with explicit clock values.
 */
class MigrateSocketsTest
{
    @Test
    void shouldReuseThenCloseAConnectionWhenIdleLongerThanTenSeconds() throws IOException
    {
        final MigrateSockets sockets = new MigrateSockets();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            final String port = Integer.toString(server.getLocalPort());
            final MigrateSockets.Target first = sockets.get("127.0.0.1", port, 1000, 1_000);
            assertSame(first, sockets.get("127.0.0.1", port, 1000, 5_000));
            assertEquals(1, sockets.size());
            assertEquals(0, sockets.closeIdle(5_000 + MigrateSockets.IDLE_MS));
            assertEquals(1, sockets.closeIdle(5_001 + MigrateSockets.IDLE_MS));
            assertEquals(0, sockets.size());
        }
    }

    @Test
    void shouldTimeOutReadingWhenTheTargetNeverAnswers() throws IOException
    {
        final MigrateSockets sockets = new MigrateSockets();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            final MigrateSockets.Target target = sockets.get("127.0.0.1",
                Integer.toString(server.getLocalPort()), 1000, 0);
            final long startNs = System.nanoTime();
            assertThrows(MigrateSockets.TimeoutException.class, () -> target.readLine(200));
            final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            assertTrue(elapsedMs >= 190 && elapsedMs < 5_000, elapsedMs + " ms");
            sockets.closeAll();
        }
    }

    @Test
    void shouldReadReplyLinesSplitAcrossPackets() throws IOException
    {
        final MigrateSockets sockets = new MigrateSockets();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            final MigrateSockets.Target target = sockets.get("127.0.0.1",
                Integer.toString(server.getLocalPort()), 1000, 0);
            try (Socket peer = server.accept())
            {
                peer.getOutputStream().write("+O".getBytes());
                peer.getOutputStream().flush();
                peer.getOutputStream().write("K\r\n-BUSYKEY x\r\n".getBytes());
                assertEquals("+OK", target.readLine(1000));
                assertEquals("-BUSYKEY x", target.readLine(1000));
            }
            sockets.closeAll();
        }
    }
}
