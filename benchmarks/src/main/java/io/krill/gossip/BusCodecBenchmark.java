package io.krill.gossip;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one cluster bus heartbeat costs to take in and to send, and that neither allocates. The message is
 * the steady-state PING of a 6-node Redis cluster: header plus 3 gossip entries, 2568 bytes.
 * <ul>
 *   <li>{@code decodePing}: validate, then read every header field a receiver uses (epochs, offset, flags,
 *   ports, sender id compared with a known id, 256 slot words) and every field of the 3 gossip entries;</li>
 *   <li>{@code frameAndDecodePing}: the same behind {@link BusFrameDecoder}, the message arriving in one chunk;</li>
 *   <li>{@code encodePing}: build the same PING with {@link BusMessageWriter} from node state held in
 *   {@code byte[]}s and 256 slot words;</li>
 *   <li>{@code copyPingBaseline}: a plain 2568-byte array copy, the floor any encoder pays to fill the bytes.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar BusCodecBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BusCodecBenchmark
{
    private static final byte[] MYSELF = "32c4ea604eab4d482cc7961790c12240c6d294f2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] PEERS =
    {
        "4df7066e089358f346bfd6d24a44c58386a456d1".getBytes(StandardCharsets.US_ASCII),
        "3b7b21628c31ed36da701fd82dd3705482a11551".getBytes(StandardCharsets.US_ASCII),
        "f75501da9152628325fd6c95ce7206524e76bb55".getBytes(StandardCharsets.US_ASCII),
    };
    private static final byte[] LOOPBACK = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);

    private final BusHeaderCodec header = new BusHeaderCodec();
    private final GossipEntryCodec gossip = new GossipEntryCodec();
    private final BusMessageWriter writer = new BusMessageWriter();
    private final BusFrameDecoder frames = new BusFrameDecoder();
    private final long[] slotWords = new long[BusHeaderCodec.SLOT_BITMAP_WORDS];
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[8192]);
    private final byte[] copyTarget = new byte[8192];
    private UnsafeBuffer ping;
    private int pingLength;
    private long frameChecksum;

    private final BusFrameHandler handler = new BusFrameHandler()
    {
        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            frameChecksum += decode(buffer, offset, length);
        }

        public void onMalformed(final BusVerdict verdict, final DirectBuffer buffer, final int offset, final int length)
        {
            frameChecksum--;
        }
    };

    @Setup
    public void setup()
    {
        for (int slot = 0; slot <= 5460; slot++)
        {
            slotWords[slot >>> 6] |= 1L << slot;
        }
        pingLength = encode();
        final byte[] bytes = new byte[pingLength];
        out.getBytes(0, bytes);
        ping = new UnsafeBuffer(bytes);
        if (BusMessageValidator.validate(ping, 0, pingLength) != BusVerdict.ACCEPTED || pingLength != 2568)
        {
            throw new IllegalStateException("benchmark PING is malformed");
        }
    }

    @Benchmark
    public long decodePing()
    {
        return decode(ping, 0, pingLength);
    }

    @Benchmark
    public long frameAndDecodePing()
    {
        frames.onBytes(ping, 0, pingLength, handler);
        return frameChecksum;
    }

    @Benchmark
    public int encodePing()
    {
        return encode();
    }

    @Benchmark
    public byte[] copyPingBaseline()
    {
        ping.getBytes(0, copyTarget, 0, pingLength);
        return copyTarget;
    }

    private long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!BusMessageValidator.validate(buffer, offset, length).isAccepted())
        {
            return -1;
        }
        header.wrap(buffer, offset, length);
        long sum = header.type() + header.currentEpoch() + header.configEpoch() + header.replicationOffset() +
            header.port() + header.cport() + header.pport() + header.flags() + header.state() + header.mflags(0);
        sum += header.senderEquals(MYSELF, 0) ? 1 : 0;
        sum += header.hasMasterId() ? 1 : 0;
        for (int word = 0; word < BusHeaderCodec.SLOT_BITMAP_WORDS; word++)
        {
            sum ^= header.slotsWord(word);
        }
        for (int i = 0, count = header.count(); i < count; i++)
        {
            gossip.wrap(header, i);
            sum += gossip.nodeIdEquals(PEERS[i], 0) ? 1 : 0;
            sum += gossip.pingSentSeconds() + gossip.pongReceivedSeconds() + gossip.ipLength() + gossip.port() +
                gossip.cport() + gossip.flags() + gossip.pport();
        }
        return sum;
    }

    private int encode()
    {
        writer.begin(out, 0, out.capacity(), BusMessageType.PING)
            .port(7600).cport(17600).currentEpoch(10).configEpoch(10).replicationOffset(178)
            .sender(MYSELF, 0).flags(NodeFlags.MASTER | NodeFlags.MYSELF | NodeFlags.MIGRATE_TO);
        for (int word = 0; word < BusHeaderCodec.SLOT_BITMAP_WORDS; word++)
        {
            writer.slotsWord(word, slotWords[word]);
        }
        for (int i = 0; i < PEERS.length; i++)
        {
            writer.appendGossip(PEERS[i], 0, 0, 1795329166L, LOOPBACK, 0, LOOPBACK.length, 7601 + i, 17601 + i,
                i == 0 ? NodeFlags.MASTER : NodeFlags.SLAVE, 0);
        }
        return writer.finish();
    }
}
