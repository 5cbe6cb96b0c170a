package io.krill.core.config;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Goal: CONFIG SET behaves as Redis 7.0's: replies, order of checks, all-or-nothing, formatting of what CONFIG GET
 * reads back, and appliers that may refuse. Method: drive {@link ServerConfig#set} and compare each reply with the
 * text redis-server 7.0.15 sent for the same command (captured with redis-cli and pasted here;
 * {@link RedisDifferentialTest} replays a similar script against a live server).
 */
class ServerConfigSetTest
{
    private final ServerConfig config = ServerConfig.defaults();

    private String set(final String... pairs)
    {
        return config.set(pairs);
    }

    @Test
    void shouldReplyRedisErrorsWhenNamesAreBad()
    {
        assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'foo'", set("foo", "bar"));
        assertEquals("ERR wrong number of arguments for 'config|set' command", set());
        assertEquals("ERR syntax error", set("port", "1", "hz"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
            set("daemonize", "yes"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'replicaof') - can't set immutable config",
            set("replicaof", "1.2.3.4 5"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
            set("dir", "/nonexistent"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter",
            set("hz", "20", "hz", "30"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter",
            set("hz", "20", "HZ", "30"));
    }

    @Test
    void shouldReportFirstProblemWhenSeveralPairsAreBad()
    {
        assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
            set("hz", "abc", "foo", "bar"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
            set("hz", "abc", "daemonize", "yes"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
            set("daemonize", "yes", "foo", "bar"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an "
            + "integer", set("hz", "abc", "maxmemory", "10x"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
            set("hz", "10", "dir", "/tmp", "HZ", "10"));
    }

    @Test
    void shouldChangeNothingWhenAnyValueIsBad()
    {
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an "
            + "integer", set("maxmemory", "1GB", "hz", "abc"));
        assertEquals("0", config.get("maxmemory"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an "
            + "integer", set("save", "900 1", "hz", "abc"));
        assertEquals("3600 1 300 100 60 10000", config.get("save"));
    }

    @Test
    void shouldReplyValueErrorsAsRedisWhenValuesAreBad()
    {
        final String[][] cases = {
            {"maxmemory", "10x", "argument must be a memory value"},
            {"maxmemory", "1.5gb", "argument must be a memory value"},
            {"maxmemory", "-1", "argument must be a memory value"},
            {"maxmemory", " 1gb", "argument must be a memory value"},
            {"hz", "+5", "argument couldn't be parsed into an integer"},
            {"hz", " 5", "argument couldn't be parsed into an integer"},
            {"hz", "05", "argument couldn't be parsed into an integer"},
            {"hz", "", "argument couldn't be parsed into an integer"},
            {"hz", "99999999999", "argument must be between 0 and 2147483647 inclusive"},
            {"timeout", "-1", "argument must be between 0 and 2147483647 inclusive"},
            {"timeout", "2147483648", "argument must be between 0 and 2147483647 inclusive"},
            {"maxclients", "0", "argument must be between 1 and 4294967295 inclusive"},
            {"proto-max-bulk-len", "1k", "argument must be between 1048576 and 9223372036854775807 inclusive"},
            {"client-query-buffer-limit", "1k", "argument must be between 1048576 and 9223372036854775807 inclusive"},
            {"cluster-node-timeout", "1k", "argument couldn't be parsed into an integer"},
            {"list-max-listpack-size", "1k", "argument couldn't be parsed into an integer"},
            {"list-max-listpack-size", "99999999999999999999", "argument couldn't be parsed into an integer"},
            {"active-expire-effort", "11", "argument must be between 1 and 10 inclusive"},
            {"appendonly", "1", "argument must be 'yes' or 'no'"},
            {"save", "900", "Invalid save parameters"},
            {"save", "900 x", "Invalid save parameters"},
            {"save", "  900   1  ", "Invalid save parameters"},
            {"maxmemory-clients", "-5", "argument must be a memory or percent value"},
            {"maxmemory-clients", "1.5%", "argument must be a memory or percent value"},
            {"maxmemory-clients", "101%", "percentage argument must be less or equal to 100"},
            {"client-output-buffer-limit", "foo 1 2 3",
                "Invalid client class specified in buffer limit configuration."},
            {"client-output-buffer-limit", "normal x 1 2",
                "Error in hard, soft or soft_seconds setting in buffer limit configuration."},
            {"client-output-buffer-limit", "normal -1 1 2",
                "Error in hard, soft or soft_seconds setting in buffer limit configuration."},
            {"client-output-buffer-limit", "normal 1 1 x",
                "Error in hard, soft or soft_seconds setting in buffer limit configuration."},
            {"client-output-buffer-limit", "normal 1 1 -1",
                "Error in hard, soft or soft_seconds setting in buffer limit configuration."},
            {"oom-score-adj-values", "1 2", "wrong number of arguments"},
            {"latency-tracking-info-percentiles", "50 200",
                "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"},
            {"latency-tracking-info-percentiles", "50 x", "Invalid latency-tracking-info-percentiles parameters"},
            {"notify-keyspace-events", "A K", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."},
            {"bind", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "Too many bind addresses specified."},
            {"cluster-announce-hostname", "a b", "Hostnames may only contain alphanumeric characters, hyphens or dots"},
            {"cluster-announce-port", "70000", "argument must be between 0 and 65535 inclusive"},
            {"tcp-keepalive", "-1", "argument must be between 0 and 2147483647 inclusive"},
            {"cluster-preferred-endpoint-type", "foo",
                "argument(s) must be one of the following: ip, hostname, unknown-endpoint"},
            {"repl-diskless-load", "foo", "argument(s) must be one of the following: disabled, on-empty-db, swapdb"},
            {"appendfsync", "foo", "argument(s) must be one of the following: everysec, always, no"},
            {"oom-score-adj", "foo", "argument(s) must be one of the following: no, yes, relative, absolute"},
            {"acl-pubsub-default", "foo", "argument(s) must be one of the following: allchannels, resetchannels"},
            {"shutdown-on-sigterm", "save nosave", "shutdown options SAVE and NOSAVE can't be used simultaneously"},
        };
        for (final String[] c : cases)
        {
            assertEquals("ERR CONFIG SET failed (possibly related to argument '" + c[0] + "') - " + c[2],
                set(c[0], c[1]), c[0] + " " + c[1]);
        }
    }

    @Test
    void shouldReadBackCanonicalFormWhenValueIsAccepted()
    {
        final String[][] cases = {
            {"maxmemory", "1gb", "1073741824"},
            {"maxmemory", "1KB", "1024"},
            {"maxmemory", "1k", "1000"},
            {"maxmemory", "1mB", "1048576"},
            {"maxmemory", "", "0"},
            {"maxmemory", "gb", "0"},
            {"maxmemory", "99999999999999999999", "18446744073709551615"},
            {"maxmemory", "9223372036854775808", "9223372036854775808"},
            {"maxmemory", "17179869184gb", "0"},
            {"hz", "1000", "500"},
            {"hz", "0", "1"},
            {"repl-backlog-size", "1", "16384"},
            {"loglevel", "WARNING", "warning"},
            {"maxmemory-policy", "ALLKEYS-LRU", "allkeys-lru"},
            {"appendfsync", "ALWAYS", "always"},
            {"appendonly", "Yes", "yes"},
            {"notify-keyspace-events", "KEA", "AKE"},
            {"notify-keyspace-events", "Ex", "xE"},
            {"notify-keyspace-events", "An", "A"},
            {"notify-keyspace-events", "Kn", "nK"},
            {"notify-keyspace-events", "mE", "Em"},
            {"notify-keyspace-events", "g$lshzxetd", "A"},
            {"notify-keyspace-events", "dKEm", "dKEm"},
            {"save", "900 1 300 10", "900 1 300 10"},
            {"save", "", ""},
            {"bind", "127.0.0.1 ::1", "127.0.0.1 ::1"},
            {"maxmemory-clients", "10%", "10%"},
            {"maxmemory-clients", "0%", "0"},
            {"maxmemory-clients", "1kb", "1024"},
            {"maxmemory-clients", "99999999999999999999", "1%"},
            {"client-output-buffer-limit", "pubsub 1k 2mb 3",
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 1000 2097152 3"},
            {"client-output-buffer-limit", "Normal 1 1 1",
                "normal 1 1 1 slave 268435456 67108864 60 pubsub 1000 2097152 3"},
            {"shutdown-on-sigint", "now nosave", "nosave now"},
            {"shutdown-on-sigint", "default now", "now"},
            {"latency-tracking-info-percentiles", "50.50 99.990 100 0", "50.5 99.99 100 0"},
            {"latency-tracking-info-percentiles", "", ""},
            {"oom-score-adj", "relative", "yes"},
            {"list-max-listpack-size", "-6", "-6"},
            {"slave-read-only", "no", "no"},
        };
        for (final String[] c : cases)
        {
            assertNull(set(c[0], c[1]), c[0] + " " + c[1]);
            assertEquals(c[2], config.get(c[0]), c[0] + " " + c[1]);
        }
        assertEquals("no", config.get("replica-read-only"));
    }

    @Test
    void shouldApplyPairsInOrderWhenNameAndOldNameAreBothGiven()
    {
        assertNull(set("replica-read-only", "yes", "slave-read-only", "no"));
        assertEquals("no", config.get("replica-read-only"));
        assertNull(set("slave-read-only", "no", "replica-read-only", "yes"));
        assertEquals("yes", config.get("replica-read-only"));
    }

    @Test
    void shouldAllowProtectedOptionsWhenEnabled() throws ConfigException
    {
        final ServerConfig local = ServerConfig.parse("--enable-protected-configs", "local");
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config",
            local.set(new String[] {"dbfilename", "x.rdb"}, false));
        assertNull(local.set(new String[] {"dbfilename", "x.rdb"}, true));
        assertEquals("x.rdb", local.dbfilename());
        final ServerConfig yes = ServerConfig.parse("--enable-protected-configs", "yes");
        assertNull(yes.set(new String[] {"dbfilename", "y.rdb"}));
    }

    @Test
    void shouldRunListenersOnceWhenValueChanges()
    {
        final List<String> calls = new ArrayList<>();
        config.onChange("hz", () -> calls.add("hz=" + config.hz()));
        final ConfigApplier listen = () ->
        {
            calls.add("listen " + config.port() + " " + String.join(",", config.bind()));
            return null;
        };
        config.onApply("port", listen);
        config.onApply("bind", listen);
        assertNull(set("hz", "10"));
        assertEquals(List.of(), calls, "an unchanged value runs nothing");
        assertNull(set("hz", "20", "port", "7000", "bind", "127.0.0.1"));
        assertEquals(List.of("hz=20", "listen 7000 127.0.0.1"), calls);
    }

    @Test
    void shouldRollBackEverythingWhenApplierRefuses()
    {
        final List<String> calls = new ArrayList<>();
        config.onChange("maxmemory", () -> calls.add("maxmemory=" + config.maxmemoryBytes()));
        config.onApply("port", () ->
        {
            calls.add("port=" + config.port());
            return config.port() == 22 ? "Unable to listen on this port" : null;
        });
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port",
            set("maxmemory", "1mb", "port", "22"));
        assertEquals(6379, config.port());
        assertEquals(0, config.maxmemoryBytes());
        assertEquals(List.of("maxmemory=1048576", "port=22", "maxmemory=0"), calls,
            "appliers that ran are run again on the restored values");
    }

    @Test
    void shouldRefuseListenerWhenOptionIsUnknown()
    {
        assertThrows(IllegalArgumentException.class, () -> config.onChange("no-such-option", () -> { }));
    }
}
