package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.RespEncoder;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the generic key commands give Redis 7.0.15's replies, errors and side effects, in RESP2 and RESP3.
 * Method: most tests run commands on an in-process node without sockets, whose clock the test sets, so expiry
 * and TTL rounding are exact; one test goes through a real server socket with Jedis; and a scripted session is
 * replayed on a real redis-server (started here, skipped when absent) and on Krill, comparing every reply byte
 * for byte (element order ignored where Redis's order is its hash table's).
 */
class KeyCommandsTest
{
    private static final long START_MS = 1_700_000_000_000L;

    private TestNode node;

    @BeforeEach
    void setUp()
    {
        node = new TestNode(ServerConfig.defaults());
    }

    @Test
    void shouldCountEachNamedKeyWhenExistsAndTouchRepeatKeys()
    {
        node.call("SET", "a", "1");
        assertEquals(":3\r\n", node.call("EXISTS", "a", "a", "nokey", "a"));
        assertEquals(":2\r\n", node.call("TOUCH", "a", "nokey", "a"));
        assertEquals(":1\r\n", node.call("DEL", "a", "a", "nokey"));
        assertEquals(":0\r\n", node.call("UNLINK", "a"));
        assertEquals(5, node.keyspace().hits());
        assertEquals(2, node.keyspace().misses());
    }

    @Test
    void shouldNameTypeWhenKeyIsStringOrAbsent()
    {
        node.call("SET", "a", "1");
        assertEquals("+string\r\n", node.call("TYPE", "a"));
        assertEquals("+none\r\n", node.call("TYPE", "nokey"));
    }

    @Test
    void shouldDeleteKeyAndReplyOneWhenExpireTimeIsNotInTheFuture()
    {
        for (final String[] command : new String[][] {
            {"EXPIRE", "k", "0"}, {"EXPIRE", "k", "-5"}, {"PEXPIRE", "k", "0"}, {"EXPIREAT", "k", "1"},
            {"PEXPIREAT", "k", Long.toString(START_MS)}, {"PEXPIREAT", "k", "-9223372036854775808"}})
        {
            node.call("SET", "k", "v");
            assertEquals(":1\r\n", node.call(command), String.join(" ", command));
            assertEquals(":0\r\n", node.call("EXISTS", "k"), String.join(" ", command));
        }
        assertEquals(":0\r\n", node.call("EXPIRE", "nokey", "100"));
    }

    @Test
    void shouldApplyConditionWhenNxXxGtLtGiven()
    {
        node.call("SET", "k", "v");
        assertEquals(":0\r\n", node.call("EXPIRE", "k", "100", "XX"));
        assertEquals(":0\r\n", node.call("EXPIRE", "k", "100", "GT"));
        assertEquals(":1\r\n", node.call("EXPIRE", "k", "100", "nx"));
        assertEquals(":0\r\n", node.call("EXPIRE", "k", "200", "NX"));
        assertEquals(":0\r\n", node.call("EXPIRE", "k", "100", "GT"));
        assertEquals(":1\r\n", node.call("EXPIRE", "k", "101", "GT", "XX"));
        assertEquals(":0\r\n", node.call("PEXPIRE", "k", "101000", "LT"));
        assertEquals(":1\r\n", node.call("PEXPIRE", "k", "100999", "LT"));
        assertEquals(":100999\r\n", node.call("PTTL", "k"));
        assertEquals(":1\r\n", node.call("PERSIST", "k"));
        assertEquals(":1\r\n", node.call("EXPIRE", "k", "50", "LT"));
        assertEquals(":50\r\n", node.call("TTL", "k"));
    }

    @Test
    void shouldRejectWhenExpireOptionsConflictOrOverflow()
    {
        node.call("SET", "k", "v");
        assertEquals("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            node.call("EXPIRE", "nokey", "1", "NX", "LT"));
        assertEquals("-ERR GT and LT options at the same time are not compatible\r\n",
            node.call("EXPIRE", "k", "1", "GT", "LT"));
        assertEquals("-ERR Unsupported option Foo\r\n", node.call("EXPIRE", "k", "x", "Foo"));
        assertEquals("-ERR value is not an integer or out of range\r\n", node.call("EXPIRE", "k", "1.5"));
        assertEquals("-ERR invalid expire time in 'expire' command\r\n",
            node.call("EXPIRE", "k", "9223372036854776"));
        assertEquals("-ERR invalid expire time in 'expireat' command\r\n",
            node.call("EXPIREAT", "k", "-9223372036854776"));
        assertEquals("-ERR invalid expire time in 'pexpire' command\r\n",
            node.call("PEXPIRE", "k", "9223372036854775807"));
        assertEquals(":1\r\n", node.call("PEXPIREAT", "k", "9223372036854775807"));
        assertEquals(":9223372036854776\r\n", node.call("EXPIRETIME", "k"));
    }

    @Test
    void shouldRoundTtlToNearestSecondWhenTimePasses()
    {
        node.call("SET", "k", "v");
        node.call("PEXPIRE", "k", "10000");
        assertEquals(":10\r\n", node.call("TTL", "k"));
        node.advanceMs(500);
        assertEquals(":10\r\n", node.call("TTL", "k"));
        node.advanceMs(1);
        assertEquals(":9\r\n", node.call("TTL", "k"));
        assertEquals(":9499\r\n", node.call("PTTL", "k"));
        assertEquals(":" + (START_MS + 10000) + "\r\n", node.call("PEXPIRETIME", "k"));
        assertEquals(":" + (START_MS / 1000 + 10) + "\r\n", node.call("EXPIRETIME", "k"));
        node.advanceMs(9499);
        assertEquals(":-2\r\n", node.call("TTL", "k"));
        assertEquals(":0\r\n", node.call("DBSIZE"));
        node.call("SET", "p", "v");
        assertEquals(":-1\r\n", node.call("TTL", "p"));
        assertEquals(":-1\r\n", node.call("PEXPIRETIME", "p"));
        assertEquals(":-2\r\n", node.call("EXPIRETIME", "nokey"));
    }

    @Test
    void shouldRemoveTtlOnlyWhenPersistFindsOne()
    {
        node.call("SET", "k", "v");
        assertEquals(":0\r\n", node.call("PERSIST", "k"));
        assertEquals(":0\r\n", node.call("PERSIST", "nokey"));
        node.call("EXPIRE", "k", "10");
        assertEquals(":1\r\n", node.call("PERSIST", "k"));
        assertEquals(":-1\r\n", node.call("TTL", "k"));
        node.advanceMs(20_000);
        assertEquals(":1\r\n", node.call("EXISTS", "k"));
    }

    @Test
    void shouldMoveValueAndTtlWhenRenaming()
    {
        node.call("SET", "src", "v1");
        node.call("EXPIRE", "src", "100");
        node.call("SET", "dst", "old");
        assertEquals("+OK\r\n", node.call("RENAME", "src", "dst"));
        assertEquals("$2\r\nv1\r\n", node.call("GET", "dst"));
        assertEquals(":100\r\n", node.call("TTL", "dst"));
        assertEquals(":0\r\n", node.call("EXISTS", "src"));
        assertEquals("+OK\r\n", node.call("RENAME", "dst", "dst"));
        assertEquals(":100\r\n", node.call("TTL", "dst"));
        node.call("SET", "other", "x");
        node.call("EXPIRE", "other", "5");
        node.call("SET", "plain", "y");
        assertEquals("+OK\r\n", node.call("RENAME", "plain", "other"));
        assertEquals(":-1\r\n", node.call("TTL", "other"), "the destination's TTL goes with its old value");
        assertEquals("-ERR no such key\r\n", node.call("RENAME", "nokey", "x"));
        assertEquals("-ERR no such key\r\n", node.call("RENAMENX", "nokey", "nokey"));
        assertEquals(":0\r\n", node.call("RENAMENX", "dst", "dst"));
        assertEquals(":0\r\n", node.call("RENAMENX", "dst", "other"));
        assertEquals(":1\r\n", node.call("RENAMENX", "dst", "fresh"));
        assertEquals(":100\r\n", node.call("TTL", "fresh"));
        assertEquals(":2\r\n", node.call("DBSIZE"));
    }

    @Test
    void shouldFailRenameWhenSourceExpired()
    {
        node.call("SET", "src", "v");
        node.call("PEXPIRE", "src", "10");
        node.advanceMs(10);
        assertEquals("-ERR no such key\r\n", node.call("RENAME", "src", "dst"));
        assertEquals(":0\r\n", node.call("DBSIZE"));
    }

    @Test
    void shouldKeepRenamedKeysFindableWhenManyShareOneSlot()
    {
        // renames inside one slot table insert and delete in the same probe runs, resizing on the way
        for (int i = 0; i < 500; i++)
        {
            node.call("SET", "{t}" + i, Integer.toString(i));
        }
        for (int i = 0; i < 500; i++)
        {
            assertEquals("+OK\r\n", node.call("RENAME", "{t}" + i, "{t}r" + i));
        }
        for (int i = 0; i < 500; i++)
        {
            assertEquals(node.bulk(Integer.toString(i)), node.call("GET", "{t}r" + i));
        }
        assertEquals(":500\r\n", node.call("DBSIZE"));
    }

    @Test
    void shouldCopyValueBytesWhenSourceIsLaterOverwrittenInPlace()
    {
        node.call("SET", "a", "xyz");
        node.call("PEXPIRE", "a", "5000");
        assertEquals(":1\r\n", node.call("COPY", "a", "b"));
        node.call("SET", "a", "abc");
        assertEquals("$3\r\nxyz\r\n", node.call("GET", "b"));
        assertEquals(":5000\r\n", node.call("PTTL", "b"));
        assertEquals(":0\r\n", node.call("COPY", "a", "b"));
        assertEquals(":1\r\n", node.call("COPY", "a", "b", "REPLACE"));
        assertEquals("$3\r\nabc\r\n", node.call("GET", "b"));
        assertEquals(":-1\r\n", node.call("PTTL", "b"));
        assertEquals(":0\r\n", node.call("COPY", "nokey", "b", "DB", "0"));
    }

    @Test
    void shouldCopyGrowableStringAsRawWhenSourceIsMutableString()
    {
        final byte[] key = "m".getBytes(StandardCharsets.US_ASCII);
        final MutableString source = new MutableString(Arrays.copyOf("hello".getBytes(StandardCharsets.US_ASCII), 16),
            5);
        node.keyspace().put(key, 0, 1, source, 0, false);
        assertEquals(":1\r\n", node.call("COPY", "m", "n"));
        source.bytes[0] = 'j';
        assertEquals("$5\r\nhello\r\n", node.call("GET", "n"));
        assertEquals("$3\r\nraw\r\n", node.call("OBJECT", "ENCODING", "n"));
    }

    @Test
    void shouldRejectCopyWhenOptionsAreInvalid()
    {
        node.call("SET", "a", "1");
        assertEquals("-ERR DB index is out of range\r\n", node.call("COPY", "a", "b", "DB", "1"));
        assertEquals("-ERR DB index is out of range\r\n", node.call("COPY", "a", "b", "DB", "1", "FOO"));
        assertEquals("-ERR syntax error\r\n", node.call("COPY", "a", "b", "FOO", "DB", "1"));
        assertEquals("-ERR syntax error\r\n", node.call("COPY", "a", "b", "DB"));
        assertEquals("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n",
            node.call("COPY", "a", "b", "DB", "2147483648"));
        assertEquals("-ERR value is not an integer or out of range\r\n", node.call("COPY", "a", "b", "DB", "x"));
        assertEquals("-ERR source and destination objects are the same\r\n", node.call("COPY", "nokey", "nokey"));
        assertEquals(":1\r\n", node.call("COPY", "a", "b", "replace", "db", "0", "REPLACE"));
    }

    @Test
    void shouldListLiveMatchingKeysWhenKeysIsCalled()
    {
        for (final String key : new String[] {"hello", "hallo", "hxllo", "hllo", "heeeello", "h[a]llo", "other"})
        {
            node.call("SET", key, "v");
        }
        node.call("SET", "hzllo", "v");
        node.call("PEXPIRE", "hzllo", "1");
        node.advanceMs(1);
        assertEquals(Set.of("hello", "hallo", "hxllo"), node.keys("h?llo"));
        assertEquals(Set.of("hello", "hallo"), node.keys("h[ae]llo"));
        assertEquals(Set.of("hxllo"), node.keys("h[^ae]llo"));
        assertEquals(Set.of("hello", "heeeello"), node.keys("h*e*llo"));
        assertEquals(Set.of("h[a]llo"), node.keys("h\\[a\\]llo"));
        assertEquals(7, node.keys("*").size());
        assertEquals(Set.of(), node.keys("nothing*"));
        assertEquals(":8\r\n", node.call("DBSIZE"), "KEYS skips expired keys without deleting them");
    }

    @Test
    void shouldVisitEveryKeyWhenScanningWithSmallCount()
    {
        final Set<String> expected = new HashSet<>();
        for (int i = 0; i < 2000; i++)
        {
            final String key = (i % 3 == 0 ? "{tag}" : "") + "key:" + i;
            node.call("SET", key, "v");
            expected.add(key);
        }
        final Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do
        {
            final RespValue reply = node.parse(node.call("SCAN", cursor, "COUNT", "3"));
            cursor = reply.children.get(0).text;
            reply.children.get(1).children.forEach(key -> seen.add(key.text));
            calls++;
        }
        while (!cursor.equals("0"));
        assertEquals(expected, seen);
        assertTrue(calls > 100, "COUNT 3 must take many calls, took " + calls);
    }

    @Test
    void shouldFilterAndDeleteExpiredWhenScanning()
    {
        node.call("SET", "k1", "v");
        node.call("SET", "k2", "v");
        node.call("SET", "x1", "v");
        node.call("SET", "gone", "v");
        node.call("PEXPIRE", "gone", "1");
        node.advanceMs(1);
        assertEquals(Set.of("k1", "k2"), node.scanAll("MATCH", "k*"));
        assertEquals(":4\r\n", node.call("DBSIZE"), "only keys passing MATCH are checked for expiry, as in Redis");
        assertEquals(Set.of("k1", "k2", "x1"), node.scanAll("TYPE", "STRING"));
        assertEquals(Set.of(), node.scanAll("TYPE", "hash"));
        assertEquals(":3\r\n", node.call("DBSIZE"));
        assertEquals(Set.of("k1", "k2", "x1"), node.scanAll("MATCH", "*", "COUNT", "1000"));
    }

    @Test
    void shouldRejectWhenScanArgumentsAreInvalid()
    {
        assertEquals("-ERR invalid cursor\r\n", node.call("SCAN", "x"));
        assertEquals("-ERR invalid cursor\r\n", node.call("SCAN", " 5"));
        assertEquals("-ERR invalid cursor\r\n", node.call("SCAN", "5 "));
        assertEquals("-ERR invalid cursor\r\n", node.call("SCAN", "-"));
        assertEquals("-ERR invalid cursor\r\n", node.call("SCAN", "18446744073709551616"));
        assertEquals("-ERR invalid cursor\r\n", node.call("SCAN", "x", "COUNT", "0"));
        assertEquals("-ERR syntax error\r\n", node.call("SCAN", "0", "COUNT", "0"));
        assertEquals("-ERR syntax error\r\n", node.call("SCAN", "0", "COUNT", "-1"));
        assertEquals("-ERR value is not an integer or out of range\r\n", node.call("SCAN", "0", "COUNT", "z"));
        assertEquals("-ERR syntax error\r\n", node.call("SCAN", "0", "MATCH"));
        assertEquals("-ERR syntax error\r\n", node.call("SCAN", "0", "FOO", "bar"));
        for (final String cursor : new String[] {"", "+0", "-0", "007", "18446744073709551615", "-1"})
        {
            assertEquals('*', node.call("SCAN", cursor).charAt(0), "cursor '" + cursor + "'");
        }
    }

    @Test
    void shouldParseCursorAsUnsigned64BitWhenSignedOrLarge()
    {
        assertEquals(-1L, KeyCommands.parseCursor(CommandArgs.of("18446744073709551615"), 0));
        assertEquals(-1L, KeyCommands.parseCursor(CommandArgs.of("-1"), 0));
        assertEquals(1L, KeyCommands.parseCursor(CommandArgs.of("-18446744073709551615"), 0));
        assertEquals(12345L, KeyCommands.parseCursor(CommandArgs.of("+12345"), 0));
        assertEquals(0L, KeyCommands.parseCursor(CommandArgs.of(""), 0));
    }

    @Test
    void shouldReturnNilOrLiveKeyWhenRandomKeyIsCalled()
    {
        assertEquals("$-1\r\n", node.call("RANDOMKEY"));
        node.resp3();
        assertEquals("_\r\n", node.call("RANDOMKEY"));
        for (int i = 0; i < 30; i++)
        {
            node.call("SET", "dead" + i, "v");
            node.call("PEXPIRE", "dead" + i, "1");
        }
        node.call("SET", "live", "v");
        node.advanceMs(1);
        for (int i = 0; i < 50; i++)
        {
            assertEquals("$4\r\nlive\r\n", node.call("RANDOMKEY"));
        }
        final Set<String> drawn = new TreeSet<>();
        node.call("SET", "other", "v");
        for (int i = 0; i < 200; i++)
        {
            drawn.add(node.parse(node.call("RANDOMKEY")).text);
        }
        assertEquals(Set.of("live", "other"), drawn);
    }

    @Test
    void shouldFlushWhenOptionsAreValid()
    {
        node.call("SET", "a", "1");
        assertEquals("+OK\r\n", node.call("FLUSHALL", "ASYNC"));
        assertEquals(":0\r\n", node.call("DBSIZE"));
        node.call("SET", "a", "1");
        assertEquals("-ERR syntax error\r\n", node.call("FLUSHDB", "NOW"));
        assertEquals("-ERR syntax error\r\n", node.call("FLUSHDB", "ASYNC", "SYNC"));
        assertEquals(":1\r\n", node.call("DBSIZE"));
        assertEquals("+OK\r\n", node.call("FLUSHDB", "sync"));
        assertEquals("+OK\r\n", node.call("FLUSHDB"));
        assertEquals(":0\r\n", node.call("DBSIZE"));
    }

    @Test
    void shouldDescribeValueWhenObjectSubcommandsAreCalled()
    {
        node.call("SET", "int", "9999");
        node.call("SET", "bigint", "10000");
        node.call("SET", "str", "hello");
        node.call("SET", "long", "x".repeat(45));
        assertEquals("$3\r\nint\r\n", node.call("OBJECT", "ENCODING", "int"));
        assertEquals("$6\r\nembstr\r\n", node.call("OBJECT", "encoding", "str"));
        assertEquals("$3\r\nraw\r\n", node.call("OBJECT", "ENCODING", "long"));
        assertEquals(":2147483647\r\n", node.call("OBJECT", "REFCOUNT", "int"));
        assertEquals(":1\r\n", node.call("OBJECT", "REFCOUNT", "bigint"));
        assertEquals(":1\r\n", node.call("OBJECT", "REFCOUNT", "str"));
        assertEquals(":0\r\n", node.call("OBJECT", "IDLETIME", "str"));
        assertTrue(node.call("OBJECT", "FREQ", "str").startsWith("-ERR An LFU maxmemory policy is not selected"));
        for (final String sub : new String[] {"ENCODING", "REFCOUNT", "IDLETIME", "FREQ"})
        {
            assertEquals("$-1\r\n", node.call("OBJECT", sub, "nokey"), sub);
        }
        assertEquals("-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n", node.call("OBJECT", "foo", "k"));
        final RespValue help = node.parse(node.call("OBJECT", "HELP"));
        assertEquals(11, help.children.size());
        assertTrue(help.children.get(0).text.startsWith("OBJECT <subcommand>"));
    }

    @Test
    void shouldReportFrequencyAndRefuseIdleTimeWhenPolicyIsLfu() throws Exception
    {
        node = new TestNode(ServerConfig.parse("--maxmemory-policy", "allkeys-lfu", "--maxmemory", "100mb"));
        node.call("SET", "k", "5");
        assertEquals(":0\r\n", node.call("OBJECT", "FREQ", "k"));
        assertTrue(node.call("OBJECT", "IDLETIME", "k").startsWith("-ERR An LFU maxmemory policy is selected"));
        assertEquals(":1\r\n", node.call("OBJECT", "REFCOUNT", "k"), "no shared integers under LFU with a limit");
    }

    @Test
    void shouldServeKeyCommandsWhenClientConnectsOverTcp() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
             Jedis jedis = new Jedis("127.0.0.1", server.port()))
        {
            for (int i = 0; i < 300; i++)
            {
                jedis.set("key:" + i, "v" + i);
            }
            final Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do
            {
                final ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("key:1*").count(20));
                seen.addAll(page.getResult());
                cursor = page.getCursor();
            }
            while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertEquals(111, seen.size());
            assertEquals(seen, jedis.keys("key:1*"));
            assertEquals("string", jedis.type("key:1"));
            assertEquals(1, jedis.expire("key:1", 100));
            assertEquals(100, jedis.ttl("key:1"));
            assertEquals("OK", jedis.rename("key:1", "renamed"));
            assertEquals(100, jedis.ttl("renamed"));
            assertTrue(jedis.copy("renamed", "copied", false));
            assertEquals("v1", jedis.get("copied"));
            assertEquals(1, jedis.persist("copied"));
            assertNotEquals(null, jedis.randomKey());
            assertEquals(301, jedis.dbSize());
            assertEquals("OK", jedis.flushAll());
            assertEquals(null, jedis.randomKey());
        }
    }

    @Test
    void shouldReplyAsRedisDoesWhenScriptedSessionIsReplayed() throws Exception
    {
        try (RedisProcess redis = RedisProcess.start())
        {
            for (final int protocol : new int[] {2, 3})
            {
                try (RawClient client = new RawClient(redis.port()))
                {
                    client.call("HELLO", Integer.toString(protocol));
                    final TestNode krill = new TestNode(ServerConfig.defaults());
                    if (protocol == 3)
                    {
                        krill.resp3();
                    }
                    for (final String line : SCRIPT)
                    {
                        final boolean unordered = line.startsWith("~");
                        final String[] command = QuotedLine.split(unordered ? line.substring(1) : line);
                        krill.nowMs(System.currentTimeMillis());
                        final String expected = client.call(command);
                        final String actual = krill.call(command);
                        final String where = "RESP" + protocol + ": " + line;
                        if (unordered)
                        {
                            assertEquals(Canonical.of(krill.parse(expected)), Canonical.of(krill.parse(actual)),
                                where);
                        }
                        else
                        {
                            assertEquals(expected, actual, where);
                        }
                    }
                }
            }
        }
    }

    /** Replayed on redis-server and Krill; "~" marks replies compared with array order ignored. */
    private static final String[] SCRIPT = {
        "FLUSHALL",
        "SET a 1", "SET b hello", "SET c 9999", "SET big " + "y".repeat(50), "SET neg -1",
        "EXISTS a b nokey a", "TOUCH a nokey b", "TYPE a", "TYPE nokey", "DEL a nokey", "UNLINK nokey a",
        "RENAME nokey x", "RENAME b b", "RENAMENX b b", "RENAMENX nokey b", "RENAME b b2", "GET b2", "TTL b2",
        "EXPIRE b2 100", "RENAME b2 b3", "TTL b3", "PERSIST b3", "PERSIST b3", "PERSIST nokey",
        "SET d x", "RENAMENX b3 d", "RENAME b3 d", "GET d", "TTL d",
        "COPY d d", "COPY d e", "COPY d e", "COPY d e REPLACE", "COPY d e DB 0 REPLACE", "COPY d e DB 1",
        "COPY d e DB x", "COPY d e DB 99999999999", "COPY d e FOO", "COPY d e DB", "COPY nokey e",
        "COPY nokey nokey", "COPY d e db 0 db 5", "GET e",
        "EXPIRE d 100 NX XX", "EXPIRE d 100 GT LT", "EXPIRE d 100 nx gt", "EXPIRE d 100 FOO", "EXPIRE d x FOO",
        "EXPIRE d x", "EXPIRE d 9223372036854775807", "PEXPIRE d 9223372036854775807",
        "EXPIREAT d 9223372036854775807", "EXPIRE d -9223372036854775808", "EXPIRE nokey 10 NX XX",
        "EXPIRE d 100", "EXPIRE d 50 GT", "EXPIRE d 200 GT", "TTL d", "EXPIRE d 300 LT", "EXPIRE d 100 LT",
        "TTL d", "EXPIRE d 100 NX", "EXPIRE d 100 XX", "PERSIST d", "EXPIRE d 100 XX", "EXPIRE d 100 LT",
        "PERSIST d", "EXPIRE d 100 GT", "EXPIRE d -1 GT", "EXISTS d",
        "EXPIREAT d 100000000000", "EXPIRETIME d", "PEXPIRETIME d", "PEXPIREAT d 99999999999500",
        "EXPIRETIME d", "PEXPIREAT d 99999999999499", "EXPIRETIME d", "PEXPIREAT d 9223372036854775807",
        "EXPIRETIME d", "PEXPIRETIME d",
        "EXPIRE d 0", "EXISTS d", "SET d x", "PEXPIRE d -5", "EXISTS d", "SET d x", "EXPIREAT d 1", "EXISTS d",
        "SET d x", "EXPIRE d -1 LT", "EXISTS d",
        "TTL nokey", "PTTL nokey", "EXPIRETIME nokey", "PEXPIRETIME nokey", "TTL c", "EXPIRETIME c",
        "OBJECT ENCODING c", "OBJECT ENCODING e", "OBJECT ENCODING big", "OBJECT ENCODING neg",
        "OBJECT ENCODING nokey", "OBJECT REFCOUNT c", "OBJECT REFCOUNT neg", "OBJECT REFCOUNT e",
        "OBJECT REFCOUNT nokey", "OBJECT IDLETIME nokey", "OBJECT FREQ c", "OBJECT FREQ nokey", "OBJECT foo",
        "OBJECT", "OBJECT ENCODING", "OBJECT ENCODING c extra", "OBJECT HELP extra",
        "SET k1 v", "SET k2 v", "SET {t}k3 v", "SET other v",
        "~KEYS *", "~KEYS k*", "~KEYS *3", "~KEYS {t}*", "KEYS nothing*", "~KEYS ?2", "~KEYS [a-d]*",
        "~SCAN 0 COUNT 1000", "~SCAN 0 MATCH k* COUNT 1000", "~SCAN 0 TYPE string COUNT 1000",
        "SCAN 0 TYPE hash COUNT 1000", "~SCAN 0 count 1000 match * type STRING", "SCAN x", "SCAN 0 COUNT 0",
        "SCAN 0 COUNT x", "SCAN 0 MATCH", "SCAN 0 FOO bar", "SCAN 18446744073709551616", "SCAN ' 5'",
        "DBSIZE", "FLUSHDB ASYNC", "RANDOMKEY", "SET one 1", "RANDOMKEY", "FLUSHDB SYNC", "FLUSHALL FOO",
        "FLUSHALL ASYNC SYNC", "DBSIZE", "FLUSHALL", "TYPE", "TTL", "DEL", "EXISTS", "RENAME a",
        "EXPIRE a", "SCAN", "KEYS", "RANDOMKEY x",
    };

    /** A node driven without sockets: a command runs on the test thread at the clock the test sets. */
    private static final class TestNode
    {
        private final NodeState state;
        private final CommandDispatcher dispatcher;
        private final Client client;

        TestNode(final ServerConfig config)
        {
            state = new NodeState(config, new Keyspace(), CommandTable.load(), START_MS);
            state.nowMs(START_MS);
            Commands.registerAll(state);
            dispatcher = new CommandDispatcher(state);
            client = new Client(1, "127.0.0.1:40000", "127.0.0.1:6379", START_MS, 512L * 1024 * 1024, true, null);
        }

        Keyspace keyspace()
        {
            return state.keyspace();
        }

        void resp3()
        {
            client.protocol(3);
        }

        void nowMs(final long nowMs)
        {
            state.nowMs(nowMs);
        }

        void advanceMs(final long ms)
        {
            state.nowMs(state.nowMs() + ms);
        }

        /** Runs one command and returns its reply as text, one char per byte. */
        String call(final String... command)
        {
            final byte[][] args = new byte[command.length][];
            for (int i = 0; i < command.length; i++)
            {
                args[i] = command[i].getBytes(StandardCharsets.UTF_8);
            }
            client.args().set(args);
            dispatcher.execute(client);
            final RespEncoder out = client.out();
            final String reply = new String(out.buffer(), 0, out.limit(), StandardCharsets.ISO_8859_1);
            out.consumed(out.limit());
            return reply;
        }

        RespValue parse(final String reply)
        {
            return RespValue.parse(reply.getBytes(StandardCharsets.ISO_8859_1), 0);
        }

        String bulk(final String text)
        {
            return "$" + text.length() + "\r\n" + text + "\r\n";
        }

        Set<String> keys(final String pattern)
        {
            final Set<String> keys = new HashSet<>();
            final RespValue reply = parse(call("KEYS", pattern));
            reply.children.forEach(key -> assertTrue(keys.add(key.text), "KEYS repeated " + key.text));
            return keys;
        }

        /** A whole SCAN iteration with the given options. */
        Set<String> scanAll(final String... options)
        {
            final Set<String> keys = new HashSet<>();
            String cursor = "0";
            do
            {
                final List<String> command = new ArrayList<>(List.of("SCAN", cursor));
                command.addAll(List.of(options));
                final RespValue reply = parse(call(command.toArray(new String[0])));
                cursor = reply.children.get(0).text;
                reply.children.get(1).children.forEach(key -> keys.add(key.text));
            }
            while (!cursor.equals("0"));
            return keys;
        }
    }

    /** A reply in a form where arrays compare as sorted lists (KEYS and SCAN order is the server's own). */
    private static final class Canonical
    {
        private Canonical()
        {
        }

        static String of(final RespValue value)
        {
            if (value.children == null)
            {
                return (char)value.type + String.valueOf(value.text);
            }
            final List<String> children = new ArrayList<>();
            value.children.forEach(child -> children.add(of(child)));
            if (value.children.stream().allMatch(child -> child.children == null) && value.type == '*')
            {
                children.sort(String::compareTo);
            }
            return (char)value.type + children.toString();
        }
    }

    /** Splits a script line on spaces, keeping single-quoted words (which may hold spaces) together. */
    private static final class QuotedLine
    {
        private QuotedLine()
        {
        }

        static String[] split(final String line)
        {
            final List<String> words = new ArrayList<>();
            int i = 0;
            while (i < line.length())
            {
                if (line.charAt(i) == ' ')
                {
                    i++;
                }
                else if (line.charAt(i) == '\'')
                {
                    final int end = line.indexOf('\'', i + 1);
                    words.add(line.substring(i + 1, end));
                    i = end + 1;
                }
                else
                {
                    final int space = line.indexOf(' ', i);
                    final int end = space < 0 ? line.length() : space;
                    words.add(line.substring(i, end));
                    i = end;
                }
            }
            return words.toArray(new String[0]);
        }
    }

    /** A blocking RESP client returning each reply as text, one char per byte. */
    private static final class RawClient implements AutoCloseable
    {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RawClient(final int port) throws IOException
        {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        String call(final String... command) throws IOException
        {
            final StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
            for (final String arg : command)
            {
                final byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n")
                    .append(new String(bytes, StandardCharsets.ISO_8859_1)).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] received = new byte[0];
            final byte[] chunk = new byte[64 * 1024];
            while (true)
            {
                final int n = in.read(chunk);
                if (n < 0)
                {
                    throw new IOException("connection closed");
                }
                received = Arrays.copyOf(received, received.length + n);
                System.arraycopy(chunk, 0, received, received.length - n, n);
                if (isComplete(received))
                {
                    return new String(received, StandardCharsets.ISO_8859_1);
                }
            }
        }

        private static boolean isComplete(final byte[] bytes)
        {
            try
            {
                return RespValue.parse(bytes, 0).end == bytes.length;
            }
            catch (final RuntimeException incomplete)
            {
                return false;
            }
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }

    /** A redis-server on a free port for this test; the test is skipped when redis-server is not installed. */
    private static final class RedisProcess implements AutoCloseable
    {
        private final Process process;
        private final int port;

        private RedisProcess(final Process process, final int port)
        {
            this.process = process;
            this.port = port;
        }

        static RedisProcess start() throws Exception
        {
            final int port;
            try (ServerSocket probe = new ServerSocket(0))
            {
                port = probe.getLocalPort();
            }
            final Process process;
            try
            {
                process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--databases", "1")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            }
            catch (final IOException ex)
            {
                Assumptions.abort("redis-server not installed: " + ex.getMessage());
                throw ex;
            }
            final RedisProcess redis = new RedisProcess(process, port);
            final long deadlineMs = System.currentTimeMillis() + 10_000;
            while (true)
            {
                try (RawClient client = new RawClient(port))
                {
                    if (client.call("PING").equals("+PONG\r\n"))
                    {
                        return redis;
                    }
                }
                catch (final IOException notYet)
                {
                    if (System.currentTimeMillis() > deadlineMs || !process.isAlive())
                    {
                        redis.close();
                        throw new IllegalStateException("redis-server did not start on port " + port, notYet);
                    }
                    Thread.sleep(20);
                }
            }
        }

        int port()
        {
            return port;
        }

        @Override
        public void close() throws InterruptedException
        {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
