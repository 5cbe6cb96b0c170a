package io.krill.gossip;

import java.nio.ByteOrder;
import java.util.Objects;

import org.agrona.MutableDirectBuffer;

/**
 * Builds one bus message of any type into a {@link MutableDirectBuffer}, in place and allocating nothing.
 * The layout is the one the flyweights read ({@link BusHeaderCodec} and the body codecs); the golden-bytes
 * tests check that a message rebuilt from a Redis capture's fields is byte-identical to the capture.
 * <p>
 * Order of calls:
 * <ol>
 *   <li>{@link #begin} zeroes the header and writes the signature, version 1 and the type;</li>
 *   <li>header fields, in any order (anything left out stays zero, as Redis sends it);</li>
 *   <li>for PING/PONG/MEET: gossip entries ({@link #appendGossip}), then extensions ({@code append*});
 *   for the other types: at most one body ({@link #fail}, {@link #publish}, {@link #update} then its slots,
 *   {@link #module});</li>
 *   <li>{@link #finish} writes {@code count}, {@code extensions}, sets EXT_DATA when extensions were added (so
 *   receivers walk them; Redis 7.0 does the same) and {@code totlen}, and returns the message length.</li>
 * </ol>
 * Misuse (a body on the wrong type, gossip after extensions, a field out of range, a message that does not
 * fit {@code capacity}) throws {@link IllegalStateException} or {@link IllegalArgumentException}: these are
 * bugs in the caller, never data-dependent. Node ids and IPs come from {@code byte[]} as the node keeps them.
 * Not thread-safe; reuse one writer per sending agent.
 */
public final class BusMessageWriter
{
    private MutableDirectBuffer buffer;
    private int offset;
    private int capacity;
    private int type;
    private int limit;
    private int count;
    private int extensions;
    private boolean hasBody;

    /**
     * Starts a message of {@code type} at {@code buffer[offset]}, which may use up to {@code capacity} bytes.
     *
     * @throws IllegalArgumentException if the header does not fit or the type is not a u16.
     */
    public BusMessageWriter begin(
        final MutableDirectBuffer buffer, final int offset, final int capacity, final int type)
    {
        Flyweights.checkRegion(buffer, offset, capacity, BusHeaderCodec.LENGTH, "bus message");
        checkU16(type, "type");
        this.buffer = buffer;
        this.offset = offset;
        this.capacity = capacity;
        this.type = type;
        limit = BusHeaderCodec.LENGTH;
        count = 0;
        extensions = 0;
        hasBody = false;
        buffer.setMemory(offset, BusHeaderCodec.LENGTH, (byte)0);
        buffer.putInt(offset + BusHeaderCodec.SIGNATURE_OFFSET, BusHeaderCodec.SIGNATURE, ByteOrder.BIG_ENDIAN);
        putU16(BusHeaderCodec.VERSION_OFFSET, BusHeaderCodec.PROTOCOL_VERSION);
        putU16(BusHeaderCodec.TYPE_OFFSET, type);
        return this;
    }

    public BusMessageWriter port(final int port)
    {
        putU16(BusHeaderCodec.PORT_OFFSET, checkU16(port, "port"));
        return this;
    }

    public BusMessageWriter currentEpoch(final long currentEpoch)
    {
        buffer.putLong(offset + BusHeaderCodec.CURRENT_EPOCH_OFFSET, currentEpoch, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * The sender's configEpoch, or for a replica its master's.
     */
    public BusMessageWriter configEpoch(final long configEpoch)
    {
        buffer.putLong(offset + BusHeaderCodec.CONFIG_EPOCH_OFFSET, configEpoch, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public BusMessageWriter replicationOffset(final long replicationOffset)
    {
        buffer.putLong(
            offset + BusHeaderCodec.REPLICATION_OFFSET_OFFSET, replicationOffset, ByteOrder.BIG_ENDIAN);
        return this;
    }

    public BusMessageWriter sender(final byte[] nodeId, final int idOffset)
    {
        putNodeId(BusHeaderCodec.SENDER_OFFSET, nodeId, idOffset);
        return this;
    }

    /**
     * Copies the sender's (for a replica: its master's) 2048-byte slot bitmap.
     */
    public BusMessageWriter slots(final byte[] bitmap, final int bitmapOffset)
    {
        buffer.putBytes(offset + BusHeaderCodec.MY_SLOTS_OFFSET, bitmap, bitmapOffset, SlotBitmap.LENGTH);
        return this;
    }

    /**
     * Sets word {@code wordIndex} (0..255) of the slot bitmap, in {@code io.krill.slots.SlotSet}'s word layout:
     * {@code for (i = 0; i < 256; i++) writer.slotsWord(i, set.word(i))}.
     */
    public BusMessageWriter slotsWord(final int wordIndex, final long word)
    {
        SlotBitmap.putWord(buffer, offset + BusHeaderCodec.MY_SLOTS_OFFSET, wordIndex, word);
        return this;
    }

    /**
     * The {@code slaveof} field: the sender's master, when the sender is a replica. A master leaves it zero.
     */
    public BusMessageWriter masterId(final byte[] nodeId, final int idOffset)
    {
        putNodeId(BusHeaderCodec.MASTER_ID_OFFSET, nodeId, idOffset);
        return this;
    }

    /**
     * The announced IP text (at most 45 bytes: the field keeps a NUL); leave it unset to let receivers use the
     * socket's peer address.
     */
    public BusMessageWriter myIp(final byte[] ip, final int ipOffset, final int ipLength)
    {
        putIp(BusHeaderCodec.MY_IP_OFFSET, ip, ipOffset, ipLength);
        return this;
    }

    public BusMessageWriter pport(final int pport)
    {
        putU16(BusHeaderCodec.PPORT_OFFSET, checkU16(pport, "pport"));
        return this;
    }

    public BusMessageWriter cport(final int cport)
    {
        putU16(BusHeaderCodec.CPORT_OFFSET, checkU16(cport, "cport"));
        return this;
    }

    /**
     * The sender's own {@link NodeFlags}, MYSELF included.
     */
    public BusMessageWriter flags(final int flags)
    {
        putU16(BusHeaderCodec.FLAGS_OFFSET, checkU16(flags, "flags"));
        return this;
    }

    public BusMessageWriter state(final int state)
    {
        buffer.putByte(offset + BusHeaderCodec.STATE_OFFSET, (byte)checkU8(state, "state"));
        return this;
    }

    /**
     * Message flag byte {@code index} (0..2); see {@code BusHeaderCodec.MFLAG0_*}.
     */
    public BusMessageWriter mflags(final int index, final int value)
    {
        Objects.checkIndex(index, BusHeaderCodec.MFLAGS_LENGTH);
        buffer.putByte(offset + BusHeaderCodec.MFLAGS_OFFSET + index, (byte)checkU8(value, "mflags"));
        return this;
    }

    /**
     * Appends a gossip entry (PING, PONG, MEET only; before any extension).
     *
     * @param pingSentSeconds     the sender's outstanding ping to the node, seconds of its clock, or 0.
     * @param pongReceivedSeconds the sender's last pong from the node, seconds of its clock.
     */
    public BusMessageWriter appendGossip(
        final byte[] nodeId,
        final int idOffset,
        final long pingSentSeconds,
        final long pongReceivedSeconds,
        final byte[] ip,
        final int ipOffset,
        final int ipLength,
        final int port,
        final int cport,
        final int flags,
        final int pport)
    {
        requireHeartbeat("gossip entry");
        if (extensions != 0)
        {
            throw new IllegalStateException("gossip entries must precede ping extensions");
        }
        if (count == 0xFFFF)
        {
            throw new IllegalStateException("a message holds at most 65535 gossip entries");
        }
        final int entry = reserve(GossipEntryCodec.LENGTH);
        putNodeId(entry + GossipEntryCodec.NODE_ID_OFFSET, nodeId, idOffset);
        putU32(entry + GossipEntryCodec.PING_SENT_OFFSET, pingSentSeconds, "pingSentSeconds");
        putU32(entry + GossipEntryCodec.PONG_RECEIVED_OFFSET, pongReceivedSeconds, "pongReceivedSeconds");
        putIp(entry + GossipEntryCodec.IP_OFFSET, ip, ipOffset, ipLength);
        putU16(entry + GossipEntryCodec.PORT_OFFSET, checkU16(port, "port"));
        putU16(entry + GossipEntryCodec.CPORT_OFFSET, checkU16(cport, "cport"));
        putU16(entry + GossipEntryCodec.FLAGS_OFFSET, checkU16(flags, "flags"));
        putU16(entry + GossipEntryCodec.PPORT_OFFSET, checkU16(pport, "pport"));
        putU16(entry + GossipEntryCodec.UNUSED_OFFSET, 0);
        count++;
        return this;
    }

    /**
     * HOSTNAME extension: the announced hostname, NUL-terminated (an empty hostname is simply not sent).
     */
    public BusMessageWriter appendHostname(final byte[] text, final int textOffset, final int textLength)
    {
        return appendText(PingExtensionCodec.TYPE_HOSTNAME, text, textOffset, textLength);
    }

    /**
     * HUMAN_NODENAME extension (Redis 7.2+), NUL-terminated.
     */
    public BusMessageWriter appendHumanNodename(final byte[] text, final int textOffset, final int textLength)
    {
        return appendText(PingExtensionCodec.TYPE_HUMAN_NODENAME, text, textOffset, textLength);
    }

    /**
     * FORGOTTEN_NODE extension (Redis 7.2+): receivers drop the node and blacklist it for {@code ttlSeconds}.
     */
    public BusMessageWriter appendForgottenNode(final byte[] nodeId, final int idOffset, final long ttlSeconds)
    {
        final int body = startExtension(
            PingExtensionCodec.TYPE_FORGOTTEN_NODE, PingExtensionCodec.FORGOTTEN_NODE_BODY_LENGTH);
        putNodeId(body, nodeId, idOffset);
        buffer.putLong(offset + body + NodeId.LENGTH, ttlSeconds, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * SHARDID extension (Redis 7.2+).
     */
    public BusMessageWriter appendShardId(final byte[] shardId, final int idOffset)
    {
        final int body = startExtension(PingExtensionCodec.TYPE_SHARDID, PingExtensionCodec.SHARD_ID_BODY_LENGTH);
        putNodeId(body, shardId, idOffset);
        return this;
    }

    /**
     * Any extension: {@code bodyLength} bytes of body, zero padded to a multiple of 8.
     */
    public BusMessageWriter appendExtension(
        final int extensionType, final byte[] body, final int bodyOffset, final int bodyLength)
    {
        final int bodyIndex = startExtension(extensionType, bodyLength);
        buffer.putBytes(offset + bodyIndex, body, bodyOffset, bodyLength);
        return this;
    }

    /**
     * FAIL body: the node the sender declares failed.
     */
    public BusMessageWriter fail(final byte[] nodeId, final int idOffset)
    {
        final int body = startBody(BusMessageType.FAIL, BusMessageType.FAIL, FailCodec.BODY_LENGTH);
        putNodeId(body + FailCodec.NODE_ID_OFFSET, nodeId, idOffset);
        return this;
    }

    /**
     * PUBLISH or PUBLISHSHARD body.
     */
    public BusMessageWriter publish(
        final byte[] channel,
        final int channelOffset,
        final int channelLength,
        final byte[] message,
        final int messageOffset,
        final int messageLength)
    {
        Objects.checkFromIndexSize(channelOffset, channelLength, channel.length);
        Objects.checkFromIndexSize(messageOffset, messageLength, message.length);
        final long bodyLength = (long)PublishCodec.FIXED_BODY_LENGTH + channelLength + messageLength;
        if (bodyLength > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("PUBLISH body of " + bodyLength + " bytes");
        }
        final int body = startBody(BusMessageType.PUBLISH, BusMessageType.PUBLISHSHARD, (int)bodyLength);
        buffer.putInt(offset + body + PublishCodec.CHANNEL_LENGTH_OFFSET, channelLength, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + body + PublishCodec.MESSAGE_LENGTH_OFFSET, messageLength, ByteOrder.BIG_ENDIAN);
        buffer.putBytes(offset + body + PublishCodec.DATA_OFFSET, channel, channelOffset, channelLength);
        buffer.putBytes(
            offset + body + PublishCodec.DATA_OFFSET + channelLength, message, messageOffset, messageLength);
        return this;
    }

    /**
     * UPDATE body: the node, its configEpoch and an empty slot bitmap; fill it with {@link #updateSlots} or
     * {@link #updateSlotsWord}.
     */
    public BusMessageWriter update(final long configEpoch, final byte[] nodeId, final int idOffset)
    {
        final int body = startBody(BusMessageType.UPDATE, BusMessageType.UPDATE, UpdateCodec.BODY_LENGTH);
        buffer.putLong(offset + body + UpdateCodec.CONFIG_EPOCH_OFFSET, configEpoch, ByteOrder.BIG_ENDIAN);
        putNodeId(body + UpdateCodec.NODE_ID_OFFSET, nodeId, idOffset);
        buffer.setMemory(offset + body + UpdateCodec.SLOTS_OFFSET, SlotBitmap.LENGTH, (byte)0);
        return this;
    }

    public BusMessageWriter updateSlots(final byte[] bitmap, final int bitmapOffset)
    {
        buffer.putBytes(updateSlotsIndex(), bitmap, bitmapOffset, SlotBitmap.LENGTH);
        return this;
    }

    public BusMessageWriter updateSlotsWord(final int wordIndex, final long word)
    {
        SlotBitmap.putWord(buffer, updateSlotsIndex(), wordIndex, word);
        return this;
    }

    /**
     * MODULE body. {@code moduleId} is written as given (the receiver treats it as opaque bytes).
     */
    public BusMessageWriter module(
        final long moduleId, final int moduleType, final byte[] payload, final int payloadOffset,
        final int payloadLength)
    {
        Objects.checkFromIndexSize(payloadOffset, payloadLength, payload.length);
        checkU8(moduleType, "moduleType");
        final int body = startBody(
            BusMessageType.MODULE, BusMessageType.MODULE, ModuleCodec.FIXED_BODY_LENGTH + payloadLength);
        buffer.putLong(offset + body + ModuleCodec.MODULE_ID_OFFSET, moduleId, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + body + ModuleCodec.PAYLOAD_LENGTH_OFFSET, payloadLength, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + body + ModuleCodec.MODULE_TYPE_OFFSET, (byte)moduleType);
        buffer.putBytes(offset + body + ModuleCodec.PAYLOAD_OFFSET, payload, payloadOffset, payloadLength);
        return this;
    }

    /**
     * Completes the message: {@code count}, {@code extensions}, EXT_DATA if any extension, {@code totlen}.
     *
     * @return the message length in bytes, from the {@code offset} given to {@link #begin}.
     */
    public int finish()
    {
        putU16(BusHeaderCodec.COUNT_OFFSET, count);
        putU16(BusHeaderCodec.EXTENSIONS_OFFSET, extensions);
        if (extensions != 0)
        {
            final int index = offset + BusHeaderCodec.MFLAGS_OFFSET;
            buffer.putByte(index, (byte)(buffer.getByte(index) | BusHeaderCodec.MFLAG0_EXT_DATA));
        }
        buffer.putInt(offset + BusHeaderCodec.TOTAL_LENGTH_OFFSET, limit, ByteOrder.BIG_ENDIAN);
        return limit;
    }

    /**
     * Bytes written so far.
     */
    public int length()
    {
        return limit;
    }

    public int count()
    {
        return count;
    }

    public int extensions()
    {
        return extensions;
    }

    private BusMessageWriter appendText(
        final int extensionType, final byte[] text, final int textOffset, final int textLength)
    {
        Objects.checkFromIndexSize(textOffset, textLength, text.length);
        final int body = startExtension(extensionType, textLength + 1);
        buffer.putBytes(offset + body, text, textOffset, textLength);
        return this;
    }

    /**
     * Reserves a zeroed extension with a {@code bodyLength}-byte body and returns the body's relative index.
     */
    private int startExtension(final int extensionType, final int bodyLength)
    {
        requireHeartbeat("ping extension");
        checkU16(extensionType, "extension type");
        if (bodyLength < 0 || bodyLength > capacity)
        {
            throw new IllegalArgumentException("extension body of " + bodyLength + " bytes");
        }
        if (extensions == 0xFFFF)
        {
            throw new IllegalStateException("a message holds at most 65535 ping extensions");
        }
        final int extensionLength = PingExtensionCodec.alignedLength(bodyLength);
        final int start = reserve(extensionLength);
        buffer.setMemory(offset + start, extensionLength, (byte)0);
        buffer.putInt(offset + start + PingExtensionCodec.LENGTH_OFFSET, extensionLength, ByteOrder.BIG_ENDIAN);
        putU16(start + PingExtensionCodec.TYPE_OFFSET, extensionType);
        extensions++;
        return start + PingExtensionCodec.BODY_OFFSET;
    }

    private int startBody(final int typeA, final int typeB, final int bodyLength)
    {
        if (type != typeA && type != typeB)
        {
            throw new IllegalStateException(
                "cannot write a " + BusMessageType.name(typeA) + " body into a " + BusMessageType.name(type));
        }
        if (hasBody)
        {
            throw new IllegalStateException("body already written");
        }
        hasBody = true;
        return reserve(bodyLength);
    }

    private int updateSlotsIndex()
    {
        if (type != BusMessageType.UPDATE || !hasBody)
        {
            throw new IllegalStateException("call update(...) before its slots");
        }
        return offset + BusHeaderCodec.BODY_OFFSET + UpdateCodec.SLOTS_OFFSET;
    }

    private void requireHeartbeat(final String what)
    {
        if (!BusMessageType.isHeartbeat(type))
        {
            throw new IllegalStateException("a " + what + " needs a PING, PONG or MEET, not " +
                BusMessageType.name(type));
        }
    }

    /**
     * Claims {@code length} bytes at the end of the message and returns their index relative to the message.
     */
    private int reserve(final int length)
    {
        if ((long)limit + length > capacity)
        {
            throw new IllegalArgumentException(
                "message of " + ((long)limit + length) + " bytes exceeds capacity " + capacity);
        }
        final int start = limit;
        limit += length;
        return start;
    }

    private void putNodeId(final int relativeIndex, final byte[] nodeId, final int idOffset)
    {
        Objects.checkFromIndexSize(idOffset, NodeId.LENGTH, nodeId.length);
        buffer.putBytes(offset + relativeIndex, nodeId, idOffset, NodeId.LENGTH);
    }

    private void putIp(final int relativeIndex, final byte[] ip, final int ipOffset, final int ipLength)
    {
        Objects.checkFromIndexSize(ipOffset, ipLength, ip.length);
        if (ipLength >= BusHeaderCodec.IP_LENGTH)
        {
            throw new IllegalArgumentException("IP text of " + ipLength + " bytes; at most 45 fit");
        }
        buffer.putBytes(offset + relativeIndex, ip, ipOffset, ipLength);
        buffer.setMemory(offset + relativeIndex + ipLength, BusHeaderCodec.IP_LENGTH - ipLength, (byte)0);
    }

    private void putU16(final int relativeIndex, final int value)
    {
        buffer.putShort(offset + relativeIndex, (short)value, ByteOrder.BIG_ENDIAN);
    }

    private void putU32(final int relativeIndex, final long value, final String what)
    {
        if ((value >>> 32) != 0)
        {
            throw new IllegalArgumentException(what + " " + value + " is not a u32");
        }
        buffer.putInt(offset + relativeIndex, (int)value, ByteOrder.BIG_ENDIAN);
    }

    private static int checkU16(final int value, final String what)
    {
        if ((value & ~0xFFFF) != 0)
        {
            throw new IllegalArgumentException(what + " " + value + " is not a u16");
        }
        return value;
    }

    private static int checkU8(final int value, final String what)
    {
        if ((value & ~0xFF) != 0)
        {
            throw new IllegalArgumentException(what + " " + value + " is not a u8");
        }
        return value;
    }
}
