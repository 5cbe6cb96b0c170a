package io.krill.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: {@code krill-server [file] [--name value...]} reads options and refuses bad ones exactly as redis-server
 * 7.0 does. Method: parse files and argument lists covering every option type, alias and quoting rule; for
 * refusals compare the whole message with the text real redis-server 7.0.15 printed for the same input (captured
 * by hand and pasted below; {@link RedisDifferentialTest} re-checks many of them live when redis-server exists).
 */
class ServerConfigParseTest
{
    @TempDir
    Path tmp;

    private static String fail(final String... args)
    {
        return assertThrows(ConfigException.class, () -> ServerConfig.parse(args)).getMessage();
    }

    private static String report(final int line, final String text, final String reason)
    {
        return "Reading the configuration file, at line " + line + "\n>>> '" + text + "'\n" + reason;
    }

    @Test
    void shouldUseRedisDefaultsWhenNoArguments() throws ConfigException
    {
        final ServerConfig config = ServerConfig.parse();
        assertEquals(6379, config.port());
        assertArrayEquals(new String[] {"*", "-::*"}, config.bind());
        assertEquals("3600 1 300 100 60 10000", config.get("save"));
        assertEquals(10, config.hz());
        assertEquals(10000, config.maxclients());
        assertEquals(512L * 1024 * 1024, config.protoMaxBulkLenBytes());
        assertEquals(1L << 30, config.clientQueryBufferLimitBytes());
        assertEquals(15000, config.clusterNodeTimeoutMs());
        assertEquals("nodes.conf", config.clusterConfigFile());
        assertEquals("notice", config.loglevel());
        assertEquals("", config.requirepass());
        assertFalse(config.clusterEnabled());
        assertEquals(Path.of("").toAbsolutePath().toString(), config.dir());
        assertEquals("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
            config.get("client-output-buffer-limit"));
        assertNull(config.replicaofHost());
        assertEquals(-1, config.replicaofPort());
    }

    @Test
    void shouldReadEveryTypeWhenGivenOnCommandLine() throws ConfigException
    {
        final ServerConfig config = ServerConfig.parse("--port", "7000", "--cluster-enabled", "YES",
            "--maxmemory", "1GB", "--maxmemory-policy", "ALLKEYS-LRU", "--requirepass", "s3cret",
            "--notify-keyspace-events", "KEA", "--bind", "127.0.0.1", "-::1", "--save", "900", "1", "300", "10",
            "--cluster-node-timeout", "500", "--hz", "1000", "--list-max-listpack-size", "-5",
            "--maxmemory-clients", "10%", "--shutdown-on-sigterm", "now", "nosave",
            "--latency-tracking-info-percentiles", "50.50", "99.990", "--cluster-announce-hostname", "node-1.local");
        assertEquals(7000, config.port());
        assertTrue(config.clusterEnabled());
        assertEquals(1L << 30, config.maxmemoryBytes());
        assertEquals("1073741824", config.get("maxmemory"));
        assertEquals("allkeys-lru", config.maxmemoryPolicy());
        assertEquals("s3cret", config.requirepass());
        assertEquals("AKE", config.get("notify-keyspace-events"));
        assertEquals(KeyspaceEventFlags.ALL | KeyspaceEventFlags.KEYSPACE | KeyspaceEventFlags.KEYEVENT,
            config.notifyKeyspaceEvents());
        assertArrayEquals(new String[] {"127.0.0.1", "-::1"}, config.bind());
        assertArrayEquals(new long[] {900, 1, 300, 10}, config.saveParams());
        assertEquals(500, config.clusterNodeTimeoutMs());
        assertEquals(500, config.hz(), "hz is clamped to 500 as Redis does");
        assertEquals(-5, config.listMaxListpackSize());
        assertEquals("10%", config.get("maxmemory-clients"));
        assertEquals(-10, config.maxmemoryClientsBytesOrPercent());
        assertEquals("nosave now", config.get("shutdown-on-sigterm"));
        assertEquals("50.5 99.99", config.get("latency-tracking-info-percentiles"));
        assertEquals("node-1.local", config.clusterAnnounceHostname());
    }

    @Test
    void shouldSetSameOptionWhenOldNameIsUsed() throws ConfigException
    {
        final ServerConfig config = ServerConfig.parse("--slaveof", "10.0.0.1", "6380", "--slave-read-only", "no",
            "--hash-max-ziplist-entries", "7", "--lua-time-limit", "100", "--min-slaves-to-write", "2");
        assertEquals("10.0.0.1", config.replicaofHost());
        assertEquals(6380, config.replicaofPort());
        assertEquals("10.0.0.1 6380", config.get("replicaof"));
        assertEquals("10.0.0.1 6380", config.get("SLAVEOF"));
        assertFalse(config.replicaReadOnly());
        assertEquals(7, config.hashMaxListpackEntries());
        assertEquals(100, config.busyReplyThresholdMs());
        assertEquals(2, config.minReplicasToWrite());
    }

    @Test
    void shouldReadFileThenLetArgumentsOverrideIt() throws IOException, ConfigException
    {
        final Path file = tmp.resolve("redis.conf");
        Files.writeString(file, String.join("\n",
            "# a comment",
            "   ",
            "PORT 7001",
            "  requirepass \"pa ss\\x21\"   ",
            "masterauth 'it\\'s'",
            "save 900 1",
            "save \"300 10\"",
            "client-output-buffer-limit pubsub 1mb 2kb 3",
            "appendfilename \"appendonly-7001.aof\"",
            "notify-keyspace-events \"\"",
            "list-max-ziplist-entries 512",
            ""));
        final ServerConfig config = ServerConfig.parse(file.toString(), "--port", "7002");
        assertEquals(7002, config.port());
        assertEquals("pa ss!", config.requirepass());
        assertEquals("it's", config.masterauth());
        assertEquals("900 1 300 10", config.get("save"), "save lines add up in a file");
        assertEquals("normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 2048 3",
            config.get("client-output-buffer-limit"));
        assertEquals("appendonly-7001.aof", config.appendfilename());
        assertEquals(file.toAbsolutePath().toString(), config.configFile());
    }

    @Test
    void shouldDisableSnapshotsWhenSaveIsEmpty() throws ConfigException
    {
        assertEquals("", ServerConfig.parse("--save", "").get("save"));
        assertEquals("", ServerConfig.parse("--save").get("save"));
        assertEquals("", ServerConfig.parse("--save", "--port", "1").get("save"));
        assertEquals(1, ServerConfig.parse("--save", "--port", "1").port());
        assertEquals("300 10", ServerConfig.fromText("save 900 1\nsave \"\"\nsave 300 10").get("save"));
        assertEquals("900 1 300 10", ServerConfig.parse("--save", "900 1 300 10").get("save"));
    }

    @Test
    void shouldJoinNameAndValueWhenGivenAsOneArgument() throws ConfigException
    {
        assertEquals(6380, ServerConfig.parse("--port 6380").port());
        assertEquals("--foo", ServerConfig.parse("--requirepass", "--foo").requirepass());
    }

    @Test
    void shouldResolveFilesAgainstDirWhenRelative() throws ConfigException, IOException
    {
        final Path sub = Files.createDirectory(tmp.resolve("data"));
        final ServerConfig config = ServerConfig.parse("--dir", tmp.toString(), "--dir", "data",
            "--cluster-config-file", "nodes-7000.conf");
        assertEquals(sub.toRealPath().toString(), config.dir());
        assertEquals(sub.toRealPath().resolve("nodes-7000.conf"), config.resolve(config.clusterConfigFile()));
    }

    @Test
    void shouldReportLineAndReasonWhenOptionIsUnknown()
    {
        assertEquals(report(2, "foo \"bar\"", "Bad directive or wrong number of arguments"), fail("--foo", "bar"));
        assertEquals(report(4, "foo", "Bad directive or wrong number of arguments"),
            fail("--daemonize", "no", "--port", "0", "--foo"));
        assertEquals(report(3, "\"--foo\"", "Bad directive or wrong number of arguments"),
            fail("--port", "1", "--", "--foo"));
        assertEquals(report(2, "\"-x\"", "Bad directive or wrong number of arguments"), fail("-x"));
        assertEquals(report(4, "foo", "Bad directive or wrong number of arguments"),
            fail("--port", "6402", "--save", "--foo"));
    }

    @Test
    void shouldReportRedisReasonWhenValueIsBad()
    {
        assertEquals(report(2, "port \"abc\"", "argument couldn't be parsed into an integer"), fail("--port", "abc"));
        assertEquals(report(2, "PORT \"abc\"", "argument couldn't be parsed into an integer"), fail("--PORT", "abc"));
        assertEquals(report(2, "port \"\"", "argument couldn't be parsed into an integer"), fail("--port", ""));
        assertEquals(report(2, "port \"--foo\"", "argument couldn't be parsed into an integer"),
            fail("--port", "--foo"));
        assertEquals(report(2, "port \"a\\\"b\\\\n\"", "argument couldn't be parsed into an integer"),
            fail("--port", "a\"b\\n"));
        assertEquals(report(2, "port \"70000\"", "argument must be between 0 and 65535 inclusive"),
            fail("--port", "70000"));
        assertEquals(report(2, "maxmemory \"10x\"", "argument must be a memory value"), fail("--maxmemory", "10x"));
        assertEquals(report(2, "maxmemory \"-1\"", "argument must be a memory value"), fail("--maxmemory", "-1"));
        assertEquals(report(2, "maxmemory \"1.5gb\"", "argument must be a memory value"),
            fail("--maxmemory", "1.5gb"));
        assertEquals(report(2, "appendonly \"maybe\"", "argument must be 'yes' or 'no'"),
            fail("--appendonly", "maybe"));
        assertEquals(report(2, "loglevel \"foo\"",
            "argument(s) must be one of the following: debug, verbose, notice, warning"), fail("--loglevel", "foo"));
        assertEquals(report(2, "maxmemory-policy \"foo\"", "argument(s) must be one of the following: volatile-lru, "
            + "volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction"),
            fail("--maxmemory-policy", "foo"));
        assertEquals(report(2, "save \"900\"", "Invalid save parameters"), fail("--save", "900"));
        assertEquals(report(2, "save \"abc\" \"1\"", "Invalid save parameters"), fail("--save", "abc", "1"));
        assertEquals(report(2, "maxclients \"0\"", "argument must be between 1 and 4294967295 inclusive"),
            fail("--maxclients", "0"));
        assertEquals(report(2, "databases \"0\"", "argument must be between 1 and 2147483647 inclusive"),
            fail("--databases", "0"));
        assertEquals(report(2, "cluster-node-timeout \"-1\"",
            "argument must be between 0 and 9223372036854775807 inclusive"), fail("--cluster-node-timeout", "-1"));
        assertEquals(report(2, "notify-keyspace-events \"Q\"",
            "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."), fail("--notify-keyspace-events", "Q"));
        assertEquals(report(2, "io-threads \"200\"", "argument must be between 1 and 128 inclusive"),
            fail("--io-threads", "200"));
        assertEquals(report(2, "proto-max-bulk-len \"100\"",
            "argument must be between 1048576 and 9223372036854775807 inclusive"), fail("--proto-max-bulk-len", "100"));
        assertEquals(report(2, "slowlog-log-slower-than \"-2\"",
            "argument must be between -1 and 9223372036854775807 inclusive"), fail("--slowlog-log-slower-than", "-2"));
        assertEquals(report(2, "dir \"/nonexistent\"", "No such file or directory"), fail("--dir", "/nonexistent"));
        assertEquals(report(2, "dbfilename \"a/b\"", "dbfilename can't be a path, just a filename"),
            fail("--dbfilename", "a/b"));
        assertEquals(report(2, "appenddirname \"a/b\"", "appenddirname can't be a path, just a dirname"),
            fail("--appenddirname", "a/b"));
        assertEquals(report(2, "oom-score-adj-values \"1\" \"2\" \"x\"",
            "Invalid oom-score-adj-values, elements must be between -2000 and 2000."),
            fail("--oom-score-adj-values", "1", "2", "x"));
        assertEquals(report(2, "proc-title-template \"{\"", "template format is invalid or contains unknown variables"),
            fail("--proc-title-template", "{"));
        assertEquals(report(2, "replicaof \"1.2.3.4\" \"x\"", "Invalid master port"),
            fail("--replicaof", "1.2.3.4", "x"));
        assertEquals(report(2, "cluster-announce-hostname \"a b\"",
            "Hostnames may only contain alphanumeric characters, hyphens or dots"),
            fail("--cluster-announce-hostname", "a b"));
    }

    @Test
    void shouldReportWrongNumberOfArgumentsWhenCountIsWrong()
    {
        assertEquals(report(2, "port", "wrong number of arguments"), fail("--port"));
        assertEquals(report(2, "port \"1\" \"2\"", "wrong number of arguments"), fail("--port", "1", "2"));
        assertEquals(report(2, "port \"0\" \"-\" \"x\"", "wrong number of arguments"), fail("--port", "0", "-", "x"));
        assertEquals(report(2, "port 6402 --foo", "wrong number of arguments"), fail("--port 6402 --foo"));
        assertEquals(report(2, "requirepass", "wrong number of arguments"), fail("--requirepass"));
        assertEquals(report(2, "requirepass \"a\" \"b\"", "wrong number of arguments"),
            fail("--requirepass", "a", "b"));
        assertEquals(report(2, "replicaof \"1.2.3.4\"", "wrong number of arguments"), fail("--replicaof", "1.2.3.4"));
        final String many = "bind \"1\" \"2\" \"3\" \"4\" \"5\" \"6\" \"7\" \"8\" \"9\" \"10\" \"11\" \"12\" \"13\" "
            + "\"14\" \"15\" \"16\" \"17\"";
        assertEquals(report(2, many, "Too many bind addresses specified."), fail("--bind", "1", "2", "3", "4", "5",
            "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17"));
    }

    @Test
    void shouldCountFileLinesWhenErrorIsInFileOrAfterIt() throws IOException
    {
        final Path bad = tmp.resolve("bad.conf");
        Files.writeString(bad, "port 6402\n# comment\n  \n  bind 127.0.0.1   \"::1\" \nfoo \"bar baz\" x\n");
        assertEquals(report(5, "foo \"bar baz\" x", "Bad directive or wrong number of arguments"),
            fail(bad.toString()));
        final Path withNewline = tmp.resolve("nl.conf");
        Files.writeString(withNewline, "port 6402\n");
        assertEquals(report(3, "foo \"a\" \"b\"", "Bad directive or wrong number of arguments"),
            fail(withNewline.toString(), "--foo", "a", "b"));
        final Path noNewline = tmp.resolve("no-nl.conf");
        Files.writeString(noNewline, "port 6402");
        assertEquals(report(2, "foo \"a\" \"b\"", "Bad directive or wrong number of arguments"),
            fail(noNewline.toString(), "--foo", "a", "b"));
    }

    @Test
    void shouldReportUnbalancedQuotesWhenFileLineIsMalformed() throws IOException
    {
        final String[][] cases = {
            {"port \"abc\n", "port \"abc", "Unbalanced quotes in configuration line"},
            {"port \"abc\"def\n", "port \"abc\"def", "Unbalanced quotes in configuration line"},
            {"port 'a\\'b'\n", "port 'a\\'b'", "argument couldn't be parsed into an integer"},
            {"port \"a\\x41\\n\\tb\"\n", "port \"a\\x41\\n\\tb\"", "argument couldn't be parsed into an integer"},
        };
        for (final String[] c : cases)
        {
            final Path file = tmp.resolve("q.conf");
            Files.write(file, c[0].getBytes(StandardCharsets.UTF_8));
            assertEquals(report(1, c[1], c[2]), fail(file.toString()), c[0]);
        }
    }

    @Test
    void shouldReportWithoutLineWhenCheckSpansOptionsOrFiles()
    {
        assertEquals("replicaof directive not allowed in cluster mode",
            fail("--cluster-enabled", "yes", "--replicaof", "1.2.3.4", "5"));
        assertEquals("Can't open the log file: No such file or directory",
            fail("--logfile", "/nonexistent/x.log"));
        final String missing = Path.of("x-missing.conf").toAbsolutePath().toString();
        assertEquals("Fatal error, can't open config file '" + missing + "': No such file or directory",
            fail("x-missing.conf"));
    }

    @Test
    void shouldExplainWhenRedisFeatureIsNotInKrill()
    {
        final ConfigException daemonize =
            assertThrows(ConfigException.class, () -> ServerConfig.parse("--daemonize", "yes"));
        assertEquals(2, daemonize.lineNumber());
        assertEquals("daemonize \"yes\"", daemonize.line());
        assertTrue(daemonize.reason().startsWith("Krill runs in the foreground"), daemonize.reason());
        assertEquals(report(2, "tls-port \"6380\"", "TLS is not supported by Krill"), fail("--tls-port", "6380"));
        assertEquals(report(2, "include \"/etc/redis/other.conf\"",
            "'include' is not supported by Krill: merge the files into one"),
            fail("--include", "/etc/redis/other.conf"));
    }

    @Test
    void shouldPrintRedisStyleBannerWhenReportIsFatal()
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> ServerConfig.parse("--port", "abc"));
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Krill 0.1.0) ***\nReading the configuration file, at line 2\n"
            + ">>> 'port \"abc\"'\nargument couldn't be parsed into an integer", ex.fatalReport("Krill 0.1.0"));
    }

    @Test
    void shouldKeepUtf8ValuesWhenArgumentsAreNotAscii() throws ConfigException
    {
        assertEquals("pässwörd✓", ServerConfig.parse("--requirepass", "pässwörd✓").requirepass());
        final ConfigException ex =
            assertThrows(ConfigException.class, () -> ServerConfig.parse("--port", "é"));
        assertEquals("port \"\\xc3\\xa9\"", ex.line());
    }
}
