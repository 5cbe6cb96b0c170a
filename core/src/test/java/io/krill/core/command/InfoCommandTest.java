package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: INFO answers Redis 7.0.15's sections for each argument form, with Redis's field names in Redis's order
 * (plus krill_version), Redis's text layout, a verbatim string in RESP3, and values that follow what the node did
 * (commands, hits and misses, errors, keys, instantaneous rates); redis-cli can read it. Krill's own section
 * (malformed cluster bus input) appears only when asked for by name.
 * Method: an in-process KrillServer over sockets compared with a real redis-server (skipped when absent);
 * InstantaneousMetric is driven with hand-set times; redis-cli is run as a process (skipped when absent).
 */
class InfoCommandTest
{
    /** Sections whose lines depend on what ran (one line per command, error code, database). */
    private static final List<String> VARIABLE_SECTIONS = List.of("Commandstats", "Errorstats", "Latencystats",
        "Keyspace");

    private KrillServer server;

    @BeforeEach
    void start() throws Exception
    {
        server = KrillServer.start(ServerConfig.parse("--port", "0"));
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    @Test
    void shouldChooseSameSectionsAsRealRedisForEachArgumentForm() throws Exception
    {
        final String[][] forms = {
            {}, {"default"}, {"all"}, {"everything"}, {"server", "clients"}, {"foo"}, {"SERVER", "foo"},
            {"commandstats"}, {"modules"}, {"latencystats"}, {"errorstats"}, {"keyspace"}, {"all", "commandstats"},
            {"default", "latencystats"}, {"everything", "server"}, {"keyspace", "cpu"}, {"Cluster"},
        };
        final List<List<String>> krill = new ArrayList<>();
        try (WireClient client = new WireClient(server.port()))
        {
            for (final String[] form : forms)
            {
                krill.add(sectionNames(client.callText(info(form))));
            }
        }
        try (RealRedisServer redis = RealRedisServer.start();
            WireClient client = new WireClient(redis.port()))
        {
            for (int i = 0; i < forms.length; i++)
            {
                assertEquals(sectionNames(client.callText(info(forms[i]))), krill.get(i), String.join(" ", forms[i]));
            }
        }
    }

    @Test
    void shouldPrintKrillSectionOnlyWhenAskedByName() throws Exception
    {
        try (WireClient client = new WireClient(server.port()))
        {
            final String krill = client.callText("INFO", "krill");
            assertTrue(krill.startsWith("# Krill\r\ncluster_bus_malformed_messages:0\r\n"), krill);
            assertTrue(krill.contains("cluster_bus_malformed_bad_signature:0\r\n"), krill);
            assertTrue(client.callText("INFO", "server", "KRILL").contains("\r\n\r\n# Krill\r\n"));
            for (final String form : new String[] {"default", "all", "everything"})
            {
                assertTrue(!client.callText("INFO", form).contains("# Krill"), form);
            }
        }
    }

    @Test
    void shouldPrintRedisFieldsInRedisOrder() throws Exception
    {
        final Map<String, List<String>> krill;
        try (WireClient client = new WireClient(server.port()))
        {
            krill = fieldNames(client.callText("INFO", "everything"));
        }
        final Map<String, List<String>> redis;
        try (RealRedisServer real = RealRedisServer.start();
            WireClient client = new WireClient(real.port()))
        {
            redis = fieldNames(client.callText("INFO", "everything"));
        }
        assertEquals(new ArrayList<>(redis.keySet()), new ArrayList<>(krill.keySet()));
        redis.get("Server").add(1, "krill_version");
        for (final String section : redis.keySet())
        {
            if (!VARIABLE_SECTIONS.contains(section))
            {
                assertEquals(redis.get(section), krill.get(section), section);
            }
        }
    }

    @Test
    void shouldLayOutSectionsAsRedisWithCrlfAndBlankLines() throws Exception
    {
        try (WireClient client = new WireClient(server.port()))
        {
            assertEquals("$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n", client.call("INFO", "cluster"));
            assertEquals("$43\r\n# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n",
                client.call("INFO", "cluster", "modules"));
            assertEquals("$12\r\n# Keyspace\r\n\r\n", client.call("INFO", "keyspace"));
            assertEquals("$0\r\n\r\n", client.call("INFO", "nosuchsection"));
            client.call("HELLO", "3");
            assertEquals("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n", client.call("INFO", "cluster"));
            final String all = client.callText("INFO", "all");
            assertTrue(all.startsWith("# Server\r\nredis_version:7.0.15\r\nkrill_version:0.1.0\r\n"));
            assertTrue(all.endsWith("\r\n") && !all.endsWith("\r\n\r\n"));
            assertTrue(all.replace("\r\n", "").indexOf('\n') < 0, "no bare LF");
        }
    }

    @Test
    void shouldCountWhatTheNodeDid() throws Exception
    {
        try (WireClient client = new WireClient(server.port()))
        {
            final Map<String, String> info = fields(runWorkload(client));
            assertEquals("5", info.get("total_commands_processed"), "unknown and wrong-arity commands do not run");
            assertEquals("1", info.get("keyspace_hits"));
            assertEquals("2", info.get("keyspace_misses"));
            assertEquals("2", info.get("total_error_replies"));
            assertEquals("count=2", info.get("errorstat_ERR"));
            assertEquals("keys=2,expires=1,avg_ttl=0", info.get("db0"));
            assertEquals("1", info.get("connected_clients"));
            assertEquals(Integer.toString(server.port()), info.get("tcp_port"));
            assertTrue(info.get("cmdstat_get").matches(
                "calls=3,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=1,failed_calls=0"),
                info.get("cmdstat_get"));
            assertTrue(info.get("master_replid").matches("[0-9a-f]{40}"));
            assertTrue(Long.parseLong(info.get("used_memory")) > 0);
            assertTrue(Long.parseLong(info.get("total_net_input_bytes")) > 0);
        }
    }

    @Test
    void shouldReportClusterModeWhenClusterEnabled() throws Exception
    {
        // a cluster node keeps nodes.conf in its dir: a temporary one, so tests leave no file behind
        final Path dir = Files.createTempDirectory("krill-info-cluster");
        try (KrillServer cluster = KrillServer.start(ServerConfig.parse("--port", "0", "--cluster-enabled", "yes",
                "--dir", dir.toString()));
            WireClient client = new WireClient(cluster.port()))
        {
            final Map<String, String> info = fields(client.callText("INFO", "everything"));
            assertEquals("1", info.get("cluster_enabled"));
            assertEquals("cluster", info.get("redis_mode"));
            assertEquals(Integer.toString(cluster.port()), info.get("tcp_port"));
        }
        finally
        {
            Files.deleteIfExists(dir.resolve("nodes.conf"));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void shouldCountSameAsRealRedisForSameWorkload() throws Exception
    {
        final List<String> compared = List.of("total_commands_processed", "keyspace_hits", "keyspace_misses",
            "total_error_replies", "rejected_connections", "expired_keys");
        final Map<String, Long> krill;
        try (WireClient client = new WireClient(server.port()))
        {
            krill = workloadDeltas(client, compared);
        }
        try (RealRedisServer redis = RealRedisServer.start();
            WireClient client = new WireClient(redis.port()))
        {
            assertEquals(workloadDeltas(client, compared), krill);
        }
    }

    @Test
    void shouldListStatsOfSameCommandsAsRealRedisAfterSameWorkload() throws Exception
    {
        final List<String> krill;
        try (WireClient client = new WireClient(server.port()))
        {
            final String info = runWorkload(client);
            krill = statNames(info);
            assertTrue(info.contains("\r\nlatency_percentiles_usec_get:p50="), info);
            for (final String line : info.split("\r\n"))
            {
                if (line.startsWith("latency_percentiles_usec_"))
                {
                    assertTrue(line.matches("latency_percentiles_usec_[a-z|]+:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3}," +
                        "p99\\.9=\\d+\\.\\d{3}"), line);
                }
            }
        }
        try (RealRedisServer redis = RealRedisServer.start();
            WireClient client = new WireClient(redis.port()))
        {
            final List<String> real = statNames(runWorkload(client));
            // the test server's readiness PING shows in real Redis's statistics only
            real.removeIf(name -> name.endsWith("_ping"));
            assertEquals(real, krill);
        }
    }

    /** Names of the per-command and per-error lines, sorted (Redis orders them by hash table). */
    private static List<String> statNames(final String info)
    {
        final List<String> names = new ArrayList<>();
        for (final String line : info.split("\r\n"))
        {
            if (line.startsWith("cmdstat_") || line.startsWith("errorstat_") || line.startsWith("latency_perc"))
            {
                names.add(line.substring(0, line.indexOf(':')));
            }
        }
        names.sort(null);
        return names;
    }

    /** How much each counter grew over {@link #runWorkload} (the readiness PING of a test server is left out). */
    private static Map<String, Long> workloadDeltas(final WireClient client, final List<String> counters)
        throws IOException
    {
        final Map<String, String> before = fields(client.callText("INFO", "everything"));
        final Map<String, String> after = fields(runWorkload(client));
        final Map<String, Long> deltas = new LinkedHashMap<>();
        for (final String counter : counters)
        {
            deltas.put(counter, Long.parseLong(after.get(counter)) - Long.parseLong(before.get(counter)));
        }
        final String getStats = after.get("cmdstat_get");
        deltas.put("get rejected_calls", Long.parseLong(getStats.replaceAll(".*rejected_calls=(\\d+).*", "$1")));
        return deltas;
    }

    /** Two writes, one hit, two misses, an unknown command and a wrong-arity one; returns INFO everything. */
    private static String runWorkload(final WireClient client) throws IOException
    {
        client.call("SET", "a", "1");
        client.call("SET", "b", "2", "EX", "100");
        client.call("GET", "a");
        client.call("GET", "missing");
        client.call("GET", "missing");
        client.call("NOSUCHCOMMAND");
        client.call("GET");
        return client.callText("INFO", "everything");
    }

    @Test
    void shouldAverageRatesOverSixteenSamplesWhenSampledEveryHundredMs()
    {
        final InstantaneousMetric metric = new InstantaneousMetric();
        long counter = 0;
        metric.sample(0, counter);
        for (int i = 1; i <= 8; i++)
        {
            counter += 50;
            metric.sample(i * 100L, counter);
            metric.sample(i * 100L + 10, counter + 1000);
        }
        assertEquals(250.0, metric.perSecond(), 1e-9, "8 of 16 samples at 500/s; too-early samples ignored");
        for (int i = 9; i <= 24; i++)
        {
            counter += 50;
            metric.sample(i * 100L, counter);
        }
        assertEquals(500.0, metric.perSecond(), 1e-9);
    }

    @Test
    void shouldFormatHumanSizesAsRedis()
    {
        assertEquals("0B", InfoMemory.human(0));
        assertEquals("200B", InfoMemory.human(200));
        assertEquals("991.16K", InfoMemory.human(1014952));
        assertEquals("11.82M", InfoMemory.human(12394496));
        assertEquals("23.54G", InfoMemory.human(25276514304L));
    }

    @Test
    void shouldRoundDecimalsAsPrintfDoes()
    {
        assertEquals("2.67", Decimals.fixed(2.675, 2), "2.675 is stored as 2.67499999...");
        assertEquals("0.12", Decimals.fixed(0.125, 2), "an exact half rounds to even");
        assertEquals("0.38", Decimals.fixed(0.375, 2));
        assertEquals("4.015", Decimals.fixed(4015 / 1000.0, 3));
        assertEquals("0.010000", Decimals.fixed(10_000 / 1e6, 6));
        assertEquals("-1.50", Decimals.fixed(-1.5, 2));
    }

    @Test
    void shouldServeRedisCliInfoAndPing() throws Exception
    {
        Assumptions.assumeTrue(RealRedisServer.installed("redis-cli"), "redis-cli is not installed");
        assertEquals("PONG\n", redisCli("PING"));
        final String info = redisCli("INFO");
        assertTrue(info.startsWith("# Server\r\nredis_version:7.0.15\r\n"), info);
        assertTrue(info.contains("# Keyspace"));
        assertTrue(redisCli("INFO", "stats").contains("total_commands_processed:"));
    }

    private String redisCli(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(server.port())));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static String[] info(final String[] sections)
    {
        final String[] command = new String[sections.length + 1];
        command[0] = "INFO";
        System.arraycopy(sections, 0, command, 1, sections.length);
        return command;
    }

    private static List<String> sectionNames(final String text)
    {
        final List<String> names = new ArrayList<>();
        for (final String line : text.split("\r\n"))
        {
            if (line.startsWith("# "))
            {
                names.add(line.substring(2));
            }
        }
        return names;
    }

    private static Map<String, List<String>> fieldNames(final String text)
    {
        final Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (final String line : text.split("\r\n"))
        {
            if (line.startsWith("# "))
            {
                current = new ArrayList<>();
                sections.put(line.substring(2), current);
            }
            else if (!line.isEmpty())
            {
                current.add(line.substring(0, line.indexOf(':')));
            }
        }
        return sections;
    }

    private static Map<String, String> fields(final String text)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String line : text.split("\r\n"))
        {
            if (!line.isEmpty() && !line.startsWith("#"))
            {
                fields.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
            }
        }
        return fields;
    }
}
