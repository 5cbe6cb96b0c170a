package io.krill.gossip;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.krill.gossip.TestMessages.extend;
import static io.krill.gossip.TestMessages.fixTotalLength;
import static io.krill.gossip.TestMessages.putU16;
import static io.krill.gossip.TestMessages.putU32;
import static io.krill.gossip.TestMessages.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: each rule of digest 5.1/5.3 (the receiver's length and version checks, Redis 7.0's extension walk)
 * accepts what it should and names the right reason when it rejects.
 * Method: well-formed messages built with BusMessageWriter, then one field broken at a time.
 */
class BusMessageValidatorTest
{
    private static final int EXT = BusHeaderCodec.BODY_OFFSET + GossipEntryCodec.LENGTH;

    @Test
    void shouldAcceptWhenMessagesAreWellFormed()
    {
        assertEquals(BusVerdict.ACCEPTED, validate(TestMessages.ping(0, null)));
        assertEquals(BusVerdict.ACCEPTED, validate(TestMessages.ping(3, null)));
        assertEquals(BusVerdict.ACCEPTED, validate(TestMessages.ping(1, "node-a.example")));
        assertEquals(BusVerdict.ACCEPTED, validate(TestMessages.publish("ch", "hello")));
        assertEquals(BusVerdict.ACCEPTED, validate(TestMessages.publish("", "")));
        assertEquals(BusVerdict.ACCEPTED, validate(TestMessages.headerOnly(BusMessageType.MFSTART)));
        assertEquals(BusVerdict.ACCEPTED, validate(TestMessages.headerOnly(BusMessageType.FAILOVER_AUTH_ACK)));
    }

    @Test
    void shouldRejectWhenFewerBytesThanHeader()
    {
        final byte[] message = TestMessages.headerOnly(BusMessageType.MFSTART);
        assertEquals(BusVerdict.TRUNCATED, BusMessageValidator.validate(new UnsafeBuffer(message), 0, 2255));
        assertEquals(BusVerdict.TRUNCATED, BusMessageValidator.validate(new UnsafeBuffer(message), 1, 2256));
    }

    @Test
    void shouldRejectWhenSignatureIsWrong()
    {
        final byte[] message = TestMessages.headerOnly(BusMessageType.MFSTART);
        message[3] = 'B';
        assertEquals(BusVerdict.BAD_SIGNATURE, validate(message));
        assertTrue(BusVerdict.BAD_SIGNATURE.closesLink());
    }

    @Test
    void shouldRejectWhenTotalLengthDiffersFromBytesGiven()
    {
        final byte[] message = TestMessages.headerOnly(BusMessageType.MFSTART);
        putU32(message, BusHeaderCodec.TOTAL_LENGTH_OFFSET, 2257);
        assertEquals(BusVerdict.TOTAL_LENGTH_MISMATCH, validate(message));
        putU32(message, BusHeaderCodec.TOTAL_LENGTH_OFFSET, 0xFFFF_FFFFL);
        assertEquals(BusVerdict.TOTAL_LENGTH_MISMATCH, validate(message));
    }

    @Test
    void shouldRejectWhenVersionIsNotOne()
    {
        final byte[] message = TestMessages.ping(0, null);
        putU16(message, BusHeaderCodec.VERSION_OFFSET, 2);
        assertEquals(BusVerdict.BAD_VERSION, validate(message));
        putU16(message, BusHeaderCodec.VERSION_OFFSET, 0);
        assertEquals(BusVerdict.BAD_VERSION, validate(message));
        assertFalse(BusVerdict.BAD_VERSION.closesLink());
    }

    @Test
    void shouldRejectWhenGossipCountDisagreesWithLength()
    {
        final byte[] message = TestMessages.ping(2, null);
        putU16(message, BusHeaderCodec.COUNT_OFFSET, 3);
        assertEquals(BusVerdict.WRONG_LENGTH_FOR_TYPE, validate(message));
        putU16(message, BusHeaderCodec.COUNT_OFFSET, 1);
        assertEquals(BusVerdict.WRONG_LENGTH_FOR_TYPE, validate(message));
        putU16(message, BusHeaderCodec.COUNT_OFFSET, 0xFFFF);
        assertEquals(BusVerdict.WRONG_LENGTH_FOR_TYPE, validate(message));
    }

    @Test
    void shouldRejectWhenFixedSizeTypesHaveOtherLengths()
    {
        for (final int type : new int[]{ BusMessageType.FAILOVER_AUTH_REQUEST, BusMessageType.FAILOVER_AUTH_ACK,
            BusMessageType.MFSTART, BusMessageType.FAIL, BusMessageType.UPDATE })
        {
            final byte[] header = TestMessages.headerOnly(type);
            final int expected = type == BusMessageType.FAIL ? 2296 : type == BusMessageType.UPDATE ? 4352 : 2256;
            for (final int length : new int[]{ expected - 1, expected, expected + 1, expected + 8 })
            {
                if (length < BusHeaderCodec.LENGTH)
                {
                    continue;
                }
                final byte[] message = fixTotalLength(extend(header, length - header.length));
                final BusVerdict verdict = length == expected ? BusVerdict.ACCEPTED : BusVerdict.WRONG_LENGTH_FOR_TYPE;
                assertEquals(verdict, validate(message), BusMessageType.name(type) + " of " + length);
            }
        }
    }

    @Test
    void shouldRejectWhenPublishLengthsDisagree()
    {
        final byte[] message = TestMessages.publish("ch", "hello");
        assertEquals(2271, message.length);
        putU32(message, BusHeaderCodec.BODY_OFFSET + PublishCodec.MESSAGE_LENGTH_OFFSET, 6);
        assertEquals(BusVerdict.WRONG_LENGTH_FOR_TYPE, validate(message));
        // Lengths that wrap a 32-bit sum to the right total must not pass.
        putU32(message, BusHeaderCodec.BODY_OFFSET + PublishCodec.CHANNEL_LENGTH_OFFSET, 0xFFFF_FFFFL);
        putU32(message, BusHeaderCodec.BODY_OFFSET + PublishCodec.MESSAGE_LENGTH_OFFSET, 8);
        assertEquals(BusVerdict.WRONG_LENGTH_FOR_TYPE, validate(message));

        final byte[] tooShort = fixTotalLength(extend(TestMessages.headerOnly(BusMessageType.PUBLISH), 7));
        assertEquals(BusVerdict.WRONG_LENGTH_FOR_TYPE, validate(tooShort));
    }

    @Test
    void shouldCheckModuleLengthWhenTypeIsModule()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2269 + 5]);
        final int length = TestMessages.header(buffer, 0, BusMessageType.MODULE)
            .module(0x1234L, 7, new byte[]{ 1, 2, 3, 4, 5 }, 0, 5).finish();
        assertEquals(2274, length);
        assertEquals(BusVerdict.ACCEPTED, validate(buffer.byteArray()));
        putU32(buffer.byteArray(), BusHeaderCodec.BODY_OFFSET + ModuleCodec.PAYLOAD_LENGTH_OFFSET, 4);
        assertEquals(BusVerdict.WRONG_LENGTH_FOR_TYPE, validate(buffer.byteArray()));

        final byte[] tooShort = fixTotalLength(extend(TestMessages.headerOnly(BusMessageType.MODULE), 12));
        assertEquals(BusVerdict.WRONG_LENGTH_FOR_TYPE, validate(tooShort));
    }

    @Test
    void shouldAcceptAnyLengthWhenTypeIsUnknown()
    {
        for (final int type : new int[]{ BusMessageType.COUNT, 200, 0x8000, 0xFFFF })
        {
            assertEquals(BusVerdict.ACCEPTED, validate(TestMessages.headerOnly(type)));
            assertEquals(BusVerdict.ACCEPTED, validate(fixTotalLength(extend(TestMessages.headerOnly(type), 13))));
        }
    }

    @Test
    void shouldIgnoreExtensionCountWhenExtDataFlagIsClear()
    {
        // Redis 7.0 walks extensions only under EXT_DATA: the count alone adds nothing to the expected length.
        final byte[] message = TestMessages.ping(1, null);
        putU16(message, BusHeaderCodec.EXTENSIONS_OFFSET, 3);
        assertEquals(BusVerdict.ACCEPTED, validate(message));

        final byte[] withHostname = TestMessages.ping(1, "node-a.example");
        withHostname[BusHeaderCodec.MFLAGS_OFFSET] = 0;
        assertEquals(BusVerdict.WRONG_LENGTH_FOR_TYPE, validate(withHostname));
    }

    @Test
    void shouldRejectWhenExtensionLengthIsNotMultipleOfEight()
    {
        final byte[] message = TestMessages.ping(1, "node-a.example");
        putU32(message, EXT + PingExtensionCodec.LENGTH_OFFSET, 20);
        assertEquals(BusVerdict.EXTENSION_NOT_PADDED, validate(message));
    }

    @Test
    void shouldRejectWhenExtensionLengthIsBelowItsHeader()
    {
        final byte[] message = TestMessages.ping(1, "node-a.example");
        putU32(message, EXT + PingExtensionCodec.LENGTH_OFFSET, 0);
        assertEquals(BusVerdict.EXTENSION_TOO_SHORT, validate(message));
    }

    @Test
    void shouldRejectWhenExtensionRunsPastMessage()
    {
        final byte[] message = TestMessages.ping(1, "node-a.example");
        putU32(message, EXT + PingExtensionCodec.LENGTH_OFFSET, 32);
        assertEquals(BusVerdict.EXTENSION_OVERRUNS_MESSAGE, validate(message));
        // 2^32 - 8 is a multiple of 8; as a u16 (Redis's variable) it would read 65528.
        putU32(message, EXT + PingExtensionCodec.LENGTH_OFFSET, 0xFFFF_FFF8L);
        assertEquals(BusVerdict.EXTENSION_OVERRUNS_MESSAGE, validate(message));
    }

    @Test
    void shouldRejectWhenMoreExtensionsAreCountedThanPresent()
    {
        final byte[] message = TestMessages.ping(1, "node-a.example");
        putU16(message, BusHeaderCodec.EXTENSIONS_OFFSET, 2);
        assertEquals(BusVerdict.EXTENSION_HEADER_TRUNCATED, validate(message));
        final byte[] partial = fixTotalLength(extend(message, 4));
        assertEquals(BusVerdict.EXTENSION_HEADER_TRUNCATED, validate(partial));
    }

    @Test
    void shouldRejectWhenBytesFollowTheLastExtension()
    {
        final byte[] message = fixTotalLength(extend(TestMessages.ping(1, "node-a.example"), 8));
        assertEquals(BusVerdict.WRONG_LENGTH_FOR_TYPE, validate(message));
    }

    @Test
    void shouldRejectWhenForgottenNodeOrShardIdBodyIsShort()
    {
        final byte[] message = TestMessages.ping(0, "0123456789abcdef0123456789abcdef012345");
        assertEquals(BusVerdict.ACCEPTED, validate(message));
        assertEquals(48, new UnsafeBuffer(message).getInt(BusHeaderCodec.BODY_OFFSET, java.nio.ByteOrder.BIG_ENDIAN));
        putU16(message, BusHeaderCodec.BODY_OFFSET + PingExtensionCodec.TYPE_OFFSET,
            PingExtensionCodec.TYPE_FORGOTTEN_NODE);
        assertEquals(BusVerdict.EXTENSION_BODY_TOO_SHORT, validate(message));
        putU16(message, BusHeaderCodec.BODY_OFFSET + PingExtensionCodec.TYPE_OFFSET, PingExtensionCodec.TYPE_SHARDID);
        assertEquals(BusVerdict.ACCEPTED, validate(message));
        putU16(message, BusHeaderCodec.BODY_OFFSET + PingExtensionCodec.TYPE_OFFSET, 77);
        assertEquals(BusVerdict.ACCEPTED, validate(message), "unknown extension types are skipped");
    }

    @Test
    void shouldCheckSignatureAndBoundsWhenGivenFramePrefix()
    {
        final byte[] message = TestMessages.headerOnly(BusMessageType.MFSTART);
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        assertEquals(BusVerdict.ACCEPTED, BusMessageValidator.checkFramePrefix(buffer, 0, 2256));
        assertEquals(BusVerdict.LENGTH_ABOVE_MAXIMUM, BusMessageValidator.checkFramePrefix(buffer, 0, 2255));
        putU32(message, BusHeaderCodec.TOTAL_LENGTH_OFFSET, 2255);
        assertEquals(BusVerdict.LENGTH_BELOW_HEADER, BusMessageValidator.checkFramePrefix(buffer, 0, 1 << 20));
        putU32(message, BusHeaderCodec.TOTAL_LENGTH_OFFSET, 0xFFFF_FFFFL);
        assertEquals(BusVerdict.LENGTH_ABOVE_MAXIMUM,
            BusMessageValidator.checkFramePrefix(buffer, 0, BusFrameDecoder.DEFAULT_MAX_MESSAGE_LENGTH));
        message[0] = 'r';
        assertEquals(BusVerdict.BAD_SIGNATURE, BusMessageValidator.checkFramePrefix(buffer, 0, 1 << 20));
    }
}
