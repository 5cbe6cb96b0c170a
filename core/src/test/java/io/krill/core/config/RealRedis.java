package io.krill.core.config;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A real {@code redis-server} for differential tests: started on a free port in a scratch directory, driven with
 * Jedis, stopped (SHUTDOWN NOSAVE, then kill) by {@link #close()}. Tests that need one skip when the binary is
 * absent.
 */
public final class RealRedis implements AutoCloseable
{
    private static final String BINARY = "redis-server";

    private final Process process;
    private final Jedis jedis;
    private final int port;

    private RealRedis(final Process process, final Jedis jedis, final int port)
    {
        this.process = process;
        this.jedis = jedis;
        this.port = port;
    }

    /** Skips the calling test when {@code redis-server} is not on the PATH. */
    public static void assumeInstalled()
    {
        Assumptions.assumeTrue(isInstalled(), "redis-server is not installed: differential test skipped");
    }

    static boolean isInstalled()
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            if (Files.isExecutable(Path.of(dir, BINARY)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a server in {@code dir} on a free port with the given extra arguments (after {@code --port} and
     * {@code --dir}).
     */
    public static RealRedis start(final Path dir, final String... extraArgs) throws IOException, InterruptedException
    {
        return start(dir, null, extraArgs);
    }

    /** Starts a server as {@link #start(Path, String...)} does, reading {@code configFile} first if not null. */
    public static RealRedis start(final Path dir, final Path configFile, final String... extraArgs)
        throws IOException, InterruptedException
    {
        assumeInstalled();
        final int port = freePort();
        final List<String> command = new ArrayList<>();
        command.add(BINARY);
        if (configFile != null)
        {
            command.add(configFile.toString());
        }
        command.addAll(Arrays.asList("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString()));
        command.addAll(Arrays.asList(extraArgs));
        final Process process = new ProcessBuilder(command).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            try
            {
                final Jedis jedis = new Jedis("127.0.0.1", port);
                jedis.ping();
                return new RealRedis(process, jedis, port);
            }
            catch (final RuntimeException ex)
            {
                if (!process.isAlive() || System.nanoTime() - deadlineNs > 0)
                {
                    process.destroyForcibly();
                    throw new IOException("redis-server did not start: "
                        + Files.readString(dir.resolve("redis.out")), ex);
                }
                Thread.sleep(20);
            }
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    public int port()
    {
        return port;
    }

    /**
     * Sends a command and renders the reply as text: {@code OK}, {@code ERR ...} for an error (without the
     * {@code -}), the bulk string, or the array's elements joined by newlines.
     */
    public String call(final String command, final String... args)
    {
        try
        {
            return render(jedis.sendCommand(Protocol.Command.valueOf(command), args));
        }
        catch (final JedisDataException ex)
        {
            return ex.getMessage();
        }
    }

    /** Sends a command and returns an array reply as strings. */
    @SuppressWarnings("unchecked")
    public List<String> callList(final String command, final String... args)
    {
        final List<Object> reply = (List<Object>)jedis.sendCommand(Protocol.Command.valueOf(command), args);
        final List<String> out = new ArrayList<>(reply.size());
        for (final Object element : reply)
        {
            out.add(render(element));
        }
        return out;
    }

    /** CONFIG GET as an ordered map. */
    public Map<String, String> configGet(final String... patterns)
    {
        final String[] args = new String[patterns.length + 1];
        args[0] = "GET";
        System.arraycopy(patterns, 0, args, 1, patterns.length);
        final List<String> flat = callList("CONFIG", args);
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < flat.size(); i += 2)
        {
            map.put(flat.get(i), flat.get(i + 1));
        }
        return map;
    }

    /** Sends a command whose arguments are raw bytes (keys with any byte). */
    public Object callBytes(final String command, final byte[]... args)
    {
        return jedis.sendCommand(Protocol.Command.valueOf(command), args);
    }

    @SuppressWarnings("unchecked")
    private static String render(final Object reply)
    {
        if (reply == null)
        {
            return null;
        }
        if (reply instanceof byte[])
        {
            return new String((byte[])reply, StandardCharsets.UTF_8);
        }
        if (reply instanceof List)
        {
            final StringBuilder out = new StringBuilder();
            for (final Object element : (List<Object>)reply)
            {
                if (out.length() > 0)
                {
                    out.append('\n');
                }
                out.append(render(element));
            }
            return out.toString();
        }
        return String.valueOf(reply);
    }

    @Override
    public void close() throws InterruptedException
    {
        try
        {
            jedis.sendCommand(Protocol.Command.SHUTDOWN, "NOSAVE");
        }
        catch (final RuntimeException ex)
        {
            // The connection drops as the server exits; that is the expected outcome.
        }
        jedis.close();
        if (!process.waitFor(5, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * Runs {@code redis-server} with arguments that should make it refuse its configuration, and returns what it
     * printed after its "FATAL CONFIG FILE ERROR" banner (the same layout as {@link ConfigException#getMessage()}),
     * or the last line it printed if there was no banner. A server that does start is killed after 5 seconds;
     * callers put {@code port 0} and {@code bind ""} first so that such a server binds nothing.
     */
    public static String fatalError(final Path workDir, final String... args) throws IOException, InterruptedException
    {
        assumeInstalled();
        final List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(Arrays.asList(args));
        final Path out = Files.createTempFile(workDir, "redis-fatal", ".out");
        final Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
        if (!process.waitFor(5, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
        }
        final String text = Files.readString(out);
        final int banner = text.indexOf("*** FATAL CONFIG FILE ERROR");
        if (banner < 0)
        {
            final String[] lines = text.strip().split("\n");
            return lines[lines.length - 1];
        }
        final int start = text.indexOf('\n', banner) + 1;
        return text.substring(start).strip();
    }
}
