package io.krill.core.command;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} started by a test on a free port, with persistence off, to compare Krill against.
 * The test is skipped (not failed) when no redis-server is installed.
 */
final class ReferenceRedis implements AutoCloseable
{
    private final Process process;
    private final int port;

    private ReferenceRedis(final Process process, final int port)
    {
        this.process = process;
        this.port = port;
    }

    /** Starts redis-server, or aborts the calling test through {@link Assumptions} if it cannot be run. */
    static ReferenceRedis start() throws IOException, InterruptedException
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        final Process process;
        try
        {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .directory(new File(System.getProperty("java.io.tmpdir")))
                .start();
        }
        catch (final IOException ex)
        {
            Assumptions.abort("redis-server is not installed: " + ex.getMessage());
            throw ex;
        }
        // a test JVM that exits without running @AfterAll (a crash, a timeout kill) must not leave redis behind
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        final ReferenceRedis redis = new ReferenceRedis(process, port);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadlineNs < 0)
        {
            try (WireClient client = new WireClient(port))
            {
                if (client.call("PING").equals("+PONG\r\n"))
                {
                    return redis;
                }
            }
            catch (final IOException ex)
            {
                Thread.sleep(20);
            }
        }
        redis.close();
        Assumptions.abort("redis-server did not start on port " + port);
        return null;
    }

    int port()
    {
        return port;
    }

    @Override
    public void close() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
        }
    }
}
