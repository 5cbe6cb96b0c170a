package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.RespDecoder;
import io.krill.core.resp.RespEncoder;
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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The whole in-process request path without sockets: decode one RESP request from a query buffer, dispatch it
 * through {@link CommandDispatcher} on a {@link Client}, encode the reply and drop it as if the socket had taken
 * it. This is what the server's agent does per command, minus the system calls.
 * <p>
 * The keyspace holds {@code keys} keys {@code key:NNNNNNN} with 32-byte values. Each benchmark walks a query
 * buffer of {@link #REQUESTS} pre-encoded requests for random keys: GET of stored keys, GET of absent keys, and
 * SET of stored keys with a new 32-byte value (the overwrite-in-place case).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class CommandPathBenchmark
{
    static final int REQUESTS = 1 << 14;
    static final int VALUE_BYTES = 32;

    @Param({"1000000"})
    int keys;

    private NodeState node;
    private CommandDispatcher dispatcher;
    private Client client;
    private RespDecoder decoder;
    private RespEncoder out;
    private byte[] getHits;
    private byte[] getMisses;
    private byte[] setOverwrites;
    private int getHitsAt;
    private int getMissesAt;
    private int setOverwritesAt;

    @Setup
    public void setUp()
    {
        node = new NodeState(ServerConfig.defaults(), new Keyspace(), CommandTable.load(), System.currentTimeMillis());
        Commands.registerAll(node);
        dispatcher = new CommandDispatcher(node);
        client = new Client(node.nextClientId(), "127.0.0.1:50000", "127.0.0.1:6379", node.nowMs(),
            node.config().protoMaxBulkLenBytes(), true, null);
        node.addClient(client);
        decoder = client.decoder();
        out = client.out();
        final String value = "v".repeat(VALUE_BYTES);
        final byte[] load = requests(keys, i -> set(key(i), value));
        for (int at = 0; at < load.length; )
        {
            at += run(load, at);
        }
        if (node.keyspace().size() != keys)
        {
            throw new IllegalStateException("loaded " + node.keyspace().size() + " keys, expected " + keys);
        }
        final SplittableRandom random = new SplittableRandom(42);
        final String newValue = "w".repeat(VALUE_BYTES);
        getHits = requests(REQUESTS, i -> get(key(random.nextInt(keys))));
        getMisses = requests(REQUESTS, i -> get(key(keys + random.nextInt(keys))));
        setOverwrites = requests(REQUESTS, i -> set(key(random.nextInt(keys)), newValue));
    }

    private static String key(final int index)
    {
        return String.format("key:%07d", index);
    }

    private static String get(final String key)
    {
        return "*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n";
    }

    private static String set(final String key, final String value)
    {
        return "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + value.length() + "\r\n" + value +
            "\r\n";
    }

    private static byte[] requests(final int count, final java.util.function.IntFunction<String> request)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++)
        {
            bytes.writeBytes(request.apply(i).getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /** Decodes, runs and replies to the request at {@code at}; returns its length. */
    private int run(final byte[] buffer, final int at)
    {
        final int consumed = decoder.decode(buffer, at, buffer.length, client.args());
        dispatcher.execute(client);
        out.consumed(out.limit());
        return consumed;
    }

    @Benchmark
    public int getHit()
    {
        final int consumed = run(getHits, getHitsAt);
        getHitsAt = getHitsAt + consumed == getHits.length ? 0 : getHitsAt + consumed;
        return consumed;
    }

    @Benchmark
    public int getMiss()
    {
        final int consumed = run(getMisses, getMissesAt);
        getMissesAt = getMissesAt + consumed == getMisses.length ? 0 : getMissesAt + consumed;
        return consumed;
    }

    @Benchmark
    public int setOverwrite()
    {
        final int consumed = run(setOverwrites, setOverwritesAt);
        setOverwritesAt = setOverwritesAt + consumed == setOverwrites.length ? 0 : setOverwritesAt + consumed;
        return consumed;
    }
}
