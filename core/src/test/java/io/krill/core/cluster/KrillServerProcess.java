package io.krill.core.cluster;

import io.krill.core.server.KrillServerMain;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One Krill node in its own JVM, started the way {@code bin/krill-server} starts it: {@code java <flags> -cp ...
 * io.krill.core.server.KrillServerMain --port P --dir D ...}, with stdout and stderr appended to {@code D/node.log}.
 * <p>
 * The child runs on this JVM's own {@code java} and class path rather than through the script: under surefire the
 * class path already holds core's freshly compiled classes and every dependency (checked by
 * {@link #checkClassPath()}), while the script runs the packaged jar in core/target, which a test-compile does not
 * rebuild, and would run Maven inside Maven when the jar is missing.
 */
final class KrillServerProcess
{
    /** Small heap, one GC thread, C1 only, small stacks: six of these share two cores with the test. */
    static final List<String> LIGHT_JVM_FLAGS = List.of("-Xmx128m", "-Xss512k", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xshare:auto");

    final int port;
    final Path dir;
    final Path log;
    private final List<String> options;
    private Process process;

    KrillServerProcess(final int port, final Path dir, final List<String> options)
    {
        this.port = port;
        this.dir = dir;
        this.log = dir.resolve("node.log");
        this.options = List.copyOf(options);
    }

    /** The running java binary: the one this JVM was started with. */
    static String javaCommand()
    {
        return ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Fails when this JVM's class path cannot start a node: it must name core's classes and slf4j-simple (surefire
     * sets java.class.path to the real test class path even when it boots from a manifest-only jar).
     */
    static void checkClassPath()
    {
        final String classPath = System.getProperty("java.class.path");
        final String main = KrillServerMain.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        final String logger;
        try
        {
            logger = Class.forName("org.slf4j.simple.SimpleLogger").getProtectionDomain().getCodeSource()
                .getLocation().getPath();
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalStateException("slf4j-simple is not on the test class path", ex);
        }
        for (final String needed : List.of(main, logger))
        {
            if (!List.of(classPath.split(File.pathSeparator)).contains(new File(needed).getPath()))
            {
                throw new IllegalStateException("java.class.path lacks " + needed + ": " + classPath);
            }
        }
    }

    /** Starts the JVM (does not wait for the port). A restart appends to the same log. */
    void start() throws IOException
    {
        Files.createDirectories(dir);
        final List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(LIGHT_JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KrillServerMain.class.getName());
        command.addAll(List.of("--port", Integer.toString(port), "--dir", dir.toString()));
        command.addAll(options);
        Files.writeString(log, "### starting: --port " + port + " --dir " + dir + " " + options.stream()
            .map(option -> option.isEmpty() ? "''" : option).collect(Collectors.joining(" ")) +
            "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process.getOutputStream().close();
    }

    /** Waits until the node answers PING; returns how long it took from now. */
    long awaitPong(final long timeoutMs) throws IOException, InterruptedException
    {
        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + timeoutMs * 1_000_000;
        while (true)
        {
            if (!process.isAlive())
            {
                throw new IOException("node " + port + " exited with " + process.exitValue() + ":\n" + logTail(40));
            }
            try (AdminConnection connection = new AdminConnection("127.0.0.1", port))
            {
                if ("PONG".equals(connection.call("PING")))
                {
                    return (System.nanoTime() - startNs) / 1_000_000;
                }
            }
            catch (final IOException ex)
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IOException("node " + port + " did not answer PING in " + timeoutMs + " ms:\n" +
                        logTail(40), ex);
                }
            }
            Thread.sleep(20);
        }
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process != null && process.isAlive();
    }

    /** CPU time the JVM has used so far, or zero when the OS does not tell. */
    Duration cpu()
    {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** kill -9: no shutdown hook runs, nothing is flushed or closed by the node. */
    void kill() throws InterruptedException
    {
        if (process != null && process.isAlive())
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    String logTail(final int lines)
    {
        try
        {
            final List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }

    /**
     * Ports p such that p and p + 10000 (the default bus port) are both free now, drawn so that both lie below
     * Linux's default ephemeral range (32768 and up): an outgoing connection cannot take one before the node binds.
     */
    static int[] freePortsWithBusPorts(final int count)
    {
        final int[] ports = new int[count];
        int found = 0;
        while (found < count)
        {
            final int candidate = ThreadLocalRandom.current().nextInt(10_000, 22_768);
            boolean taken = false;
            for (int i = 0; i < found; i++)
            {
                taken |= ports[i] == candidate;
            }
            if (!taken && free(candidate) && free(candidate + 10_000))
            {
                ports[found++] = candidate;
            }
        }
        return ports;
    }

    private static boolean free(final int port)
    {
        try (ServerSocket socket = new ServerSocket())
        {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
