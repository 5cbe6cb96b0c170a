package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the blocking list commands wait, wake and time out as in Redis 7.0.15, with several real clients at once:
 * timeouts answer a null array no sooner than asked, a push from another client serves the waiter, waiters are
 * served first blocked first served (also when one push brings several elements), a multi-key wait takes the key
 * that got the element, BLMOVE's push serves a client waiting on its destination in the same turn, a client that
 * disconnects while blocked takes nothing, commands pipelined behind a BLPOP run only after it is served, a key
 * turning into another type leaves its waiters waiting, a wake-up that serves nobody neither moves a client back
 * in line nor extends its timeout, and a blocking command counts as one call however often it is woken.
 * Method: every scenario runs over sockets (WireClient) against an in-process KrillServer and again against a
 * real redis-server (skipped when absent), asserting the same replies on both. Ordering between clients is made
 * deterministic without sleeps by polling INFO's blocked_clients until each waiter is parked; the only timing
 * assertions are the ones the semantics define (a timeout is not answered early), plus one generous upper bound.
 */
class ListBlockingTest
{
    private static final long WAIT_FOR_BLOCKED_MS = 10_000;

    private static KrillServer krill;
    private static RealRedisServer redis;
    private static String redisMissing;

    @BeforeAll
    static void startServers() throws Exception
    {
        krill = KrillServer.start(ServerConfig.parse("--port", "0"));
        try
        {
            redis = RealRedisServer.start();
        }
        catch (final org.opentest4j.TestAbortedException ex)
        {
            redisMissing = ex.getMessage();
        }
    }

    @AfterAll
    static void stopServers() throws Exception
    {
        if (krill != null)
        {
            krill.close();
        }
        if (redis != null)
        {
            redis.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldAnswerNullArrayNoSoonerThanTimeoutWhenNothingIsPushed(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient client = new WireClient(port))
        {
            for (final String[] command : new String[][] {
                {"BLPOP", "k", "0.1"}, {"BRPOP", "a", "b", "0.1"}, {"BLMOVE", "k", "d", "LEFT", "RIGHT", "0.1"},
                {"BRPOPLPUSH", "k", "d", "0.1"}, {"BLMPOP", "0.1", "1", "k", "LEFT"}})
            {
                final long startNs = System.nanoTime();
                assertEquals("*-1\r\n", client.call(command), String.join(" ", command));
                final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                assertTrue(elapsedMs >= 100, String.join(" ", command) + " answered after " + elapsedMs + " ms");
            }
            client.call("HELLO", "3");
            assertEquals("_\r\n", client.call("BLPOP", "k", "0.01"));
            assertEquals("_\r\n", client.call("BLMOVE", "k", "d", "LEFT", "RIGHT", "0.01"));
            assertEquals(":0\r\n", client.call("EXISTS", "k", "d"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldServeWaiterWhenAnotherClientPushes(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient waiter = new WireClient(port); WireClient pusher = new WireClient(port))
        {
            waiter.send("BLPOP", "k", "0");
            awaitBlocked(pusher, 1);
            assertEquals(":1\r\n", pusher.call("RPUSH", "k", "v"));
            assertEquals(array("k", "v"), waiter.reply());
            assertEquals(":0\r\n", pusher.call("EXISTS", "k"));
            awaitBlocked(pusher, 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldServeWaitersFirstBlockedFirstServedWhenOnePushBringsSeveral(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient first = new WireClient(port); WireClient second = new WireClient(port);
            WireClient third = new WireClient(port); WireClient pusher = new WireClient(port))
        {
            first.send("BLPOP", "k", "0");
            awaitBlocked(pusher, 1);
            second.send("BRPOP", "k", "0");
            awaitBlocked(pusher, 2);
            third.send("BLPOP", "k", "0");
            awaitBlocked(pusher, 3);
            assertEquals(":1\r\n", pusher.call("RPUSH", "k", "x"));
            assertEquals(array("k", "x"), first.reply());
            assertEquals(":2\r\n", pusher.call("RPUSH", "k", "y", "z"));
            // the list is [y, z] when the waiters run, in the order they blocked
            assertEquals(array("k", "z"), second.reply());
            assertEquals(array("k", "y"), third.reply());
            assertEquals(":0\r\n", pusher.call("EXISTS", "k"));

            first.send("BLPOP", "k", "0");
            awaitBlocked(pusher, 1);
            second.send("BLPOP", "k", "0");
            awaitBlocked(pusher, 2);
            assertEquals(":3\r\n", pusher.call("LPUSH", "k", "a", "b", "c"));
            assertEquals(array("k", "c"), first.reply());
            assertEquals(array("k", "b"), second.reply());
            assertEquals(array("a"), pusher.call("LRANGE", "k", "0", "-1"));
            pusher.call("DEL", "k");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldTakeThePushedKeyWhenWaitingOnSeveral(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient waiter = new WireClient(port); WireClient pusher = new WireClient(port))
        {
            pusher.call("RPUSH", "b", "1");
            pusher.call("RPUSH", "c", "2");
            assertEquals(array("b", "1"), waiter.call("BLPOP", "a", "b", "c", "0"));
            waiter.send("BRPOP", "a", "b", "c", "0");
            assertEquals(array("c", "2"), waiter.reply());
            waiter.send("BLPOP", "a", "b", "c", "0");
            awaitBlocked(pusher, 1);
            pusher.call("RPUSH", "c", "3");
            assertEquals(array("c", "3"), waiter.reply());
            waiter.send("BLMPOP", "0", "3", "a", "b", "c", "RIGHT", "COUNT", "2");
            awaitBlocked(pusher, 1);
            pusher.call("RPUSH", "b", "4", "5", "6");
            assertEquals("*2\r\n$1\r\nb\r\n" + array("6", "5"), waiter.reply());
            assertEquals(array("4"), pusher.call("LRANGE", "b", "0", "-1"));
            pusher.call("DEL", "b");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldServeDestinationWaiterWhenBlmoveIsServed(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient mover = new WireClient(port); WireClient popper = new WireClient(port);
            WireClient pusher = new WireClient(port))
        {
            mover.send("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
            awaitBlocked(pusher, 1);
            popper.send("BLPOP", "dst", "0");
            awaitBlocked(pusher, 2);
            assertEquals(":2\r\n", pusher.call("RPUSH", "src", "v", "w"));
            assertEquals("$1\r\nv\r\n", mover.reply());
            assertEquals(array("dst", "v"), popper.reply());
            assertEquals(array("w"), pusher.call("LRANGE", "src", "0", "-1"));
            assertEquals(":0\r\n", pusher.call("EXISTS", "dst"));

            mover.send("BRPOPLPUSH", "empty", "src", "0");
            awaitBlocked(pusher, 1);
            pusher.call("LPUSH", "empty", "x", "y");
            assertEquals("$1\r\nx\r\n", mover.reply());
            assertEquals(array("x", "w"), pusher.call("LRANGE", "src", "0", "-1"));
            assertEquals(array("y"), pusher.call("LRANGE", "empty", "0", "-1"));
            pusher.call("DEL", "src", "empty");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldTakeNothingWhenWaiterDisconnects(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient pusher = new WireClient(port))
        {
            final WireClient waiter = new WireClient(port);
            waiter.send("BLPOP", "k", "0");
            awaitBlocked(pusher, 1);
            waiter.close();
            awaitBlocked(pusher, 0);
            assertEquals(":1\r\n", pusher.call("RPUSH", "k", "v"));
            assertEquals(array("v"), pusher.call("LRANGE", "k", "0", "-1"));
            pusher.call("DEL", "k");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldRunPipelinedCommandsOnlyAfterBlpopIsServed(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient waiter = new WireClient(port); WireClient pusher = new WireClient(port))
        {
            waiter.send("BLPOP", "k", "0");
            waiter.send("RPUSH", "after", "1");
            waiter.send("LLEN", "k");
            awaitBlocked(pusher, 1);
            assertEquals(":0\r\n", pusher.call("EXISTS", "after"), "a command behind BLPOP ran early");
            pusher.call("RPUSH", "k", "v");
            assertEquals(array("k", "v"), waiter.reply());
            assertEquals(":1\r\n", waiter.reply());
            assertEquals(":0\r\n", waiter.reply());
            assertEquals(":1\r\n", pusher.call("EXISTS", "after"));
            pusher.call("DEL", "after");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldKeepWaitingWhenKeyBecomesAnotherType(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient waiter = new WireClient(port); WireClient mover = new WireClient(port);
            WireClient other = new WireClient(port))
        {
            waiter.send("BLPOP", "k", "0");
            awaitBlocked(other, 1);
            assertEquals("+OK\r\n", other.call("SET", "k", "x"));
            assertEquals(1, blockedClients(other), "woken by a string");
            other.call("DEL", "k");
            other.call("RPUSH", "k", "v");
            assertEquals(array("k", "v"), waiter.reply());

            // served into a destination of the wrong type: WRONGTYPE, and the element stays
            mover.send("BRPOPLPUSH", "src", "dst", "0");
            awaitBlocked(other, 1);
            other.call("SET", "dst", "x");
            other.call("RPUSH", "src", "v");
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", mover.reply());
            assertEquals(array("v"), other.call("LRANGE", "src", "0", "-1"));
            other.call("DEL", "src", "dst");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldKeepPlaceInLineWhenWakeUpServesNothing(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient early = new WireClient(port); WireClient late = new WireClient(port);
            WireClient other = new WireClient(port))
        {
            early.send("BLPOP", "shared", "0");
            awaitBlocked(other, 1);
            late.send("BLPOP", "own", "shared", "0");
            awaitBlocked(other, 2);
            // wakes the late client through its other key, without anything to pop
            other.call("SET", "own", "x");
            other.call("RPUSH", "shared", "v");
            assertEquals(array("shared", "v"), early.reply());
            other.call("RPUSH", "shared", "w");
            assertEquals(array("shared", "w"), late.reply());
            other.call("DEL", "own");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldKeepDeadlineWhenWakeUpServesNothing(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient waiter = new WireClient(port); WireClient other = new WireClient(port))
        {
            final long startNs = System.nanoTime();
            waiter.send("BLPOP", "k", "1");
            awaitBlocked(other, 1);
            Thread.sleep(600);
            other.call("SET", "k", "x");
            assertEquals("*-1\r\n", waiter.reply());
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            assertTrue(elapsedMs >= 1000 && elapsedMs < 1500, "timed out after " + elapsedMs + " ms");
            other.call("DEL", "k");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"krill", "redis"})
    void shouldCountBlockingCommandOnceWhenWokenSeveralTimes(final String target) throws Exception
    {
        final int port = port(target);
        try (WireClient waiter = new WireClient(port); WireClient other = new WireClient(port))
        {
            other.call("CONFIG", "RESETSTAT");
            assertEquals("*-1\r\n", waiter.call("BRPOP", "k", "0.01"));
            waiter.send("BRPOP", "k", "0");
            awaitBlocked(other, 1);
            other.call("SET", "k", "x");
            other.call("DEL", "k");
            other.call("RPUSH", "k", "v");
            assertEquals(array("k", "v"), waiter.reply());
            final String stats = other.callText("INFO", "commandstats");
            final int at = stats.indexOf("cmdstat_brpop:");
            assertEquals("cmdstat_brpop:calls=2", stats.substring(at, stats.indexOf(',', at)));
            assertTrue(stats.substring(at, stats.indexOf('\r', at)).endsWith("rejected_calls=0,failed_calls=0"));
        }
    }

    private static int port(final String target)
    {
        if ("krill".equals(target))
        {
            return krill.port();
        }
        Assumptions.assumeTrue(redis != null, "redis-server is not available: " + redisMissing);
        return redis.port();
    }

    /** Polls INFO until {@code count} clients are blocked, so the next step cannot overtake a waiter. */
    private static void awaitBlocked(final WireClient control, final int count) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_FOR_BLOCKED_MS);
        while (blockedClients(control) != count)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("blocked_clients never reached " + count);
            }
            Thread.sleep(2);
        }
    }

    private static int blockedClients(final WireClient control) throws IOException
    {
        final String info = control.callText("INFO", "clients");
        final int at = info.indexOf("blocked_clients:");
        final int end = info.indexOf('\r', at);
        return Integer.parseInt(info.substring(at + "blocked_clients:".length(), end));
    }

    private static String array(final String... elements)
    {
        final StringBuilder reply = new StringBuilder("*").append(elements.length).append("\r\n");
        for (final String element : elements)
        {
            reply.append('$').append(element.length()).append("\r\n").append(element).append("\r\n");
        }
        return reply.toString();
    }
}
