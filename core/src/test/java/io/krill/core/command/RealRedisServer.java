package io.krill.core.command;

import org.junit.jupiter.api.Assumptions;

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
 * A real {@code redis-server} started by a test on a free port in a temporary directory, persistence off, to
 * compare Krill with. When redis-server is not installed, the calling test is skipped through
 * {@link Assumptions}, not failed.
 */
final class RealRedisServer implements AutoCloseable
{
    private final Process process;
    private final Path dir;
    private final int port;

    private RealRedisServer(final Process process, final Path dir, final int port)
    {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts redis-server with {@code extraArgs} ({@code "--requirepass", "x"}, ...). */
    static RealRedisServer start(final String... extraArgs) throws IOException, InterruptedException
    {
        final int port = freePort();
        final Path dir = Files.createTempDirectory("krill-real-redis");
        final List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"));
        command.addAll(List.of(extraArgs));
        final Process process;
        try
        {
            process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        }
        catch (final IOException ex)
        {
            deleteTree(dir);
            Assumptions.abort("redis-server is not installed: " + ex.getMessage());
            throw ex;
        }
        final RealRedisServer redis = new RealRedisServer(process, dir, port);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadlineNs < 0)
        {
            try (WireClient client = new WireClient(port))
            {
                client.call("PING");
                return redis;
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

    static int freePort() throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0))
        {
            return probe.getLocalPort();
        }
    }

    /** True if {@code program} can be run here (for tests driving redis-cli). */
    static boolean installed(final String program)
    {
        try
        {
            final Process probe = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        }
        catch (final IOException | InterruptedException ex)
        {
            return false;
        }
    }

    int port()
    {
        return port;
    }

    @Override
    public void close() throws InterruptedException, IOException
    {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        deleteTree(dir);
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
