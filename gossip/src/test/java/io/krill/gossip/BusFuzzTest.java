package io.krill.gossip;

import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/*
 * Goal: no byte sequence makes the bus framing, the validator or the flyweights throw or read outside the
 * message: the validator only ever answers with a BusVerdict, and a message it accepts decodes every field
 * (header, gossip entries, extensions, every body type) without an exception.
 * Method: 1,000,000 packets (-Dfuzz.iterations), each the Redis captures or a freshly written random message
 * put through 1-3 mutations: byte flips, field pokes (totlen, ver, type, count, extensions, mflags, body
 * lengths), truncation, extension, absurd counts, random extension chains, bad signature or version,
 * random garbage. Each packet sits in an exact-size Agrona view, so with bounds checks on (the default) any
 * read past either end throws. Every fourth packet is also streamed through a BusFrameDecoder in random
 * chunks. The seed is printed; -Dfuzz.seed=<n> replays a run, and a failure reports seed, iteration and bytes.
 */
@Tag("slow")
class BusFuzzTest
{
    private static final int SCRATCH_LENGTH = 32 * 1024;

    private final List<byte[]> seeds = BusFixtures.allMessages();
    private final byte[] scratch = new byte[SCRATCH_LENGTH];
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer scratchBuffer = new UnsafeBuffer(scratch);
    private final MessageDecoder decoder = new MessageDecoder();
    private final Map<BusVerdict, Long> verdicts = new EnumMap<>(BusVerdict.class);
    private final BusFrameDecoder frames = new BusFrameDecoder(1 << 20, 4096);
    private SplittableRandom random;

    private final BusFrameHandler handler = new BusFrameHandler()
    {
        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            count(BusVerdict.ACCEPTED);
            decoder.decodeEverything(buffer, offset, length);
        }

        public void onMalformed(final BusVerdict verdict, final DirectBuffer buffer, final int offset, final int length)
        {
            count(verdict);
        }
    };

    @Test
    void shouldOnlyReturnVerdictsWhenPacketsAreRandomOrMutated()
    {
        assertTrue(DirectBuffer.SHOULD_BOUNDS_CHECK, "run with Agrona bounds checks on");
        final long seed = Long.getLong("fuzz.seed", new SplittableRandom().nextLong());
        final long iterations = Long.getLong("fuzz.iterations", 1_000_000L);
        System.out.println("BusFuzzTest seed=" + seed + " iterations=" + iterations + " (replay: -Dfuzz.seed=" +
            seed + ")");
        random = new SplittableRandom(seed);
        long accepted = 0;
        for (long i = 0; i < iterations; i++)
        {
            final int length = nextPacket();
            try
            {
                view.wrap(scratch, 0, length);
                final BusVerdict verdict = BusMessageValidator.validate(view, 0, length);
                count(verdict);
                if (verdict.isAccepted())
                {
                    accepted++;
                    decoder.decodeEverything(view, 0, length);
                    if ((i & 15) == 0)
                    {
                        decoder.rebuildAndRevalidate(view, length);
                    }
                }
                if ((i & 3) == 0)
                {
                    stream(length);
                }
            }
            catch (final Throwable ex)
            {
                fail("seed=" + seed + " iteration=" + i + " length=" + length + " packet=" +
                    HexFormat.of().formatHex(scratch, 0, Math.min(length, 4400)), ex);
            }
        }
        System.out.println("BusFuzzTest verdicts " + verdicts + " accepted(direct)=" + accepted + " cpu=" +
            java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000 + " ms");
        for (final BusVerdict verdict : BusVerdict.values())
        {
            assertTrue(verdicts.getOrDefault(verdict, 0L) > 0, "fuzzer never produced " + verdict + " seed=" + seed);
        }
        assertTrue(accepted > iterations / 20, "too few accepted packets to exercise the decoders: " + accepted);
    }

    private void count(final BusVerdict verdict)
    {
        verdicts.merge(verdict, 1L, Long::sum);
    }

    /**
     * Feeds the packet to the long-lived frame decoder in up to three chunks; a broken stream is reset, as a
     * node would reconnect.
     */
    private void stream(final int length)
    {
        int position = 0;
        while (position < length)
        {
            final int chunk = random.nextInt(4) == 0 ? length - position : 1 + random.nextInt(length - position);
            if (frames.onBytes(scratchBuffer, position, chunk, handler) == BusFrameDecoder.BROKEN)
            {
                count(frames.failure());
                frames.reset();
                return;
            }
            position += chunk;
        }
        if (random.nextInt(8) == 0)
        {
            frames.reset(); // drop a partial frame sometimes, as when a link closes
        }
    }

    /**
     * Fills {@link #scratch} with the next packet and returns its length.
     */
    private int nextPacket()
    {
        int length;
        if (random.nextInt(4) == 0)
        {
            length = RandomMessages.write(random, scratchBuffer);
        }
        else
        {
            final byte[] seed = seeds.get(random.nextInt(seeds.size()));
            System.arraycopy(seed, 0, scratch, 0, seed.length);
            length = seed.length;
        }
        final int mutations = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++)
        {
            length = mutate(length);
        }
        return length;
    }

    private int mutate(final int length)
    {
        switch (random.nextInt(10))
        {
            case 0:
                return flipBytes(length);
            case 1:
                return pokeField(length);
            case 2:
                return truncate(length);
            case 3:
                return extend(length);
            case 4:
                return absurdCount(length);
            case 5:
                putU16(BusHeaderCodec.TYPE_OFFSET, random.nextInt(3) == 0 ? random.nextInt(65536) : random.nextInt(13),
                    length);
                return maybeFixTotalLength(length);
            case 6:
                return extensionChain(length);
            case 7:
                return badSignatureOrVersion(length);
            case 8:
                return garbage();
            default:
                return bodyLengths(length);
        }
    }

    private int flipBytes(final int length)
    {
        final int flips = 1 + random.nextInt(16);
        for (int i = 0; i < flips && length > 0; i++)
        {
            scratch[random.nextInt(length)] = (byte)random.nextInt(256);
        }
        return length;
    }

    private int pokeField(final int length)
    {
        final int[] offsets = { BusHeaderCodec.TOTAL_LENGTH_OFFSET, BusHeaderCodec.VERSION_OFFSET,
            BusHeaderCodec.TYPE_OFFSET, BusHeaderCodec.COUNT_OFFSET, BusHeaderCodec.EXTENSIONS_OFFSET,
            BusHeaderCodec.MFLAGS_OFFSET, BusHeaderCodec.STATE_OFFSET, BusHeaderCodec.MY_IP_OFFSET };
        final int field = offsets[random.nextInt(offsets.length)];
        if (field == BusHeaderCodec.TOTAL_LENGTH_OFFSET)
        {
            putU32(field, interesting(length), length);
        }
        else if (field == BusHeaderCodec.MFLAGS_OFFSET || field == BusHeaderCodec.STATE_OFFSET)
        {
            putByte(field, random.nextInt(256), length);
        }
        else if (field == BusHeaderCodec.MY_IP_OFFSET)
        {
            for (int i = 0; i < BusHeaderCodec.IP_LENGTH; i++)
            {
                putByte(field + i, 'a' + random.nextInt(26), length);
            }
        }
        else
        {
            putU16(field, (int)interesting(length) & 0xFFFF, length);
        }
        return length;
    }

    private int truncate(final int length)
    {
        final int cut = random.nextInt(3) == 0 ? random.nextInt(Math.max(1, length)) : length - 1 - random.nextInt(16);
        return maybeFixTotalLength(Math.max(0, cut));
    }

    private int extend(final int length)
    {
        final int extra = 1 + random.nextInt(random.nextInt(4) == 0 ? 4000 : 64);
        final int newLength = Math.min(SCRATCH_LENGTH, length + extra);
        if (random.nextBoolean())
        {
            randomBytes(length, newLength);
        }
        else
        {
            java.util.Arrays.fill(scratch, length, newLength, (byte)0);
        }
        return maybeFixTotalLength(newLength);
    }

    private int absurdCount(final int length)
    {
        final int count = random.nextInt(3) == 0 ? 0xFFFF - random.nextInt(4) : random.nextInt(300);
        putU16(BusHeaderCodec.COUNT_OFFSET, count, length);
        if (random.nextBoolean())
        {
            final long wanted = BusHeaderCodec.LENGTH + (long)count * GossipEntryCodec.LENGTH;
            if (wanted <= SCRATCH_LENGTH)
            {
                randomBytes(length, (int)wanted);
                return fixTotalLength((int)wanted);
            }
        }
        return length;
    }

    /**
     * Replaces whatever follows the gossip entries with 0-5 extensions of random type and length (valid or not),
     * sets the count and usually EXT_DATA.
     */
    private int extensionChain(final int length)
    {
        if (length < BusHeaderCodec.LENGTH)
        {
            return length;
        }
        final int gossipEnd = (int)Math.min(length,
            BusHeaderCodec.LENGTH + (long)u16(BusHeaderCodec.COUNT_OFFSET) * GossipEntryCodec.LENGTH);
        int position = gossipEnd;
        final int extensions = random.nextInt(6);
        for (int e = 0; e < extensions && position + 8 <= SCRATCH_LENGTH - 512; e++)
        {
            final int body = random.nextInt(4) == 0 ? random.nextInt(64) : 8 * random.nextInt(8);
            int extensionLength = PingExtensionCodec.alignedLength(body);
            if (random.nextInt(5) == 0)
            {
                extensionLength = (int)interesting(extensionLength);
            }
            scratchBuffer.putInt(position, extensionLength, ByteOrder.BIG_ENDIAN);
            scratchBuffer.putShort(position + 4, (short)random.nextInt(random.nextInt(4) == 0 ? 65536 : 5),
                ByteOrder.BIG_ENDIAN);
            scratchBuffer.putShort(position + 6, (short)0, ByteOrder.BIG_ENDIAN);
            final int step = PingExtensionCodec.alignedLength(body);
            for (int i = 8; i < step; i++)
            {
                scratch[position + i] = (byte)(random.nextBoolean() ? 0 : 'a' + random.nextInt(26));
            }
            position += step;
        }
        putU16(BusHeaderCodec.EXTENSIONS_OFFSET, random.nextInt(6) == 0 ? random.nextInt(65536) : extensions, position);
        if (random.nextInt(6) != 0)
        {
            scratch[BusHeaderCodec.MFLAGS_OFFSET] |= BusHeaderCodec.MFLAG0_EXT_DATA;
        }
        return random.nextInt(5) == 0 ? position : fixTotalLength(position);
    }

    private int badSignatureOrVersion(final int length)
    {
        if (random.nextBoolean())
        {
            putByte(random.nextInt(4), random.nextInt(256), length);
        }
        else
        {
            putU16(BusHeaderCodec.VERSION_OFFSET, random.nextInt(3), length);
        }
        return length;
    }

    private int garbage()
    {
        final int length = random.nextInt(6000);
        randomBytes(0, length);
        if (length >= 8 && random.nextBoolean())
        {
            scratchBuffer.putInt(0, BusHeaderCodec.SIGNATURE, ByteOrder.BIG_ENDIAN);
            fixTotalLength(length);
        }
        if (length >= BusHeaderCodec.LENGTH && random.nextBoolean())
        {
            putU16(BusHeaderCodec.VERSION_OFFSET, 1, length);
            putU16(BusHeaderCodec.TYPE_OFFSET, random.nextInt(12), length);
        }
        return length;
    }

    private void randomBytes(final int from, final int to)
    {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES)
        {
            scratchBuffer.putLong(i, random.nextLong());
        }
        for (; i < to; i++)
        {
            scratch[i] = (byte)random.nextInt(256);
        }
    }

    private int bodyLengths(final int length)
    {
        // PUBLISH channel/message lengths, MODULE payload length and UPDATE epoch share the first body bytes.
        final int field = BusHeaderCodec.BODY_OFFSET + 4 * random.nextInt(4);
        putU32(field, interesting(length - BusHeaderCodec.LENGTH), length);
        return maybeFixTotalLength(length);
    }

    /**
     * A value near a boundary: 0, small, near {@code around}, near a power of two, or all ones.
     */
    private long interesting(final long around)
    {
        switch (random.nextInt(6))
        {
            case 0:
                return random.nextInt(16);
            case 1:
                return Math.max(0, around + random.nextInt(33) - 16);
            case 2:
                return (1L << random.nextInt(33)) - random.nextInt(2);
            case 3:
                return 0xFFFF_FFFFL - random.nextInt(16);
            case 4:
                return BusHeaderCodec.LENGTH + random.nextInt(3000);
            default:
                return random.nextLong() & 0xFFFF_FFFFL;
        }
    }

    private int maybeFixTotalLength(final int length)
    {
        return random.nextInt(4) == 0 ? length : fixTotalLength(length);
    }

    private int fixTotalLength(final int length)
    {
        putU32(BusHeaderCodec.TOTAL_LENGTH_OFFSET, length, length);
        return length;
    }

    private int u16(final int index)
    {
        return scratchBuffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    private void putU16(final int index, final int value, final int length)
    {
        if (index + 2 <= length)
        {
            scratchBuffer.putShort(index, (short)value, ByteOrder.BIG_ENDIAN);
        }
    }

    private void putU32(final int index, final long value, final int length)
    {
        if (index + 4 <= length)
        {
            scratchBuffer.putInt(index, (int)value, ByteOrder.BIG_ENDIAN);
        }
    }

    private void putByte(final int index, final int value, final int length)
    {
        if (index < length)
        {
            scratch[index] = (byte)value;
        }
    }

    /**
     * Reads every field of an accepted message through the public flyweights.
     */
    static final class MessageDecoder
    {
        private final BusHeaderCodec header = new BusHeaderCodec();
        private final GossipEntryCodec gossip = new GossipEntryCodec();
        private final PingExtensionCodec extension = new PingExtensionCodec();
        private final FailCodec fail = new FailCodec();
        private final PublishCodec publish = new PublishCodec();
        private final UpdateCodec update = new UpdateCodec();
        private final ModuleCodec module = new ModuleCodec();
        private final BusMessageRebuilder rebuilder = new BusMessageRebuilder();
        private final byte[] id = new byte[NodeId.LENGTH];
        private final byte[] text = new byte[65536];
        private final byte[] bitmap = new byte[BusHeaderCodec.SLOT_BITMAP_LENGTH];
        long sink;

        void decodeEverything(final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset, length);
            sink += header.signature() + header.totalLength() + header.version() + header.port() + header.type() +
                header.count() + header.currentEpoch() + header.configEpoch() + header.replicationOffset() +
                header.extensions() + header.extensionsToRead() + header.pport() + header.cport() + header.flags() +
                header.state() + header.mflags(0) + header.mflags(1) + header.mflags(2) + header.bodyLength();
            header.copySender(id, 0);
            sink += NodeId.isValid(buffer, header.senderIndex()) ? 1 : 0;
            walkSlots(header.nextSlot(0), header::nextSlot, header::nextFreeSlot);
            for (int w = 0; w < BusHeaderCodec.SLOT_BITMAP_WORDS; w++)
            {
                sink += header.slotsWord(w);
            }
            header.copySlots(bitmap, 0);
            if (header.hasMasterId())
            {
                header.copyMasterId(id, 0);
            }
            sink += header.copyMyIp(text, 0);
            switch (header.type())
            {
                case BusMessageType.PING:
                case BusMessageType.PONG:
                case BusMessageType.MEET:
                    decodeGossip();
                    decodeExtensions();
                    break;
                case BusMessageType.FAIL:
                    fail.wrap(header).copyNodeId(id, 0);
                    break;
                case BusMessageType.PUBLISH:
                case BusMessageType.PUBLISHSHARD:
                    publish.wrap(header);
                    if (publish.channelLength() + publish.messageLength() <= text.length)
                    {
                        publish.copyChannel(text, 0);
                        publish.copyMessage(text, publish.channelLength());
                    }
                    sink += buffer.getByte(publish.messageIndex() - 1);
                    break;
                case BusMessageType.UPDATE:
                    update.wrap(header).copyNodeId(id, 0);
                    sink += update.configEpoch() + update.slotsWord(255);
                    update.copySlots(bitmap, 0);
                    walkSlots(update.nextSlot(0), update::nextSlot, update::nextFreeSlot);
                    break;
                case BusMessageType.MODULE:
                    module.wrap(header);
                    sink += module.moduleId() + module.moduleType() + module.payloadLength();
                    if (module.payloadLength() > 0)
                    {
                        sink += buffer.getByte(module.payloadIndex() + module.payloadLength() - 1);
                    }
                    break;
                default:
                    break;
            }
        }

        void rebuildAndRevalidate(final DirectBuffer buffer, final int length)
        {
            header.wrap(buffer, 0, length);
            if (header.myIpLength() == BusHeaderCodec.IP_LENGTH || anyGossipIpWithoutNul())
            {
                return; // the writer refuses a 46-byte IP (no room for the NUL a peer expects); nothing to rebuild
            }
            final byte[] rebuilt = rebuilder.rebuild(buffer, 0, length);
            final UnsafeBuffer rebuiltBuffer = new UnsafeBuffer(rebuilt);
            assertEquals(BusVerdict.ACCEPTED, BusMessageValidator.validate(rebuiltBuffer, 0, rebuilt.length));
        }

        private boolean anyGossipIpWithoutNul()
        {
            if (!BusMessageType.isHeartbeat(header.type()))
            {
                return false;
            }
            for (int i = 0; i < header.count(); i++)
            {
                if (gossip.wrap(header, i).ipLength() == BusHeaderCodec.IP_LENGTH)
                {
                    return true;
                }
            }
            return false;
        }

        private void decodeGossip()
        {
            for (int i = 0; i < header.count(); i++)
            {
                gossip.wrap(header, i);
                gossip.copyNodeId(id, 0);
                sink += gossip.pingSentSeconds() + gossip.pongReceivedSeconds() + gossip.copyIp(text, 0) +
                    gossip.port() + gossip.cport() + gossip.flags() + gossip.pport();
            }
        }

        private void decodeExtensions()
        {
            int index = header.firstExtensionIndex();
            for (int i = 0, n = header.extensionsToRead(); i < n; i++)
            {
                extension.wrap(header.buffer(), index, header.limit() - index);
                sink += extension.type() + extension.bodyLength() + extension.textLength() +
                    extension.copyText(text, 0);
                switch (extension.type())
                {
                    case PingExtensionCodec.TYPE_FORGOTTEN_NODE:
                        NodeId.copy(header.buffer(), extension.forgottenNodeIdIndex(), id, 0);
                        sink += extension.forgottenNodeTtlSeconds();
                        break;
                    case PingExtensionCodec.TYPE_SHARDID:
                        NodeId.copy(header.buffer(), extension.shardIdIndex(), id, 0);
                        break;
                    default:
                        break;
                }
                index += extension.length();
            }
            if (header.extensionsToRead() > 0)
            {
                assertEquals(header.limit(), index, "accepted extensions end the message");
            }
        }

        private void walkSlots(
            final int first, final java.util.function.IntUnaryOperator next,
            final java.util.function.IntUnaryOperator nextFree)
        {
            // A random bitmap has thousands of ranges; a few dozen steps reach every code path.
            int start = first;
            for (int steps = 0; start >= 0 && steps < 32; steps++)
            {
                final int free = nextFree.applyAsInt(start);
                if (free < 0)
                {
                    return;
                }
                start = next.applyAsInt(free);
                sink += free;
            }
        }
    }
}
