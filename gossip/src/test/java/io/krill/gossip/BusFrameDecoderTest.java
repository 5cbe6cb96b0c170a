package io.krill.gossip;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the framing of digest 5.1 over a byte stream: messages come out whole and in order whatever the
 * chunking, malformed frames are reported and skipped, and a bad signature or length breaks the stream.
 * Method: the captured Redis messages concatenated into one stream, fed in one piece, byte by byte and in
 * seeded random chunks; then streams with one broken frame.
 */
class BusFrameDecoderTest
{
    private static final class Recorder implements BusFrameHandler
    {
        final List<byte[]> messages = new ArrayList<>();
        final List<BusVerdict> malformed = new ArrayList<>();

        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            messages.add(copy);
        }

        public void onMalformed(final BusVerdict verdict, final DirectBuffer buffer, final int offset, final int length)
        {
            malformed.add(verdict);
        }
    }

    private final List<byte[]> captured = BusFixtures.allMessages();
    private final byte[] stream = concat(captured);

    @Test
    void shouldDeliverEveryMessageInPlaceWhenStreamArrivesInOnePiece()
    {
        final BusFrameDecoder decoder = new BusFrameDecoder();
        final Recorder recorder = new Recorder();
        assertEquals(captured.size(), decoder.onBytes(new UnsafeBuffer(stream), 0, stream.length, recorder));
        assertSame(captured, recorder.messages);
        assertEquals(0, decoder.pendingBytes());
    }

    @Test
    void shouldDeliverEveryMessageWhenStreamArrivesByteByByte()
    {
        final BusFrameDecoder decoder = new BusFrameDecoder();
        final Recorder recorder = new Recorder();
        final UnsafeBuffer buffer = new UnsafeBuffer(stream);
        int delivered = 0;
        for (int i = 0; i < stream.length; i++)
        {
            delivered += decoder.onBytes(buffer, i, 1, recorder);
        }
        assertEquals(captured.size(), delivered);
        assertSame(captured, recorder.messages);
    }

    @Test
    void shouldDeliverEveryMessageWhenStreamArrivesInRandomChunks()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 50; round++)
        {
            final BusFrameDecoder decoder = new BusFrameDecoder(BusFrameDecoder.DEFAULT_MAX_MESSAGE_LENGTH, 16);
            final Recorder recorder = new Recorder();
            final UnsafeBuffer buffer = new UnsafeBuffer(stream);
            int position = 0;
            while (position < stream.length)
            {
                final int chunk = Math.min(stream.length - position, 1 + random.nextInt(6000));
                decoder.onBytes(buffer, position, chunk, recorder);
                position += chunk;
            }
            assertSame(captured, recorder.messages);
        }
    }

    @Test
    void shouldSkipMalformedFrameWhenFramingIsIntact()
    {
        final byte[] bad = TestMessages.ping(1, null);
        TestMessages.putU16(bad, BusHeaderCodec.VERSION_OFFSET, 9);
        final List<byte[]> sequence = List.of(captured.get(0), bad, captured.get(1));
        final byte[] bytes = concat(sequence);
        final BusFrameDecoder decoder = new BusFrameDecoder();
        final Recorder recorder = new Recorder();

        assertEquals(3, decoder.onBytes(new UnsafeBuffer(bytes), 0, bytes.length, recorder));
        assertSame(List.of(captured.get(0), captured.get(1)), recorder.messages);
        assertEquals(List.of(BusVerdict.BAD_VERSION), recorder.malformed);
        assertFalse(decoder.isBroken());
    }

    @Test
    void shouldBreakStreamWhenSignatureIsWrong()
    {
        final byte[] bad = TestMessages.headerOnly(BusMessageType.MFSTART);
        bad[0] = 'X';
        final byte[] bytes = concat(List.of(captured.get(0), bad, captured.get(1)));
        final BusFrameDecoder decoder = new BusFrameDecoder();
        final Recorder recorder = new Recorder();

        assertEquals(BusFrameDecoder.BROKEN, decoder.onBytes(new UnsafeBuffer(bytes), 0, bytes.length, recorder));
        assertEquals(1, recorder.messages.size());
        assertEquals(BusVerdict.BAD_SIGNATURE, decoder.failure());
        assertEquals(BusFrameDecoder.BROKEN, decoder.onBytes(new UnsafeBuffer(stream), 0, stream.length, recorder));
        assertEquals(1, recorder.messages.size(), "nothing after the break");

        decoder.reset();
        assertNull(decoder.failure());
        assertEquals(captured.size(), decoder.onBytes(new UnsafeBuffer(stream), 0, stream.length, recorder));
    }

    @Test
    void shouldBreakStreamWhenLengthIsBelowHeaderEvenIfSplit()
    {
        final byte[] bad = TestMessages.headerOnly(BusMessageType.MFSTART);
        TestMessages.putU32(bad, BusHeaderCodec.TOTAL_LENGTH_OFFSET, 16);
        final BusFrameDecoder decoder = new BusFrameDecoder();
        final Recorder recorder = new Recorder();
        final UnsafeBuffer buffer = new UnsafeBuffer(bad);
        assertEquals(0, decoder.onBytes(buffer, 0, 5, recorder));
        assertEquals(5, decoder.pendingBytes());
        assertEquals(BusFrameDecoder.BROKEN, decoder.onBytes(buffer, 5, 10, recorder));
        assertEquals(BusVerdict.LENGTH_BELOW_HEADER, decoder.failure());
        assertTrue(decoder.failure().closesLink());
    }

    @Test
    void shouldBreakStreamWhenLengthExceedsMaximum()
    {
        final byte[] big = TestMessages.publish("ch", "x".repeat(3000));
        final BusFrameDecoder decoder = new BusFrameDecoder(4352, 4352);
        final Recorder recorder = new Recorder();
        assertEquals(BusFrameDecoder.BROKEN, decoder.onBytes(new UnsafeBuffer(big), 0, big.length, recorder));
        assertEquals(BusVerdict.LENGTH_ABOVE_MAXIMUM, decoder.failure());
        assertTrue(recorder.messages.isEmpty());
    }

    @Test
    void shouldGrowGatheringBufferWhenSplitMessageExceedsIt()
    {
        final byte[] big = TestMessages.publish("ch", "y".repeat(100_000));
        final BusFrameDecoder decoder = new BusFrameDecoder(BusFrameDecoder.DEFAULT_MAX_MESSAGE_LENGTH, 64);
        final Recorder recorder = new Recorder();
        final UnsafeBuffer buffer = new UnsafeBuffer(big);
        assertEquals(0, decoder.onBytes(buffer, 0, 1000, recorder));
        assertEquals(1, decoder.onBytes(buffer, 1000, big.length - 1000, recorder));
        assertArrayEquals(big, recorder.messages.get(0));
    }

    private static void assertSame(final List<byte[]> expected, final List<byte[]> actual)
    {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertTrue(Arrays.equals(expected.get(i), actual.get(i)), "message " + i);
        }
    }

    private static byte[] concat(final List<byte[]> messages)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        messages.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
