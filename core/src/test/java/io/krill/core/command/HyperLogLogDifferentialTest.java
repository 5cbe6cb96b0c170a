package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/*
 * Goal: Krill's HLL values are byte-identical to Redis 7.0's after any sequence of PFADD, PFCOUNT and PFMERGE, and
 * PFCOUNT gives exactly Redis's number: the sparse opcodes, the promotion to dense (by a register above 32 or by
 * hll-sparse-max-bytes), the cached cardinality in the header and the estimator.
 * Method: seeded random PFADD streams (0, 1, 10, 1000 and 100000 elements, drawn with repetition from a pool, some
 * elements binary) are sent to a real redis-server and to an in-process Krill; every reply is compared, and every
 * few commands so are PFCOUNT and the GET bytes of the key. Merges of sparse and dense values and a small
 * hll-sparse-max-bytes are compared the same way. Skipped when redis-server is absent. The seed is printed.
 */
class HyperLogLogDifferentialTest
{
    private static final long SEED = Long.getLong("hll.seed", System.nanoTime());

    private static RealRedisServer redis;
    private static KrillServer krill;
    private static WireClient reference;
    private static WireClient target;

    private SplittableRandom random;

    @BeforeAll
    static void start() throws Exception
    {
        redis = RealRedisServer.start();
        krill = KrillServer.start(ServerConfig.parse("--port", "0"));
        reference = new WireClient(redis.port());
        target = new WireClient(krill.port());
        System.out.println("HyperLogLogDifferentialTest seed: -Dhll.seed=" + SEED);
    }

    @AfterAll
    static void stop() throws Exception
    {
        if (reference != null)
        {
            reference.close();
            target.close();
        }
        if (krill != null)
        {
            krill.close();
        }
        if (redis != null)
        {
            redis.close();
        }
    }

    @BeforeEach
    void reset() throws IOException
    {
        random = new SplittableRandom(SEED);
        both("FLUSHALL");
        both("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
    }

    @Test
    void shouldMatchRedisBytesWhenAddingStreamsOfEverySize() throws IOException
    {
        for (final int size : new int[] {0, 1, 10, 1000, 100_000})
        {
            addStream("hll:" + size, size, size / 50 + 1);
        }
        // several keys counted at once merge without touching the keys
        both("PFCOUNT", "hll:0", "hll:1", "hll:10", "hll:1000", "hll:100000", "missing");
        both("PFCOUNT", "hll:10", "hll:1000");
        compareKey("hll:1000");
    }

    @Test
    void shouldMatchRedisWhenMergingSparseAndDense() throws IOException
    {
        addStream("sparse1", 200, 5);
        addStream("sparse2", 300, 5);
        addStream("dense", 20_000, 100);
        both("PFDEBUG", "ENCODING", "sparse1");
        both("PFDEBUG", "ENCODING", "dense");
        both("PFMERGE", "s12", "sparse1", "sparse2");
        compareKey("s12");
        both("PFMERGE", "sd", "sparse1", "dense");
        compareKey("sd");
        both("PFMERGE", "sparse2", "sparse1");
        compareKey("sparse2");
        both("PFMERGE", "sparse1", "dense", "missing");
        compareKey("sparse1");
        both("PFMERGE", "empty", "missing");
        compareKey("empty");
        both("PFMERGE", "dense", "s12");
        compareKey("dense");
        both("PFCOUNT", "s12", "sd", "dense");
        both("PFDEBUG", "TODENSE", "s12");
        compareKey("s12");
    }

    @Test
    void shouldPromoteLikeRedisWhenSparseLimitIsSmall() throws IOException
    {
        for (final String limit : new String[] {"0", "30", "100", "500"})
        {
            both("CONFIG", "SET", "hll-sparse-max-bytes", limit);
            addStream("small:" + limit, 300, 2);
            both("PFDEBUG", "ENCODING", "small:" + limit);
        }
        both("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
    }

    @Test
    void shouldAnswerLikeRedisWhenValueIsNotAnHll() throws IOException
    {
        final String header = "HYLL\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0080";
        final String[][] values = {
            {"plain"}, {"12345"}, {"HYLL"}, {header}, {header + "\u007f\u00ff"}, {header + "\u007f\u00fe"},
            {header + "\u007f\u00ff\u0080"}, {header + "\u007f"}, {header + "\u0080\u007f\u00fe"},
            {"HYLL\u0002" + header.substring(5) + "\u007f\u00ff"},
            {"HYLL\u0000" + header.substring(5) + "\u007f\u00ff"},
            {header + "\u00ff\u00ff\u00ff\u00ff\u007f\u00f0"},
        };
        for (final String[] value : values)
        {
            both("SET", "v", value[0]);
            both("PFCOUNT", "v");
            both("PFCOUNT", "v", "missing");
            both("PFADD", "v", "a", "b");
            compareKey("v");
            both("PFMERGE", "dest", "v");
            both("OBJECT", "ENCODING", "v");
        }
    }

    /** PFADDs {@code size} elements in batches, comparing replies, and PFCOUNT and GET every few batches. */
    private void addStream(final String key, final int size, final int compareEveryBatches) throws IOException
    {
        // a pool smaller than the stream makes duplicates
        final int pool = Math.max(1, size * 3 / 4);
        both("PFADD", key);
        int added = 0;
        int batches = 0;
        while (added < size)
        {
            final int batch = Math.min(size - added, 1 + random.nextInt(40));
            final List<String> command = new ArrayList<>();
            command.add("PFADD");
            command.add(key);
            for (int i = 0; i < batch; i++)
            {
                command.add(element(random.nextInt(pool)));
            }
            both(command.toArray(new String[0]));
            added += batch;
            if (++batches % compareEveryBatches == 0)
            {
                compareKey(key);
            }
        }
        compareKey(key);
    }

    /** Element {@code n} of the pool: text for most, raw bytes (NUL and high bytes included) for every 7th. */
    private static String element(final int n)
    {
        if (n % 7 != 0)
        {
            return "el:" + n;
        }
        final SplittableRandom bytes = new SplittableRandom(n);
        final StringBuilder text = new StringBuilder();
        final int length = bytes.nextInt(1, 24);
        for (int i = 0; i < length; i++)
        {
            text.append((char)bytes.nextInt(256));
        }
        return text.toString();
    }

    /** GET before and after PFCOUNT: the stale cache, the count, and the cached count in the header. */
    private static void compareKey(final String key) throws IOException
    {
        both("GET", key);
        both("PFCOUNT", key);
        both("GET", key);
    }

    private static void both(final String... command) throws IOException
    {
        final String expected = reference.call(command);
        final String actual = target.call(command);
        final String text = String.join(" ", command);
        assertEquals(expected, actual, "seed " + SEED + ", command " + text.substring(0, Math.min(200, text.length())));
    }
}
