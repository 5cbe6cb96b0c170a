package io.krill.core.differential;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} child process on a free port, bound to 127.0.0.1, in a temporary directory.
 * <p>
 * The port is found by binding port 0 and closing it again, so another process may take it before Redis binds;
 * start retries a few times on a fresh port when Redis does not come up.
 */
final class RedisProcess implements AutoCloseable
{
    static final String EXECUTABLE = "redis-server";
    private static final int START_ATTEMPTS = 3;
    private static final long START_TIMEOUT_MS = 5_000;
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final Process process;
    private final Path dir;
    private final int port;

    private RedisProcess(final Process process, final Path dir, final int port)
    {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static boolean isInstalled()
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return false;
        }
        for (final String entry : path.split(File.pathSeparator))
        {
            if (Files.isExecutable(Path.of(entry, EXECUTABLE)))
            {
                return true;
            }
        }
        return false;
    }

    /** Starts redis-server with the given extra {@code --name value} options added to the fixed ones. */
    static RedisProcess start(final List<String> extraOptions) throws IOException, InterruptedException
    {
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++)
        {
            final Path dir = Files.createTempDirectory("krill-diff-redis");
            final int port = freePort();
            final List<String> command = new ArrayList<>(List.of(
                EXECUTABLE, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--daemonize", "no",
                "--dir", dir.toString()));
            command.addAll(extraOptions);
            final Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
            final RedisProcess redis = new RedisProcess(process, dir, port);
            try
            {
                redis.awaitReady();
                return redis;
            }
            catch (final IOException ex)
            {
                last = new IOException(ex.getMessage() + "; log: " + redis.log(), ex);
                redis.close();
            }
        }
        throw last;
    }

    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    int port()
    {
        return port;
    }

    private void awaitReady() throws IOException, InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true)
        {
            if (!process.isAlive())
            {
                throw new IOException("redis-server exited with " + process.exitValue());
            }
            try (RespClient client = RespClient.connect("127.0.0.1", port, 1_000))
            {
                if ("PONG".equals(client.call("PING").text()))
                {
                    return;
                }
            }
            catch (final IOException ex)
            {
                if (System.currentTimeMillis() - deadlineMs > 0)
                {
                    throw new IOException("redis-server not ready on port " + port + ": " + ex.getMessage(), ex);
                }
            }
            Thread.sleep(20);
        }
    }

    private String log()
    {
        try
        {
            return Files.readString(dir.resolve("redis.log"));
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    @Override
    public void close()
    {
        // SIGTERM: with persistence off Redis exits at once; kill it if it does not.
        process.destroy();
        try
        {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteRecursively(dir);
    }

    private static void deleteRecursively(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ignore)
        {
            // A leftover file in the temp directory is harmless.
        }
    }
}
