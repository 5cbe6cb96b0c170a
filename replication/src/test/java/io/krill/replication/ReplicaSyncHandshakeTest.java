package io.krill.replication;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the handshake branches the fixtures do not cover: AUTH pipelined with the REPLCONFs, PSYNC with a known
 * history, +CONTINUE with a new id, -NOMASTERLINK, keep-alive newlines, and the timeout.
 * Method: feed scripted master replies to a ReplicaSync and compare what it sends (as text).
 */
class ReplicaSyncHandshakeTest
{
    private static ReplicaSyncFixtureTest.Run run()
    {
        return new ReplicaSyncFixtureTest.Run();
    }

    private static void feed(final ReplicaSyncFixtureTest.Run run, final ReplicaSync sync, final String text,
        final long nowMs)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        sync.onBytes(new UnsafeBuffer(bytes), 0, bytes.length, nowMs);
    }

    private static String drain(final ReplicaSync sync)
    {
        final byte[] out = new byte[sync.outputLength()];
        sync.output().getBytes(0, out);
        sync.consumeOutput(out.length);
        return new String(out, StandardCharsets.ISO_8859_1).replace("\r\n", " ").replaceAll("[*$]\\d+ ", "").trim();
    }

    @Test
    void shouldPipelineAuthAndContinueOwnHistoryWhenConfigured()
    {
        final ReplicaSyncFixtureTest.Run run = run();
        final ReplicaSync sync = new ReplicaSync(run.log, run, 7000, "10.0.0.1", "user", "secret", 60_000);
        run.log.resetTo("3646c1d0b072e4ed649bd98ed38ca9351f9448b2", 500);
        sync.continueOwnHistory(true);
        sync.onConnected(0);
        assertEquals("PING", drain(sync));
        feed(run, sync, "-NOAUTH Authentication required.\r\n", 1);
        assertEquals("AUTH user secret REPLCONF listening-port 7000 REPLCONF ip-address 10.0.0.1 " +
            "REPLCONF capa eof capa psync2", drain(sync));
        feed(run, sync, "+OK\r\n+OK\r\n-ERR unknown\r\n", 2);
        assertEquals("", drain(sync));
        feed(run, sync, "+OK\r\n", 3);
        assertEquals("PSYNC 3646c1d0b072e4ed649bd98ed38ca9351f9448b2 501", drain(sync));
        feed(run, sync, "\n+CONTINUE 707063e9ea425d44f36e78b27c517844deb72fc9\r\n*1\r\n$4\r\nping\r\n", 4);
        assertEquals(ReplicaSync.State.CONNECTED, sync.state());
        assertEquals("707063e9ea425d44f36e78b27c517844deb72fc9", run.log.replid());
        assertEquals("3646c1d0b072e4ed649bd98ed38ca9351f9448b2", run.log.replid2());
        assertEquals(514, run.log.offset());
        assertEquals(1, run.commands.size());
    }

    @Test
    void shouldFailWhenAuthRefused()
    {
        final ReplicaSyncFixtureTest.Run run = run();
        final ReplicaSync sync = new ReplicaSync(run.log, run, 7000, null, null, "bad", 60_000);
        sync.onConnected(0);
        feed(run, sync, "+PONG\r\n-WRONGPASS invalid username-password pair\r\n", 1);
        assertEquals(ReplicaSync.State.FAILED, sync.state());
        assertTrue(sync.failure().contains("AUTH"), sync.failure());
    }

    @Test
    void shouldFailWhenMasterHasNoLinkItself()
    {
        final ReplicaSyncFixtureTest.Run run = run();
        final ReplicaSync sync = run.sync;
        sync.onConnected(0);
        feed(run, sync, "+PONG\r\n+OK\r\n+OK\r\n-NOMASTERLINK Can't SYNC while not connected with my master\r\n", 1);
        assertEquals(ReplicaSync.State.FAILED, sync.state());
        assertTrue(sync.failure().contains("NOMASTERLINK"), sync.failure());
    }

    @Test
    void shouldFailWhenMasterSilentPastTimeout()
    {
        final ReplicaSyncFixtureTest.Run run = run();
        final ReplicaSync sync = run.sync;
        sync.onConnected(0);
        feed(run, sync, "+PONG\r\n+OK\r\n+OK\r\n+CONTINUE\r\n", 10);
        sync.onTick(30_000);
        assertEquals(ReplicaSync.State.CONNECTED, sync.state());
        sync.onTick(60_011);
        assertEquals(ReplicaSync.State.FAILED, sync.state());
    }

    @Test
    void shouldSkipKeepAlivesWhenWaitingForSnapshot()
    {
        final ReplicaSyncFixtureTest.Run run = run();
        final ReplicaSync sync = run.sync;
        sync.onConnected(0);
        feed(run, sync, "+PONG\r\n+OK\r\n+OK\r\n+FULLRESYNC 3646c1d0b072e4ed649bd98ed38ca9351f9448b2 77\r\n\n\n", 1);
        assertEquals(ReplicaSync.State.AWAIT_SNAPSHOT, sync.state());
        feed(run, sync, "$3\r\nabc*1\r\n$4\r\nPING\r\n", 2);
        assertEquals(ReplicaSync.State.CONNECTED, sync.state());
        assertEquals("abc", run.snapshot.toString(StandardCharsets.ISO_8859_1));
        assertEquals(77 + 14, run.log.offset());
    }
}
