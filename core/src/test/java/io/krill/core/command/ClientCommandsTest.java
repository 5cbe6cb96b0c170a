package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: CLIENT ID/SETNAME/GETNAME/INFO/LIST/KILL/NO-EVICT behave as in Redis 7.0.15: names validated, lines with
 * Redis's fields in Redis's order, LIST filters, KILL's old and new forms closing the right connections (the
 * caller itself only after its reply), and Redis's error strings.
 * Method: an in-process KrillServer driven by several socket connections. Field names and order are compared
 * with a CLIENT INFO line from a real redis-server, and error scripts must give byte-identical replies on both
 * (skipped when redis-server is absent).
 */
class ClientCommandsTest
{
    private static final String[][] ERROR_SCRIPT = {
        {"CLIENT"}, {"CLIENT", "FOO"}, {"CLIENT", "SETINFO", "LIB-NAME", "x"}, {"CLIENT", "ID", "x"},
        {"CLIENT", "SETNAME"}, {"CLIENT", "SETNAME", "a", "b"}, {"CLIENT", "SETNAME", "a b"},
        {"CLIENT", "SETNAME", "a\nb"}, {"CLIENT", "SETNAME", "caf\u00e9"}, {"CLIENT", "SETNAME", "~!@#$%^&*()_+"},
        {"CLIENT", "GETNAME"}, {"CLIENT", "SETNAME", ""}, {"CLIENT", "GETNAME"}, {"CLIENT", "GETNAME", "x"},
        {"CLIENT", "INFO", "x"}, {"CLIENT", "LIST", "ID"}, {"CLIENT", "LIST", "ID", "abc"},
        {"CLIENT", "LIST", "ID", "0"}, {"CLIENT", "LIST", "ID", "-1", "99999"}, {"CLIENT", "LIST", "TYPE"},
        {"CLIENT", "LIST", "TYPE", "foo"}, {"CLIENT", "LIST", "TYPE", "pubsub"}, {"CLIENT", "LIST", "TYPE", "MASTER"},
        {"CLIENT", "LIST", "TYPE", "replica"}, {"CLIENT", "LIST", "TYPE", "slave"}, {"CLIENT", "LIST", "FOO"},
        {"CLIENT", "LIST", "TYPE", "normal", "ID", "1"}, {"CLIENT", "KILL"}, {"CLIENT", "KILL", "1.2.3.4:5"},
        {"CLIENT", "KILL", "ID"}, {"CLIENT", "KILL", "ID", "abc"}, {"CLIENT", "KILL", "ID", "0"},
        {"CLIENT", "KILL", "ID", "-5"}, {"CLIENT", "KILL", "ID", "99999"}, {"CLIENT", "KILL", "ADDR", "1.2.3.4:5"},
        {"CLIENT", "KILL", "LADDR", "1.2.3.4:5"}, {"CLIENT", "KILL", "TYPE", "foo"},
        {"CLIENT", "KILL", "TYPE", "pubsub"}, {"CLIENT", "KILL", "USER", "nobody"},
        {"CLIENT", "KILL", "USER", "default"}, {"CLIENT", "KILL", "SKIPME", "maybe"},
        {"CLIENT", "KILL", "FOO", "bar"}, {"CLIENT", "KILL", "ID", "1", "ID"}, {"CLIENT", "KILL", "MAXAGE", "5"},
        {"CLIENT", "NO-EVICT"}, {"CLIENT", "NO-EVICT", "maybe"}, {"CLIENT", "NO-EVICT", "ON"},
        {"CLIENT", "NO-EVICT", "off"}, {"CLIENT", "NO-TOUCH", "on"},
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

    @Test
    void shouldKeepNameUntilClearedWhenSetname() throws Exception
    {
        try (WireClient client = new WireClient(server.port()))
        {
            assertEquals("$-1\r\n", client.call("CLIENT", "GETNAME"));
            assertEquals("+OK\r\n", client.call("CLIENT", "SETNAME", "worker-1"));
            assertEquals("$8\r\nworker-1\r\n", client.call("CLIENT", "GETNAME"));
            assertTrue(client.callText("CLIENT", "INFO").contains(" name=worker-1 "));
            assertEquals("+OK\r\n", client.call("CLIENT", "SETNAME", ""));
            assertEquals("$-1\r\n", client.call("CLIENT", "GETNAME"));
        }
    }

    @Test
    void shouldListEveryConnectionInIdOrderWithItsLastCommand() throws Exception
    {
        try (WireClient first = new WireClient(server.port());
            WireClient second = new WireClient(server.port());
            WireClient third = new WireClient(server.port()))
        {
            final long firstId = id(first);
            second.call("PING");
            final long secondId = id(second);
            third.call("CLIENT", "SETNAME", "third");
            final List<String> lines = List.of(first.callText("CLIENT", "LIST").split("\n"));
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("id=" + firstId + " "));
            assertTrue(lines.get(0).contains(" cmd=client|list "), "the caller shows the command it runs");
            assertTrue(lines.get(0).contains(" argv-mem=10 "), "CLIENT LIST is 10 bytes of arguments");
            assertTrue(lines.get(1).startsWith("id=" + secondId + " "));
            assertTrue(lines.get(1).contains(" cmd=client|id "));
            assertTrue(lines.get(2).contains(" name=third ") && lines.get(2).contains(" cmd=client|setname "));
            assertEquals(List.of("8", "9", "10"), List.of(field(lines.get(0), "fd"), field(lines.get(1), "fd"),
                field(lines.get(2), "fd")), "descriptors handed out like the kernel does");
            final String byId = first.callText("CLIENT", "LIST", "ID", Long.toString(secondId), "777",
                Long.toString(firstId), Long.toString(secondId));
            final String[] picked = byId.split("\n");
            assertEquals(3, picked.length, "in the order asked, repeats kept, unknown ids skipped");
            assertTrue(picked[0].startsWith("id=" + secondId + " ") && picked[2].startsWith("id=" + secondId + " "));
            assertEquals(3, first.callText("CLIENT", "LIST", "TYPE", "normal").split("\n").length);
            assertEquals("", first.callText("CLIENT", "LIST", "TYPE", "pubsub"));
        }
    }

    @Test
    void shouldShowNoEvictAndProtocolInInfoLine() throws Exception
    {
        try (WireClient client = new WireClient(server.port()))
        {
            client.call("CLIENT", "NO-EVICT", "on");
            client.call("HELLO", "3");
            final String reply = client.call("CLIENT", "INFO");
            assertTrue(reply.startsWith("="), "verbatim string in RESP3: " + reply);
            final String line = client.callText("CLIENT", "INFO");
            assertEquals("e", field(line, "flags"));
            assertEquals("3", field(line.trim(), "resp"));
            assertTrue(line.endsWith("\n"));
            client.call("RESET");
            assertEquals("e", field(client.callText("CLIENT", "INFO"), "flags"), "RESET keeps NO-EVICT, as Redis");
        }
    }

    @Test
    void shouldCloseOtherConnectionWhenKilledByAddress() throws Exception
    {
        try (WireClient killer = new WireClient(server.port());
            WireClient victim = new WireClient(server.port()))
        {
            final String victimAddress = field(victim.callText("CLIENT", "INFO"), "addr");
            assertEquals("+OK\r\n", killer.call("CLIENT", "KILL", victimAddress));
            assertTrue(victim.closedByServer(5000));
            assertEquals("-ERR No such client\r\n", killer.call("CLIENT", "KILL", victimAddress));
            assertEquals(1, killer.callText("CLIENT", "LIST").split("\n").length);
        }
    }

    @Test
    void shouldCountKilledConnectionsAndSpareCallerWhenFiltering() throws Exception
    {
        try (WireClient killer = new WireClient(server.port());
            WireClient a = new WireClient(server.port());
            WireClient b = new WireClient(server.port()))
        {
            assertEquals(":1\r\n", killer.call("CLIENT", "KILL", "ID", Long.toString(id(a))));
            assertTrue(a.closedByServer(5000));
            final String self = field(killer.callText("CLIENT", "INFO"), "addr");
            assertEquals(":0\r\n", killer.call("CLIENT", "KILL", "ADDR", self), "SKIPME defaults to yes");
            assertEquals(":1\r\n", killer.call("CLIENT", "KILL", "TYPE", "normal", "USER", "default"));
            assertTrue(b.closedByServer(5000));
            assertFalse(killer.closedByServer(200), "the caller survives its own TYPE filter");
        }
    }

    @Test
    void shouldReplyBeforeClosingWhenClientKillsItself() throws Exception
    {
        try (WireClient client = new WireClient(server.port()))
        {
            client.send("CLIENT", "KILL", "ID", Long.toString(id(client)), "SKIPME", "no");
            client.send("PING");
            assertEquals(":1\r\n", client.reply());
            assertTrue(client.closedByServer(5000), "closed after the reply; the pipelined PING never runs");
        }
        try (WireClient client = new WireClient(server.port()))
        {
            final String self = field(client.callText("CLIENT", "INFO"), "addr");
            assertEquals("+OK\r\n", client.call("CLIENT", "KILL", self));
            assertTrue(client.closedByServer(5000));
        }
    }

    @Test
    void shouldSilenceRepliesAsRealRedisWhenClientReplyIsOffOrSkip() throws Exception
    {
        final String[][] pipeline = {
            {"CLIENT", "REPLY", "SKIP"}, {"ECHO", "skipped"}, {"ECHO", "one"}, {"CLIENT", "REPLY", "OFF"},
            {"ECHO", "off"}, {"NOSUCHCOMMAND"}, {"CLIENT", "REPLY", "SKIP"}, {"CLIENT", "REPLY", "ON"},
            {"ECHO", "two"}, {"CLIENT", "REPLY", "maybe"}, {"CLIENT", "REPLY", "OFF"}, {"RESET"}, {"ECHO", "three"},
        };
        final String krill = pipelined(server.port(), pipeline);
        assertEquals("$3\r\none\r\n+OK\r\n$3\r\ntwo\r\n-ERR syntax error\r\n+RESET\r\n$5\r\nthree\r\n$3\r\nend\r\n",
            krill);
        try (RealRedisServer redis = RealRedisServer.start())
        {
            assertEquals(pipelined(redis.port(), pipeline), krill);
        }
    }

    /** Sends {@code commands} then ECHO end in one go; returns every reply up to and including end's. */
    private static String pipelined(final int port, final String[][] commands) throws Exception
    {
        final StringBuilder replies = new StringBuilder();
        try (WireClient client = new WireClient(port))
        {
            for (final String[] command : commands)
            {
                client.send(command);
            }
            client.send("ECHO", "end");
            String reply;
            do
            {
                reply = client.reply();
                replies.append(reply);
            }
            while (!reply.equals("$3\r\nend\r\n"));
        }
        return replies.toString();
    }

    @Test
    void shouldListSameFieldsInSameOrderAsRealRedis() throws Exception
    {
        final String krillLine;
        try (WireClient client = new WireClient(server.port()))
        {
            krillLine = client.callText("CLIENT", "INFO");
        }
        try (RealRedisServer redis = RealRedisServer.start();
            WireClient client = new WireClient(redis.port()))
        {
            final String redisLine = client.callText("CLIENT", "INFO");
            assertEquals(fieldNames(redisLine), fieldNames(krillLine));
            assertEquals(redisLine.replaceAll("=[^ ]*", "="), krillLine.replaceAll("=[^ ]*", "="));
        }
    }

    @Test
    void shouldReplyAsRealRedisToBadArguments() throws Exception
    {
        HelloCommandsTest.assertSameAsRedis(ERROR_SCRIPT);
    }

    private static long id(final WireClient client) throws Exception
    {
        return Long.parseLong(client.call("CLIENT", "ID").substring(1).trim());
    }

    private static String field(final String line, final String name)
    {
        for (final String pair : line.trim().split(" "))
        {
            if (pair.startsWith(name + "="))
            {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no field " + name + " in " + line);
    }

    private static List<String> fieldNames(final String line)
    {
        final List<String> names = new ArrayList<>();
        for (final String pair : line.trim().split(" "))
        {
            names.add(pair.substring(0, pair.indexOf('=')));
        }
        return names;
    }
}
