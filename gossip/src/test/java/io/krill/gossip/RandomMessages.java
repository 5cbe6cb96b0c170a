package io.krill.gossip;

import java.util.SplittableRandom;

import org.agrona.MutableDirectBuffer;

/**
 * Well-formed messages of every type with random field values, written with {@link BusMessageWriter}: the
 * fuzz test's second source of packets besides the Redis captures.
 */
final class RandomMessages
{
    private static final BusMessageWriter WRITER = new BusMessageWriter();
    private static final byte[] BYTES = new byte[4096];

    static
    {
        new SplittableRandom(4096).nextBytes(BYTES);
    }

    private RandomMessages()
    {
    }

    /**
     * Writes one message at offset 0 of {@code buffer} and returns its length.
     */
    static int write(final SplittableRandom random, final MutableDirectBuffer buffer)
    {
        // Refresh a slice of the shared random bytes: ids, IPs and bodies vary without 4 KB of draws per message.
        for (int i = random.nextInt(BYTES.length - 64), end = i + 64; i < end; i++)
        {
            BYTES[i] = (byte)random.nextInt(256);
        }
        final int type = random.nextInt(8) == 0 ? 11 + random.nextInt(100) : random.nextInt(BusMessageType.COUNT);
        final BusMessageWriter writer = WRITER.begin(buffer, 0, buffer.capacity(), type)
            .port(random.nextInt(65536)).cport(random.nextInt(65536)).pport(random.nextInt(65536))
            .currentEpoch(random.nextLong()).configEpoch(random.nextLong()).replicationOffset(random.nextLong())
            .sender(BYTES, 0).flags(random.nextInt(65536)).state(random.nextInt(2))
            .mflags(0, random.nextInt(8)).myIp(BYTES, 100, random.nextInt(46));
        for (int w = 0; w < BusHeaderCodec.SLOT_BITMAP_WORDS; w += 1 + random.nextInt(64))
        {
            writer.slotsWord(w, random.nextLong());
        }
        if (random.nextBoolean())
        {
            writer.masterId(BYTES, 40);
        }
        switch (type)
        {
            case BusMessageType.PING:
            case BusMessageType.PONG:
            case BusMessageType.MEET:
                heartbeat(random, writer);
                break;
            case BusMessageType.FAIL:
                writer.fail(BYTES, 200);
                break;
            case BusMessageType.PUBLISH:
            case BusMessageType.PUBLISHSHARD:
                writer.publish(BYTES, 0, random.nextInt(200), BYTES, 300, random.nextInt(2000));
                break;
            case BusMessageType.UPDATE:
                writer.update(random.nextLong(), BYTES, 0).updateSlots(BYTES, 1000);
                break;
            case BusMessageType.MODULE:
                writer.module(random.nextLong(), random.nextInt(256), BYTES, 0, random.nextInt(500));
                break;
            default:
                break;
        }
        return writer.finish();
    }

    private static void heartbeat(final SplittableRandom random, final BusMessageWriter writer)
    {
        final int count = random.nextInt(6);
        for (int i = 0; i < count; i++)
        {
            writer.appendGossip(BYTES, i * 40, random.nextLong() & 0xFFFF_FFFFL, random.nextLong() & 0xFFFF_FFFFL,
                BYTES, 500, random.nextInt(46), random.nextInt(65536), random.nextInt(65536), random.nextInt(65536),
                random.nextInt(65536));
        }
        final int extensions = random.nextInt(4);
        for (int i = 0; i < extensions; i++)
        {
            switch (random.nextInt(5))
            {
                case 0:
                    writer.appendHostname(BYTES, 600, random.nextInt(60));
                    break;
                case 1:
                    writer.appendHumanNodename(BYTES, 700, random.nextInt(60));
                    break;
                case 2:
                    writer.appendForgottenNode(BYTES, 800, random.nextLong());
                    break;
                case 3:
                    writer.appendShardId(BYTES, 900);
                    break;
                default:
                    writer.appendExtension(4 + random.nextInt(100), BYTES, 1000, random.nextInt(100));
                    break;
            }
        }
    }
}
