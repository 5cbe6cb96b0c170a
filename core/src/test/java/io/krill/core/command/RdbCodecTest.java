package io.krill.core.command;

import io.krill.core.keyspace.Keyspace;
import io.krill.core.persistence.Crc64;
import io.krill.core.persistence.Lzf;
import io.krill.core.persistence.RdbFormatException;
import io.krill.core.persistence.RdbReader;
import io.krill.core.persistence.RdbWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the RDB codec's primitives are right (CRC-64 check value, LZF round trip), a seeded random dataset
 * survives write -> read unchanged from a stream and from a DirectBuffer, and corrupt input (truncation, bad
 * checksum, absurd lengths, a flipped byte) fails with a clear error and changes nothing: RESTORE leaves the
 * existing key alone, and a load never throws anything but RdbFormatException.
 * Method: in-process nodes; corruptions derived from real DUMP payloads and RDB files, all seeded.
 */
class RdbCodecTest
{
    @Test
    void shouldMatchJonesCheckValueWhenCrc64()
    {
        final byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of(check, 0, check.length));
    }

    @Test
    void shouldRoundTripWhenLzfCompressesAndDecompresses() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(5);
        final Lzf lzf = new Lzf();
        for (int round = 0; round < 200; round++)
        {
            final byte[] input = new byte[random.nextInt(1, 20_000)];
            final int alphabet = random.nextInt(1, 256);
            for (int i = 0; i < input.length; i++)
            {
                input[i] = (byte)random.nextInt(alphabet);
            }
            final byte[] out = new byte[input.length + input.length / 16 + 64];
            final int compressed = lzf.compress(input, 0, input.length, out, 0, out.length);
            assertTrue(compressed > 0);
            final byte[] back = new byte[input.length];
            Lzf.decompress(out, 0, compressed, back);
            assertArrayEquals(input, back);
        }
    }

    @Test
    void shouldReadBackSameDatasetWhenWrittenAndLoaded() throws Exception
    {
        final InProcessNode source = new InProcessNode();
        for (final String[] command : RdbRealRedisTest.randomDataset(new SplittableRandom(11)))
        {
            source.call(command);
        }
        final RdbWriter writer = new RdbWriter(source.keyspace, source.nowMs());
        final byte[] rdb = writer.toByteArray(Map.of("repl-stream-db", "0", "repl-id", "x".repeat(40),
            "repl-offset", "0"));
        assertEquals(source.keyspace.size(), writer.keysWritten());

        final InProcessNode fromStream = new InProcessNode();
        assertEquals(source.keyspace.size(),
            RdbReader.load(new ByteArrayInputStream(rdb), fromStream.keyspace, source.nowMs()));
        final InProcessNode fromBuffer = new InProcessNode();
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(rdb.length + 10));
        direct.putBytes(7, rdb);
        assertEquals(source.keyspace.size(), RdbReader.load(direct, 7, rdb.length, fromBuffer.keyspace,
            source.nowMs()));
        for (final String key : keys(source))
        {
            final String expected = RdbGoldenTest.content(source, key);
            assertEquals(expected, RdbGoldenTest.content(fromStream, key), key);
            assertEquals(expected, RdbGoldenTest.content(fromBuffer, key), key);
            if (!expected.startsWith("+string"))
            {
                // strings are re-encoded on load as Redis does (an appended "1234" loads as "int")
                assertEquals(source.call("OBJECT", "ENCODING", key), fromStream.call("OBJECT", "ENCODING", key),
                    key);
            }
            assertEquals(source.call("PEXPIRETIME", key), fromStream.call("PEXPIRETIME", key), key);
        }
        // written again, the loaded keyspace has the same size (key order may differ with table layout)
        final byte[] again = new RdbWriter(fromStream.keyspace, source.nowMs()).usedMemoryBytes(1)
            .toByteArray(Map.of());
        assertEquals(new RdbWriter(source.keyspace, source.nowMs()).usedMemoryBytes(1).toByteArray(Map.of())
            .length, again.length);
    }

    @Test
    void shouldDropExpiredKeysWhenLoadingAsMaster() throws Exception
    {
        final InProcessNode source = new InProcessNode();
        source.call("SET", "gone", "1");
        source.call("PEXPIREAT", "gone", Long.toString(source.nowMs() + 1000));
        source.call("SET", "kept", "1");
        final byte[] rdb = new RdbWriter(source.keyspace, source.nowMs()).toByteArray(Map.of());
        final RdbReader reader = new RdbReader(source.node.config());
        assertEquals(1, reader.read(new ByteArrayInputStream(rdb), new Keyspace(), source.nowMs() + 2000));
        assertEquals(1, reader.keysExpired());
        assertEquals(2, reader.keepExpired(true).read(new ByteArrayInputStream(rdb), new Keyspace(),
            source.nowMs() + 2000));
    }

    @Test
    void shouldRejectAndKeepKeyWhenRestorePayloadCorrupt() throws Exception
    {
        final byte[] payload = Files.readAllBytes(Paths.get("/work/shared/fixtures/rdb/dump-list-large.bin"));
        final InProcessNode node = new InProcessNode();
        node.call("SET", "k", "old");
        final byte[] key = RdbGoldenTest.ascii("k");
        final byte[] zero = RdbGoldenTest.ascii("0");
        final byte[] replace = RdbGoldenTest.ascii("REPLACE");
        final byte[] restore = RdbGoldenTest.ascii("RESTORE");
        final String badPayload = "-ERR DUMP payload version or checksum are wrong\r\n";
        // truncations and a flipped byte break the CRC
        for (final int length : List.of(0, 5, 9, 10, payload.length / 2, payload.length - 1))
        {
            assertEquals(badPayload, node.call(restore, key, zero, java.util.Arrays.copyOf(payload, length),
                replace), "truncated to " + length);
        }
        final byte[] flipped = payload.clone();
        flipped[100] ^= 0x40;
        assertEquals(badPayload, node.call(restore, key, zero, flipped, replace));
        // a newer RDB version is refused
        final byte[] newer = withFooter(java.util.Arrays.copyOf(payload, payload.length - 10), 11);
        assertEquals(badPayload, node.call(restore, key, zero, newer, replace));
        // valid CRC over nonsense: absurd lengths, unknown types, a truncated value
        final SplittableRandom random = new SplittableRandom(3);
        final byte[][] bodies = {
            {0, (byte)0x81, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, 1},
            {2, (byte)0x80, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xf0},
            {18, 1, 2, (byte)0xc3, 5, (byte)0x80, 0x7f, (byte)0xff, (byte)0xff, (byte)0xff, 1, 2, 3, 4, 5},
            {42, 0},
            {15, 0},
            {0, 10, 'a'},
            {4, 0},
        };
        for (final byte[] body : bodies)
        {
            assertEquals("-ERR Bad data format\r\n", node.call(restore, key, zero, withFooter(body, 10), replace),
                "body starting " + body[0]);
        }
        for (int round = 0; round < 300; round++)
        {
            final byte[] body = java.util.Arrays.copyOf(payload, payload.length - 10);
            for (int flips = random.nextInt(1, 4); flips > 0; flips--)
            {
                body[random.nextInt(body.length)] = (byte)random.nextInt(256);
            }
            final String reply = node.call(restore, key, zero, withFooter(body, 10), replace);
            assertTrue(reply.equals("+OK\r\n") || reply.equals("-ERR Bad data format\r\n"), reply);
            if (reply.startsWith("+"))
            {
                node.call("SET", "k", "old");
            }
        }
        assertEquals("$3\r\nold\r\n", node.call("GET", "k"), "the key survived every failed RESTORE");
    }

    @Test
    void shouldFailCleanlyWhenRdbFileCorrupt() throws Exception
    {
        final byte[] rdb = Files.readAllBytes(Paths.get("/work/shared/fixtures/replication/full-sync.rdb"));
        final byte[] checksum = rdb.clone();
        checksum[rdb.length - 1] ^= 1;
        final RdbFormatException bad = assertThrows(RdbFormatException.class, () -> new RdbReader(
            new InProcessNode().node.config()).skipUnsupported(true).read(new ByteArrayInputStream(checksum),
            new Keyspace(), 0));
        assertTrue(bad.getMessage().contains("checksum"), bad.getMessage());
        final RdbFormatException signature = assertThrows(RdbFormatException.class, () -> RdbReader.load(
            new ByteArrayInputStream("REDIS0011xxxx".getBytes(StandardCharsets.US_ASCII)), new Keyspace(), 0));
        assertTrue(signature.getMessage().contains("version 11"), signature.getMessage());
        final SplittableRandom random = new SplittableRandom(9);
        for (int round = 0; round < 300; round++)
        {
            final byte[] corrupt = java.util.Arrays.copyOf(rdb, random.nextInt(rdb.length));
            if (corrupt.length > 0 && random.nextBoolean())
            {
                corrupt[random.nextInt(corrupt.length)] = (byte)random.nextInt(256);
            }
            assertThrows(RdbFormatException.class, () -> new RdbReader(new InProcessNode().node.config())
                .skipUnsupported(true).read(new ByteArrayInputStream(corrupt), new Keyspace(), 0));
        }
    }

    private static byte[] withFooter(final byte[] body, final int version)
    {
        final byte[] payload = java.util.Arrays.copyOf(body, body.length + 10);
        payload[body.length] = (byte)version;
        payload[body.length + 1] = 0;
        final long crc = Crc64.of(payload, 0, body.length + 2);
        for (int i = 0; i < 8; i++)
        {
            payload[body.length + 2 + i] = (byte)(crc >>> (8 * i));
        }
        return payload;
    }

    private static List<String> keys(final InProcessNode node)
    {
        final String[] lines = node.call("KEYS", "*").split("\r\n");
        final java.util.ArrayList<String> keys = new java.util.ArrayList<>();
        for (int i = 2; i < lines.length; i += 2)
        {
            keys.add(lines[i]);
        }
        return keys;
    }
}
