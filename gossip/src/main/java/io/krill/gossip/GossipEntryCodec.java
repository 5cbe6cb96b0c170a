package io.krill.gossip;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Flyweight over one 104-byte gossip entry: the sender's view of another node, {@code count} of them right
 * after the header of a PING, PONG or MEET.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Node Id (40 bytes hex)                      ...   0
 *  +---------------------------------------------------------------+
 *  |                  Ping Sent (seconds, u32)                     |  40
 *  +---------------------------------------------------------------+
 *  |                Pong Received (seconds, u32)                   |  44
 *  +---------------------------------------------------------------+
 *  |                  IP (46 bytes, NUL padded)                   ...  48
 *  |                               +-------------------------------+
 *  |  ...  (IP, last 2 bytes)      |          Client Port          |  92
 *  +-------------------------------+-------------------------------+
 *  |         CPort (bus)           |            Flags              |  96
 *  +-------------------------------+-------------------------------+
 *  |     PPort (other client)      |          Unused (0)           | 100
 *  +-------------------------------+-------------------------------+
 * </pre>
 * The times are whole seconds (the sender's milliseconds divided by 1000) of the sender's clock.
 */
public final class GossipEntryCodec
{
    public static final int NODE_ID_OFFSET = 0;
    public static final int PING_SENT_OFFSET = 40;
    public static final int PONG_RECEIVED_OFFSET = 44;
    public static final int IP_OFFSET = 48;
    public static final int PORT_OFFSET = 94;
    public static final int CPORT_OFFSET = 96;
    public static final int FLAGS_OFFSET = 98;
    public static final int PPORT_OFFSET = 100;
    public static final int UNUSED_OFFSET = 102;
    public static final int LENGTH = 104;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wraps the entry at {@code offset}; {@code length} is the bytes available there (at least {@link #LENGTH}).
     *
     * @throws IllegalArgumentException if the entry does not fit; nothing has been read.
     */
    public GossipEntryCodec wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        Flyweights.checkRegion(buffer, offset, length, LENGTH, "gossip entry");
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Wraps gossip entry {@code entry} of a wrapped PING, PONG or MEET.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= entry < header.count()} and the entry is inside
     *                                   the message.
     */
    public GossipEntryCodec wrap(final BusHeaderCodec header, final int entry)
    {
        return wrap(header.buffer(), header.gossipIndex(entry), LENGTH);
    }

    public int offset()
    {
        return offset;
    }

    public int nodeIdIndex()
    {
        return offset + NODE_ID_OFFSET;
    }

    public boolean nodeIdEquals(final byte[] id, final int idOffset)
    {
        return NodeId.equals(buffer, offset + NODE_ID_OFFSET, id, idOffset);
    }

    public void copyNodeId(final byte[] dst, final int dstOffset)
    {
        NodeId.copy(buffer, offset + NODE_ID_OFFSET, dst, dstOffset);
    }

    /**
     * When the sender's outstanding ping to this node was sent, in seconds of the sender's clock; 0 if none.
     */
    public long pingSentSeconds()
    {
        return buffer.getInt(offset + PING_SENT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /**
     * When the sender last got a pong from this node, in seconds of the sender's clock.
     */
    public long pongReceivedSeconds()
    {
        return buffer.getInt(offset + PONG_RECEIVED_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    public int ipIndex()
    {
        return offset + IP_OFFSET;
    }

    /**
     * Length of the IP text (bytes before the first NUL, at most 46).
     */
    public int ipLength()
    {
        return Flyweights.textLength(buffer, offset + IP_OFFSET, BusHeaderCodec.IP_LENGTH);
    }

    /**
     * Copies the IP text (no NUL) and returns its length.
     */
    public int copyIp(final byte[] dst, final int dstOffset)
    {
        final int ipLength = ipLength();
        buffer.getBytes(offset + IP_OFFSET, dst, dstOffset, ipLength);
        return ipLength;
    }

    public int port()
    {
        return u16(PORT_OFFSET);
    }

    public int cport()
    {
        return u16(CPORT_OFFSET);
    }

    /**
     * The sender's view of the node's {@link NodeFlags} (PFAIL here is a failure report).
     */
    public int flags()
    {
        return u16(FLAGS_OFFSET);
    }

    public int pport()
    {
        return u16(PPORT_OFFSET);
    }

    private int u16(final int fieldOffset)
    {
        return buffer.getShort(offset + fieldOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
