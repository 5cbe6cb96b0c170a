package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;

import java.util.Arrays;

/**
 * A member interval of ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX: {@code [x} inclusive, {@code (x} exclusive,
 * {@code -} and {@code +} below and above every member. The bounds are views into the command's arguments, valid
 * while the command runs. Members compare as unsigned bytes, a prefix first (memcmp, then length).
 */
final class LexRange
{
    static final CommandException INVALID = new CommandException("ERR min or max not valid string range item");

    private static final int MINUS_INFINITY = -1;
    private static final int VALUE = 0;
    private static final int PLUS_INFINITY = 1;

    private int minKind;
    private byte[] minBuffer;
    private int minOffset;
    private int minLength;
    boolean minExclusive;
    private int maxKind;
    private byte[] maxBuffer;
    private int maxOffset;
    private int maxLength;
    boolean maxExclusive;

    /** Reads {@code args[minIndex]} and {@code args[maxIndex]} as Redis's {@code zslParseLexRange} does. */
    LexRange parse(final CommandArgs args, final int minIndex, final int maxIndex)
    {
        minKind = kind(args, minIndex);
        minBuffer = args.buffer(minIndex);
        minOffset = args.offset(minIndex) + 1;
        minLength = args.length(minIndex) - 1;
        minExclusive = minKind != VALUE || minBuffer[minOffset - 1] == '(';
        maxKind = kind(args, maxIndex);
        maxBuffer = args.buffer(maxIndex);
        maxOffset = args.offset(maxIndex) + 1;
        maxLength = args.length(maxIndex) - 1;
        maxExclusive = maxKind != VALUE || maxBuffer[maxOffset - 1] == '(';
        return this;
    }

    private static int kind(final CommandArgs args, final int index)
    {
        final int length = args.length(index);
        if (length == 0)
        {
            throw INVALID;
        }
        final byte[] buffer = args.buffer(index);
        final int offset = args.offset(index);
        final byte first = buffer[offset];
        // C strings: "+" followed by a NUL byte still reads as "+"
        final boolean alone = length == 1 || buffer[offset + 1] == 0;
        if (first == '+' && alone)
        {
            return PLUS_INFINITY;
        }
        if (first == '-' && alone)
        {
            return MINUS_INFINITY;
        }
        if (first == '(' || first == '[')
        {
            return VALUE;
        }
        throw INVALID;
    }

    /** Drops the references to the arguments. */
    void clear()
    {
        minBuffer = null;
        maxBuffer = null;
    }

    /** True when no member can be in the range, whatever the set holds. */
    boolean isEmpty()
    {
        final int cmp = compareBounds();
        return cmp > 0 || (cmp == 0 && (minExclusive || maxExclusive));
    }

    private int compareBounds()
    {
        if (minKind == maxKind && minKind != VALUE)
        {
            return 0;
        }
        if (minKind == MINUS_INFINITY || maxKind == PLUS_INFINITY)
        {
            return -1;
        }
        if (minKind == PLUS_INFINITY || maxKind == MINUS_INFINITY)
        {
            return 1;
        }
        return Arrays.compareUnsigned(minBuffer, minOffset, minOffset + minLength, maxBuffer, maxOffset,
            maxOffset + maxLength);
    }

    boolean aboveMin(final byte[] member, final int offset, final int length)
    {
        if (minKind != VALUE)
        {
            return minKind == MINUS_INFINITY;
        }
        final int cmp = Arrays.compareUnsigned(member, offset, offset + length, minBuffer, minOffset,
            minOffset + minLength);
        return minExclusive ? cmp > 0 : cmp >= 0;
    }

    boolean belowMax(final byte[] member, final int offset, final int length)
    {
        if (maxKind != VALUE)
        {
            return maxKind == PLUS_INFINITY;
        }
        final int cmp = Arrays.compareUnsigned(member, offset, offset + length, maxBuffer, maxOffset,
            maxOffset + maxLength);
        return maxExclusive ? cmp < 0 : cmp <= 0;
    }
}
