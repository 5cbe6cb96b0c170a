package io.krill.core.command;

import io.krill.core.keyspace.Keyspace;
import io.krill.core.persistence.RdbReader;
import io.krill.core.persistence.RdbWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: Krill's RDB files and DUMP payloads are interchangeable with Redis 7.0.15's, both ways, for every value
 * encoding, and byte-identical wherever Redis's encoding is deterministic.
 * Method: one seeded random dataset (strings of every RDB string form, lists of several node counts, hashes,
 * sets and sorted sets on both sides of their listpack/intset limits, HyperLogLogs, keys with expiries) is built
 * by the same commands on an in-process Krill node and on a real redis-server. Then: DUMP of every key must be
 * equal byte for byte (hashtable encodings compared by content, their order being Redis's hash seed); Krill's
 * RDB file must pass redis-check-rdb and load into a fresh redis-server with the same content; Redis's SAVEd
 * file must load into Krill with the same content; every DUMP must RESTORE on the other side. Skipped without
 * redis-server.
 */
class RdbRealRedisTest
{
    private static final long SEED = Long.getLong("rdb.seed", 20240607L);
    /** 2100-01-01: an expiry in the future for both Krill's test clock and the real server's. */
    private static final long FAR_EXPIRY_MS = 4102444800000L;

    @Test
    void shouldDumpSameBytesAsRedisWhenSameRandomCommands() throws Exception
    {
        final List<String[]> commands = randomDataset(new SplittableRandom(SEED));
        final InProcessNode krill = new InProcessNode();
        try (RealRedisServer redis = RealRedisServer.start();
            WireClient client = new WireClient(redis.port()))
        {
            apply(krill, client, commands);
            final List<String> keys = keys(krill);
            assertEquals(":" + keys.size() + "\r\n", client.call("DBSIZE"));
            final List<String> differing = new ArrayList<>();
            for (final String key : keys)
            {
                final String encoding = krill.call("OBJECT", "ENCODING", key);
                assertEquals(client.call("OBJECT", "ENCODING", key), encoding, key);
                assertEquals(RdbGoldenTest.content(client::call, key), RdbGoldenTest.content(krill, key), key);
                final byte[] krillDump = RdbGoldenTest.dump(krill, key);
                final byte[] redisDump = payload(client.call("DUMP", key));
                if (!encoding.contains("hashtable") && !Arrays.equals(krillDump, redisDump))
                {
                    differing.add(key + " " + encoding.replace("\r\n", " ").trim());
                }
            }
            assertEquals(List.of(), differing, "keys whose DUMP differs from Redis's (seed " + SEED + ")");
        }
    }

    @Test
    void shouldRestoreDumpsBothWaysWhenEveryEncoding() throws Exception
    {
        final List<String[]> commands = randomDataset(new SplittableRandom(SEED + 1));
        final InProcessNode krill = new InProcessNode();
        final InProcessNode krillCopy = new InProcessNode();
        try (RealRedisServer redis = RealRedisServer.start();
            WireClient client = new WireClient(redis.port()))
        {
            for (final String[] command : commands)
            {
                krill.call(command);
            }
            for (final String key : keys(krill))
            {
                final byte[] krillDump = RdbGoldenTest.dump(krill, key);
                assertEquals("+OK\r\n", client.call(bytes("RESTORE"), bytes(key), bytes("0"), krillDump), key);
                final byte[] redisDump = payload(client.call("DUMP", key));
                assertEquals("+OK\r\n", krillCopy.call(bytes("RESTORE"), bytes(key), bytes("0"), redisDump), key);
                assertEquals(RdbGoldenTest.content(krill, key), RdbGoldenTest.content(client::call, key), key);
                assertEquals(RdbGoldenTest.content(krill, key), RdbGoldenTest.content(krillCopy, key), key);
            }
        }
    }

    @Test
    void shouldLoadKrillRdbInRedisWhenWrittenByRdbWriter() throws Exception
    {
        final List<String[]> commands = randomDataset(new SplittableRandom(SEED + 2));
        final InProcessNode krill = new InProcessNode();
        for (final String[] command : commands)
        {
            krill.call(command);
        }
        final Path dir = Files.createTempDirectory("krill-rdb");
        try
        {
            final Path file = dir.resolve("krill.rdb");
            try (OutputStream out = Files.newOutputStream(file))
            {
                new RdbWriter(krill.keyspace, krill.nowMs()).writeAll(out, Map.of());
            }
            checkWithRedisCheckRdb(file, keys(krill).size());
            try (RealRedisServer redis = RealRedisServer.start("--dir", dir.toString(), "--dbfilename", "krill.rdb");
                WireClient client = new WireClient(redis.port()))
            {
                final List<String> keys = keys(krill);
                assertEquals(":" + keys.size() + "\r\n", client.call("DBSIZE"));
                for (final String key : keys)
                {
                    assertEquals(RdbGoldenTest.content(krill, key), RdbGoldenTest.content(client::call, key), key);
                    assertEquals(krill.call("PEXPIRETIME", key), client.call("PEXPIRETIME", key), key);
                }
                // and back: Redis's own file loads into Krill with the same content
                assertEquals("+OK\r\n", client.call("SAVE"));
                final Keyspace loaded = new Keyspace();
                final RdbReader reader = new RdbReader(krill.node.config());
                try (InputStream in = Files.newInputStream(file))
                {
                    assertEquals(keys.size(), reader.read(in, loaded, krill.nowMs()));
                }
                assertEquals(Integer.toString(keys.size()), Long.toString(loaded.size()));
            }
        }
        finally
        {
            try (var paths = Files.walk(dir))
            {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void checkWithRedisCheckRdb(final Path file, final int keys) throws Exception
    {
        if (!RealRedisServer.installed("redis-check-rdb"))
        {
            System.out.println("redis-check-rdb not installed: check skipped");
            return;
        }
        final Process process = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true)
            .start();
        final String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), report);
        assertTrue(report.contains("RDB looks OK"), report);
        assertTrue(report.contains("[info] " + keys + " keys read"), report);
    }

    // ------------------------------------------------------------------------------------------------ dataset

    /** Commands building keys of every encoding; deterministic for a given random source. */
    static List<String[]> randomDataset(final SplittableRandom random)
    {
        final List<String[]> commands = new ArrayList<>();
        for (int i = 0; i < 30; i++)
        {
            commands.add(new String[] {"SET", "s:" + i, randomString(random)});
        }
        commands.add(new String[] {"APPEND", "s:appended", "12"});
        commands.add(new String[] {"APPEND", "s:appended", "34"});
        commands.add(new String[] {"SET", "s:ttl", "v"});
        commands.add(new String[] {"PEXPIREAT", "s:ttl", Long.toString(FAR_EXPIRY_MS)});
        for (int i = 0; i < 8; i++)
        {
            final int size = pick(random, 1, 5, 40, 700, 3000);
            final List<String> push = new ArrayList<>(List.of(random.nextBoolean() ? "RPUSH" : "RPUSH", "l:" + i));
            for (int j = 0; j < size; j++)
            {
                push.add(randomElement(random));
                if (push.size() > 500)
                {
                    commands.add(push.toArray(new String[0]));
                    push.subList(2, push.size()).clear();
                }
            }
            if (push.size() > 2)
            {
                commands.add(push.toArray(new String[0]));
            }
        }
        for (int i = 0; i < 8; i++)
        {
            final int size = pick(random, 1, 3, 100, 600);
            final boolean bigValue = random.nextInt(4) == 0;
            final List<String> hset = new ArrayList<>(List.of("HSET", "h:" + i));
            for (int j = 0; j < size; j++)
            {
                hset.add("f" + j);
                hset.add(bigValue && j == 0 ? "x".repeat(80) : randomElement(random));
            }
            commands.add(hset.toArray(new String[0]));
        }
        for (int i = 0; i < 10; i++)
        {
            final int size = pick(random, 1, 4, 50, 600);
            final int kind = random.nextInt(4);
            final List<String> sadd = new ArrayList<>(List.of("SADD", "set:" + i));
            for (int j = 0; j < size; j++)
            {
                sadd.add(kind == 0 ? Integer.toString(j * 3 - 7) : kind == 1 ? Long.toString(j * 100_000L) :
                    kind == 2 ? Long.toString(j * 10_000_000_000L) : "m" + j);
            }
            commands.add(sadd.toArray(new String[0]));
        }
        final String[] scores = {"0", "-0", "1", "2.5", "-3", "1e20", "inf", "-inf", "123456789", "0.1",
            "4611686018427387904", "9007199254740993", "-1.5e-7"};
        for (int i = 0; i < 8; i++)
        {
            final int size = pick(random, 1, 3, 60, 300);
            final List<String> zadd = new ArrayList<>(List.of("ZADD", "z:" + i));
            for (int j = 0; j < size; j++)
            {
                zadd.add(random.nextInt(3) == 0 ? scores[random.nextInt(scores.length)] :
                    Double.toString(random.nextInt(1000) / 4.0));
                zadd.add(random.nextInt(10) == 0 ? Integer.toString(j) : "member:" + j);
            }
            commands.add(zadd.toArray(new String[0]));
        }
        final List<String> pfadd = new ArrayList<>(List.of("PFADD", "hll:small"));
        for (int j = 0; j < 50; j++)
        {
            pfadd.add("e" + j);
        }
        commands.add(pfadd.toArray(new String[0]));
        commands.add(new String[] {"HSET", "h:ttl", "a", "1"});
        commands.add(new String[] {"PEXPIREAT", "h:ttl", Long.toString(FAR_EXPIRY_MS + 1)});
        return commands;
    }

    private static int pick(final SplittableRandom random, final int... choices)
    {
        return choices[random.nextInt(choices.length)];
    }

    private static String randomElement(final SplittableRandom random)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return Integer.toString(random.nextInt(-100_000, 100_000));
            case 1:
                return "v" + random.nextInt(1000);
            case 2:
                return "item-" + "ab".repeat(random.nextInt(1, 20));
            default:
                return Long.toString(random.nextLong());
        }
    }

    private static String randomString(final SplittableRandom random)
    {
        switch (random.nextInt(7))
        {
            case 0:
                return Integer.toString(random.nextInt(-128, 128));
            case 1:
                return Integer.toString(random.nextInt());
            case 2:
                return Long.toString(random.nextLong());
            case 3:
                return "a".repeat(random.nextInt(21, 300));
            case 4:
                return "0" + random.nextInt(100);
            case 5:
            {
                final StringBuilder text = new StringBuilder();
                for (int i = 0, n = random.nextInt(1, 100); i < n; i++)
                {
                    text.append((char)random.nextInt('a', 'z' + 1));
                }
                return text.toString();
            }
            default:
                return "";
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void apply(final InProcessNode krill, final WireClient redis, final List<String[]> commands)
        throws IOException
    {
        for (final String[] command : commands)
        {
            assertEquals(redis.call(command), krill.call(command), String.join(" ", command));
        }
    }

    private static List<String> keys(final InProcessNode node)
    {
        final String reply = node.call("KEYS", "*");
        final List<String> keys = new ArrayList<>();
        final String[] lines = reply.split("\r\n");
        for (int i = 2; i < lines.length; i += 2)
        {
            keys.add(lines[i]);
        }
        keys.sort(null);
        return keys;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] payload(final String bulkReply)
    {
        assertTrue(bulkReply.startsWith("$") && !bulkReply.startsWith("$-1"), bulkReply);
        final int start = bulkReply.indexOf("\r\n") + 2;
        return bulkReply.substring(start, bulkReply.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
    }
}
