package io.krill.gossip;

import org.agrona.DirectBuffer;

/**
 * Flyweight over the body of a FAIL message: the id of the node the sender has agreed is failing.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Failing Node Id (40 bytes hex)                  ...  0 (message offset 2256)
 *  +---------------------------------------------------------------+
 * </pre>
 * A FAIL message is exactly {@link #MESSAGE_LENGTH} bytes.
 */
public final class FailCodec
{
    public static final int NODE_ID_OFFSET = 0;
    public static final int BODY_LENGTH = NodeId.LENGTH;
    public static final int MESSAGE_LENGTH = BusHeaderCodec.LENGTH + BODY_LENGTH;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wraps a FAIL body at {@code offset} (the message offset + 2256) of {@code length} bytes.
     *
     * @throws IllegalArgumentException if the body is shorter than {@link #BODY_LENGTH}.
     */
    public FailCodec wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        Flyweights.checkRegion(buffer, offset, length, BODY_LENGTH, "FAIL body");
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Wraps the body of a wrapped FAIL message.
     */
    public FailCodec wrap(final BusHeaderCodec header)
    {
        return wrap(header.buffer(), header.bodyIndex(), header.bodyLength());
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
}
