package io.krill.replication;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/*
 * Goal: the replica-side state machine speaks exactly what a Redis 7.0.15 replica spoke to its master in the
 * captured fixtures (fixtures/replication, README section 3), for a disk-based ($<len>) and a diskless ($EOF:)
 * full sync.
 * Method: feed master-to-replica.bin to a ReplicaSync (whole, and split at every possible point for the
 * handshake/snapshot boundaries), tick the clock where the capture shows the periodic ACKs, and compare
 * everything it asked to send with replica-to-master.bin byte for byte (listening port 7611 as captured); check
 * the snapshot bytes equal full-sync.rdb, the commands handed over, and the offsets.
 */
class ReplicaSyncFixtureTest
{
    private static final int CAPTURED_PORT = 7611;
    private static final int SNAPSHOT_END_DISK = 79 + 476;
    private static final int SNAPSHOT_END_DISKLESS = 636;

    @Test
    void shouldSendCapturedBytesWhenReplayingDiskBasedSync() throws IOException
    {
        final byte[] master = fixture("master-to-replica.bin");
        final Run run = new Run();
        run.sync.onConnected(0);
        run.feed(master, 0, SNAPSHOT_END_DISK, 10);
        assertEquals(ReplicaSync.State.CONNECTED, run.sync.state());
        run.sync.onTick(1010);
        run.feed(master, SNAPSHOT_END_DISK, master.length - SNAPSHOT_END_DISK, 1330);
        run.sync.onTick(2020);

        assertArrayEquals(fixture("replica-to-master.bin"), run.sent(), () -> "sent:\n" + text(run.sent()));
        assertArrayEquals(fixture("full-sync.rdb"), run.snapshot.toByteArray());
        assertEquals("3646c1d0b072e4ed649bd98ed38ca9351f9448b2", run.log.replid());
        assertEquals(321, run.log.offset());
        assertEquals(List.of("SELECT 0", "SET str2 world", "INCR int", "LPUSH list x", "HSET hash f4 v4",
            "PEXPIREAT str", "DEL strset", "SET tmp v PXAT"), run.commandPrefixes());
    }

    @Test
    void shouldSendCapturedBytesWhenReplayingDisklessSync() throws IOException
    {
        final byte[] master = fixture("diskless-master-to-replica.bin");
        final Run run = new Run();
        run.sync.onConnected(0);
        run.feed(master, 0, SNAPSHOT_END_DISKLESS, 3);
        run.sync.onTick(1004);
        run.feed(master, SNAPSHOT_END_DISKLESS, master.length - SNAPSHOT_END_DISKLESS, 1216);
        run.sync.onTick(2008);

        assertArrayEquals(fixture("diskless-replica-to-master.bin"), run.sent(), () -> "sent:\n" + text(run.sent()));
        assertArrayEquals(fixture("diskless-full-sync.rdb"), run.snapshot.toByteArray());
        assertEquals("707063e9ea425d44f36e78b27c517844deb72fc9", run.log.replid());
        assertEquals(321, run.log.offset());
        assertEquals(8, run.commands.size());
    }

    @Test
    void shouldReachSameStateWhenBytesArriveOneAtATime() throws IOException
    {
        for (final String file : new String[] {"master-to-replica.bin", "diskless-master-to-replica.bin"})
        {
            final byte[] master = fixture(file);
            final Run run = new Run();
            run.sync.onConnected(0);
            for (int i = 0; i < master.length; i++)
            {
                run.feed(master, i, 1, 5);
            }
            assertEquals(ReplicaSync.State.CONNECTED, run.sync.state(), file);
            assertEquals(321, run.log.offset(), file);
            assertEquals(321, run.sync.readOffset(), file);
            assertEquals(476, run.snapshot.size(), file);
            assertEquals(8, run.commands.size(), file);
            assertNull(run.sync.failure());
        }
    }

    @Test
    void shouldFailWhenSnapshotCannotBeLoaded() throws IOException
    {
        final byte[] master = fixture("master-to-replica.bin");
        final Run run = new Run();
        run.loadError = "bad RDB";
        run.sync.onConnected(0);
        run.feed(master, 0, master.length, 10);
        assertEquals(ReplicaSync.State.FAILED, run.sync.state());
        assertEquals(0, run.commands.size());
    }

    static byte[] fixture(final String name) throws IOException
    {
        try (InputStream in = ReplicaSyncFixtureTest.class.getResourceAsStream("fixtures/" + name))
        {
            if (in == null)
            {
                throw new IOException("missing fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
    }

    /** A ReplicaSync with a recording listener and an output collector. */
    static final class Run implements ReplicaSyncListener
    {
        final ReplicationLog log = new ReplicationLog(new SeqRandom(), 1024 * 1024);
        final ReplicaSync sync = new ReplicaSync(log, this, CAPTURED_PORT, null, null, null, 60_000);
        final java.io.ByteArrayOutputStream snapshot = new java.io.ByteArrayOutputStream();
        final java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        final List<String> commands = new ArrayList<>();
        String loadError;

        void feed(final byte[] bytes, final int offset, final int length, final long nowMs)
        {
            sync.onBytes(new UnsafeBuffer(bytes), offset, length, nowMs);
            drain();
        }

        void drain()
        {
            final byte[] out = new byte[sync.outputLength()];
            sync.output().getBytes(0, out);
            sent.writeBytes(out);
            sync.consumeOutput(out.length);
        }

        byte[] sent()
        {
            drain();
            return sent.toByteArray();
        }

        List<String> commandPrefixes()
        {
            final List<String> prefixes = new ArrayList<>();
            for (final String command : commands)
            {
                final String[] words = command.split(" ");
                final int keep = words[0].equals("PEXPIREAT") ? 2 : words[0].equals("SET") && words.length > 3 ? 4
                    : words.length;
                prefixes.add(String.join(" ", Arrays.copyOf(words, keep)));
            }
            return prefixes;
        }

        @Override
        public void onFullResync(final String masterReplid, final long masterOffset)
        {
        }

        @Override
        public void onSnapshotBytes(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            snapshot.writeBytes(bytes);
        }

        @Override
        public String onSnapshotEnd()
        {
            return loadError;
        }

        @Override
        public void onPartialResync(final String masterReplid)
        {
        }

        @Override
        public void onCommand(final DirectBuffer buffer, final int offset, final int length)
        {
            // decode the multibulk for the assertion (tests may allocate)
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            final String raw = new String(bytes, StandardCharsets.ISO_8859_1);
            final String[] lines = raw.split("\r\n");
            final StringBuilder words = new StringBuilder();
            for (int i = 2; i < lines.length; i += 2)
            {
                words.append(words.length() == 0 ? "" : " ").append(lines[i]);
            }
            commands.add(words.toString());
        }
    }

    /** A fixed, deterministic random sequence. */
    static final class SeqRandom implements RandomSource
    {
        private long next = 0x0123456789abcdefL;

        @Override
        public long nextLong()
        {
            next = next * 6364136223846793005L + 1442695040888963407L;
            return next;
        }
    }
}
