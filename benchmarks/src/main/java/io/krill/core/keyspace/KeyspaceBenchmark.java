package io.krill.core.keyspace;

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

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * GET and SET through the keyspace on a million keys {@code key:0000000..key:0999999} with 32-byte values:
 * a hit, a miss (keys {@code key:1xxxxxx} are never stored) and an overwrite of an existing key with a value of
 * the same length, done the way the SET command does it (copy into the stored array). Keys are visited in a
 * shuffled order so the lookups pay the cache misses a real workload pays; the key bytes are written into one
 * reused array, so the benchmark itself allocates nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class KeyspaceBenchmark
{
    static final int VALUE_BYTES = 32;

    @Param({"1000000"})
    int keys;

    private final Keyspace keyspace = new Keyspace();
    private final byte[] key = "key:0000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final byte[] newValue = new byte[VALUE_BYTES];
    private int[] order;
    private int cursor;

    @Setup
    public void setUp()
    {
        for (int i = 0; i < keys; i++)
        {
            writeKey(key, 0, i);
            final byte[] value = new byte[VALUE_BYTES];
            Arrays.fill(value, (byte)'v');
            keyspace.put(key, 0, key.length, value, KeyTable.NO_EXPIRY, false);
        }
        order = shuffled(keys, 42);
        Arrays.fill(newValue, (byte)'w');
    }

    static int[] shuffled(final int count, final long seed)
    {
        final int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = count - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Writes "key:" and {@code index} as 7 zero-padded digits (8 when the index is ≥ 10^7) at {@code offset}. */
    static void writeKey(final byte[] key, final int offset, final int index)
    {
        int v = index;
        for (int i = offset + key.length - 1; i >= offset + 4; i--)
        {
            key[i] = (byte)('0' + v % 10);
            v /= 10;
        }
    }

    private int nextIndex()
    {
        final int index = order[cursor];
        cursor = cursor + 1 == order.length ? 0 : cursor + 1;
        return index;
    }

    @Benchmark
    public Object getHit()
    {
        writeKey(key, 0, nextIndex());
        if (keyspace.findForRead(key, 0, key.length) < 0)
        {
            throw new IllegalStateException("missing key");
        }
        return keyspace.value();
    }

    @Benchmark
    public int getMiss()
    {
        // key:1xxxxxx is never stored: same length and shape as a stored key
        writeKey(key, 0, 1_000_000 + nextIndex() % 1_000_000);
        return keyspace.findForRead(key, 0, key.length);
    }

    @Benchmark
    public Object setOverwrite()
    {
        writeKey(key, 0, nextIndex());
        if (keyspace.find(key, 0, key.length) < 0)
        {
            throw new IllegalStateException("missing key");
        }
        final Object old = keyspace.value();
        System.arraycopy(newValue, 0, old, 0, VALUE_BYTES);
        keyspace.replaceValue(old);
        keyspace.expiry(KeyTable.NO_EXPIRY);
        return old;
    }
}
