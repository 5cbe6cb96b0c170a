package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the hash commands keep Redis 7.0's semantics where a differential test cannot compare replies exactly
 * (random draws), hold hashes in the encoding OBJECT ENCODING reports, convert at the configured limits, and work
 * through a real socket with a real client.
 * Method: commands run on an in-process node without sockets; random replies are checked for membership,
 * distinctness and counts over many calls; the stored value objects are inspected. One test starts a server on a
 * free port and talks to it with Jedis. Exact replies and errors are covered by differential/hashes.txt.
 */
class HashCommandsTest
{
    private CollectionTestNode node;

    @BeforeEach
    void setUp()
    {
        node = new CollectionTestNode();
    }

    @Test
    void shouldDrawDistinctFieldsWhenCountIsPositive()
    {
        final Map<String, String> model = fill("h", 30);
        for (final int count : new int[] {1, 5, 9, 10, 11, 29})
        {
            final List<String> fields = node.texts("HRANDFIELD", "h", Integer.toString(count));
            assertEquals(count, fields.size());
            assertEquals(count, new HashSet<>(fields).size(), "distinct for count " + count);
            assertTrue(model.keySet().containsAll(fields));
        }
        final List<String> all = node.texts("HRANDFIELD", "h", "30");
        assertEquals(new ArrayList<>(model.keySet()), all, "a count covering the hash returns it in order");
    }

    @Test
    void shouldAllowRepeatsWhenCountIsNegative()
    {
        final Map<String, String> model = fill("h", 3);
        final List<String> fields = node.texts("HRANDFIELD", "h", "-300");
        assertEquals(300, fields.size());
        assertEquals(model.keySet(), new HashSet<>(fields), "300 draws from 3 fields see every field");
    }

    @Test
    void shouldPairFieldsWithTheirValuesWhenWithValues()
    {
        final Map<String, String> model = fill("h", 20);
        for (final String count : new String[] {"7", "-40", "100"})
        {
            final List<String> flat = node.texts("HRANDFIELD", "h", count, "WITHVALUES");
            for (int i = 0; i < flat.size(); i += 2)
            {
                assertEquals(model.get(flat.get(i)), flat.get(i + 1));
            }
        }
        node.resp3();
        final RespValue nested = node.parse("HRANDFIELD", "h", "-5", "WITHVALUES");
        assertEquals(5, nested.children.size());
        for (final RespValue pair : nested.children)
        {
            assertEquals('*', pair.type);
            assertEquals(model.get(pair.children.get(0).text), pair.children.get(1).text);
        }
    }

    @Test
    void shouldConvertToTableWhenMoreFieldsThanListpackEntries()
    {
        node.call("CONFIG", "SET", "hash-max-listpack-entries", "3");
        node.call("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertInstanceOf(ListpackHash.class, node.value("h"));
        node.call("HSET", "h", "d", "4");
        assertInstanceOf(TableHash.class, node.value("h"));
        node.call("HDEL", "h", "a", "b", "c");
        assertInstanceOf(TableHash.class, node.value("h"), "conversion is one-way");
        assertEquals("$9\r\nhashtable\r\n", node.call("OBJECT", "ENCODING", "h"));
    }

    @Test
    void shouldConvertToTableWhenStringLongerThanListpackValue()
    {
        node.call("HSET", "h", "f", "x".repeat(64));
        assertInstanceOf(ListpackHash.class, node.value("h"));
        node.call("HSET", "h", "g", "x".repeat(65));
        assertInstanceOf(TableHash.class, node.value("h"));
        node.call("HSET", "k", "y".repeat(65), "v");
        assertInstanceOf(TableHash.class, node.value("k"));
        assertEquals("$1\r\nv\r\n", node.call("HGET", "k", "y".repeat(65)));
    }

    @Test
    void shouldScanEveryFieldWhenHashIsTable()
    {
        final Map<String, String> model = fill("h", 1000);
        assertInstanceOf(TableHash.class, node.value("h"));
        final Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        int calls = 0;
        do
        {
            final RespValue reply = node.parse("HSCAN", "h", cursor, "COUNT", "50");
            cursor = reply.children.get(0).text;
            final List<RespValue> entries = reply.children.get(1).children;
            for (int i = 0; i < entries.size(); i += 2)
            {
                seen.put(entries.get(i).text, entries.get(i + 1).text);
            }
            calls++;
        }
        while (!cursor.equals("0"));
        assertEquals(model, seen);
        assertTrue(calls > 10, "a table is scanned in steps, not at once: " + calls);
    }

    @Test
    void shouldDeleteKeyWhenLastFieldDeleted()
    {
        node.call("HSET", "h", "a", "1", "b", "2");
        assertEquals(":2\r\n", node.call("HDEL", "h", "a", "b", "c"));
        assertEquals(null, node.value("h"));
        assertEquals(0, node.keyspace().size());
    }

    @Test
    void shouldLeaveNoKeyWhenCommandFails()
    {
        assertEquals("-ERR value is not an integer or out of range\r\n", node.call("HINCRBY", "h", "f", "x"));
        assertEquals("-ERR value is NaN or Infinity\r\n", node.call("HINCRBYFLOAT", "h", "f", "inf"));
        assertEquals("-ERR wrong number of arguments for 'hset' command\r\n", node.call("HSET", "h", "a", "1", "b"));
        assertEquals(0, node.keyspace().size());
    }

    @Test
    void shouldServeHashesWhenClientIsJedis() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
             Jedis jedis = new Jedis("127.0.0.1", server.port()))
        {
            final Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < 600; i++)
            {
                fields.put("field" + i, "value" + i);
            }
            assertEquals(600, jedis.hset("user:1", fields));
            assertEquals(fields, jedis.hgetAll("user:1"));
            assertEquals("value7", jedis.hget("user:1", "field7"));
            assertEquals(8L, jedis.hincrBy("user:1", "n", 8));
            assertEquals(8.5, jedis.hincrByFloat("user:1", "n", 0.5));
            final Set<String> scanned = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do
            {
                final ScanResult<Map.Entry<String, String>> page = jedis.hscan("user:1", cursor);
                page.getResult().forEach(entry -> scanned.add(entry.getKey()));
                cursor = page.getCursor();
            }
            while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertEquals(601, scanned.size());
            assertEquals("hashtable", jedis.objectEncoding("user:1"));
        }
    }

    /** Fields f0..f(n-1) with values v0..; returns them in insertion order. */
    private Map<String, String> fill(final String key, final int n)
    {
        final Map<String, String> model = new LinkedHashMap<>();
        for (int i = 0; i < n; i++)
        {
            model.put("f" + i, "v" + i);
            node.call("HSET", key, "f" + i, "v" + i);
        }
        return model;
    }
}
