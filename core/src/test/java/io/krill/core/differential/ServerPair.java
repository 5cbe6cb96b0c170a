package io.krill.core.differential;

import io.krill.core.config.ConfigException;
import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two servers a differential test talks to: the reference, always a real {@code redis-server}, and the
 * target, Krill in this JVM or, with {@code -Ddiff.target=redis}, a second real {@code redis-server} (which is how
 * the harness and the case files prove themselves: every case must pass Redis against Redis).
 * <p>
 * Both sides get the same options, {@link #SHARED_OPTIONS}, so that a difference in a reply is a difference in
 * behaviour and not in configuration. A test class starts one pair in {@code @BeforeAll} and closes it in
 * {@code @AfterAll}; when {@code redis-server} is not on the PATH, or Krill's server is not implemented yet, the
 * tests are skipped with a message instead of failing.
 */
final class ServerPair implements AutoCloseable
{
    static final String TARGET_PROP_NAME = "diff.target";
    static final String TARGET_DEFAULT = "krill";
    static final String HOST = "127.0.0.1";
    static final int READ_TIMEOUT_MS = 5_000;
    /**
     * After this many read timeouts the pair is considered hung and later cases fail at once, so a target that
     * stops answering costs seconds, not one timeout per case.
     */
    static final int READ_TIMEOUTS_MAX = 3;

    /**
     * No persistence, so a run leaves nothing behind and never forks. DEBUG (SLEEP, ...) is refused by default
     * since Redis 7.0; the cases use it, and Krill is a test tool, so both sides allow it from local connections.
     */
    static final List<String> SHARED_OPTIONS =
        List.of("--save", "", "--appendonly", "no", "--enable-debug-command", "local");

    private final RedisProcess reference;
    private final AutoCloseable target;
    private final int targetPort;
    private final boolean targetIsKrill;
    private final AtomicInteger readTimeouts = new AtomicInteger();

    private ServerPair(
        final RedisProcess reference, final AutoCloseable target, final int targetPort, final boolean targetIsKrill)
    {
        this.reference = reference;
        this.target = target;
        this.targetPort = targetPort;
        this.targetIsKrill = targetIsKrill;
    }

    static boolean targetIsKrill()
    {
        final String target = System.getProperty(TARGET_PROP_NAME, TARGET_DEFAULT).toLowerCase(Locale.ROOT);
        if (!target.equals("krill") && !target.equals("redis"))
        {
            throw new IllegalArgumentException("-D" + TARGET_PROP_NAME + " must be krill or redis, not " + target);
        }
        return target.equals("krill");
    }

    /** The servers, or why the differential tests cannot run here (then {@code servers} is null). */
    record Start(ServerPair servers, String skipReason)
    {
        /** Skips the calling test with the reason when there are no servers. */
        ServerPair require()
        {
            Assumptions.assumeTrue(servers != null, skipReason);
            return servers;
        }
    }

    /**
     * Starts a pair, or says why not. A class-level skip (an assumption failing in {@code @BeforeAll}) is not
     * reported by Surefire for dynamic and parameterized tests, so the reason is handed to each test instead.
     */
    static Start tryStart() throws IOException, InterruptedException
    {
        try
        {
            return new Start(start(), null);
        }
        catch (final TestAbortedException ex)
        {
            return new Start(null, ex.getMessage());
        }
    }

    static ServerPair start() throws IOException, InterruptedException
    {
        Assumptions.assumeTrue(RedisProcess.isInstalled(),
            "redis-server is not on the PATH: the differential tests need a real Redis 7.0 as reference");
        final boolean krill = targetIsKrill();
        final RedisProcess reference = RedisProcess.start(SHARED_OPTIONS);
        try
        {
            if (!krill)
            {
                final RedisProcess second = RedisProcess.start(SHARED_OPTIONS);
                return new ServerPair(reference, second, second.port(), false);
            }
            final int port = RedisProcess.freePort();
            final KrillServer server = startKrill(port);
            return new ServerPair(reference, server, port, true);
        }
        catch (final RuntimeException | IOException | InterruptedException | Error ex)
        {
            reference.close();
            throw ex;
        }
    }

    private static KrillServer startKrill(final int port) throws IOException
    {
        // The options are redis-server's own names; a Krill that rejects one should say which (ConfigException).
        final List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port)));
        args.addAll(SHARED_OPTIONS);
        try
        {
            return KrillServer.start(ServerConfig.parse(args.toArray(new String[0])));
        }
        catch (final UnsupportedOperationException ex)
        {
            Assumptions.abort("KrillServer is not implemented yet (" + ex.getMessage() + "); run with -D" +
                TARGET_PROP_NAME + "=redis to check the harness and the cases against a second Redis");
            throw ex;
        }
        catch (final ConfigException ex)
        {
            throw new IllegalStateException("Krill rejected the differential test options " + args, ex);
        }
    }

    boolean isKrill()
    {
        return targetIsKrill;
    }

    String targetName()
    {
        return targetIsKrill ? "krill" : "redis#2";
    }

    RespClient connectReference() throws IOException
    {
        requireResponsive();
        return RespClient.connect(HOST, reference.port(), READ_TIMEOUT_MS, readTimeouts::incrementAndGet);
    }

    RespClient connectTarget() throws IOException
    {
        requireResponsive();
        return RespClient.connect(HOST, targetPort, READ_TIMEOUT_MS, readTimeouts::incrementAndGet);
    }

    private void requireResponsive()
    {
        if (readTimeouts.get() >= READ_TIMEOUTS_MAX)
        {
            throw new AssertionFailedError("not run: the servers stopped answering earlier (" + readTimeouts.get() +
                " replies timed out after " + READ_TIMEOUT_MS + " ms)");
        }
    }

    @Override
    public void close() throws Exception
    {
        try
        {
            target.close();
        }
        finally
        {
            reference.close();
        }
    }
}
