package io.krill.core.resp;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Decodes a pipelined batch of RESP GET and SET requests held in one byte array, as the server does with a full
 * query buffer. One operation is one command; the batch alternates {@code GET key:NNNNNNN} and
 * {@code SET key:NNNNNNN <32-byte value>} (the shapes redis-benchmark sends).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RespDecoderBenchmark
{
    static final int BATCH = 64;

    private final RespDecoder decoder = new RespDecoder(512L * 1024 * 1024);
    private final CommandArgs args = new CommandArgs();
    private byte[] getBatch;
    private byte[] setBatch;
    private byte[] mixedBatch;

    @Setup
    public void setUp()
    {
        getBatch = batch(true, false);
        setBatch = batch(false, true);
        mixedBatch = batch(true, true);
    }

    private static byte[] batch(final boolean gets, final boolean sets)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final String value = "v".repeat(32);
        for (int i = 0; i < BATCH; i++)
        {
            final String key = String.format("key:%07d", i * 7919);
            final boolean get = gets && (!sets || i % 2 == 0);
            final String request = get ?
                "*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n" :
                "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$32\r\n" + value + "\r\n";
            bytes.writeBytes(request.getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    private int decodeAll(final byte[] batch, final Blackhole blackhole)
    {
        int position = 0;
        int commands = 0;
        while (position < batch.length)
        {
            final int consumed = decoder.decode(batch, position, batch.length, args);
            if (consumed == 0)
            {
                throw new IllegalStateException("incomplete command at " + position);
            }
            position += consumed;
            blackhole.consume(args.length(args.count() - 1));
            commands++;
        }
        return commands;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int decodeGet(final Blackhole blackhole)
    {
        return decodeAll(getBatch, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int decodeSet(final Blackhole blackhole)
    {
        return decodeAll(setBatch, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int decodeMixed(final Blackhole blackhole)
    {
        return decodeAll(mixedBatch, blackhole);
    }
}
