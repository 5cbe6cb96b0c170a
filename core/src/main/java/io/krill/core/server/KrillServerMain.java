package io.krill.core.server;

import io.krill.core.config.ConfigException;
import io.krill.core.config.ServerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code krill-server} command: one node per JVM, started like {@code redis-server}
 * ({@code krill-server [configfile] [--name value ...]}).
 * <p>
 * Exit status: 0 after a clean shutdown or for {@code --version}/{@code --help}; 1 for a configuration error
 * (reported on stderr as redis-server reports it) or a port that cannot be bound.
 */
public final class KrillServerMain
{
    private static final String SIMPLE_LOGGER = "org.slf4j.simpleLogger.";

    private KrillServerMain()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length > 0 && ("-v".equals(args[0]) || "--version".equals(args[0])))
        {
            System.out.println("Krill server v=" + version() + " java=" + System.getProperty("java.version"));
            System.exit(0);
        }
        if (args.length > 0 && ("-h".equals(args[0]) || "--help".equals(args[0])))
        {
            usage(System.out);
            System.exit(0);
        }
        final ServerConfig config;
        try
        {
            config = ServerConfig.parse(args);
        }
        catch (final ConfigException ex)
        {
            System.err.println(ex.fatalReport("Krill " + version()));
            System.exit(1);
            return;
        }
        configureLogging(config);
        System.exit(run(config));
    }

    private static int run(final ServerConfig config)
    {
        // The first logger is created only now, after the logging properties are set.
        final Logger log = LoggerFactory.getLogger(KrillServerMain.class);
        log.info("Krill is starting: version={}, java={}, pid={}, config file={}", version(),
            System.getProperty("java.version"), ProcessHandle.current().pid(),
            config.configFile() == null ? "none" : config.configFile());
        final KrillServer server;
        try
        {
            server = KrillServer.start(config);
        }
        catch (final IOException ex)
        {
            log.error("Could not start the server on port {}: {}", config.port(), ex.getMessage());
            return 1;
        }
        log.info("Running mode={}, port={}.", config.clusterEnabled() ? "cluster" : "standalone", server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server, log), "krill-shutdown"));
        try
        {
            server.awaitTermination();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void closeQuietly(final KrillServer server, final Logger log)
    {
        // SIGTERM or SIGINT: stop the node the way SHUTDOWN would; after a SHUTDOWN this is a second close.
        try
        {
            server.close();
        }
        catch (final RuntimeException ex)
        {
            log.warn("Error while stopping the server", ex);
        }
    }

    /**
     * Points slf4j-simple at the configured log file and level. Properties given with {@code -D} win, so
     * {@code JAVA_OPTS=-Dorg.slf4j.simpleLogger.defaultLogLevel=trace} still works.
     */
    static void configureLogging(final ServerConfig config)
    {
        setIfAbsent("defaultLogLevel", slf4jLevel(config.loglevel()));
        setIfAbsent("logFile", config.logfile().isEmpty() ? "System.out" : config.resolve(config.logfile()).toString());
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "dd MMM yyyy HH:mm:ss.SSS");
        setIfAbsent("showShortLogName", "true");
        setIfAbsent("levelInBrackets", "true");
    }

    /** Redis's log levels in slf4j's terms. */
    static String slf4jLevel(final String redisLevel)
    {
        switch (redisLevel)
        {
            case "debug":
            case "verbose":
                return "debug";
            case "warning":
                return "warn";
            default:
                return "info";
        }
    }

    private static void setIfAbsent(final String key, final String value)
    {
        if (System.getProperty(SIMPLE_LOGGER + key) == null)
        {
            System.setProperty(SIMPLE_LOGGER + key, value);
        }
    }

    /** The project version from the jar's Maven metadata, or "dev" when run from classes. */
    static String version()
    {
        try (InputStream in = KrillServerMain.class.getResourceAsStream(
            "/META-INF/maven/io.krill/krill-core/pom.properties"))
        {
            if (in != null)
            {
                final Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "dev");
            }
        }
        catch (final IOException ex)
        {
            // Fall through: a version is informative only.
        }
        return "dev";
    }

    private static void usage(final PrintStream out)
    {
        out.println("Usage: krill-server [/path/to/redis.conf] [options] [-]");
        out.println("       krill-server - (read config from stdin)");
        out.println("       krill-server -v or --version");
        out.println("       krill-server -h or --help");
        out.println();
        out.println("Options are redis-server's (Redis 7.0 names, values and defaults), for example:");
        out.println("       krill-server --port 7000 --cluster-enabled yes --cluster-config-file nodes-7000.conf");
        out.println("       krill-server /etc/redis/7000.conf --loglevel verbose");
        out.println("       krill-server --save '' --appendonly no");
        out.println("       krill-server --replicaof 127.0.0.1 7000");
        out.println();
        out.println("Krill runs in the foreground: daemonize must stay 'no'. JVM flags go in JAVA_OPTS.");
    }
}
