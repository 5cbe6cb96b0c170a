package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the set commands keep Redis 7.0's semantics where a differential test cannot compare replies exactly
 * (SPOP, SRANDMEMBER), hold sets in the encoding OBJECT ENCODING reports and work through a real client.
 * Method: commands on an in-process node without sockets; popped and drawn members are checked for membership,
 * distinctness and counts, and against what remains; stored value objects are inspected. One test goes through a
 * server socket with Jedis. Exact replies and errors are covered by differential/sets.txt.
 */
class SetCommandsTest
{
    private CollectionTestNode node;

    @BeforeEach
    void setUp()
    {
        node = new CollectionTestNode();
    }

    @Test
    void shouldPopDistinctMembersAndKeepTheRestWhenCountBelowSize()
    {
        for (final boolean integers : new boolean[] {true, false})
        {
            for (final int count : new int[] {1, 3, 10, 40, 49})
            {
                final Set<String> members = fill("s", 50, integers);
                final List<String> popped = node.texts("SPOP", "s", Integer.toString(count));
                assertEquals(count, popped.size());
                assertEquals(count, new HashSet<>(popped).size(), "distinct");
                assertTrue(members.containsAll(popped));
                final Set<String> rest = new HashSet<>(node.texts("SMEMBERS", "s"));
                assertEquals(50 - count, rest.size());
                rest.addAll(popped);
                assertEquals(members, rest, "popped and remaining make the original set");
                node.call("DEL", "s");
            }
        }
    }

    @Test
    void shouldPopWholeSetAndDeleteKeyWhenCountCoversIt()
    {
        final Set<String> members = fill("s", 20, true);
        final List<String> popped = node.texts("SPOP", "s", "20");
        assertEquals(members, new HashSet<>(popped));
        assertEquals(null, node.value("s"));
    }

    @Test
    void shouldPopUntilEmptyWhenSinglePops()
    {
        final Set<String> members = fill("s", 10, false);
        final Set<String> popped = new HashSet<>();
        for (int i = 0; i < 10; i++)
        {
            popped.add(node.parse("SPOP", "s").text);
        }
        assertEquals(members, popped);
        assertEquals(null, node.value("s"));
        assertEquals("$-1\r\n", node.call("SPOP", "s"));
    }

    @Test
    void shouldDrawWithoutRemovingWhenSrandmember()
    {
        final Set<String> members = fill("s", 30, true);
        final List<String> distinct = node.texts("SRANDMEMBER", "s", "12");
        assertEquals(12, new HashSet<>(distinct).size());
        assertTrue(members.containsAll(distinct));
        final List<String> repeats = node.texts("SRANDMEMBER", "s", "-500");
        assertEquals(500, repeats.size());
        assertEquals(members, new HashSet<>(repeats), "500 draws from 30 members see them all");
        assertEquals(30, node.integer("SCARD", "s"));
    }

    @Test
    void shouldHoldIntegersAsNarrowestIntsetWhenAllMembersAreIntegers()
    {
        node.call("SADD", "s", "1", "2", "-3");
        assertInstanceOf(short[].class, node.value("s"));
        node.call("SADD", "s", "100000");
        assertInstanceOf(int[].class, node.value("s"));
        node.call("SADD", "s", "10000000000");
        assertInstanceOf(long[].class, node.value("s"));
        assertEquals(List.of("-3", "1", "2", "100000", "10000000000"), node.texts("SMEMBERS", "s"));
        node.call("SADD", "s", "x");
        assertInstanceOf(TableSet.class, node.value("s"));
    }

    @Test
    void shouldConvertToTableWhenMoreIntegersThanIntsetEntries()
    {
        node.call("CONFIG", "SET", "set-max-intset-entries", "5");
        node.call("SADD", "s", "1", "2", "3", "4", "5");
        assertInstanceOf(short[].class, node.value("s"));
        node.call("SADD", "s", "6");
        assertInstanceOf(TableSet.class, node.value("s"));
        node.call("SREM", "s", "1", "2", "3");
        assertInstanceOf(TableSet.class, node.value("s"), "conversion is one-way");
        assertEquals(":1\r\n", node.call("SISMEMBER", "s", "6"));
        assertEquals(":0\r\n", node.call("SISMEMBER", "s", "06"));
    }

    @Test
    void shouldComputeSetAlgebraLikeJavaSetsWhenMixedEncodings()
    {
        final Set<String> a = fill("a", 40, true);
        final Set<String> b = new HashSet<>();
        for (int i = 20; i < 60; i++)
        {
            b.add(Integer.toString(i));
            node.call("SADD", "b", Integer.toString(i));
        }
        node.call("SADD", "b", "x", "y");
        b.add("x");
        b.add("y");
        final Set<String> inter = new HashSet<>(a);
        inter.retainAll(b);
        final Set<String> union = new HashSet<>(a);
        union.addAll(b);
        final Set<String> diff = new HashSet<>(a);
        diff.removeAll(b);
        assertEquals(inter, new HashSet<>(node.texts("SINTER", "a", "b")));
        assertEquals(union, new HashSet<>(node.texts("SUNION", "a", "b")));
        assertEquals(diff, new HashSet<>(node.texts("SDIFF", "a", "b")));
        assertEquals(inter.size(), node.integer("SINTERCARD", "2", "a", "b"));
        assertEquals(union.size(), node.integer("SUNIONSTORE", "u", "a", "b"));
        assertInstanceOf(TableSet.class, node.value("u"));
        assertEquals(diff.size(), node.integer("SDIFFSTORE", "d", "a", "b"));
        assertInstanceOf(short[].class, node.value("d"));
    }

    @Test
    void shouldScanEveryMemberWhenSetIsTable()
    {
        final Set<String> members = fill("s", 1000, false);
        final Set<String> seen = new HashSet<>();
        String cursor = "0";
        do
        {
            final RespValue reply = node.parse("SSCAN", "s", cursor, "COUNT", "25");
            cursor = reply.children.get(0).text;
            reply.children.get(1).children.forEach(member -> seen.add(member.text));
        }
        while (!cursor.equals("0"));
        assertEquals(members, seen);
    }

    @Test
    void shouldServeSetsWhenClientIsJedis() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
             Jedis jedis = new Jedis("127.0.0.1", server.port()))
        {
            assertEquals(3, jedis.sadd("tags", "a", "b", "c"));
            assertEquals(Set.of("a", "b", "c"), jedis.smembers("tags"));
            assertTrue(jedis.sismember("tags", "b"));
            assertEquals(List.of(true, false), jedis.smismember("tags", "a", "z"));
            assertEquals(1, jedis.smove("tags", "other", "a"));
            assertEquals(Set.of("b", "c"), jedis.smembers("tags"));
            assertEquals(2, jedis.scard("tags"));
            assertEquals("hashtable", jedis.objectEncoding("tags"));
            jedis.sadd("nums", "3", "1", "2");
            assertEquals("intset", jedis.objectEncoding("nums"));
        }
    }

    /** Members 0..n-1 (or m0..), in a set at {@code key}; returns them. */
    private Set<String> fill(final String key, final int n, final boolean integers)
    {
        final List<String> args = new ArrayList<>(List.of("SADD", key));
        for (int i = 0; i < n; i++)
        {
            args.add(integers ? Integer.toString(i) : "m" + i);
        }
        node.call(args.toArray(new String[0]));
        return new HashSet<>(args.subList(2, args.size()));
    }
}
