package io.krill.gossip;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the writer's contract beyond what the golden captures exercise: messages at a non-zero offset,
 * the 7.2 extensions (FORGOTTEN_NODE, SHARDID, HUMAN_NODENAME), MODULE bodies, padding, and refusal of
 * misuse.
 * Method: build, validate, read back with the flyweights; call the writer in the wrong order or with
 * out-of-range values and expect an exception.
 */
class BusMessageWriterTest
{
    private static final byte[] SHARD = "aaaabbbbccccddddeeeeffff0000111122223333".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldWriteSameBytesWhenMessageStartsAtOffset()
    {
        final byte[] atZero = TestMessages.ping(3, "node-a.example");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[atZero.length + 200]);
        buffer.setMemory(0, buffer.capacity(), (byte)0x5A);
        final BusMessageWriter writer = TestMessages.header(buffer, 100, BusMessageType.PING);
        for (int i = 0; i < 3; i++)
        {
            writer.appendGossip(TestMessages.OTHER, 0, 0, 1795329166L + i, TestMessages.LOOPBACK, 0,
                TestMessages.LOOPBACK.length, 7601 + i, 17601 + i, NodeFlags.SLAVE, 0);
        }
        final byte[] hostname = "node-a.example".getBytes(StandardCharsets.US_ASCII);
        writer.appendHostname(hostname, 0, hostname.length);
        assertEquals(atZero.length, writer.finish());

        assertArrayEquals(atZero, Arrays.copyOfRange(buffer.byteArray(), 100, 100 + atZero.length));
        assertEquals(0x5A, buffer.getByte(99));
        assertEquals(0x5A, buffer.getByte(100 + atZero.length));
        assertEquals(BusVerdict.ACCEPTED, BusMessageValidator.validate(buffer, 100, atZero.length));
        final BusHeaderCodec header = new BusHeaderCodec().wrap(buffer, 100, atZero.length);
        assertEquals(3, header.count());
        assertEquals(7603, new GossipEntryCodec().wrap(header, 2).port());
    }

    @Test
    void shouldReadBackRedis72ExtensionsWhenWritten()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final byte[] name = "cache-7".getBytes(StandardCharsets.US_ASCII);
        final int length = TestMessages.header(buffer, 0, BusMessageType.PONG)
            .appendHumanNodename(name, 0, name.length)
            .appendForgottenNode(TestMessages.OTHER, 0, 59)
            .appendShardId(SHARD, 0)
            .appendExtension(99, new byte[]{ 1, 2, 3 }, 0, 3)
            .finish();
        assertEquals(2256 + 16 + 56 + 48 + 16, length);
        assertEquals(BusVerdict.ACCEPTED, BusMessageValidator.validate(buffer, 0, length));

        final BusHeaderCodec header = new BusHeaderCodec().wrap(buffer, 0, length);
        assertEquals(4, header.extensions());
        assertTrue(header.hasExtensionData(), "finish sets EXT_DATA when extensions were written");
        final PingExtensionCodec extension = new PingExtensionCodec();
        int index = header.firstExtensionIndex();

        extension.wrap(buffer, index, header.limit() - index);
        assertEquals(PingExtensionCodec.TYPE_HUMAN_NODENAME, extension.type());
        assertEquals(16, extension.length(), "7 bytes + NUL + 8-byte header");
        assertEquals("cache-7", buffer.getStringWithoutLengthAscii(extension.bodyIndex(), extension.textLength()));
        index += extension.length();

        extension.wrap(buffer, index, header.limit() - index);
        assertEquals(PingExtensionCodec.TYPE_FORGOTTEN_NODE, extension.type());
        assertTrue(NodeId.equals(buffer, extension.forgottenNodeIdIndex(), TestMessages.OTHER, 0));
        assertEquals(59, extension.forgottenNodeTtlSeconds());
        index += extension.length();

        extension.wrap(buffer, index, header.limit() - index);
        assertTrue(NodeId.equals(buffer, extension.shardIdIndex(), SHARD, 0));
        index += extension.length();

        extension.wrap(buffer, index, header.limit() - index);
        assertEquals(99, extension.type());
        assertEquals(8, extension.bodyLength(), "3 bytes padded to 8");
        assertEquals(3, buffer.getByte(extension.bodyIndex() + 2));
        assertEquals(0, buffer.getByte(extension.bodyIndex() + 3));
        assertEquals(header.limit(), index + extension.length());
    }

    @Test
    void shouldPadHostnameToEightWhenTextFillsTheBlock()
    {
        assertEquals(2256 + 16, TestMessages.ping(0, "1234567").length, "7 + NUL fits 8");
        assertEquals(2256 + 24, TestMessages.ping(0, "12345678").length, "8 + NUL needs 16");
        assertEquals(2256 + 16, TestMessages.ping(0, "").length, "empty text is just the NUL");
    }

    @Test
    void shouldLeaveExtDataClearWhenNoExtension()
    {
        final byte[] message = TestMessages.ping(2, null);
        assertFalse(new BusHeaderCodec().wrap(new UnsafeBuffer(message), 0, message.length).hasExtensionData());
    }

    @Test
    void shouldWriteModuleBodyWhenTypeIsModule()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3000]);
        final int length = TestMessages.header(buffer, 0, BusMessageType.MODULE)
            .module(0x0102030405060708L, 200, new byte[]{ 9, 8, 7 }, 0, 3).finish();
        final BusHeaderCodec header = new BusHeaderCodec().wrap(buffer, 0, length);
        final ModuleCodec module = new ModuleCodec().wrap(header);
        assertEquals(0x0102030405060708L, module.moduleId());
        assertEquals(200, module.moduleType());
        assertEquals(3, module.payloadLength());
        assertEquals(7, buffer.getByte(module.payloadIndex() + 2));
        assertEquals(2269 + 3, length);
    }

    @Test
    void shouldBuildUpdateFromSlotWordsWhenGivenWords()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[UpdateCodec.MESSAGE_LENGTH]);
        final BusMessageWriter writer = TestMessages.header(buffer, 0, BusMessageType.UPDATE)
            .update(10, TestMessages.OTHER, 0);
        writer.updateSlotsWord(0, 1L << 63).updateSlotsWord(255, 1L);
        assertEquals(UpdateCodec.MESSAGE_LENGTH, writer.finish());
        final UpdateCodec update = new UpdateCodec().wrap(new BusHeaderCodec().wrap(buffer, 0, buffer.capacity()));
        assertEquals(63, update.nextSlot(0));
        assertEquals(16320, update.nextSlot(64));
        assertEquals(-1, update.nextSlot(16321));
        assertEquals(64, update.nextFreeSlot(63));
        assertEquals(10, update.configEpoch());
    }

    @Test
    void shouldRefuseWhenCallsAreOutOfOrderOrWrongType()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        final byte[] id = TestMessages.OTHER;
        final byte[] ip = TestMessages.LOOPBACK;

        final BusMessageWriter fail = TestMessages.header(buffer, 0, BusMessageType.FAIL);
        assertThrows(IllegalStateException.class, () -> fail.appendGossip(id, 0, 0, 0, ip, 0, 9, 1, 2, 3, 0));
        assertThrows(IllegalStateException.class, () -> fail.appendShardId(id, 0));
        assertThrows(IllegalStateException.class, () -> fail.update(1, id, 0));
        fail.fail(id, 0);
        assertThrows(IllegalStateException.class, () -> fail.fail(id, 0));

        final BusMessageWriter ping = TestMessages.header(buffer, 0, BusMessageType.PING).appendShardId(SHARD, 0);
        assertThrows(IllegalStateException.class, () -> ping.appendGossip(id, 0, 0, 0, ip, 0, 9, 1, 2, 3, 0));
        assertThrows(IllegalStateException.class, () -> ping.fail(id, 0));

        final BusMessageWriter update = TestMessages.header(buffer, 0, BusMessageType.UPDATE);
        assertThrows(IllegalStateException.class, () -> update.updateSlotsWord(0, 1));
    }

    @Test
    void shouldRefuseWhenValuesAreOutOfRange()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        final BusMessageWriter writer = TestMessages.header(buffer, 0, BusMessageType.PING);
        final byte[] longIp = new byte[46];
        final byte[] id = TestMessages.OTHER;
        assertThrows(IllegalArgumentException.class, () -> writer.port(65536));
        assertThrows(IllegalArgumentException.class, () -> writer.flags(-1));
        assertThrows(IllegalArgumentException.class, () -> writer.state(256));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.mflags(3, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.slotsWord(256, 0));
        assertThrows(IllegalArgumentException.class, () -> writer.myIp(longIp, 0, 46));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.sender(new byte[39], 0));
        assertThrows(IllegalArgumentException.class,
            () -> writer.appendGossip(id, 0, 1L << 32, 0, longIp, 0, 9, 1, 2, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new BusMessageWriter().begin(buffer, 0, 2255, 0));
        assertThrows(IllegalArgumentException.class, () -> new BusMessageWriter().begin(buffer, 7000, 2256, 0));
    }

    @Test
    void shouldRefuseWhenMessageExceedsCapacity()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BusHeaderCodec.LENGTH + GossipEntryCodec.LENGTH]);
        final BusMessageWriter writer = TestMessages.header(buffer, 0, BusMessageType.PONG);
        final byte[] ip = TestMessages.LOOPBACK;
        writer.appendGossip(TestMessages.OTHER, 0, 0, 0, ip, 0, ip.length, 1, 2, 3, 0);
        assertThrows(IllegalArgumentException.class,
            () -> writer.appendGossip(TestMessages.OTHER, 0, 0, 0, ip, 0, ip.length, 1, 2, 3, 0));
        assertEquals(buffer.capacity(), writer.finish());
    }
}
