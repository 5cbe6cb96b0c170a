package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.Numbers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * String values seen as arrays of bits, as the bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD)
 * see them: bit 0 is the most significant bit of byte 0, and bits past the end of the string read as 0.
 * <p>
 * Writes go to a {@link MutableString}: Redis turns a string it edits in place into its "raw" encoding, which is
 * what a {@code MutableString} reports, and growing one by a few bytes at a time stays amortised O(1).
 */
final class BitStrings
{
    static final CommandException BAD_OFFSET =
        new CommandException("ERR bit offset is not an integer or out of range");
    static final CommandException TOO_LARGE =
        new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");

    /** The largest byte array a JVM reliably allocates. */
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    /** Reads 8 bytes as one big-endian long, so the first bit in string order is the long's top bit. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BitStrings()
    {
    }

    /**
     * Parses a bit offset argument as Redis does for SETBIT, GETBIT and BITFIELD: a {@code string2ll} integer,
     * or with {@code fieldBits > 0} also {@code #n}, meaning n fields of that width (the product wraps like C's
     * 64-bit arithmetic). It must not be negative and must address a byte below {@code proto-max-bulk-len}.
     */
    static long bitOffset(final CommandArgs args, final int index, final int fieldBits, final long maxBulkBytes)
    {
        final byte[] buffer = args.buffer(index);
        int offset = args.offset(index);
        int length = args.length(index);
        final boolean positional = fieldBits > 0 && length > 0 && buffer[offset] == '#';
        if (positional)
        {
            offset++;
            length--;
        }
        long value = Numbers.parseLong(buffer, offset, length);
        if (value == Numbers.INVALID && !Numbers.isLongMinValue(buffer, offset, length))
        {
            throw BAD_OFFSET;
        }
        if (positional)
        {
            value *= fieldBits;
        }
        if (value < 0 || (value >>> 3) >= maxBulkBytes)
        {
            throw BAD_OFFSET;
        }
        return value;
    }

    /**
     * The string at {@code args[keyIndex]} made writable and at least {@code minLength} bytes long (zero padded),
     * created if absent; WRONGTYPE if the key holds another type. Leaves the keyspace positioned on the key. A new,
     * re-encoded or grown value is reported to the keyspace listeners here.
     */
    static MutableString writable(final Keyspace keyspace, final CommandArgs args, final int keyIndex,
        final long minLength)
    {
        if (minLength > MAX_ARRAY_BYTES)
        {
            throw TOO_LARGE;
        }
        final int length = (int)minLength;
        if (keyspace.find(args.buffer(keyIndex), args.offset(keyIndex), args.length(keyIndex)) < 0)
        {
            final MutableString created = new MutableString(new byte[length], length);
            keyspace.insert(args.copy(keyIndex), created, KeyTable.NO_EXPIRY);
            return created;
        }
        final Object value = keyspace.value();
        StringValues.requireString(value);
        final MutableString string;
        if (value instanceof MutableString)
        {
            string = (MutableString)value;
            // INCRBYFLOAT's text reports "embstr"; edited in place it is "raw", as in Redis
            string.edited = true;
        }
        else
        {
            // an exact-length byte[] ("int"/"embstr") becomes "raw" once edited, as in Redis; the array is shared
            // with nothing else, so it is wrapped, not copied
            final byte[] bytes = (byte[])value;
            string = new MutableString(bytes, bytes.length);
            keyspace.replaceValue(string);
        }
        if (string.length < length)
        {
            string.ensureCapacity(length);
            // bytes past the old length may hold what a shorter value left there
            Arrays.fill(string.bytes, string.length, length, (byte)0);
            string.length = length;
            keyspace.modified();
        }
        return string;
    }

    /** The bit at {@code bitOffset}, 0 past {@code length}. */
    static int bit(final byte[] bytes, final int length, final long bitOffset)
    {
        final long byteIndex = bitOffset >>> 3;
        if (byteIndex >= length)
        {
            return 0;
        }
        return (bytes[(int)byteIndex] >> (7 - (int)(bitOffset & 7))) & 1;
    }

    /** Sets the bit at {@code bitOffset} (within the array) to {@code on} (0 or 1). */
    static void bit(final byte[] bytes, final long bitOffset, final int on)
    {
        final int byteIndex = (int)(bitOffset >>> 3);
        final int mask = 1 << (7 - (int)(bitOffset & 7));
        bytes[byteIndex] = (byte)(on != 0 ? bytes[byteIndex] | mask : bytes[byteIndex] & ~mask);
    }

    /** The number of set bits in bytes {@code [from, to)}. */
    static long popCount(final byte[] bytes, final int from, final int to)
    {
        long count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8)
        {
            count += Long.bitCount((long)LONGS.get(bytes, i));
        }
        for (; i < to; i++)
        {
            count += Integer.bitCount(bytes[i] & 0xFF);
        }
        return count;
    }

    /**
     * The position of the first bit equal to {@code target} among bits {@code [fromBit, toBit]} (both within the
     * array), or -1.
     */
    static long firstBit(final byte[] bytes, final long fromBit, final long toBit, final int target)
    {
        final int firstByte = (int)(fromBit >>> 3);
        final int lastByte = (int)(toBit >>> 3);
        // masks keep only the bits inside the range in the first and last byte
        final int headMask = 0xFF >>> (int)(fromBit & 7);
        final int tailMask = (0xFF << (7 - (int)(toBit & 7))) & 0xFF;
        final int flip = target == 1 ? 0 : 0xFF;
        if (firstByte == lastByte)
        {
            return firstIn(((bytes[firstByte] & 0xFF) ^ flip) & headMask & tailMask, firstByte);
        }
        final long head = firstIn(((bytes[firstByte] & 0xFF) ^ flip) & headMask, firstByte);
        if (head >= 0)
        {
            return head;
        }
        final long flipLong = target == 1 ? 0 : -1L;
        int i = firstByte + 1;
        for (; i + 8 <= lastByte; i += 8)
        {
            final long word = (long)LONGS.get(bytes, i) ^ flipLong;
            if (word != 0)
            {
                return (long)i * 8 + Long.numberOfLeadingZeros(word);
            }
        }
        for (; i < lastByte; i++)
        {
            final long found = firstIn(((bytes[i] & 0xFF) ^ flip), i);
            if (found >= 0)
            {
                return found;
            }
        }
        return firstIn(((bytes[lastByte] & 0xFF) ^ flip) & tailMask, lastByte);
    }

    private static long firstIn(final int bits, final int byteIndex)
    {
        return bits == 0 ? -1 : (long)byteIndex * 8 + Integer.numberOfLeadingZeros(bits) - 24;
    }
}
