package io.krill.gossip;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: node ids compare, copy and check in place exactly as their text would.
 * Method: the six ids of the captured cluster, pairwise, against String.compareTo and equals; a zeroed
 * range; ids with a bad character.
 */
class NodeIdTest
{
    private static final List<String> IDS = List.of(
        "32c4ea604eab4d482cc7961790c12240c6d294f2", "4df7066e089358f346bfd6d24a44c58386a456d1",
        "a6b5b979a1d0079bf836c35709b58f7191db811a", "f75501da9152628325fd6c95ce7206524e76bb55",
        "54fe2a2a92f7258be0c71cb9bbb9cfd1065e9a13", "3b7b21628c31ed36da701fd82dd3705482a11551",
        "3b7b21628c31ed36da701fd82dd3705482a11552");

    @Test
    void shouldOrderLikeStringsWhenComparingIds()
    {
        for (final String a : IDS)
        {
            final UnsafeBuffer left = buffer(a, 5);
            for (final String b : IDS)
            {
                final byte[] right = b.getBytes(StandardCharsets.US_ASCII);
                final int expected = Integer.signum(a.compareTo(b));
                assertEquals(expected, Integer.signum(NodeId.compare(left, 5, right, 0)), a + " " + b);
                assertEquals(expected, Integer.signum(NodeId.compare(left, 5, buffer(b, 3), 3)), a + " " + b);
                assertEquals(a.equals(b), NodeId.equals(left, 5, right, 0));
                assertEquals(a.equals(b), NodeId.equals(left, 5, buffer(b, 0), 0));
            }
            final byte[] copy = new byte[41];
            NodeId.copy(left, 5, copy, 1);
            assertEquals(a, new String(copy, 1, 40, StandardCharsets.US_ASCII));
            assertEquals(a, NodeId.toString(left, 5));
            assertTrue(NodeId.isValid(left, 5));
            assertFalse(NodeId.isNull(left, 5));
        }
    }

    @Test
    void shouldRecogniseNullAndInvalidIdsWhenChecking()
    {
        final UnsafeBuffer zero = new UnsafeBuffer(new byte[40]);
        assertTrue(NodeId.isNull(zero, 0));
        assertFalse(NodeId.isValid(zero, 0));
        zero.putByte(39, (byte)1);
        assertFalse(NodeId.isNull(zero, 0));
        assertFalse(NodeId.isValid(buffer("32C4ea604eab4d482cc7961790c12240c6d294f2", 0), 0), "upper case");
        assertFalse(NodeId.isValid(buffer("32c4ea604eab4d482cc7961790c12240c6d294-2", 0), 0));
    }

    private static UnsafeBuffer buffer(final String id, final int offset)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + 40]);
        buffer.putStringWithoutLengthAscii(offset, id);
        return buffer;
    }
}
