package io.krill.core.cluster;

import io.krill.core.server.KrillServer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long a 6-node LocalCluster (3 masters, 3 replicas) takes to form ({@link LocalCluster#formationMs()}: from the
 * first ADDSLOTSRANGE until every node agrees) with each {@code cluster-bus-transport}, runs interleaved so that a
 * load change on the machine hits both alike, and the wall clock from {@code LocalCluster.start} until
 * {@code form} returned (every node reports {@code cluster_state:ok}). For the in-JVM bus it also prints how many inbox records needed a
 * selector wake-up.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.krill.core.cluster.FormationTimes [runs] [transports]}
 * (default 10 runs of {@code auto tcp}).
 */
public final class FormationTimes
{
    private FormationTimes()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        final int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        final List<String> transports = args.length > 1 ? Arrays.asList(args).subList(1, args.length) :
            List.of("auto", "tcp");
        final long[][] times = new long[transports.size()][runs];
        final long[][] walls = new long[transports.size()][runs];
        for (int run = 0; run < runs; run++)
        {
            for (int t = 0; t < transports.size(); t++)
            {
                final long startNs = System.nanoTime();
                try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null,
                    List.of("--cluster-bus-transport", transports.get(t))))
                {
                    final long startedMs = (System.nanoTime() - startNs) / 1_000_000;
                    cluster.form(60_000);
                    walls[t][run] = (System.nanoTime() - startNs) / 1_000_000;
                    times[t][run] = cluster.formationMs();
                    final StringBuilder line = new StringBuilder(String.format("run %2d %-5s formed in %4d ms;" +
                        " start() %4d ms, start() to cluster_state:ok everywhere %4d ms", run + 1,
                        transports.get(t), cluster.formationMs(), startedMs, walls[t][run]));
                    long records = 0;
                    long wakeups = 0;
                    for (final KrillServer server : cluster.servers())
                    {
                        final InJvmBus.Endpoint endpoint = InJvmBus.shared().find("127.0.0.1", server.busPort());
                        if (endpoint != null)
                        {
                            records += endpoint.recordsReceived();
                            wakeups += endpoint.wakeups();
                        }
                    }
                    if (records > 0)
                    {
                        line.append(String.format("   in-JVM records %d, wake-ups %d (%.0f%%)", records, wakeups,
                            100.0 * wakeups / records));
                    }
                    System.out.println(line);
                }
            }
        }
        for (int t = 0; t < transports.size(); t++)
        {
            final long[] sorted = times[t].clone();
            Arrays.sort(sorted);
            final List<Long> all = new ArrayList<>();
            for (final long time : times[t])
            {
                all.add(time);
            }
            final long[] wall = walls[t].clone();
            Arrays.sort(wall);
            System.out.printf("%-5s formationMs median %d ms, min %d, max %d  %s; start() to ok median %d ms, " +
                "min %d, max %d%n", transports.get(t), sorted[runs / 2], sorted[0], sorted[runs - 1], all,
                wall[runs / 2], wall[0], wall[runs - 1]);
        }
    }
}
