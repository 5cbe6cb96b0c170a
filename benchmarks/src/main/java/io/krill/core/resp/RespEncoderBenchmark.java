package io.krill.core.resp;

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
import java.util.concurrent.TimeUnit;

/**
 * Encodes one reply and then drops it (as the server does once the socket took the bytes): a bulk string of
 * {@code valueBytes}, an integer, and +OK. Measures the encoder alone, with its buffer at working size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RespEncoderBenchmark
{
    @Param({"32", "1024"})
    int valueBytes;

    private final RespEncoder out = new RespEncoder();
    private byte[] value;
    private long counter;

    @Setup
    public void setUp()
    {
        value = new byte[valueBytes];
        Arrays.fill(value, (byte)'v');
    }

    @Benchmark
    public int bulk()
    {
        out.bulk(value, 0, value.length);
        final int limit = out.limit();
        out.consumed(limit);
        return limit;
    }

    @Benchmark
    public int integer()
    {
        // a changing value of varying width, as INCR replies are
        out.integer(counter++ * 7919);
        final int limit = out.limit();
        out.consumed(limit);
        return limit;
    }

    @Benchmark
    public int ok()
    {
        out.ok();
        final int limit = out.limit();
        out.consumed(limit);
        return limit;
    }
}
