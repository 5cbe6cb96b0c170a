package io.krill.core.cluster;

import io.krill.core.server.KrillServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code krill-cluster} command: a formed Redis Cluster of Krill nodes in one JVM, by default 3 masters and 3
 * replicas on 127.0.0.1:7000-7005 (bus ports 17000-17005), ready for {@code redis-cli -c -p 7000}. It runs in the
 * foreground until interrupted (Ctrl-C or SIGTERM), then stops the nodes and deletes their temporary directory.
 * <p>
 * Options: {@code --ports N} (nodes, default 6), {@code --replicas R} (per master, default 1), {@code --base-port P}
 * (default 7000; node i listens on P + i), {@code --host H} (bind and MEET address, default 127.0.0.1),
 * {@code --dir D} (keep each node's nodes.conf in {@code D/node-<i>}, so a second run restarts the same cluster;
 * default: a temporary directory), {@code --timeout-ms T} (formation limit, default 30000), {@code --form no}
 * (start the nodes but leave forming them to, say, {@code redis-cli --cluster create}). Any other
 * {@code --name value} is a redis-server option passed to every node ({@code --cluster-node-timeout 5000}).
 * <p>
 * Exit status: 0 after an interrupt, 1 if the nodes could not start or the cluster did not form, 2 for bad usage.
 */
public final class KrillClusterMain
{
    private static final String SIMPLE_LOGGER = "org.slf4j.simpleLogger.";

    private KrillClusterMain()
    {
    }

    /** What the command line asked for. */
    static final class Options
    {
        int nodes = 6;
        int replicas = 1;
        int basePort = 7000;
        String host = "127.0.0.1";
        Path dir;
        long timeoutMs = 30_000;
        boolean form = true;
        final List<String> nodeOptions = new ArrayList<>();

        int[] ports()
        {
            final int[] ports = new int[nodes];
            for (int i = 0; i < nodes; i++)
            {
                ports[i] = basePort == 0 ? 0 : basePort + i;
            }
            return ports;
        }
    }

    public static void main(final String[] args)
    {
        final Options options;
        try
        {
            options = parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("krill-cluster: " + ex.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (options == null)
        {
            usage(System.out);
            System.exit(0);
            return;
        }
        setIfAbsent("defaultLogLevel", "warn");
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "dd MMM yyyy HH:mm:ss.SSS");
        setIfAbsent("showShortLogName", "true");
        setIfAbsent("levelInBrackets", "true");
        System.exit(run(options, System.out));
    }

    /**
     * Parses the command line; returns null for {@code --help}.
     *
     * @throws IllegalArgumentException for a bad option or value.
     */
    static Options parse(final String... args)
    {
        final Options options = new Options();
        for (int i = 0; i < args.length; i++)
        {
            final String name = args[i];
            if ("-h".equals(name) || "--help".equals(name))
            {
                return null;
            }
            if (!name.startsWith("--") || i + 1 >= args.length)
            {
                throw new IllegalArgumentException("expected --name value, got '" + name + "'");
            }
            final String value = args[++i];
            switch (name)
            {
                case "--ports" -> options.nodes = number(name, value, 1, 1000);
                case "--replicas" -> options.replicas = number(name, value, 0, 1000);
                case "--base-port" -> options.basePort = number(name, value, 0, 55535);
                case "--host" -> options.host = value;
                case "--dir" -> options.dir = Path.of(value);
                case "--timeout-ms" -> options.timeoutMs = number(name, value, 1, Integer.MAX_VALUE);
                case "--form" -> options.form = yesNo(name, value);
                default ->
                {
                    options.nodeOptions.add(name);
                    options.nodeOptions.add(value);
                }
            }
        }
        if (options.nodes / (options.replicas + 1) < 1)
        {
            throw new IllegalArgumentException(options.nodes + " nodes are too few for " + options.replicas +
                " replicas per master");
        }
        return options;
    }

    private static boolean yesNo(final String name, final String value)
    {
        if ("yes".equalsIgnoreCase(value) || "no".equalsIgnoreCase(value))
        {
            return "yes".equalsIgnoreCase(value);
        }
        throw new IllegalArgumentException(name + " must be yes or no: " + value);
    }

    private static int number(final String name, final String value, final int min, final int max)
    {
        try
        {
            final int number = Integer.parseInt(value);
            if (number >= min && number <= max)
            {
                return number;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max + ": " + value);
    }

    static int run(final Options options, final PrintStream out)
    {
        final LocalCluster cluster;
        try
        {
            cluster = LocalCluster.start(options.host, options.ports(), options.replicas, options.dir,
                options.nodeOptions);
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("krill-cluster: could not start the nodes: " + ex.getMessage());
            return 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            cluster.close();
            stopped.countDown();
        }, "krill-cluster-shutdown"));
        try
        {
            if (!options.form)
            {
                out.printf("Krill: %d cluster nodes started, not formed (ports %d-%d); for example:%n" +
                    "  redis-cli --cluster create %s --cluster-replicas %d%n", options.nodes,
                    cluster.servers().get(0).port(), cluster.servers().get(options.nodes - 1).port(),
                    addresses(cluster), options.replicas);
                out.flush();
                stopped.await();
                return 0;
            }
            cluster.form(options.timeoutMs);
            final int masters = options.nodes / (options.replicas + 1);
            out.printf("Krill cluster ready: %d nodes, %d masters, %d replicas (nodes agreed %d ms after the first " +
                "command)%n", options.nodes, masters, options.nodes - masters, cluster.formationMs());
            out.print(cluster.layout());
            out.printf("Try: redis-cli -c -h %s -p %d    (Ctrl-C stops the cluster)%n", options.host,
                cluster.servers().get(0).port());
            out.flush();
            stopped.await();
            return 0;
        }
        catch (final IOException ex)
        {
            System.err.println("krill-cluster: the cluster did not form: " + ex.getMessage());
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String addresses(final LocalCluster cluster)
    {
        final StringBuilder out = new StringBuilder();
        for (final KrillServer server : cluster.servers())
        {
            out.append(out.length() == 0 ? "" : " ").append(cluster.host()).append(':').append(server.port());
        }
        return out.toString();
    }

    private static void setIfAbsent(final String key, final String value)
    {
        if (System.getProperty(SIMPLE_LOGGER + key) == null)
        {
            System.setProperty(SIMPLE_LOGGER + key, value);
        }
    }

    private static void usage(final PrintStream out)
    {
        out.println("Usage: krill-cluster [--ports N] [--replicas R] [--base-port P] [--host H] [--dir D]");
        out.println("                     [--timeout-ms T] [--form yes|no] [--<redis-server option> value ...]");
        out.println();
        out.println("Starts N Krill cluster nodes in this JVM on H:P .. H:P+N-1 (bus ports +10000), forms a");
        out.println("cluster of N/(R+1) masters with R replicas each, prints the layout and runs until Ctrl-C.");
        out.println("Defaults: 6 nodes, 1 replica per master, 127.0.0.1:7000-7005, a temporary directory.");
        out.println("--form no starts the nodes without forming them (for redis-cli --cluster create).");
        out.println("Other options go to every node, e.g. --cluster-node-timeout 5000 --loglevel verbose.");
        out.println("The nodes gossip through in-JVM ring buffers; --cluster-bus-transport tcp makes them use");
        out.println("their bus ports (always bound, for nodes and tools outside this JVM) instead.");
        out.println();
        out.println("Example: krill-cluster && redis-cli -c -p 7000 set foo bar");
    }
}
