package io.krill.core.command;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/*
 * Goal: the word-at-a-time bit routines behind BITCOUNT, BITPOS and BITFIELD give the same answers as the obvious
 * bit-by-bit definitions, at every alignment.
 * Method: seeded random strings (sparse, dense, all zeros, all ones) and random ranges; each routine is compared
 * with a naive loop over single bits.
 */
class BitStringsTest
{
    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void shouldCountLikeNaiveLoopWhenRangeIsAnyByteRange()
    {
        for (int round = 0; round < 2000; round++)
        {
            final byte[] bytes = randomBytes(random.nextInt(1, 64));
            final int from = random.nextInt(bytes.length);
            final int to = random.nextInt(from, bytes.length + 1);
            long expected = 0;
            for (long bit = from * 8L; bit < to * 8L; bit++)
            {
                expected += BitStrings.bit(bytes, bytes.length, bit);
            }
            assertEquals(expected, BitStrings.popCount(bytes, from, to));
        }
    }

    @Test
    void shouldFindFirstBitLikeNaiveLoopWhenRangeIsAnyBitRange()
    {
        for (int round = 0; round < 5000; round++)
        {
            final byte[] bytes = randomBytes(random.nextInt(1, 48));
            final long fromBit = random.nextLong(bytes.length * 8L);
            final long toBit = random.nextLong(fromBit, bytes.length * 8L);
            for (int target = 0; target <= 1; target++)
            {
                long expected = -1;
                for (long bit = fromBit; bit <= toBit; bit++)
                {
                    if (BitStrings.bit(bytes, bytes.length, bit) == target)
                    {
                        expected = bit;
                        break;
                    }
                }
                assertEquals(expected, BitStrings.firstBit(bytes, fromBit, toBit, target),
                    "range " + fromBit + ".." + toBit + " target " + target);
            }
        }
    }

    @Test
    void shouldReadBackWhatWasWrittenWhenFieldsAreAnyWidthAndOffset()
    {
        for (int round = 0; round < 5000; round++)
        {
            final byte[] bytes = randomBytes(12);
            final int width = random.nextInt(1, 65);
            final long offset = random.nextLong(bytes.length * 8L - width + 1);
            final long value = random.nextLong();
            final byte[] before = bytes.clone();
            BitfieldCommand.writeBits(bytes, offset, width, value);
            final long mask = width == 64 ? -1L : (1L << width) - 1;
            assertEquals(value & mask, BitfieldCommand.read(bytes, bytes.length, offset, width, false) & mask);
            final long signed = BitfieldCommand.read(bytes, bytes.length, offset, width, true);
            assertEquals(width == 64 ? value : (value << (64 - width)) >> (64 - width), signed);
            for (long bit = 0; bit < bytes.length * 8L; bit++)
            {
                if (bit < offset || bit >= offset + width)
                {
                    assertEquals(BitStrings.bit(before, before.length, bit), BitStrings.bit(bytes, bytes.length, bit));
                }
            }
        }
    }

    @Test
    void shouldReadZerosWhenFieldRunsPastTheEnd()
    {
        final byte[] bytes = {(byte)0xFF};
        assertEquals(0xFF00, BitfieldCommand.read(bytes, 1, 0, 16, false));
        assertEquals(0, BitfieldCommand.read(bytes, 1, 8, 8, false));
        assertEquals(0, BitStrings.bit(bytes, 1, 1L << 40));
    }

    private byte[] randomBytes(final int length)
    {
        final byte[] bytes = new byte[length];
        final int shape = random.nextInt(4);
        for (int i = 0; i < length; i++)
        {
            if (shape == 0)
            {
                bytes[i] = (byte)random.nextInt(256);
            }
            else if (shape == 1)
            {
                bytes[i] = random.nextInt(16) == 0 ? (byte)(1 << random.nextInt(8)) : 0;
            }
            else if (shape == 2)
            {
                bytes[i] = random.nextInt(16) == 0 ? (byte)~(1 << random.nextInt(8)) : (byte)0xFF;
            }
            else
            {
                bytes[i] = (byte)(random.nextBoolean() ? 0 : 0xFF);
            }
        }
        return bytes;
    }
}
