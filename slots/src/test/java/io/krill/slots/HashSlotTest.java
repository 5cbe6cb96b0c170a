/*
 * Goal: HashSlot gives the slot Redis gives, through every overload, and never disturbs its input.
 * Method: the reference slots of spec digest section 1 through each overload (array, array slice embedded in
 * junk, heap/direct/read-only/little-endian buffers with non-zero position, String and StringBuilder); then
 * the fast table-driven code against a plain bitwise CRC16 written here from the spec's definition, on seeded
 * random keys of every length 0..200 and every alignment, with and without braces.
 */
package io.krill.slots;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HashSlotTest
{
    private static final long SEED = 0x5107_5EEDL;

    static Stream<Arguments> referenceSlots()
    {
        return Stream.of(
            Arguments.of("somekey", 11058),
            Arguments.of("foo{hash_tag}", 2515),
            Arguments.of("bar{hash_tag}", 2515),
            Arguments.of("foo", 12182),
            Arguments.of("hello", 866),
            Arguments.of("bar", 5061),
            Arguments.of("foo{bar}{zap}", 5061),
            Arguments.of("key1", 9189),
            Arguments.of("key2", 4998),
            Arguments.of("key3", 935),
            Arguments.of("user:1234", 15814),
            Arguments.of("user:1000", 1649),
            Arguments.of("{user1000}.following", 3443),
            Arguments.of("{user1000}.followers", 3443),
            Arguments.of("foo{}{bar}", 8363),
            Arguments.of("foo{{bar}}zap", 4015),
            Arguments.of("{bar", 4015),
            Arguments.of("user:{123}:profile", 5970),
            Arguments.of("123", 5970),
            Arguments.of("", 0),
            Arguments.of("x", 16287));
    }

    @Test
    void shouldMatchXmodemCheckValueWhenHashingDigits()
    {
        final byte[] digits = "123456789".getBytes(US_ASCII);

        assertEquals(0x31C3, HashSlot.crc16(digits, 0, digits.length));
    }

    @Test
    void shouldHashOnlyTheRangeWhenGivenAnOffset()
    {
        final byte[] padded = "xx123456789yy".getBytes(US_ASCII);

        assertEquals(0x31C3, HashSlot.crc16(padded, 2, 9));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("referenceSlots")
    void shouldGiveReferenceSlotWhenKeyIsWholeArray(final String key, final int slot)
    {
        assertEquals(slot, HashSlot.slot(key.getBytes(UTF_8)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("referenceSlots")
    void shouldGiveReferenceSlotWhenKeyIsSliceBetweenBraces(final String key, final int slot)
    {
        // Braces around the slice prove that bytes outside off..off+len are never looked at.
        final byte[] bytes = key.getBytes(UTF_8);
        final byte[] padded = new byte[bytes.length + 6];
        padded[0] = '{';
        padded[1] = 'a';
        padded[2] = '}';
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        padded[padded.length - 3] = '{';
        padded[padded.length - 2] = 'z';
        padded[padded.length - 1] = '}';

        assertEquals(slot, HashSlot.slot(padded, 3, bytes.length));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("referenceSlots")
    void shouldGiveReferenceSlotWithoutMovingPositionWhenKeyIsInHeapBuffer(final String key, final int slot)
    {
        assertSlotOfBuffer(slot, key, ByteBuffer.allocate(64));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("referenceSlots")
    void shouldGiveReferenceSlotWithoutMovingPositionWhenKeyIsInDirectBuffer(final String key, final int slot)
    {
        assertSlotOfBuffer(slot, key, ByteBuffer.allocateDirect(64));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("referenceSlots")
    void shouldIgnoreByteOrderWhenBufferIsLittleEndian(final String key, final int slot)
    {
        assertSlotOfBuffer(slot, key, ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN));
        assertSlotOfBuffer(slot, key, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("referenceSlots")
    void shouldGiveReferenceSlotWhenBufferIsReadOnlySlice(final String key, final int slot)
    {
        final ByteBuffer backing = ByteBuffer.allocate(64);
        backing.position(5);
        final ByteBuffer slice = backing.slice();
        slice.put(key.getBytes(UTF_8)).flip();
        final ByteBuffer readOnly = slice.asReadOnlyBuffer();

        assertEquals(slot, HashSlot.slot(readOnly));
        assertEquals(0, readOnly.position());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("referenceSlots")
    void shouldGiveReferenceSlotWhenKeyIsCharSequence(final String key, final int slot)
    {
        assertEquals(slot, HashSlot.slot(key));
        assertEquals(slot, HashSlot.slot(new StringBuilder(key)));
    }

    @Test
    void shouldEqualSlotOfUtf8BytesWhenStringHasNonAsciiAndBrokenSurrogates()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final char[] alphabet = {'a', '{', '}', 'é', '€', '\uD83D', '\uDE00', '\u07FF', '\u0800', '\uFFFF', 0};
        for (int round = 0; round < 20_000; round++)
        {
            final char[] chars = new char[random.nextInt(12)];
            for (int i = 0; i < chars.length; i++)
            {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            final String key = new String(chars);

            assertEquals(HashSlot.slot(key.getBytes(UTF_8)), HashSlot.slot(key), () -> "key " + escape(key));
        }
    }

    @Test
    void shouldMatchBitwiseCrcWhenLengthAndAlignmentVary()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final byte[] bytes = new byte[256];
        random.nextBytes(bytes);
        for (int off = 0; off < 16; off++)
        {
            for (int len = 0; off + len <= 216; len++)
            {
                assertEquals(bitwiseCrc16(bytes, off, len), HashSlot.crc16(bytes, off, len));
            }
        }
    }

    @Test
    void shouldMatchReferenceRuleWhenRandomKeysContainBraces()
    {
        final SplittableRandom random = new SplittableRandom(SEED + 1);
        final ByteBuffer direct = ByteBuffer.allocateDirect(256);
        for (int round = 0; round < 50_000; round++)
        {
            final int off = random.nextInt(9);
            final int len = random.nextInt(120);
            final byte[] bytes = new byte[off + len + random.nextInt(9)];
            for (int i = 0; i < bytes.length; i++)
            {
                // Mostly a small alphabet, so braces and empty or nested tags turn up at every position.
                final int pick = random.nextInt(20);
                bytes[i] = pick == 0 ? (byte)'{' : pick == 1 ? (byte)'}' : (byte)random.nextInt(256);
            }
            final int expected = referenceSlot(bytes, off, len);

            assertEquals(expected, HashSlot.slot(bytes, off, len));
            direct.clear().position(off + 3);
            direct.put(bytes, off, len).flip().position(off + 3);
            assertEquals(expected, HashSlot.slot(direct));
            assertEquals(off + 3, direct.position());
        }
    }

    @Test
    void shouldFindExactBracesWhenNearMissBytesPrecedeThemAtEveryAlignment()
    {
        // 'z' is '{' ^ 1 and '|' is '}' ^ 1: the bytes a word-at-a-time search could flag by mistake.
        final ByteBuffer direct = ByteBuffer.allocateDirect(64);
        for (int open = 0; open < 24; open++)
        {
            for (int close = open + 1; close < 40; close++)
            {
                final byte[] key = new byte[41];
                Arrays.fill(key, (byte)'z');
                for (int i = open + 1; i < close; i++)
                {
                    key[i] = '|';
                }
                key[open] = '{';
                key[close] = '}';
                final int expected = referenceSlot(key, 0, key.length);

                assertEquals(expected, HashSlot.slot(key), "open " + open + " close " + close);
                direct.clear();
                direct.put(key).flip();
                assertEquals(expected, HashSlot.slot(direct), "open " + open + " close " + close);
            }
        }
    }

    @Test
    void shouldRejectRangeWhenOutsideArray()
    {
        final byte[] bytes = new byte[4];

        assertThrows(IndexOutOfBoundsException.class, () -> HashSlot.slot(bytes, 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> HashSlot.slot(bytes, -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> HashSlot.crc16(bytes, 0, 5));
    }

    private static void assertSlotOfBuffer(final int slot, final String key, final ByteBuffer buf)
    {
        buf.clear().position(7);
        buf.put(key.getBytes(UTF_8)).put((byte)'{').put((byte)'q').put((byte)'}');
        buf.limit(buf.position() - 3).position(7);

        assertEquals(slot, HashSlot.slot(buf));
        assertEquals(7, buf.position());
        assertEquals(7 + key.getBytes(UTF_8).length, buf.limit());
    }

    /**
     * The hash-tag rule of spec digest section 1, step by step, over the bitwise CRC.
     */
    static int referenceSlot(final byte[] key, final int off, final int len)
    {
        int open = -1;
        for (int i = off; i < off + len; i++)
        {
            if (key[i] == '{')
            {
                open = i;
                break;
            }
        }
        if (open >= 0)
        {
            for (int close = open + 1; close < off + len; close++)
            {
                if (key[close] == '}')
                {
                    if (close > open + 1)
                    {
                        return bitwiseCrc16(key, open + 1, close - open - 1) & 0x3FFF;
                    }
                    break;
                }
            }
        }
        return bitwiseCrc16(key, off, len) & 0x3FFF;
    }

    static int bitwiseCrc16(final byte[] b, final int off, final int len)
    {
        int crc = 0;
        for (int i = off; i < off + len; i++)
        {
            crc ^= (b[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }

    private static String escape(final String key)
    {
        final StringBuilder text = new StringBuilder();
        key.chars().forEach(c -> text.append(String.format("\\u%04x", c)));
        return text.toString();
    }
}
