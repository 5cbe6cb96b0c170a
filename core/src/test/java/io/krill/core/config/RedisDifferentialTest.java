package io.krill.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: Krill's configuration is indistinguishable from redis-server 7.0's where both have an option: same
 * defaults and CONFIG GET formatting, same acceptance and error text for values, same fatal-error report for bad
 * command lines, same reading of the stock redis.conf, same CONFIG GET pattern results.
 * Method: run the real {@code redis-server} (skipped when absent) and feed it and {@link ServerConfig} the same
 * input, comparing the outputs. Fatal-error runs put {@code port 0} and {@code bind ""} in a config file first, so
 * a redis-server that unexpectedly accepts the input binds nothing and exits. CONFIG SET runs touch only options
 * whose change cannot disturb the test's own connection (not bind, port, requirepass, timeout, client limits).
 */
class RedisDifferentialTest
{
    private static final String SAFE_PRELUDE = "port 0\nbind \"\"\n";
    private static final String NOT_LISTENING = "Configured to not listen anywhere, exiting.";

    /**
     * Options whose value a live CONFIG SET would disturb the test or the machine with, and activedefrag, which
     * both servers refuse to turn on but with different reasons (Debian's Redis lacks the jemalloc it needs).
     */
    private static final Set<String> LIVE_SET_EXCLUDED = Set.of("port", "bind", "requirepass", "masterauth",
        "timeout", "maxclients", "maxmemory-clients", "client-output-buffer-limit", "oom-score-adj",
        "oom-score-adj-values", "dir", "dbfilename", "logfile", "pidfile", "appendonly", "bind-source-addr",
        "activedefrag");

    private static final String[] PROBE_VALUES = {"abc", "-1", "0", "1", "", "99999999999999999999", "1k", "1gb",
        "YES", "no", "10%", "-5", "5 6", "1.5", "nosave now", "allkeys-lru", "Kx$", "a b", "-2147483649", "{port}x",
        "}", "{title}"};

    @TempDir
    Path tmp;

    private Path prelude() throws IOException
    {
        final Path file = tmp.resolve("prelude.conf");
        Files.writeString(file, SAFE_PRELUDE);
        return file;
    }

    /** What Krill reports for the same arguments: the fatal error's body, or Redis's "not listening" exit line. */
    private static String krillOutcome(final String... args)
    {
        try
        {
            final ServerConfig config = ServerConfig.parse(args);
            return config.port() == 0 && config.bind().length == 0 ? NOT_LISTENING : "started";
        }
        catch (final ConfigException ex)
        {
            return ex.getMessage();
        }
    }

    private void assertSameOutcome(final String... args) throws IOException, InterruptedException
    {
        final String expected = RealRedis.fatalError(tmp, args);
        final String actual = krillOutcome(args);
        if (expected.endsWith(NOT_LISTENING))
        {
            assertEquals(NOT_LISTENING, actual, String.join(" ", args));
        }
        else
        {
            assertEquals(expected, actual, String.join(" ", args));
        }
    }

    @Test
    void shouldPrintSameFatalErrorAsRedisWhenCommandLineIsBad() throws IOException, InterruptedException
    {
        RealRedis.assumeInstalled();
        final String file = prelude().toString();
        final String[][] cases = {
            {"--foo", "bar"}, {"--port", "abc"}, {"--port", "70000"}, {"--port"}, {"--maxmemory", "10x"},
            {"--appendonly", "maybe"}, {"--loglevel", "foo"}, {"--save", "900"}, {"--save", "abc", "1"},
            {"--save", "900 1 300"}, {"--port", "0", "--foo"}, {"--maxclients", "0"}, {"--databases", "0"},
            {"--port", "1", "2"}, {"--cluster-node-timeout", "-1"}, {"--maxmemory", "-1"},
            {"--notify-keyspace-events", "Q"}, {"--maxmemory-policy", "foo"}, {"--replicaof", "1.2.3.4"},
            {"--replicaof", "1.2.3.4", "x"}, {"--replicaof", "1.2.3.4", "70000"}, {"--io-threads", "200"},
            {"--proto-max-bulk-len", "100"}, {"--requirepass", "a", "b"}, {"--dir", "/nonexistent"},
            {"--logfile", "/nonexistent/x.log"}, {"--port", "--foo"}, {"--PORT", "abc"}, {"--port", ""},
            {"--port", "6402", "--save", "--foo"}, {"--requirepass"}, {"--port", "1", "--", "--foo"}, {"-x"},
            {"--port", "0", "-", "x"}, {"--port 6402 --foo"}, {"--port", "a\"b\\n"}, {"--port", "é\u0001"},
            {"--bind", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17"},
            {"--cluster-enabled", "yes", "--replicaof", "1.2.3.4", "5"}, {"--dbfilename", "a/b"},
            {"--appendfilename", "a/b"}, {"--appenddirname", "a/b"}, {"--oom-score-adj-values", "1", "2", "x"},
            {"--oom-score-adj-values", "1", "2", "3", "4"}, {"--slowlog-log-slower-than", "-2"},
            {"--proc-title-template", "{"}, {"--proc-title-template", "{title"}, {"--proc-title-template", "{title}"},
            {"--proc-title-template", " "}, {"--proc-title-template", "{}"}, {"--proc-title-template", "a{title}}"},
            {"--client-output-buffer-limit", "foo", "1", "2", "3"}, {"--client-output-buffer-limit", "normal", "1"},
            {"--latency-tracking-info-percentiles", "50", "200"}, {"--shutdown-on-sigterm", "save", "nosave"},
            {"--cluster-announce-hostname", "a b"}, {"--maxmemory-clients", "101%"}, {"--hz", "abc"},
            {"--slave-read-only", "maybe"}, {"--list-max-ziplist-size", "x"}, {"--SLAVEOF", "a"},
            {"--save", "900", "1", "--save", "x"}, {"--enable-protected-configs", "maybe"},
            {"--supervised", "maybe"}, {"--list-max-ziplist-entries", "1", "2"},
        };
        for (final String[] c : cases)
        {
            final String[] args = new String[c.length + 1];
            args[0] = file;
            System.arraycopy(c, 0, args, 1, c.length);
            assertSameOutcome(args);
        }
    }

    @Test
    void shouldReportSameLineWhenConfigFileIsBad() throws IOException, InterruptedException
    {
        RealRedis.assumeInstalled();
        final String[] bodies = {
            "# comment\n  \n  bind 127.0.0.1   \"::1\" \nfoo \"bar baz\" x\n",
            "port \"abc\n", "port \"abc\"def\n", "port 'a\\'b'\n", "port \"a\\x41\\n\\tb\"\n", "save \"900 1 300\"\n",
            "save 900 1\nsave ''\nsave x 1\n", "requirepass\n", "bind\nport abc\n", "deprecated-thing\n",
            "lua-replicate-commands yes\nport x\n", "Maxmemory 1GB\nhz x\n", "slaveof 1.2.3.4\n",
        };
        int n = 0;
        for (final String body : bodies)
        {
            final Path file = tmp.resolve("case" + n++ + ".conf");
            Files.writeString(file, SAFE_PRELUDE + body);
            assertSameOutcome(file.toString());
            assertSameOutcome(file.toString(), "--hz", "x");
        }
    }

    @Test
    void shouldAcceptAndRefuseAsRedisWhenImmutableOptionGetsOddValue() throws IOException, InterruptedException
    {
        RealRedis.assumeInstalled();
        final String file = prelude().toString();
        for (final ConfigOption option : OptionTable.all())
        {
            if (!option.is(ConfigOption.IMMUTABLE) || option.is(ConfigOption.DEFAULT_ONLY)
                || option.is(ConfigOption.KRILL_ONLY)
                || option.type() instanceof TextType || option == OptionTable.REPLICAOF)
            {
                continue;
            }
            for (final String value : new String[] {"abc", "-1", "0", "", "yes"})
            {
                assertSameOutcome(file, "--" + option.name(), value);
            }
        }
    }

    @Test
    void shouldHaveRedisDefaultsAndFormattingWhenNothingIsSet() throws Exception
    {
        try (RealRedis redis = RealRedis.start(tmp))
        {
            final Map<String, String> real = redis.configGet("*");
            final ServerConfig krill = ServerConfig.defaults();
            final Set<String> krillNames = new TreeSet<>();
            for (final ConfigOption option : OptionTable.all())
            {
                if (option.is(ConfigOption.SINCE_7_2) || option.is(ConfigOption.KRILL_ONLY))
                {
                    continue;
                }
                krillNames.add(option.name());
                for (int i = 0; i < option.aliasCount(); i++)
                {
                    krillNames.add(option.alias(i));
                }
            }
            for (final String name : krillNames)
            {
                if (name.equals("port") || name.equals("bind") || name.equals("dir"))
                {
                    continue;
                }
                assertTrue(real.containsKey(name), "Redis 7.0 has no option " + name);
                assertEquals(real.get(name), krill.get(name), name);
            }
            final Set<String> missing = new TreeSet<>(real.keySet());
            missing.removeAll(krillNames);
            for (final String name : missing)
            {
                assertTrue(OptionTable.unsupportedReason(name) != null,
                    "Redis option neither supported nor refused with a reason: " + name);
            }
        }
    }

    @Test
    void shouldReplyAsRedisWhenConfigSetGetsOddValues() throws Exception
    {
        try (RealRedis redis = RealRedis.start(tmp, "--save", ""))
        {
            final ServerConfig krill = ServerConfig.parse("--save", "");
            for (final ConfigOption option : OptionTable.all())
            {
                if (option.is(ConfigOption.SINCE_7_2) || option.is(ConfigOption.KRILL_ONLY)
                    || LIVE_SET_EXCLUDED.contains(option.name()))
                {
                    continue;
                }
                final String defaultValue = krill.get(option.name());
                for (final String value : PROBE_VALUES)
                {
                    final String name = option.name();
                    final String real = redis.call("CONFIG", "SET", name, value);
                    final String ours = krill.set(new String[] {name, value});
                    final String label = "CONFIG SET " + name + " '" + value + "'";
                    assertEquals(real, ours == null ? "OK" : ours, label);
                    if (ours == null)
                    {
                        assertEquals(redis.configGet(name).get(name), krill.get(name), label);
                        assertEquals("OK", redis.call("CONFIG", "SET", name, defaultValue), label);
                        assertEquals(null, krill.set(new String[] {name, defaultValue}), label);
                    }
                }
            }
        }
    }

    @Test
    void shouldReplyAsRedisWhenConfigSetScriptRuns() throws Exception
    {
        final String[][] script = {
            {"foo", "bar"}, {"port", "1", "hz"}, {"daemonize", "yes"}, {"hz", "20", "hz", "30"},
            {"hz", "20", "HZ", "30"}, {"maxmemory", "1GB", "hz", "abc"}, {"hz", "abc", "maxmemory", "10x"},
            {"hz", "abc", "foo", "bar"}, {"hz", "abc", "daemonize", "yes"}, {"daemonize", "yes", "foo", "bar"},
            {"replica-read-only", "yes", "slave-read-only", "no"},
            {"slave-read-only", "no", "replica-read-only", "yes"},
            {"save", "900 1 300 10"}, {"save", "900 1", "hz", "abc"}, {"save", ""}, {"save", "900 "},
            {"hz", "15", "maxmemory", "2mb", "loglevel", "warning"}, {"dir", "/tmp"}, {"dbfilename", "x.rdb"},
            {"replicaof", "no one"}, {"cluster-enabled", "yes"}, {"notify-keyspace-events", "KEA"},
            {"notify-keyspace-events", ""},
            {"maxmemory", "0", "loglevel", "notice", "hz", "10"},
        };
        try (RealRedis redis = RealRedis.start(tmp, "--save", ""))
        {
            final ServerConfig krill = ServerConfig.parse("--save", "");
            for (final String[] pairs : script)
            {
                final String label = "CONFIG SET " + String.join(" ", pairs);
                final String[] command = new String[pairs.length + 1];
                command[0] = "SET";
                System.arraycopy(pairs, 0, command, 1, pairs.length);
                final String ours = krill.set(pairs);
                assertEquals(redis.call("CONFIG", command), ours == null ? "OK" : ours, label);
                for (int i = 0; i + 1 < pairs.length; i += 2)
                {
                    if (krill.get(pairs[i]) != null && !pairs[i].equals("port") && !pairs[i].equals("dir"))
                    {
                        assertEquals(redis.configGet(pairs[i]).get(pairs[i]), krill.get(pairs[i]), label);
                    }
                }
            }
        }
    }

    @Test
    void shouldMatchSameNamesAsRedisWhenConfigGetUsesPatterns() throws Exception
    {
        try (RealRedis redis = RealRedis.start(tmp))
        {
            final ServerConfig krill = ServerConfig.defaults();
            final Set<String> shared = new HashSet<>(redis.configGet("*").keySet());
            final Random random = new Random(7);
            final List<String> patterns = new ArrayList<>(Arrays.asList("*max*", "*MAX*", "h?", "H?",
                "[a-c]*", "[^a-r]*", "*-[lm]*", "cluster-*-port", "*\\-*", "[", "[a-", "*[", "save", "Save",
                "*slave*", "repl-*", "?????", "*o*o*o*o*"));
            final String alphabet = "*?[]^-\\acelmprstAMS";
            for (int i = 0; i < 300; i++)
            {
                final StringBuilder pattern = new StringBuilder();
                final int length = 1 + random.nextInt(6);
                for (int j = 0; j < length; j++)
                {
                    pattern.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                patterns.add(pattern.toString());
            }
            for (final String pattern : patterns)
            {
                final Set<String> real = new TreeSet<>(redis.configGet(pattern).keySet());
                final List<String> flat = krill.getMatching(pattern);
                final Set<String> ours = new TreeSet<>();
                for (int i = 0; i < flat.size(); i += 2)
                {
                    ours.add(flat.get(i));
                }
                real.retainAll(knownTo(krill));
                ours.retainAll(shared);
                assertEquals(real, ours, "CONFIG GET " + pattern);
            }
            final List<String> several = krill.getMatching("hz", "maxmemory", "hz", "h?");
            final Map<String, String> realSeveral = redis.configGet("hz", "maxmemory", "hz", "h?");
            assertEquals(realSeveral.size() * 2, several.size());
        }
    }

    private static Set<String> knownTo(final ServerConfig krill)
    {
        final Set<String> names = new HashSet<>();
        final List<String> flat = krill.getMatching("*");
        for (int i = 0; i < flat.size(); i += 2)
        {
            names.add(flat.get(i));
        }
        return names;
    }

    @Test
    void shouldReadStockRedisConfLikeRedisWhenItIsInstalled() throws Exception
    {
        final Path stock = Path.of("/etc/redis/redis.conf");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(stock), "no /etc/redis/redis.conf to read");
        RealRedis.assumeInstalled();
        final String text = Files.readString(stock)
            .replaceAll("(?m)^daemonize yes$", "daemonize no")
            .replaceAll("(?m)^pidfile .*$", "pidfile " + tmp.resolve("redis.pid"))
            .replaceAll("(?m)^logfile .*$", "logfile " + tmp.resolve("redis.log"))
            .replaceAll("(?m)^dir .*$", "dir " + tmp);
        final Path conf = tmp.resolve("redis.conf");
        Files.writeString(conf, text);
        final ServerConfig krill = ServerConfig.parse(conf.toString(), "--port", "0");
        try (RealRedis redis = RealRedis.start(tmp, conf))
        {
            final Map<String, String> real = redis.configGet("*");
            final List<String> flat = krill.getMatching("*");
            int compared = 0;
            for (int i = 0; i < flat.size(); i += 2)
            {
                final String name = flat.get(i);
                if (real.containsKey(name) && !name.equals("port") && !name.equals("bind") && !name.equals("dir"))
                {
                    assertEquals(real.get(name), flat.get(i + 1), name);
                    compared++;
                }
            }
            assertTrue(compared > 150, "compared " + compared);
            assertEquals(Path.of(real.get("dir")).toRealPath().toString(), krill.dir());
        }
    }
}
