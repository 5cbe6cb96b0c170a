package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: BZPOPMIN, BZPOPMAX and BZMPOP park a client until another client's write gives them something to pop,
 * answer a null array when their timeout passes (RESP3 null), serve waiters oldest first, keep waiting (as Redis
 * 7.0 does) when a watched key turns into another type, and leave the node serving everyone else meanwhile.
 * Method: an in-process KrillServer and several real sockets (WireClient): one client sends the blocking command
 * without reading, another waits until INFO reports it blocked, then writes, and the replies are read back; timing
 * bounds are generous for a loaded machine.
 */
class SortedSetBlockingTest
{
    @Test
    void shouldWakeBzpopminWhenAnotherClientAddsAMember() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient waiter = new WireClient(server.port());
            WireClient writer = new WireClient(server.port()))
        {
            waiter.send("BZPOPMIN", "empty", "z", "0");
            awaitBlocked(writer, 1);
            assertEquals("+PONG\r\n", writer.call("PING"), "others are served while one waits");
            assertEquals(":2\r\n", writer.call("ZADD", "z", "2", "b", "1", "a"));
            assertEquals("*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n", waiter.reply());
            assertEquals("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", writer.call("ZRANGE", "z", "0", "-1", "WITHSCORES"),
                "exactly one member was popped");
            assertEquals("+PONG\r\n", waiter.call("PING"), "the waiter reads commands again");
        }
    }

    @Test
    void shouldReplyNullArrayWhenTimeoutPasses() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient client = new WireClient(server.port()))
        {
            long startNs = System.nanoTime();
            assertEquals("*-1\r\n", client.call("BZPOPMAX", "missing", "0.3"));
            assertTrue((System.nanoTime() - startNs) / 1_000_000 >= 250, "waited for the timeout");
            assertEquals("*-1\r\n", client.call("BZMPOP", "0.05", "1", "missing", "MIN"));
            client.call("HELLO", "3");
            startNs = System.nanoTime();
            assertEquals("_\r\n", client.call("BZPOPMIN", "missing", "0.2"));
            assertTrue((System.nanoTime() - startNs) / 1_000_000 >= 150, "waited for the timeout");
            assertEquals("_\r\n", client.call("BZMPOP", "0.05", "1", "missing", "MAX"));
        }
    }

    @Test
    void shouldServeWaitersOldestFirst() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient first = new WireClient(server.port());
            WireClient second = new WireClient(server.port());
            WireClient writer = new WireClient(server.port()))
        {
            first.send("BZPOPMAX", "z", "0");
            awaitBlocked(writer, 1);
            second.send("BZPOPMAX", "z", "0");
            awaitBlocked(writer, 2);
            assertEquals(":1\r\n", writer.call("ZADD", "z", "1", "one"));
            assertEquals("*3\r\n$1\r\nz\r\n$3\r\none\r\n$1\r\n1\r\n", first.reply());
            assertEquals(":0\r\n", writer.call("EXISTS", "z"), "the popped set was deleted");
            assertEquals(":2\r\n", writer.call("ZADD", "z", "2", "two", "3", "three"));
            assertEquals("*3\r\n$1\r\nz\r\n$5\r\nthree\r\n$1\r\n3\r\n", second.reply());
        }
    }

    @Test
    void shouldKeepArrivalOrderWhenAWaiterNamedItsKeyTwice() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient repeater = new WireClient(server.port());
            WireClient other = new WireClient(server.port());
            WireClient writer = new WireClient(server.port()))
        {
            assertEquals("*-1\r\n", repeater.call("BZPOPMIN", "k", "k", "0.05"), "timed out, leaving no trace");
            other.send("BZPOPMIN", "k", "0");
            awaitBlocked(writer, 1);
            repeater.send("BZPOPMIN", "k", "0");
            awaitBlocked(writer, 2);
            assertEquals(":1\r\n", writer.call("ZADD", "k", "1", "first"));
            assertEquals("*3\r\n$1\r\nk\r\n$5\r\nfirst\r\n$1\r\n1\r\n", other.reply(), "the older waiter");
            assertEquals(":1\r\n", writer.call("ZADD", "k", "2", "second"));
            assertEquals("*3\r\n$1\r\nk\r\n$6\r\nsecond\r\n$1\r\n2\r\n", repeater.reply());
        }
    }

    @Test
    void shouldPopCountMembersWhenBzmpopWakes() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient waiter = new WireClient(server.port());
            WireClient writer = new WireClient(server.port()))
        {
            waiter.send("HELLO", "3");
            waiter.reply();
            waiter.send("BZMPOP", "0", "2", "a", "b", "MIN", "COUNT", "2");
            awaitBlocked(writer, 1);
            assertEquals(":3\r\n", writer.call("ZADD", "b", "1", "x", "2", "y", "3", "z"));
            assertEquals("*2\r\n$1\r\nb\r\n*2\r\n*2\r\n$1\r\nx\r\n,1\r\n*2\r\n$1\r\ny\r\n,2\r\n", waiter.reply());
            assertEquals(":1\r\n", writer.call("ZCARD", "b"));
        }
    }

    @Test
    void shouldKeepWaitingWhenWatchedKeyBecomesAnotherType() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient waiter = new WireClient(server.port());
            WireClient writer = new WireClient(server.port()))
        {
            waiter.send("BZPOPMIN", "k", "other", "0");
            awaitBlocked(writer, 1);
            assertEquals("+OK\r\n", writer.call("SET", "k", "text"));
            assertTrue(writer.callText("CLIENT", "LIST").contains(" flags=b "), "still blocked after SET");
            assertEquals(":1\r\n", writer.call("ZADD", "other", "5", "m"));
            assertEquals("*3\r\n$5\r\nother\r\n$1\r\nm\r\n$1\r\n5\r\n", waiter.reply(),
                "served from the next key, the string passed over");
        }
    }

    @Test
    void shouldReplyWrongTypeAtOnceWhenKeyHoldsAnotherType() throws Exception
    {
        try (KrillServer server = KrillServer.start(ServerConfig.parse("--port", "0"));
            WireClient client = new WireClient(server.port()))
        {
            client.call("SET", "s", "v");
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                client.call("BZPOPMIN", "missing", "s", "0"));
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                client.call("BZMPOP", "0", "1", "s", "MAX"));
        }
    }

    /** Waits until the node reports {@code count} blocked clients, so commands sent next arrive after the block. */
    private static void awaitBlocked(final WireClient observer, final int count) throws Exception
    {
        final long deadlineNs = System.nanoTime() + 10_000_000_000L;
        while (!observer.callText("INFO", "clients").contains("\r\nblocked_clients:" + count + "\r\n"))
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "no " + count + " blocked clients within 10 s");
            Thread.sleep(5);
        }
    }
}
