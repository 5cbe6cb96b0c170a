package io.krill.slots;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

import io.lettuce.core.cluster.SlotHash;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A companion to {@link HashSlotBenchmark} for busy machines: the same keys and the same three functions, but
 * timed in thread CPU time rather than wall time, so that the time the thread spends descheduled by other
 * processes does not count. Each function gets its own loop (so every call site stays monomorphic, as in JMH),
 * the three are interleaved round after round, and the fastest round after warm-up is reported: the one least
 * disturbed by cache and branch-predictor pollution from neighbours.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.krill.slots.HashSlotCpuTime [rounds [shape...]]}.
 * Give one shape per JVM when comparing shapes: like a JMH fork, a fresh JVM keeps the JIT's profile of one
 * shape from shaping the code compiled for the next.
 */
public final class HashSlotCpuTime
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] SHAPES = {"plain", "tagged", "mixed"};
    private static final int[] LENGTHS = {8, 16, 32, 64};
    private static final String[] NAMES = {"krill", "jedis", "lettuce"};
    private static final int CALLS_PER_ROUND = 100_000;
    private static final int WARMUP_ROUNDS = 8;
    private static final int KEY_MASK = HashSlotBenchmark.KEY_COUNT - 1;

    private static long sink;

    private HashSlotCpuTime()
    {
    }

    public static void main(final String[] args)
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        final String[] shapes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : SHAPES;
        System.out.printf("thread CPU ns per call, best of %d rounds of %d calls%n", rounds, CALLS_PER_ROUND);
        System.out.printf("%-8s %-8s %6s %9s %9s %9s%n", "shape", "keyLen", "", NAMES[0], NAMES[1], NAMES[2]);
        for (final String shape : shapes)
        {
            for (final int length : LENGTHS)
            {
                final byte[][] keys = keys(shape, length);
                final double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
                for (int round = 0; round < rounds + WARMUP_ROUNDS; round++)
                {
                    final double[] times = {krill(keys), jedis(keys), lettuce(keys)};
                    for (int f = 0; round >= WARMUP_ROUNDS && f < times.length; f++)
                    {
                        best[f] = Math.min(best[f], times[f]);
                    }
                }
                System.out.printf("%-8s %-8d %6s %9.2f %9.2f %9.2f%n", shape, length, "", best[0], best[1], best[2]);
            }
        }
        if (sink == 42)
        {
            System.out.println();
        }
    }

    private static byte[][] keys(final String shape, final int length)
    {
        final HashSlotBenchmark state = new HashSlotBenchmark();
        state.keyLength = length;
        state.keyShape = shape;
        state.setUp();
        return state.keys();
    }

    private static double krill(final byte[][] keys)
    {
        long sum = 0;
        final long startNs = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < CALLS_PER_ROUND; i++)
        {
            sum += HashSlot.slot(keys[i & KEY_MASK]);
        }
        return perCall(startNs, sum);
    }

    private static double jedis(final byte[][] keys)
    {
        long sum = 0;
        final long startNs = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < CALLS_PER_ROUND; i++)
        {
            sum += JedisClusterCRC16.getSlot(keys[i & KEY_MASK]);
        }
        return perCall(startNs, sum);
    }

    private static double lettuce(final byte[][] keys)
    {
        long sum = 0;
        final long startNs = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < CALLS_PER_ROUND; i++)
        {
            sum += SlotHash.getSlot(keys[i & KEY_MASK]);
        }
        return perCall(startNs, sum);
    }

    private static double perCall(final long startNs, final long sum)
    {
        final long elapsedNs = THREADS.getCurrentThreadCpuTime() - startNs;
        sink += sum;
        return elapsedNs / (double)CALLS_PER_ROUND;
    }
}
