package io.krill.gossip;

import java.nio.ByteOrder;
import java.util.Objects;

import org.agrona.DirectBuffer;

/**
 * Flyweight over the 2256-byte header ({@code clusterMsg} before its body) that starts every cluster bus
 * message. Integers are big-endian; offsets are fixed by Redis (static asserts in its header), so these
 * constants are the protocol and the golden-bytes tests pin every one of them.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Signature 'R' 'C' 'm' 'b'                    |  0
 *  +---------------------------------------------------------------+
 *  |              Total Length (totlen, whole message)             |  4
 *  +-------------------------------+-------------------------------+
 *  |          Version (1)          |         Client Port           |  8
 *  +-------------------------------+-------------------------------+
 *  |             Type              |       Count (gossip)          | 12
 *  +-------------------------------+-------------------------------+
 *  |                        Current Epoch                          | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Config Epoch (a replica's: its master's)         | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Replication Offset                         | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Sender Node Id (40 bytes hex)                ...  40
 *  +---------------------------------------------------------------+
 *  |     My Slots (2048 bytes; slot j = byte j/8, bit j&7, LSB)   ...  80
 *  +---------------------------------------------------------------+
 *  |      Master Node Id (slaveof; 40 zero bytes for a master)    ... 2128
 *  +---------------------------------------------------------------+
 *  |          My IP (46 bytes, NUL padded; zero = unknown)        ... 2168
 *  |                               +-------------------------------+
 *  |  ...  (My IP, last 2 bytes)   |   Extensions (ping ext count) | 2212
 *  +-------------------------------+-------------------------------+
 *  |                    Unused (30 zero bytes)                    ... 2216
 *  |                               +-------------------------------+
 *  |  ...  (Unused, last 2 bytes)  |   PPort (other client port)   | 2244
 *  +-------------------------------+-------------------------------+
 *  |        CPort (bus port)       |            Flags              | 2248
 *  +---------------+---------------+-------------------------------+
 *  |     State     |  MFlags[0]    |  MFlags[1]    |  MFlags[2]    | 2252
 *  +---------------+---------------+---------------+---------------+
 *  |                    Body (type specific)                      ... 2256
 *  +---------------------------------------------------------------+
 * </pre>
 * Usage: validate the message first ({@link BusMessageValidator}); then {@link #wrap} cannot fail and every
 * accessor stays inside the message. Accessors read the buffer in place and allocate nothing. Not
 * thread-safe; a flyweight is reused for message after message.
 */
public final class BusHeaderCodec
{
    public static final int SIGNATURE_OFFSET = 0;
    public static final int TOTAL_LENGTH_OFFSET = 4;
    public static final int VERSION_OFFSET = 8;
    public static final int PORT_OFFSET = 10;
    public static final int TYPE_OFFSET = 12;
    public static final int COUNT_OFFSET = 14;
    public static final int CURRENT_EPOCH_OFFSET = 16;
    public static final int CONFIG_EPOCH_OFFSET = 24;
    public static final int REPLICATION_OFFSET_OFFSET = 32;
    public static final int SENDER_OFFSET = 40;
    public static final int MY_SLOTS_OFFSET = 80;
    public static final int MASTER_ID_OFFSET = 2128;
    public static final int MY_IP_OFFSET = 2168;
    public static final int EXTENSIONS_OFFSET = 2214;
    public static final int UNUSED_OFFSET = 2216;
    public static final int PPORT_OFFSET = 2246;
    public static final int CPORT_OFFSET = 2248;
    public static final int FLAGS_OFFSET = 2250;
    public static final int STATE_OFFSET = 2252;
    public static final int MFLAGS_OFFSET = 2253;
    public static final int BODY_OFFSET = 2256;

    /** Header length, also the smallest legal message (CLUSTERMSG_MIN_LEN). */
    public static final int LENGTH = BODY_OFFSET;
    /** Largest fixed-size message, an UPDATE ({@code sizeof(clusterMsg)}). */
    public static final int MAX_FIXED_MESSAGE_LENGTH = 4352;
    /** The bytes {@code RCmb} read as a big-endian int. */
    public static final int SIGNATURE = ('R' << 24) | ('C' << 16) | ('m' << 8) | 'b';
    public static final int PROTOCOL_VERSION = 1;
    /** {@code myip} and gossip {@code ip} width: an IPv6 text address (45) plus its NUL. */
    public static final int IP_LENGTH = 46;
    public static final int UNUSED_LENGTH = 30;
    public static final int SLOT_BITMAP_LENGTH = SlotBitmap.LENGTH;
    public static final int SLOT_BITMAP_WORDS = SlotBitmap.WORD_COUNT;
    public static final int MFLAGS_LENGTH = 3;

    /** {@code state}: the sender sees the cluster as OK. */
    public static final int STATE_OK = 0;
    /** {@code state}: the sender sees the cluster as failed. */
    public static final int STATE_FAIL = 1;

    /** mflags[0]: a master paused for a manual failover (its offset is final). */
    public static final int MFLAG0_PAUSED = 1;
    /** mflags[0]: a manual failover's vote request; masters vote even though the master is up. */
    public static final int MFLAG0_FORCEACK = 1 << 1;
    /**
     * mflags[0]: the sender speaks ping extensions. Receivers walk the extensions only when it is set; Redis
     * 7.0 sets it only on messages that carry extensions, 7.2+ always.
     */
    public static final int MFLAG0_EXT_DATA = 1 << 2;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Wraps the message at {@code buffer[offset .. offset + length)}.
     *
     * @throws IllegalArgumentException if {@code length} is shorter than the header or the range is not
     *                                  inside the buffer; nothing has been read.
     */
    public BusHeaderCodec wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        Flyweights.checkRegion(buffer, offset, length, LENGTH, "bus message");
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    /**
     * Bytes wrapped, which for a validated message equals {@link #totalLength()}.
     */
    public int length()
    {
        return length;
    }

    public int signature()
    {
        return buffer.getInt(offset + SIGNATURE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * {@code totlen}, unsigned.
     */
    public long totalLength()
    {
        return buffer.getInt(offset + TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    public int version()
    {
        return u16(VERSION_OFFSET);
    }

    /**
     * Sender's client port (its TLS port when the bus runs TLS).
     */
    public int port()
    {
        return u16(PORT_OFFSET);
    }

    public int type()
    {
        return u16(TYPE_OFFSET);
    }

    /**
     * Gossip entries in a PING, PONG or MEET.
     */
    public int count()
    {
        return u16(COUNT_OFFSET);
    }

    /**
     * Unsigned on the wire; epochs never come near 2^63.
     */
    public long currentEpoch()
    {
        return buffer.getLong(offset + CURRENT_EPOCH_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public long configEpoch()
    {
        return buffer.getLong(offset + CONFIG_EPOCH_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * A master's replication offset, or the offset a replica has processed.
     */
    public long replicationOffset()
    {
        return buffer.getLong(offset + REPLICATION_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Absolute index of the sender's 40-byte id in {@link #buffer()}, for {@link NodeId} functions.
     */
    public int senderIndex()
    {
        return offset + SENDER_OFFSET;
    }

    public boolean senderEquals(final byte[] id, final int idOffset)
    {
        return NodeId.equals(buffer, offset + SENDER_OFFSET, id, idOffset);
    }

    public void copySender(final byte[] dst, final int dstOffset)
    {
        NodeId.copy(buffer, offset + SENDER_OFFSET, dst, dstOffset);
    }

    /**
     * Word {@code wordIndex} (0..255) of the sender's slot bitmap (a replica sends its master's): slots
     * {@code 64 wordIndex ..} in bits {@code 0 ..}, the word layout of {@code io.krill.slots.SlotSet}.
     */
    public long slotsWord(final int wordIndex)
    {
        return SlotBitmap.word(buffer, offset + MY_SLOTS_OFFSET, wordIndex);
    }

    public boolean hasSlot(final int slot)
    {
        return SlotBitmap.get(buffer, offset + MY_SLOTS_OFFSET, slot);
    }

    /**
     * First claimed slot at or after {@code from} (0..16384), or -1.
     */
    public int nextSlot(final int from)
    {
        return SlotBitmap.next(buffer, offset + MY_SLOTS_OFFSET, from, true);
    }

    /**
     * First unclaimed slot at or after {@code from} (0..16384), or -1; with {@link #nextSlot} it walks ranges.
     */
    public int nextFreeSlot(final int from)
    {
        return SlotBitmap.next(buffer, offset + MY_SLOTS_OFFSET, from, false);
    }

    /**
     * Copies the 2048-byte bitmap, in the layout {@code SlotSet.fromBitmap(byte[], int)} reads.
     */
    public void copySlots(final byte[] dst, final int dstOffset)
    {
        buffer.getBytes(offset + MY_SLOTS_OFFSET, dst, dstOffset, SLOT_BITMAP_LENGTH);
    }

    public int slotsIndex()
    {
        return offset + MY_SLOTS_OFFSET;
    }

    /**
     * True if the sender is a replica: the {@code slaveof} field names its master. Redis derives the role
     * from this field, not from the flags.
     */
    public boolean hasMasterId()
    {
        return !NodeId.isNull(buffer, offset + MASTER_ID_OFFSET);
    }

    /**
     * Absolute index of the {@code slaveof} field (the sender's master id; zeros for a master).
     */
    public int masterIdIndex()
    {
        return offset + MASTER_ID_OFFSET;
    }

    public boolean masterIdEquals(final byte[] id, final int idOffset)
    {
        return NodeId.equals(buffer, offset + MASTER_ID_OFFSET, id, idOffset);
    }

    public void copyMasterId(final byte[] dst, final int dstOffset)
    {
        NodeId.copy(buffer, offset + MASTER_ID_OFFSET, dst, dstOffset);
    }

    public int myIpIndex()
    {
        return offset + MY_IP_OFFSET;
    }

    /**
     * Length of the announced IP text (bytes before the first NUL); 0 means "use the socket's peer address".
     */
    public int myIpLength()
    {
        return Flyweights.textLength(buffer, offset + MY_IP_OFFSET, IP_LENGTH);
    }

    /**
     * Copies the announced IP text (no NUL) and returns its length.
     */
    public int copyMyIp(final byte[] dst, final int dstOffset)
    {
        final int ipLength = myIpLength();
        buffer.getBytes(offset + MY_IP_OFFSET, dst, dstOffset, ipLength);
        return ipLength;
    }

    /**
     * The {@code extensions} field as sent. Receivers act on it only when {@link #hasExtensionData()}; see
     * {@link #extensionsToRead()}.
     */
    public int extensions()
    {
        return u16(EXTENSIONS_OFFSET);
    }

    public boolean hasExtensionData()
    {
        return (mflags(0) & MFLAG0_EXT_DATA) != 0;
    }

    /**
     * Number of ping extensions a receiver walks: {@link #extensions()} when EXT_DATA is set, else 0 (as
     * Redis 7.0, which then ignores the count).
     */
    public int extensionsToRead()
    {
        return hasExtensionData() && BusMessageType.isHeartbeat(type()) ? extensions() : 0;
    }

    /**
     * The sender's other client port: plain TCP if {@link #port()} is TLS, else TLS; 0 if none.
     */
    public int pport()
    {
        return u16(PPORT_OFFSET);
    }

    /**
     * The sender's (announced) bus port.
     */
    public int cport()
    {
        return u16(CPORT_OFFSET);
    }

    /**
     * The sender's own {@link NodeFlags}, MYSELF included.
     */
    public int flags()
    {
        return u16(FLAGS_OFFSET);
    }

    /**
     * {@link #STATE_OK} or {@link #STATE_FAIL} as the sender sees the cluster.
     */
    public int state()
    {
        return buffer.getByte(offset + STATE_OFFSET) & 0xFF;
    }

    /**
     * Message flag byte {@code index} (0..2); see the {@code MFLAG0_*} bits.
     */
    public int mflags(final int index)
    {
        Objects.checkIndex(index, MFLAGS_LENGTH);
        return buffer.getByte(offset + MFLAGS_OFFSET + index) & 0xFF;
    }

    /**
     * Absolute index of the body (the first gossip entry of a heartbeat).
     */
    public int bodyIndex()
    {
        return offset + BODY_OFFSET;
    }

    public int bodyLength()
    {
        return length - BODY_OFFSET;
    }

    /**
     * Absolute index of gossip entry {@code entry}, for {@link GossipEntryCodec#wrap}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= entry < count()} and the entry lies inside the message.
     */
    public int gossipIndex(final int entry)
    {
        Objects.checkIndex(entry, count());
        final int relative = BODY_OFFSET + entry * GossipEntryCodec.LENGTH;
        Objects.checkFromIndexSize(relative, GossipEntryCodec.LENGTH, length);
        return offset + relative;
    }

    /**
     * Absolute index of the first ping extension: right after the gossip entries.
     */
    public int firstExtensionIndex()
    {
        return offset + BODY_OFFSET + count() * GossipEntryCodec.LENGTH;
    }

    /**
     * Absolute index one past the message's last byte.
     */
    public int limit()
    {
        return offset + length;
    }

    private int u16(final int fieldOffset)
    {
        return buffer.getShort(offset + fieldOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
