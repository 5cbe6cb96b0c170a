package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: COMMAND, COMMAND COUNT/INFO/DOCS/LIST/GETKEYS describe exactly the commands this node serves, with Redis
 * 7.0.15's bytes for each of them, in RESP2 and RESP3; containers list only their served subcommands.
 * Method: an in-process KrillServer over sockets. Per-command entries are compared byte for byte with a real
 * redis-server (skipped when absent); lists are compared as sets, since Redis orders them by hash table.
 */
class CommandCommandTest
{
    private static final String[][] ERROR_SCRIPT = {
        {"COMMAND", "COUNT", "x"}, {"COMMAND", "FOO"}, {"COMMAND", "LIST", "FILTERBY"},
        {"COMMAND", "LIST", "FILTERBY", "foo", "bar"}, {"COMMAND", "LIST", "foo"},
        {"COMMAND", "LIST", "FILTERBY", "pattern", "x", "extra"}, {"COMMAND", "LIST", "FILTERBY", "module", "x"},
        {"COMMAND", "LIST", "FILTERBY", "aclcat", "nosuchcategory"}, {"COMMAND", "LIST", "FILTERBY", "PATTERN", "zz*"},
        {"COMMAND", "GETKEYS"}, {"COMMAND", "GETKEYS", "get"}, {"COMMAND", "GETKEYS", "get", "a"},
        {"COMMAND", "GETKEYS", "GET", "a"}, {"COMMAND", "GETKEYS", "get", "a", "b"}, {"COMMAND", "GETKEYS", "set", "a"},
        {"COMMAND", "GETKEYS", "set", "k", "v", "EX", "10"}, {"COMMAND", "GETKEYS", "del", "a", "b", "c"},
        {"COMMAND", "GETKEYS", "ping", "x"}, {"COMMAND", "GETKEYS", "nosuch", "a"},
        {"COMMAND", "GETKEYS", "client|list", "x"}, {"COMMAND", "GETKEYS", "CLIENT", "kill", "x"},
        {"COMMAND", "GETKEYS", "client", "nosuch", "x"}, {"COMMAND", "INFO", "nosuchcommand"},
        {"COMMAND", "DOCS", "nosuchcommand"}, {"COMMAND", "INFO", "get", "GET", "Client|List", "nosuch"},
        {"COMMAND", "DOCS", "get", "nosuch", "client|id"},
    };

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

    /** Served, but unknown to the Redis 7.0.15 this test compares with (ClusterShardIdTest checks their bytes). */
    static final Set<String> NEWER_THAN_7_0 = Set.of("cluster|myshardid");

    @Test
    void shouldDescribeEveryServedCommandOnceWhenCalledBare() throws Exception
    {
        try (WireClient client = new WireClient(server.port()))
        {
            final long count = Long.parseLong(client.call("COMMAND", "COUNT").substring(1).trim());
            assertEquals(count, served(client).stream().filter(name -> !name.contains("|")).count());
            assertTrue(client.call("COMMAND").startsWith("*" + count + "\r\n*10\r\n"));
            assertTrue(client.call("COMMAND", "INFO").startsWith("*" + count + "\r\n*10\r\n"));
            client.call("HELLO", "3");
            assertTrue(client.call("COMMAND", "DOCS").startsWith("%" + count + "\r\n"));
            assertEquals("*1\r\n_\r\n", client.call("COMMAND", "INFO", "nosuch"), "RESP3 null for unknown");
        }
    }

    @Test
    void shouldListOnlyServedSubcommandsInContainerEntries() throws Exception
    {
        try (WireClient client = new WireClient(server.port()))
        {
            final Set<String> served = served(client);
            final String info = client.call("COMMAND", "INFO", "client");
            final String docs = client.call("COMMAND", "DOCS", "client");
            for (final String name : new String[] {"client|list", "client|kill", "client|setname"})
            {
                assertTrue(served.contains(name));
                assertTrue(info.contains("$" + name.length() + "\r\n" + name + "\r\n"), name);
                assertTrue(docs.contains("$" + name.length() + "\r\n" + name + "\r\n"), name);
            }
            assertFalse(served.contains("client|tracking"), "not served by Krill");
            assertFalse(info.contains("client|tracking"));
            assertFalse(docs.contains("client|tracking"));
        }
    }

    @Test
    void shouldGiveRedisBytesForEachServedCommandInBothProtocols() throws Exception
    {
        final List<String[]> script = new ArrayList<>();
        try (WireClient client = new WireClient(server.port()))
        {
            final Set<String> served = served(client);
            final Set<String> containers = new TreeSet<>();
            for (final String name : served)
            {
                if (name.contains("|"))
                {
                    containers.add(name.substring(0, name.indexOf('|')));
                }
            }
            for (final String protocol : new String[] {"2", "3"})
            {
                script.add(new String[] {"HELLO", protocol});
                for (final String name : served)
                {
                    if (!containers.contains(name) && !NEWER_THAN_7_0.contains(name))
                    {
                        script.add(new String[] {"COMMAND", "INFO", name});
                        script.add(new String[] {"COMMAND", "DOCS", name});
                    }
                }
            }
        }
        HelloCommandsTest.assertSameAsRedis(script.toArray(new String[0][]));
    }

    @Test
    void shouldFilterListAsRealRedisDoesForServedCommands() throws Exception
    {
        final String[][] filters = {
            {"COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection"}, {"COMMAND", "LIST", "FILTERBY", "aclcat", "read"},
            {"COMMAND", "LIST", "FILTERBY", "pattern", "c*|l*"}, {"COMMAND", "LIST", "FILTERBY", "pattern", "CL*"},
            {"COMMAND", "LIST", "FILTERBY", "pattern", "?et"}, {"COMMAND", "LIST"},
        };
        final Set<String> served;
        final List<Set<String>> krill = new ArrayList<>();
        try (WireClient client = new WireClient(server.port()))
        {
            served = served(client);
            for (final String[] filter : filters)
            {
                final Set<String> names = names(client.call(filter));
                names.removeAll(NEWER_THAN_7_0);
                krill.add(names);
            }
        }
        try (RealRedisServer redis = RealRedisServer.start();
            WireClient client = new WireClient(redis.port()))
        {
            for (int i = 0; i < filters.length; i++)
            {
                final Set<String> expected = names(client.call(filters[i]));
                expected.retainAll(served);
                assertEquals(expected, krill.get(i), String.join(" ", filters[i]));
            }
        }
    }

    @Test
    void shouldExtractKeysFromKeyPositions() throws Exception
    {
        try (WireClient client = new WireClient(server.port()))
        {
            assertEquals("*1\r\n$3\r\nkey\r\n", client.call("COMMAND", "GETKEYS", "GET", "key"));
            assertEquals("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n",
                client.call("COMMAND", "GETKEYS", "del", "a", "b", "c"));
            assertEquals("-ERR Invalid command specified\r\n", client.call("COMMAND", "GETKEYS", "nosuch", "a"));
            assertEquals("-ERR The command has no key arguments\r\n", client.call("COMMAND", "GETKEYS", "ping", "x"));
            assertEquals("-ERR Invalid number of arguments specified for command\r\n",
                client.call("COMMAND", "GETKEYS", "get", "a", "b"));
        }
    }

    @Test
    void shouldReplyAsRealRedisToErrorsAndLookups() throws Exception
    {
        HelloCommandsTest.assertSameAsRedis(ERROR_SCRIPT);
    }

    private static Set<String> served(final WireClient client) throws Exception
    {
        return names(client.call("COMMAND", "LIST"));
    }

    /** The elements of an array-of-bulk-strings reply. */
    private static Set<String> names(final String reply)
    {
        final Set<String> names = new TreeSet<>();
        final String[] lines = reply.split("\r\n");
        for (int i = 2; i < lines.length; i += 2)
        {
            names.add(lines[i]);
        }
        return names;
    }
}
