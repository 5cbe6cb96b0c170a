package io.krill.gossip;

import java.lang.management.ManagementFactory;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the bus hot path (frame, validate, decode a heartbeat with its gossip entries and extensions, build
 * the reply) allocates nothing, the rule STYLE.md sets for bus handling. BusCodecBenchmark measures the same
 * with JMH -prof gc; this test keeps it from regressing in CI.
 * Method: run the path 20,000 times to warm up, then 100,000 times while the thread's allocated-bytes
 * counter (com.sun.management.ThreadMXBean) watches; allow a few hundred bytes for the counter itself.
 */
class BusCodecAllocationTest
{
    private final BusFrameDecoder decoder = new BusFrameDecoder();
    private final BusHeaderCodec header = new BusHeaderCodec();
    private final GossipEntryCodec gossip = new GossipEntryCodec();
    private final PingExtensionCodec extension = new PingExtensionCodec();
    private final BusMessageWriter writer = new BusMessageWriter();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[8192]);
    private final byte[] id = new byte[NodeId.LENGTH];
    private long checksum;

    private final BusFrameHandler handler = new BusFrameHandler()
    {
        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            decodeAndReply(buffer, offset, length);
        }

        public void onMalformed(final BusVerdict verdict, final DirectBuffer buffer, final int offset, final int length)
        {
            checksum--;
        }
    };

    @Test
    void shouldAllocateNothingWhenFramingDecodingAndEncoding()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
            "needs com.sun.management.ThreadMXBean to read allocated bytes");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
            "thread allocation accounting is off in this JVM");

        final UnsafeBuffer ping = new UnsafeBuffer(TestMessages.ping(3, "node-a.example"));
        final UnsafeBuffer capture = new UnsafeBuffer(BusFixtures.bytes(BusFixtures.MAIN, "ping-6.bin"));
        run(ping, capture, 20_000);

        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        run(ping, capture, 100_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 200,000 messages");
        assertTrue(checksum > 0);
    }

    private void run(final UnsafeBuffer ping, final UnsafeBuffer capture, final int iterations)
    {
        for (int i = 0; i < iterations; i++)
        {
            assertEquals(1, decoder.onBytes(ping, 0, ping.capacity(), handler));
            // Split across two chunks: the gathering path.
            decoder.onBytes(capture, 0, 1000, handler);
            decoder.onBytes(capture, 1000, capture.capacity() - 1000, handler);
        }
    }

    private void decodeAndReply(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset, length);
        long sum = header.currentEpoch() + header.configEpoch() + header.replicationOffset() + header.port() +
            header.cport() + header.flags() + header.state() + header.mflags(0) + header.slotsWord(0);
        header.copySender(id, 0);
        for (int i = 0; i < header.count(); i++)
        {
            gossip.wrap(header, i);
            sum += gossip.port() + gossip.flags() + gossip.pongReceivedSeconds() + gossip.ipLength();
        }
        int index = header.firstExtensionIndex();
        for (int i = 0, n = header.extensionsToRead(); i < n; i++)
        {
            extension.wrap(buffer, index, header.limit() - index);
            sum += extension.type() + extension.textLength();
            index += extension.length();
        }

        writer.begin(out, 0, out.capacity(), BusMessageType.PONG).port(7601).cport(17601).currentEpoch(10)
            .configEpoch(8).sender(id, 0).flags(NodeFlags.MASTER | NodeFlags.MYSELF);
        for (int word = 0; word < BusHeaderCodec.SLOT_BITMAP_WORDS; word++)
        {
            writer.slotsWord(word, header.slotsWord(word));
        }
        for (int i = 0; i < header.count(); i++)
        {
            gossip.wrap(header, i).copyNodeId(id, 0);
            writer.appendGossip(id, 0, gossip.pingSentSeconds(), gossip.pongReceivedSeconds(), id, 0, 9,
                gossip.port(), gossip.cport(), gossip.flags(), gossip.pport());
        }
        checksum += sum + writer.finish();
    }
}
