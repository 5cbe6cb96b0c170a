package io.krill.gossip;

import org.agrona.DirectBuffer;

/**
 * The checks every bus flyweight makes in {@code wrap}, before it reads a field.
 */
final class Flyweights
{
    private Flyweights()
    {
    }

    /**
     * Throws unless {@code [offset, offset + length)} lies inside {@code buffer} and holds at least
     * {@code minLength} bytes. Long arithmetic so a huge offset cannot wrap around.
     */
    static void checkRegion(
        final DirectBuffer buffer, final int offset, final int length, final int minLength, final String what)
    {
        if (length < minLength)
        {
            throw new IllegalArgumentException(what + " needs " + minLength + " bytes, got " + length);
        }
        if (offset < 0 || (long)offset + length > buffer.capacity())
        {
            throw new IllegalArgumentException(
                what + " at " + offset + " length " + length + " exceeds buffer capacity " + buffer.capacity());
        }
    }

    /**
     * Bytes before the first NUL in {@code buffer[index .. index + maxLength)}, or {@code maxLength} if none.
     */
    static int textLength(final DirectBuffer buffer, final int index, final int maxLength)
    {
        buffer.boundsCheck(index, maxLength);
        for (int i = 0; i < maxLength; i++)
        {
            if (buffer.getByte(index + i) == 0)
            {
                return i;
            }
        }
        return maxLength;
    }
}
