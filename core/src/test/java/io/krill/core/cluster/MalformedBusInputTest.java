package io.krill.core.cluster;

import io.krill.gossip.BusHeaderCodec;
import io.krill.gossip.BusMessageType;
import io.krill.gossip.BusMessageValidator;
import io.krill.gossip.BusMessageWriter;
import io.krill.gossip.BusVerdict;
import io.krill.gossip.GossipEntryCodec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal (issue 4, bad input): a running node fed a million random and mutated packets on its cluster bus port (bad
 * signature, totlen too small or too large, truncation, bad version, unknown types, absurd gossip counts, broken
 * extensions, absurd body lengths, random bytes, mutated Redis captures) neither crashes nor changes its view
 * (nodes, flags, epochs, slots, cluster_state:ok) and keeps answering RESP; every malformed packet is counted
 * (INFO krill) and the node logs one WARN line for the misbehaving host, not one per packet or per connection.
 * A well-formed PING (or FAIL, UPDATE) from a node it does not know gets a PONG and changes nothing, as in Redis.
 * Method: a 3-master cluster in this JVM (LocalCluster). Two threads stream packets at node 0's bus port over raw
 * sockets in 1 MiB writes, reconnecting after each link: every connection ends with a framing break (bad
 * signature, totlen below the header or above the maximum, random bytes: the node must close it) or with a
 * truncated frame and FIN. Every packet before the end is framed exactly (totlen = its length) and classified
 * with the validator, so the expected malformed count is exact. Accepted MEETs are never sent (a MEET from an
 * unknown node is how nodes join). Views are compared with CLUSTER NODES/CLUSTER INFO minus the times, link
 * states and message counters. Log lines are read from slf4j-simple's System.err when that is the binding, and
 * from INFO krill's line counter. The seed is printed: -Dfuzz.seed=<n> replays, -Dfuzz.packets=<n> resizes.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedBusInputTest
{
    private static final String HOST = "127.0.0.1";
    private static final int WORKERS = 2;
    private static final int BATCH_BYTES = 1 << 20;
    private static final int MEAN_PACKETS_PER_LINK = 4000;
    private static final int MAX_MESSAGE_LENGTH = BusHeaderCodec.LENGTH + 8 * 1024 * 1024;
    private static final String LOG_PREFIX = "Malformed cluster bus message from " + HOST + " ";
    private static final Path FIXTURES = Path.of("..", "gossip", "src", "test", "resources", "io", "krill", "gossip",
        "fixtures");

    private LocalCluster cluster;
    private List<String> nodeIds;

    @BeforeAll
    void startCluster() throws Exception
    {
        cluster = LocalCluster.start(HOST, new int[3], 0, null, List.of());
        cluster.form(30_000);
        nodeIds = Arrays.stream(call(0, "CLUSTER", "NODES").split("\n")).map(line -> line.split(" ")[0]).sorted()
            .toList();
    }

    @AfterAll
    void stopCluster()
    {
        if (cluster != null)
        {
            cluster.close();
        }
    }

    @Test
    void shouldCountAndLogOncePerHostWhenAMillionMalformedPacketsHitTheBus() throws Exception
    {
        final long seed = Long.getLong("fuzz.seed", new SplittableRandom().nextLong());
        final long packets = Long.getLong("fuzz.packets", 1_000_000L);
        System.out.println("MalformedBusInputTest seed=" + seed + " packets=" + packets + " (replay: -Dfuzz.seed=" +
            seed + ")");
        final String nodesBefore = stableNodes(call(0, "CLUSTER", "NODES"));
        final String infoBefore = stableInfo(call(0, "CLUSTER", "INFO"));
        final Map<String, Long> krillBefore = fields(call(0, "INFO", "krill"));
        final List<byte[]> templates = templates();

        final LogCapture log = LogCapture.start();
        final long nodeCpuBeforeNs = threadCpuNs("krill-node-" + cluster.servers().get(0).port());
        final long startNs = System.nanoTime();
        final List<Worker> workers = new ArrayList<>();
        try
        {
            for (int i = 0; i < WORKERS; i++)
            {
                final Worker worker = new Worker(cluster.servers().get(0).busPort(), templates,
                    new SplittableRandom(seed + i * 0x9E3779B97F4A7C15L),
                    packets / WORKERS + (i == 0 ? packets % WORKERS : 0));
                workers.add(worker);
                worker.thread.start();
            }
            long pings = 0;
            try (AdminConnection client = new AdminConnection(HOST, cluster.servers().get(0).port()))
            {
                while (workers.stream().anyMatch(worker -> worker.thread.isAlive()))
                {
                    assertEquals("PONG", client.callOk("PING"), "the node answers RESP during the flood");
                    pings++;
                    Thread.sleep(50);
                }
            }
            for (final Worker worker : workers)
            {
                worker.thread.join();
                assertNull(worker.error.get(), () -> "seed=" + seed + ": " + worker.error.get());
            }
            final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            final long nodeCpuMs = (threadCpuNs("krill-node-" + cluster.servers().get(0).port()) - nodeCpuBeforeNs) /
                1_000_000;

            final Tally total = new Tally();
            workers.forEach(worker -> total.add(worker.tally));
            final long expectedMalformed = total.framedMalformed + total.breaks;
            final Map<String, Long> krillAfter = awaitMalformed(krillBefore, expectedMalformed);
            System.out.printf("MalformedBusInputTest: %d packets (%d framed malformed, %d accepted from unknown " +
                    "senders, %d framing breaks) over %d connections, %d MB, in %d ms = %.0f packets/s; " +
                    "node thread CPU %d ms, sender threads CPU %d ms; %d RESP PINGs answered meanwhile; verdicts %s%n",
                total.packets(), total.framedMalformed, total.accepted, total.breaks, total.connections,
                total.bytes >> 20, elapsedMs, total.packets() * 1000.0 / Math.max(1, elapsedMs), nodeCpuMs,
                total.cpuNs / 1_000_000, pings, total.verdicts);

            assertTrue(total.packets() >= packets, "sent " + total.packets());
            assertEquals(expectedMalformed, delta(krillBefore, krillAfter, "cluster_bus_malformed_messages"),
                "every malformed packet counted; seed=" + seed);
            assertEquals(total.breaks, delta(krillBefore, krillAfter, "cluster_bus_malformed_links_closed"));
            for (final Map.Entry<BusVerdict, Long> verdict : total.verdicts.entrySet())
            {
                if (!verdict.getKey().isAccepted())
                {
                    assertEquals(verdict.getValue(), delta(krillBefore, krillAfter,
                        "cluster_bus_malformed_" + verdict.getKey().name().toLowerCase()), verdict.getKey().name());
                }
            }

            final long logLines = delta(krillBefore, krillAfter, "cluster_bus_malformed_log_lines");
            // one host: its first malformed packet, then at most one line per interval
            final long allowed = 1 + elapsedMs / TcpBusTransport.MALFORMED_LOG_INTERVAL_MS;
            assertTrue(logLines <= allowed, logLines + " WARN lines for one host in " + elapsedMs + " ms");
            if (krillBefore.get("cluster_bus_malformed_messages") == 0)
            {
                assertTrue(logLines >= 1, "the first malformed packet from a host is logged");
            }
            if (log.active())
            {
                assertEquals(logLines, log.count(LOG_PREFIX), "WARN lines on System.err:\n" + log.matching(LOG_PREFIX));
                assertEquals(0, log.count("Node agent error"), log.matching("Node agent error"));
            }
            else
            {
                System.out.println("MalformedBusInputTest: slf4j binding is not slf4j-simple, log lines checked " +
                    "through INFO krill only");
            }
        }
        finally
        {
            log.stop();
        }

        assertEquals("PONG", call(0, "PING"));
        assertEquals(nodesBefore, stableNodes(call(0, "CLUSTER", "NODES")), "node 0's view is unchanged");
        assertEquals(infoBefore, stableInfo(call(0, "CLUSTER", "INFO")));
        for (int i = 0; i < cluster.servers().size(); i++)
        {
            assertTrue(call(i, "CLUSTER", "INFO").contains("cluster_state:ok"), "node " + i + " cluster_state");
        }
    }

    @Test
    void shouldAnswerPongAndAddNobodyWhenAnUnknownNodeSendsPingFailOrUpdate() throws Exception
    {
        final String nodesBefore = stableNodes(call(0, "CLUSTER", "NODES"));
        final String infoBefore = stableInfo(call(0, "CLUSTER", "INFO"));
        final Map<String, Long> krillBefore = fields(call(0, "INFO", "krill"));
        final SplittableRandom random = new SplittableRandom();
        final byte[] stranger = randomId(random);
        final String[] ids = nodeIds.toArray(new String[0]);

        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(HOST, cluster.servers().get(0).busPort()), 10_000);
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            // a PING whose gossip names two nodes nobody knows and marks a real one as failing
            out.write(ping(BusMessageType.PING, stranger, new byte[][] {randomId(random), randomId(random),
                ids[1].getBytes(StandardCharsets.US_ASCII)}));
            final byte[] reply = readFrame(socket.getInputStream());
            final UnsafeBuffer replyBuffer = new UnsafeBuffer(reply);
            assertEquals(BusVerdict.ACCEPTED, BusMessageValidator.validate(replyBuffer, 0, reply.length));
            assertEquals(BusMessageType.PONG, replyBuffer.getShort(BusHeaderCodec.TYPE_OFFSET, ByteOrder.BIG_ENDIAN));
            assertEquals(myId(), new String(reply, BusHeaderCodec.SENDER_OFFSET, 40, StandardCharsets.US_ASCII),
                "the PONG comes from node 0");

            // a FAIL about a real node and an UPDATE giving a real node every slot, both from the stranger
            out.write(fail(stranger, ids[1].getBytes(StandardCharsets.US_ASCII)));
            out.write(update(stranger, ids[2].getBytes(StandardCharsets.US_ASCII)));
            out.write(ping(BusMessageType.PING, stranger, new byte[0][]));
            readFrame(socket.getInputStream()); // the second PONG: the FAIL and UPDATE before it were handled
        }
        assertEquals(nodesBefore, stableNodes(call(0, "CLUSTER", "NODES")), "no node added or changed");
        assertEquals(infoBefore, stableInfo(call(0, "CLUSTER", "INFO")));
        assertTrue(infoBefore.contains("cluster_known_nodes:3"), infoBefore);
        assertEquals(0, delta(krillBefore, fields(call(0, "INFO", "krill")), "cluster_bus_malformed_messages"),
            "well-formed packets are not malformed");
        assertTrue(!call(0, "INFO", "everything").contains("# Krill"), "Krill's section only when asked by name");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The flood

    /** Counts of what one worker sent. */
    private static final class Tally
    {
        long framedMalformed;
        long accepted;
        long breaks;
        long connections;
        long bytes;
        long cpuNs;
        final Map<BusVerdict, Long> verdicts = new EnumMap<>(BusVerdict.class);

        long packets()
        {
            return framedMalformed + accepted + breaks;
        }

        void verdict(final BusVerdict verdict)
        {
            verdicts.merge(verdict, 1L, Long::sum);
        }

        void add(final Tally other)
        {
            framedMalformed += other.framedMalformed;
            accepted += other.accepted;
            breaks += other.breaks;
            connections += other.connections;
            bytes += other.bytes;
            cpuNs += other.cpuNs;
            other.verdicts.forEach((verdict, count) -> verdicts.merge(verdict, count, Long::sum));
        }
    }

    /** One sending thread: connection after connection until its quota of packets is sent. */
    private static final class Worker
    {
        final Thread thread;
        final Tally tally = new Tally();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        private final int busPort;
        private final List<byte[]> templates;
        private final SplittableRandom random;
        private final long quota;
        private final byte[] batch = new byte[BATCH_BYTES + 64 * 1024];
        private final UnsafeBuffer batchBuffer = new UnsafeBuffer(batch);

        Worker(final int busPort, final List<byte[]> templates, final SplittableRandom random, final long quota)
        {
            this.busPort = busPort;
            this.templates = templates;
            this.random = random;
            this.quota = quota;
            thread = new Thread(this::run, "bus-fuzzer");
            thread.setDaemon(true);
        }

        private void run()
        {
            try
            {
                while (tally.packets() < quota)
                {
                    oneConnection();
                }
                tally.cpuNs = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            }
            catch (final Throwable ex)
            {
                error.set(ex);
            }
        }

        private void oneConnection() throws Exception
        {
            tally.connections++;
            try (Socket socket = new Socket())
            {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(HOST, busPort), 10_000);
                final Drain drain = new Drain(socket.getInputStream());
                final OutputStream out = socket.getOutputStream();
                long remaining = Math.min(quota - tally.packets() - 1, 1 + random.nextInt(2 * MEAN_PACKETS_PER_LINK));
                while (remaining > 0)
                {
                    int length = 0;
                    while (remaining > 0 && length < BATCH_BYTES)
                    {
                        length += framedPacket(length);
                        remaining--;
                    }
                    out.write(batch, 0, length);
                    tally.bytes += length;
                }
                final boolean truncatedEnd = random.nextInt(8) == 0;
                final int endLength = truncatedEnd ? truncatedFrame() : framingBreak();
                try
                {
                    out.write(batch, 0, endLength);
                    if (truncatedEnd)
                    {
                        socket.shutdownOutput();
                    }
                }
                catch (final IOException ex)
                {
                    // the node may close the link while the bytes after a framing break are still arriving
                    assertTrue(!truncatedEnd, "the node closed a link before its end: " + ex);
                }
                tally.bytes += endLength;
                assertTrue(drain.awaitClosed(30_000), "the node closes the link after a framing break or a FIN");
            }
        }

        /**
         * Writes one exactly framed packet at {@code batch[at]}: a template put through one mutation (or a valid
         * message from a random unknown sender); returns its length.
         */
        private int framedPacket(final int at)
        {
            final byte[] template = templates.get(random.nextInt(templates.size()));
            System.arraycopy(template, 0, batch, at, template.length);
            int length = template.length;
            final boolean heartbeat = BusMessageType.isHeartbeat(u16(at + BusHeaderCodec.TYPE_OFFSET));
            final boolean deliberatelyValid = random.nextInt(100) < 2;
            switch (deliberatelyValid ? 9 : random.nextInt(9))
            {
                case 0:
                    // wrong version
                    putU16(at + BusHeaderCodec.VERSION_OFFSET, 2 + random.nextInt(65534));
                    break;
                case 1:
                    // absurd gossip count for the length
                    putU16(at + BusHeaderCodec.COUNT_OFFSET, random.nextBoolean() ? 0xFFFF - random.nextInt(4) :
                        u16(at + BusHeaderCodec.COUNT_OFFSET) + 1 + random.nextInt(300));
                    break;
                case 2:
                    // cut short or padded, with a totlen that says so
                    length = length > BusHeaderCodec.LENGTH && random.nextBoolean() ?
                        BusHeaderCodec.LENGTH + random.nextInt(length - BusHeaderCodec.LENGTH) :
                        length + 1 + random.nextInt(random.nextInt(8) == 0 ? 3000 : 64);
                    randomBytes(at + template.length, at + length);
                    break;
                case 3:
                    length = brokenExtensions(at, length, heartbeat);
                    break;
                case 4:
                    // absurd lengths in the body (PUBLISH channel/message, MODULE payload) or epochs
                    putU32(at + BusHeaderCodec.BODY_OFFSET + 4 * random.nextInt(4), interesting());
                    break;
                case 5:
                    // byte flips anywhere after the frame prefix
                    for (int i = 1 + random.nextInt(16); i > 0; i--)
                    {
                        batch[at + 8 + random.nextInt(length - 8)] = (byte)random.nextInt(256);
                    }
                    break;
                case 6:
                    // random header: random bytes, sometimes with a plausible version and type
                    randomBytes(at + 8, at + length);
                    if (random.nextBoolean())
                    {
                        putU16(at + BusHeaderCodec.VERSION_OFFSET, BusHeaderCodec.PROTOCOL_VERSION);
                        putU16(at + BusHeaderCodec.TYPE_OFFSET, random.nextInt(12));
                    }
                    break;
                case 7:
                    // another type, known or not, with this type's body
                    putU16(at + BusHeaderCodec.TYPE_OFFSET, random.nextBoolean() ? random.nextInt(13) :
                        random.nextInt(65536));
                    break;
                case 8:
                    // a heartbeat claiming more gossip entries than the packet holds
                    putU16(at + BusHeaderCodec.COUNT_OFFSET, 1 + random.nextInt(3));
                    length = BusHeaderCodec.LENGTH + random.nextInt(GossipEntryCodec.LENGTH);
                    randomBytes(at + BusHeaderCodec.LENGTH, at + length);
                    break;
                default:
                    // well formed, from a node nobody knows
                    final byte[] id = randomId(random);
                    System.arraycopy(id, 0, batch, at + BusHeaderCodec.SENDER_OFFSET, id.length);
                    break;
            }
            putU32(at + BusHeaderCodec.TOTAL_LENGTH_OFFSET, length);
            BusVerdict verdict = BusMessageValidator.validate(batchBuffer, at, length);
            if (verdict.isAccepted() && (u16(at + BusHeaderCodec.TYPE_OFFSET) == BusMessageType.MEET ||
                (!deliberatelyValid && random.nextInt(8) != 0)))
            {
                // A MEET from a stranger is how a node joins: not bad input. And many mutations (a flipped slot
                // bit, an unknown type) leave a packet well formed: most of those are spoiled too, so that the
                // flood stays mostly malformed and the node's PONGs to accepted PINGs do not dominate its time.
                putU16(at + BusHeaderCodec.VERSION_OFFSET, 0);
                verdict = BusMessageValidator.validate(batchBuffer, at, length);
            }
            tally.verdict(verdict);
            if (verdict.isAccepted())
            {
                tally.accepted++;
            }
            else
            {
                assertTrue(!verdict.closesLink(), "a framed packet cannot break the framing");
                tally.framedMalformed++;
            }
            return length;
        }

        /** Sets EXT_DATA and appends a chain of extensions, some of whose lengths are wrong. */
        private int brokenExtensions(final int at, final int length, final boolean heartbeat)
        {
            if (!heartbeat)
            {
                putU16(at + BusHeaderCodec.TYPE_OFFSET, BusMessageType.PING);
            }
            int end = at + BusHeaderCodec.LENGTH + u16(at + BusHeaderCodec.COUNT_OFFSET) * GossipEntryCodec.LENGTH;
            end = Math.min(end, at + length);
            final int extensions = random.nextInt(5);
            for (int e = 0; e < extensions; e++)
            {
                final int body = 8 * random.nextInt(6);
                final long[] lengths = {8 + body, 0, 4, 7, 9, 8 + body + 8L * (1 + random.nextInt(100)),
                    0xFFFF_FFF8L, 8 + body + 1};
                batchBuffer.putInt(end, (int)lengths[random.nextInt(lengths.length)], ByteOrder.BIG_ENDIAN);
                putU16(end + 4, random.nextInt(6));
                putU16(end + 6, 0);
                randomBytes(end + 8, end + 8 + body);
                end += 8 + body;
            }
            putU16(at + BusHeaderCodec.EXTENSIONS_OFFSET, random.nextInt(4) == 0 ? extensions + 1 + random.nextInt(9) :
                extensions);
            batch[at + BusHeaderCodec.MFLAGS_OFFSET] |= BusHeaderCodec.MFLAG0_EXT_DATA;
            return Math.max(end - at, BusHeaderCodec.LENGTH);
        }

        /** Writes bytes that break the framing at {@code batch[0]}; the node must count them once and close. */
        private int framingBreak()
        {
            final int length = 8 + random.nextInt(3000);
            randomBytes(0, length);
            tally.breaks++;
            switch (random.nextInt(4))
            {
                case 0:
                    // a near miss of the signature
                    batchBuffer.putInt(0, BusHeaderCodec.SIGNATURE, ByteOrder.BIG_ENDIAN);
                    batch[random.nextInt(4)] ^= (byte)(1 + random.nextInt(255));
                    tally.verdict(BusVerdict.BAD_SIGNATURE);
                    break;
                case 1:
                    batchBuffer.putInt(0, BusHeaderCodec.SIGNATURE, ByteOrder.BIG_ENDIAN);
                    putU32(4, random.nextInt(BusHeaderCodec.LENGTH));
                    tally.verdict(BusVerdict.LENGTH_BELOW_HEADER);
                    break;
                case 2:
                    batchBuffer.putInt(0, BusHeaderCodec.SIGNATURE, ByteOrder.BIG_ENDIAN);
                    putU32(4, MAX_MESSAGE_LENGTH + 1 + (random.nextLong() & 0x7FFF_FFFFL) %
                        (0xFFFF_FFFFL - MAX_MESSAGE_LENGTH));
                    tally.verdict(BusVerdict.LENGTH_ABOVE_MAXIMUM);
                    break;
                default:
                    // random bytes (a scanner); in the unlikely case they start with RCmb, make them not
                    if (batchBuffer.getInt(0, ByteOrder.BIG_ENDIAN) == BusHeaderCodec.SIGNATURE)
                    {
                        batch[0] = 0;
                    }
                    tally.verdict(BusVerdict.BAD_SIGNATURE);
                    break;
            }
            return length;
        }

        /** A valid frame prefix announcing more bytes than are sent before the FIN: dropped, not counted. */
        private int truncatedFrame()
        {
            final byte[] template = templates.get(random.nextInt(templates.size()));
            final int length = 1 + random.nextInt(template.length - 1);
            System.arraycopy(template, 0, batch, 0, length);
            return length;
        }

        private long interesting()
        {
            switch (random.nextInt(4))
            {
                case 0:
                    return random.nextInt(16);
                case 1:
                    return 0xFFFF_FFFFL - random.nextInt(16);
                case 2:
                    return (1L << random.nextInt(32)) - random.nextInt(2);
                default:
                    return random.nextLong() & 0xFFFF_FFFFL;
            }
        }

        private void randomBytes(final int from, final int to)
        {
            int i = from;
            for (; i + Long.BYTES <= to; i += Long.BYTES)
            {
                batchBuffer.putLong(i, random.nextLong());
            }
            for (; i < to; i++)
            {
                batch[i] = (byte)random.nextInt(256);
            }
        }

        private int u16(final int index)
        {
            return batchBuffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }

        private void putU16(final int index, final int value)
        {
            batchBuffer.putShort(index, (short)value, ByteOrder.BIG_ENDIAN);
        }

        private void putU32(final int index, final long value)
        {
            batchBuffer.putInt(index, (int)value, ByteOrder.BIG_ENDIAN);
        }
    }

    /** Reads and discards what the node sends on a fuzz link (PONGs to accepted PINGs), until it closes. */
    private static final class Drain
    {
        private final Thread thread;
        private final AtomicBoolean closed = new AtomicBoolean();

        Drain(final InputStream in)
        {
            thread = new Thread(() ->
            {
                final byte[] sink = new byte[64 * 1024];
                try
                {
                    while (in.read(sink) >= 0)
                    {
                        // discard
                    }
                }
                catch (final IOException ex)
                {
                    // a reset (the node closed with our bytes unread) is a close too
                }
                closed.set(true);
            }, "bus-fuzzer-drain");
            thread.setDaemon(true);
            thread.start();
        }

        boolean awaitClosed(final long timeoutMs) throws InterruptedException
        {
            thread.join(timeoutMs);
            return closed.get();
        }
    }

    /** The messages mutations start from: written here, plus Redis 7.0.15's captures when the repo has them. */
    private List<byte[]> templates() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(1);
        final byte[] a = nodeIds.get(1).getBytes(StandardCharsets.US_ASCII);
        final byte[] b = nodeIds.get(2).getBytes(StandardCharsets.US_ASCII);
        final List<byte[]> templates = new ArrayList<>(List.of(
            ping(BusMessageType.PING, randomId(random), new byte[0][]),
            ping(BusMessageType.PING, randomId(random), new byte[][] {a, randomId(random)}),
            ping(BusMessageType.PONG, randomId(random), new byte[][] {b}),
            fail(randomId(random), a),
            update(randomId(random), b),
            headerOnly(BusMessageType.FAILOVER_AUTH_REQUEST, randomId(random)),
            headerOnly(BusMessageType.MFSTART, randomId(random)),
            headerOnly(42, randomId(random))));
        if (Files.isDirectory(FIXTURES))
        {
            try (Stream<Path> files = Files.list(FIXTURES))
            {
                for (final Path file : files.filter(p -> p.toString().endsWith(".bin") &&
                    !p.getFileName().toString().startsWith("meet")).sorted().toList())
                {
                    templates.add(Files.readAllBytes(file));
                }
            }
        }
        System.out.println("MalformedBusInputTest: " + templates.size() + " templates" +
            (Files.isDirectory(FIXTURES) ? " (Redis captures included)" : " (no Redis captures at " + FIXTURES + ")"));
        return templates;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Messages

    private static byte[] ping(final int type, final byte[] sender, final byte[][] gossip)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        final byte[] ip = HOST.getBytes(StandardCharsets.US_ASCII);
        final BusMessageWriter writer = header(buffer, type, sender);
        for (final byte[] id : gossip)
        {
            writer.appendGossip(id, 0, 0, 0, ip, 0, ip.length, 30_002, 40_002, 0x0001 | 0x0008, 0);
        }
        final byte[] hostname = "stranger.example".getBytes(StandardCharsets.US_ASCII);
        writer.appendHostname(hostname, 0, hostname.length);
        return Arrays.copyOf(buffer.byteArray(), writer.finish());
    }

    private static byte[] fail(final byte[] sender, final byte[] failing)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        final BusMessageWriter writer = header(buffer, BusMessageType.FAIL, sender).fail(failing, 0);
        return Arrays.copyOf(buffer.byteArray(), writer.finish());
    }

    /** An UPDATE giving {@code node} every slot at a huge configEpoch. */
    private static byte[] update(final byte[] sender, final byte[] node)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        final BusMessageWriter writer = header(buffer, BusMessageType.UPDATE, sender).update(1L << 40, node, 0);
        for (int word = 0; word < BusHeaderCodec.SLOT_BITMAP_WORDS; word++)
        {
            writer.updateSlotsWord(word, -1L);
        }
        return Arrays.copyOf(buffer.byteArray(), writer.finish());
    }

    private static byte[] headerOnly(final int type, final byte[] sender)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        return Arrays.copyOf(buffer.byteArray(), header(buffer, type, sender).finish());
    }

    /** A master claiming slot 0 at a high epoch, so a node that believed it would change its view. */
    private static BusMessageWriter header(final UnsafeBuffer buffer, final int type, final byte[] sender)
    {
        final byte[] ip = HOST.getBytes(StandardCharsets.US_ASCII);
        return new BusMessageWriter().begin(buffer, 0, buffer.capacity(), type).port(30_001).cport(40_001)
            .currentEpoch(1000).configEpoch(1000).sender(sender, 0).myIp(ip, 0, ip.length).flags(0x0001)
            .slotsWord(0, 1L);
    }

    private static byte[] randomId(final SplittableRandom random)
    {
        final byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] readFrame(final InputStream in) throws IOException
    {
        final byte[] prefix = in.readNBytes(8);
        if (prefix.length < 8)
        {
            throw new EOFException("the node closed the link");
        }
        final int length = new UnsafeBuffer(prefix).getInt(4, ByteOrder.BIG_ENDIAN);
        final byte[] frame = Arrays.copyOf(prefix, length);
        if (in.readNBytes(frame, 8, length - 8) != length - 8)
        {
            throw new EOFException("the node closed the link inside a frame");
        }
        return frame;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Views and counters

    private String myId() throws IOException
    {
        return Arrays.stream(call(0, "CLUSTER", "NODES").split("\n")).filter(line -> line.contains("myself"))
            .map(line -> line.split(" ")[0]).findFirst().orElseThrow();
    }

    private String call(final int node, final String... args) throws IOException
    {
        try (AdminConnection connection = new AdminConnection(HOST, cluster.servers().get(node).port()))
        {
            return String.valueOf(connection.callOk(args));
        }
    }

    /** CLUSTER NODES without ping/pong times and link states, sorted. */
    private static String stableNodes(final String nodes)
    {
        return Arrays.stream(nodes.split("\n")).map(line ->
        {
            final String[] fields = line.trim().split(" ");
            fields[4] = "-";
            fields[5] = "-";
            fields[7] = "-";
            return String.join(" ", fields);
        }).sorted().collect(Collectors.joining("\n"));
    }

    /** CLUSTER INFO without the message counters. */
    private static String stableInfo(final String info)
    {
        return Arrays.stream(info.split("\r\n")).filter(line -> !line.startsWith("cluster_stats_"))
            .collect(Collectors.joining("\n"));
    }

    private static Map<String, Long> fields(final String info)
    {
        final Map<String, Long> fields = new java.util.HashMap<>();
        for (final String line : info.split("\r\n"))
        {
            final int colon = line.indexOf(':');
            if (colon > 0)
            {
                fields.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1)));
            }
        }
        return fields;
    }

    private static long delta(final Map<String, Long> before, final Map<String, Long> after, final String name)
    {
        assertTrue(after.containsKey(name), name + " missing from INFO krill: " + after);
        return after.get(name) - before.get(name);
    }

    /** CPU time of the live thread named {@code name}, 0 if there is none. */
    private static long threadCpuNs(final String name)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds()))
        {
            if (info != null && name.equals(info.getThreadName()))
            {
                return threads.getThreadCpuTime(info.getThreadId());
            }
        }
        return 0;
    }

    /** INFO krill once the node has counted {@code expected} more malformed packets (or after 10 s). */
    private Map<String, Long> awaitMalformed(final Map<String, Long> before, final long expected) throws Exception
    {
        final long deadlineMs = System.currentTimeMillis() + 10_000;
        Map<String, Long> after = fields(call(0, "INFO", "krill"));
        while (delta(before, after, "cluster_bus_malformed_messages") < expected &&
            System.currentTimeMillis() < deadlineMs)
        {
            Thread.sleep(20);
            after = fields(call(0, "INFO", "krill"));
        }
        return after;
    }

    /**
     * Copies System.err into memory while it runs, so the test can count what slf4j-simple (the launcher's binding,
     * on the test classpath) logged; it writes to whatever System.err is at each line.
     */
    private static final class LogCapture
    {
        private final PrintStream original;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
        private final boolean active;

        private LogCapture(final PrintStream original, final boolean active)
        {
            this.original = original;
            this.active = active;
        }

        static LogCapture start()
        {
            final boolean simple =
                LoggerFactory.getILoggerFactory().getClass().getName().startsWith("org.slf4j.simple");
            final LogCapture capture = new LogCapture(System.err, simple);
            if (simple)
            {
                System.setErr(new PrintStream(new OutputStream()
                {
                    @Override
                    public void write(final int b)
                    {
                        synchronized (capture.copy)
                        {
                            capture.copy.write(b);
                        }
                        capture.original.write(b);
                    }

                    @Override
                    public void write(final byte[] bytes, final int offset, final int length)
                    {
                        synchronized (capture.copy)
                        {
                            capture.copy.write(bytes, offset, length);
                        }
                        capture.original.write(bytes, offset, length);
                    }
                }, true));
            }
            return capture;
        }

        boolean active()
        {
            return active;
        }

        void stop()
        {
            if (active)
            {
                System.setErr(original);
            }
        }

        long count(final String text)
        {
            return lines().filter(line -> line.contains(text)).count();
        }

        String matching(final String text)
        {
            return lines().filter(line -> line.contains(text)).collect(Collectors.joining("\n"));
        }

        private Stream<String> lines()
        {
            synchronized (copy)
            {
                return copy.toString(StandardCharsets.UTF_8).lines().toList().stream();
            }
        }
    }
}
