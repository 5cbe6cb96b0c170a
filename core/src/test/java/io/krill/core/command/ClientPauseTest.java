package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/*
 * Goal: CLIENT PAUSE and CLIENT UNPAUSE behave as in Redis 7.0: the same replies and errors, WRITE holds writes and
 * PUBLISH but serves reads, ALL holds everything, held commands run (not fail) when the pause ends or on UNPAUSE,
 * and a new pause keeps the later end time.
 * Method: one scenario over real sockets against a real redis-server and against Krill; replies are compared
 * exactly and the time a held command waited is classified (held about the pause's length, or served at once).
 */
class ClientPauseTest
{
    private static final long PAUSE_MS = 300;

    @Test
    void shouldHoldCommandsLikeRedisWhenClientsArePaused() throws Exception
    {
        final List<String> expected;
        try (RealRedisServer redis = RealRedisServer.start())
        {
            expected = scenario(redis.port());
        }
        final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        try
        {
            assertEquals(expected, scenario(krill.port()));
        }
        finally
        {
            krill.close();
        }
    }

    private static List<String> scenario(final int port) throws Exception
    {
        final List<String> seen = new ArrayList<>();
        try (WireClient admin = new WireClient(port);
            WireClient writer = new WireClient(port);
            WireClient reader = new WireClient(port))
        {
            seen.add(admin.call("CLIENT", "PAUSE"));
            seen.add(admin.call("CLIENT", "PAUSE", "abc"));
            seen.add(admin.call("CLIENT", "PAUSE", "-1"));
            seen.add(admin.call("CLIENT", "PAUSE", "1.5"));
            seen.add(admin.call("CLIENT", "PAUSE", "10", "foo"));
            seen.add(admin.call("CLIENT", "PAUSE", "abc", "foo"));
            seen.add(admin.call("CLIENT", "PAUSE", "10", "write", "extra"));
            seen.add(admin.call("CLIENT", "UNPAUSE", "x"));
            seen.add(admin.call("CLIENT", "PAUSE", "0", "WrItE"));
            seen.add(admin.call("CLIENT", "UNPAUSE"));
            seen.add(admin.call("SET", "k", "before"));

            // WRITE: reads are served at once, writes and PUBLISH wait for the end of the pause, then run
            seen.add(admin.call("CLIENT", "PAUSE", Long.toString(PAUSE_MS), "WRITE"));
            seen.add(timed(reader, "GET", "k"));
            seen.add(timed(writer, "SET", "k", "during"));
            seen.add(reader.call("GET", "k"));
            seen.add(admin.call("CLIENT", "PAUSE", Long.toString(PAUSE_MS), "WRITE"));
            seen.add(timed(writer, "PUBLISH", "channel", "message"));
            seen.add(admin.call("PFADD", "hll", "a"));
            seen.add(admin.call("CLIENT", "PAUSE", Long.toString(PAUSE_MS), "WRITE"));
            seen.add(timed(writer, "PFCOUNT", "hll"));
            seen.add(timed(reader, "PING"));

            // a shorter pause does not shorten the one in force
            seen.add(admin.call("CLIENT", "PAUSE", Long.toString(PAUSE_MS), "WRITE"));
            seen.add(admin.call("CLIENT", "PAUSE", "10", "WRITE"));
            Thread.sleep(50);
            seen.add(timed(writer, "SET", "k", "later"));

            // UNPAUSE releases a held write at once
            seen.add(admin.call("CLIENT", "PAUSE", "10000", "WRITE"));
            final long sentNs = System.nanoTime();
            writer.send("INCR", "counter");
            Thread.sleep(50);
            seen.add(admin.call("CLIENT", "UNPAUSE"));
            seen.add(writer.reply());
            final long waitedMs = (System.nanoTime() - sentNs) / 1_000_000;
            seen.add(waitedMs < 2000 ? "released by UNPAUSE" : "held " + waitedMs + " ms");

            // ALL: even reads wait
            seen.add(admin.call("CLIENT", "PAUSE", Long.toString(PAUSE_MS)));
            seen.add(timed(reader, "GET", "k"));
            seen.add(reader.call("GET", "counter"));
        }
        return seen;
    }

    /** The reply, and whether the command waited about a pause or was served at once. */
    private static String timed(final WireClient client, final String... args) throws Exception
    {
        final long startNs = System.nanoTime();
        final String reply = client.call(args);
        final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        final String waited;
        if (elapsedMs >= PAUSE_MS - 100)
        {
            waited = "held";
        }
        else if (elapsedMs < 100)
        {
            waited = "served at once";
        }
        else
        {
            waited = "waited " + elapsedMs + " ms";
        }
        return reply + " " + waited;
    }
}
