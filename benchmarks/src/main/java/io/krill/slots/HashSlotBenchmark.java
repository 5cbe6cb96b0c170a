package io.krill.slots;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.lettuce.core.cluster.SlotHash;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Key to slot, side by side: Krill's {@link HashSlot} against the slot functions the Jedis and Lettuce cluster
 * clients route with. All three get the same 16 keys of {@code keyLength} printable bytes, cycled so that branch
 * prediction cannot learn one key; every call returns its slot so that nothing is optimised away.
 * <ul>
 * <li>{@code plain}: no braces, so the whole key is hashed;</li>
 * <li>{@code tagged}: every key carries a {@code {tag}} of about half its length at a quarter of its length,
 * so each library must find the tag and hash only it;</li>
 * <li>{@code mixed}: every fourth key carries a tag at a random place and of random length, the rest are
 * plain: closer to a real workload, where tagged and untagged keys interleave.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashSlotBenchmark
{
    static final int KEY_COUNT = 16;
    private static final long SEED = 16384;
    private static final byte[] ALPHABET =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-.".getBytes();

    @Param({"8", "16", "32", "64"})
    int keyLength;

    @Param({"plain", "tagged", "mixed"})
    String keyShape;

    private final byte[][] keys = new byte[KEY_COUNT][];
    private int next;

    @Setup
    public void setUp()
    {
        final SplittableRandom random = new SplittableRandom(SEED + keyLength);
        for (int i = 0; i < KEY_COUNT; i++)
        {
            final byte[] key = new byte[keyLength];
            for (int j = 0; j < keyLength; j++)
            {
                key[j] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            if ("tagged".equals(keyShape))
            {
                final int open = keyLength / 4;
                key[open] = '{';
                key[open + keyLength / 2] = '}';
            }
            else if ("mixed".equals(keyShape) && i % 4 == 0)
            {
                final int open = random.nextInt(keyLength - 2);
                key[open] = '{';
                key[open + 2 + random.nextInt(keyLength - open - 2)] = '}';
            }
            keys[i] = key;
        }
        checkAgreement();
    }

    @Benchmark
    public int krill()
    {
        return HashSlot.slot(nextKey());
    }

    @Benchmark
    public int jedis()
    {
        return JedisClusterCRC16.getSlot(nextKey());
    }

    @Benchmark
    public int lettuce()
    {
        return SlotHash.getSlot(nextKey());
    }

    byte[][] keys()
    {
        return keys;
    }

    private byte[] nextKey()
    {
        return keys[next++ & (KEY_COUNT - 1)];
    }

    private void checkAgreement()
    {
        // A benchmark of functions that disagree would compare different work; fail fast instead.
        for (final byte[] key : keys)
        {
            final int slot = HashSlot.slot(key);
            if (slot != JedisClusterCRC16.getSlot(key) || slot != SlotHash.getSlot(key))
            {
                throw new IllegalStateException("libraries disagree on the slot of " + new String(key));
            }
        }
    }
}
