package io.krill.gossip;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

import org.agrona.DirectBuffer;

/**
 * Node ids as they travel: 40 bytes of lower-case hex ASCII, with no terminator, at a fixed offset of a
 * message (sender, master, FAIL and UPDATE subjects, gossip entries). The id is never turned into a
 * {@code String} on the hot path: these functions compare and copy the 40-byte range in place. A node keeps
 * its ids as {@code byte[40]}.
 * <p>
 * The all-zero range is the wire's "no node" (the {@code slaveof} field of a master).
 */
public final class NodeId
{
    public static final int LENGTH = 40;

    private static final int WORDS = LENGTH / Long.BYTES;
    private static final VarHandle BIG_ENDIAN_LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private NodeId()
    {
    }

    /**
     * True if the 40 bytes at {@code index} are all zero (no node).
     */
    public static boolean isNull(final DirectBuffer buffer, final int index)
    {
        buffer.boundsCheck(index, LENGTH);
        long bits = 0;
        for (int i = 0; i < WORDS; i++)
        {
            bits |= buffer.getLong(index + i * Long.BYTES);
        }
        return bits == 0;
    }

    public static boolean equals(final DirectBuffer buffer, final int index, final byte[] id, final int idOffset)
    {
        buffer.boundsCheck(index, LENGTH);
        Objects.checkFromIndexSize(idOffset, LENGTH, id.length);
        // Five 8-byte compares instead of forty 1-byte ones: ids are compared for every gossip entry.
        for (int i = 0; i < WORDS; i++)
        {
            final int delta = i * Long.BYTES;
            if (buffer.getLong(index + delta, ByteOrder.BIG_ENDIAN) != (long)BIG_ENDIAN_LONG.get(id, idOffset + delta))
            {
                return false;
            }
        }
        return true;
    }

    public static boolean equals(
        final DirectBuffer buffer, final int index, final DirectBuffer other, final int otherIndex)
    {
        buffer.boundsCheck(index, LENGTH);
        other.boundsCheck(otherIndex, LENGTH);
        for (int i = 0; i < WORDS; i++)
        {
            final int delta = i * Long.BYTES;
            if (buffer.getLong(index + delta) != other.getLong(otherIndex + delta))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Byte-wise unsigned order (for hex ids, the same as the ids' string order): negative, zero or positive as
     * the id in {@code buffer} sorts before, equal to or after the one in {@code id}. Iterating nodes by id
     * keeps decisions independent of hash-map order.
     */
    public static int compare(final DirectBuffer buffer, final int index, final byte[] id, final int idOffset)
    {
        buffer.boundsCheck(index, LENGTH);
        Objects.checkFromIndexSize(idOffset, LENGTH, id.length);
        for (int i = 0; i < WORDS; i++)
        {
            final int delta = i * Long.BYTES;
            // Big-endian words compared unsigned order the same way as their bytes do.
            final int result = Long.compareUnsigned(
                buffer.getLong(index + delta, ByteOrder.BIG_ENDIAN), (long)BIG_ENDIAN_LONG.get(id, idOffset + delta));
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }

    /**
     * As {@link #compare(DirectBuffer, int, byte[], int)}, for two buffers; compares eight bytes at a time.
     */
    public static int compare(
        final DirectBuffer buffer, final int index, final DirectBuffer other, final int otherIndex)
    {
        buffer.boundsCheck(index, LENGTH);
        other.boundsCheck(otherIndex, LENGTH);
        for (int i = 0; i < WORDS; i++)
        {
            final int delta = i * Long.BYTES;
            // Big-endian words compared unsigned order the same way as their bytes do.
            final int result = Long.compareUnsigned(
                buffer.getLong(index + delta, ByteOrder.BIG_ENDIAN),
                other.getLong(otherIndex + delta, ByteOrder.BIG_ENDIAN));
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }

    public static void copy(final DirectBuffer buffer, final int index, final byte[] dst, final int dstOffset)
    {
        buffer.getBytes(index, dst, dstOffset, LENGTH);
    }

    /**
     * True if the 40 bytes at {@code index} are all {@code [a-z0-9]}, the check Redis applies to an id given in
     * a command (CLUSTER FORGET, SETSLOT ... NODE, REPLICATE).
     */
    public static boolean isValid(final DirectBuffer buffer, final int index)
    {
        buffer.boundsCheck(index, LENGTH);
        for (int i = 0; i < LENGTH; i++)
        {
            final byte b = buffer.getByte(index + i);
            if (!((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The id as text, for logs and tests. Allocates; bytes outside ASCII print as {@code ?}.
     */
    public static String toString(final DirectBuffer buffer, final int index)
    {
        buffer.boundsCheck(index, LENGTH);
        final char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++)
        {
            final int b = buffer.getByte(index + i) & 0xFF;
            chars[i] = b < 0x80 ? (char)b : '?';
        }
        return new String(chars);
    }
}
