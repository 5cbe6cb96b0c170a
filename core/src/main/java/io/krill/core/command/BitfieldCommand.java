package io.krill.core.command;

import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.Numbers;
import io.krill.core.resp.RespEncoder;

import java.util.Arrays;

/**
 * BITFIELD and BITFIELD_RO: signed and unsigned integers of 1 to 64 bits (unsigned up to 63, so every value fits
 * a RESP integer) at any bit offset of a string, read, written or incremented with WRAP, SAT or FAIL overflow.
 * <p>
 * BEHAVIOR (Redis 7.0): every operation is parsed before any runs, so one bad argument fails the whole command
 * with nothing changed. If any operation writes, the string is created or grown up front to cover the farthest
 * bit written, even when every write then fails on overflow. Integers are big-endian in bit order: the field's
 * most significant bit is at the lowest offset.
 */
final class BitfieldCommand
{
    private static final CommandException BAD_TYPE = new CommandException("ERR Invalid bitfield type. " +
        "Use something like i16 u8. Note that u64 is not supported but i64 is.");
    private static final CommandException BAD_OVERFLOW = new CommandException("ERR Invalid OVERFLOW type specified");
    private static final CommandException READ_ONLY =
        new CommandException("ERR BITFIELD_RO only supports the GET subcommand");

    private static final int OP_GET = 0;
    private static final int OP_SET = 1;
    private static final int OP_INCRBY = 2;

    private static final int OVERFLOW_WRAP = 0;
    private static final int OVERFLOW_SAT = 1;
    private static final int OVERFLOW_FAIL = 2;

    private final NodeState node;
    private final Keyspace keyspace;

    /** Set by the overflow checks, which also return the value to store: two results without allocating. */
    private boolean overflowed;

    /** The parsed operations of the current command, reused: at most one per two arguments. */
    private int[] opcodes = new int[8];
    private int[] widths = new int[8];
    private boolean[] signed = new boolean[8];
    private int[] overflows = new int[8];
    private long[] offsets = new long[8];
    private long[] operands = new long[8];

    BitfieldCommand(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void register(final CommandTable table)
    {
        table.register("bitfield", (client, args, out) -> bitfield(args, out, false));
        table.register("bitfield_ro", (client, args, out) -> bitfield(args, out, true));
    }

    private void bitfield(final CommandArgs args, final RespEncoder out, final boolean readOnlyCommand)
    {
        final int ops = parse(args);
        long highestWrittenBit = -1;
        for (int i = 0; i < ops; i++)
        {
            if (opcodes[i] != OP_GET)
            {
                highestWrittenBit = Math.max(highestWrittenBit, offsets[i] + widths[i] - 1);
            }
        }
        byte[] bytes = null;
        int length = 0;
        MutableString written = null;
        if (highestWrittenBit < 0)
        {
            if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) >= 0)
            {
                final Object value = keyspace.value();
                StringValues.requireString(value);
                bytes = StringValues.bytes(value);
                length = StringValues.length(value);
            }
        }
        else
        {
            if (readOnlyCommand)
            {
                throw READ_ONLY;
            }
            written = BitStrings.writable(keyspace, args, 1, (highestWrittenBit >>> 3) + 1);
            bytes = written.bytes;
            length = written.length;
        }
        out.array(ops);
        boolean changed = false;
        for (int i = 0; i < ops; i++)
        {
            if (opcodes[i] == OP_GET)
            {
                final long value = bytes == null ? 0 : read(bytes, length, offsets[i], widths[i], signed[i]);
                out.integer(value);
            }
            else
            {
                changed |= write(bytes, length, i, out);
            }
        }
        if (changed)
        {
            keyspace.modified();
        }
    }

    /** Parses the operations into the arrays; returns how many there are. */
    private int parse(final CommandArgs args)
    {
        final long maxBulkBytes = node.config().protoMaxBulkLenBytes();
        int overflow = OVERFLOW_WRAP;
        int ops = 0;
        final int count = args.count();
        for (int j = 2; j < count; j++)
        {
            final int remaining = count - j - 1;
            final int opcode;
            if (args.is(j, "get") && remaining >= 2)
            {
                opcode = OP_GET;
            }
            else if (args.is(j, "set") && remaining >= 3)
            {
                opcode = OP_SET;
            }
            else if (args.is(j, "incrby") && remaining >= 3)
            {
                opcode = OP_INCRBY;
            }
            else if (args.is(j, "overflow") && remaining >= 1)
            {
                overflow = overflowType(args, ++j);
                continue;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
            final int typeBits = type(args, j + 1);
            final int width = Math.abs(typeBits);
            final long offset = BitStrings.bitOffset(args, j + 2, width, maxBulkBytes);
            final long operand = opcode == OP_GET ? 0 : args.longValue(j + 3);
            ensureRoom(ops + 1);
            opcodes[ops] = opcode;
            widths[ops] = width;
            signed[ops] = typeBits < 0;
            overflows[ops] = overflow;
            offsets[ops] = offset;
            operands[ops] = operand;
            ops++;
            j += opcode == OP_GET ? 2 : 3;
        }
        return ops;
    }

    /**
     * A SET or INCRBY: writes and replies the new value (INCRBY) or the old one (SET), or nil when FAIL refuses an
     * overflow. Returns whether the field changed.
     */
    private boolean write(final byte[] bytes, final int length, final int op, final RespEncoder out)
    {
        final int width = widths[op];
        final long old = read(bytes, length, offsets[op], width, signed[op]);
        final boolean increment = opcodes[op] == OP_INCRBY;
        // SET is checked as "value + 0" so an out-of-range value wraps or saturates like a sum would
        final long base = increment ? old : operands[op];
        final long delta = increment ? operands[op] : 0;
        final long stored = signed[op] ?
            signedOverflow(base, delta, width, overflows[op]) : unsignedOverflow(base, delta, width, overflows[op]);
        if (overflowed && overflows[op] == OVERFLOW_FAIL)
        {
            out.nullBulk();
            return false;
        }
        out.integer(increment ? stored : old);
        writeBits(bytes, offsets[op], width, stored);
        return stored != old;
    }

    /**
     * Checks {@code value + delta} (value unsigned) against a {@code width}-bit unsigned field: sets
     * {@link #overflowed} and returns the value to store (the sum, or on overflow the wrapped or saturated value).
     */
    private long unsignedOverflow(final long value, final long delta, final int width, final int overflow)
    {
        final long max = (1L << width) - 1;
        final long maxDelta = max - value;
        final long minDelta = -value;
        final boolean over = Long.compareUnsigned(value, max) > 0 || (delta > 0 && delta > maxDelta);
        final boolean under = !over && delta < 0 && delta < minDelta;
        overflowed = over || under;
        if (!overflowed)
        {
            return value + delta;
        }
        if (overflow == OVERFLOW_SAT)
        {
            return over ? max : 0;
        }
        return (value + delta) & max;
    }

    /**
     * Checks {@code value + delta} against a {@code width}-bit two's complement field, as
     * {@link #unsignedOverflow} does. The 64-bit limits are compared with C's wrapping arithmetic, as Redis does.
     */
    private long signedOverflow(final long value, final long delta, final int width, final int overflow)
    {
        final long max = width == 64 ? Long.MAX_VALUE : (1L << (width - 1)) - 1;
        final long min = -max - 1;
        final long maxDelta = max - value;
        final long minDelta = min - value;
        final boolean over = value > max || (width != 64 && delta > maxDelta) ||
            (value >= 0 && delta > 0 && delta > maxDelta);
        final boolean under = !over && (value < min || (width != 64 && delta < minDelta) ||
            (value < 0 && delta < 0 && delta < minDelta));
        overflowed = over || under;
        if (!overflowed)
        {
            return value + delta;
        }
        if (overflow == OVERFLOW_SAT)
        {
            return over ? max : min;
        }
        long sum = value + delta;
        if (width < 64)
        {
            final long mask = -1L << width;
            sum = (sum & (1L << (width - 1))) != 0 ? sum | mask : sum & ~mask;
        }
        return sum;
    }

    /** Reads a field; bits past {@code length} are 0. */
    static long read(final byte[] bytes, final int length, final long offset, final int width, final boolean signed)
    {
        long value = 0;
        for (int j = 0; j < width; j++)
        {
            value = (value << 1) | BitStrings.bit(bytes, length, offset + j);
        }
        if (signed && width < 64 && (value & (1L << (width - 1))) != 0)
        {
            value |= -1L << width;
        }
        return value;
    }

    /** Writes the low {@code width} bits of {@code value}; the array covers the field. */
    static void writeBits(final byte[] bytes, final long offset, final int width, final long value)
    {
        for (int j = 0; j < width; j++)
        {
            BitStrings.bit(bytes, offset + j, (int)(value >>> (width - 1 - j)) & 1);
        }
    }

    /** {@code i<n>} (1..64) as -n, {@code u<n>} (1..63) as n; lower case only, as Redis. */
    private static int type(final CommandArgs args, final int index)
    {
        final byte[] buffer = args.buffer(index);
        final int offset = args.offset(index);
        final int length = args.length(index);
        if (length < 1 || (buffer[offset] != 'i' && buffer[offset] != 'u'))
        {
            throw BAD_TYPE;
        }
        final boolean isSigned = buffer[offset] == 'i';
        final long bits = Numbers.parseLong(buffer, offset + 1, length - 1);
        if (bits == Numbers.INVALID || bits < 1 || bits > (isSigned ? 64 : 63))
        {
            throw BAD_TYPE;
        }
        return isSigned ? -(int)bits : (int)bits;
    }

    private static int overflowType(final CommandArgs args, final int index)
    {
        if (args.is(index, "wrap"))
        {
            return OVERFLOW_WRAP;
        }
        if (args.is(index, "sat"))
        {
            return OVERFLOW_SAT;
        }
        if (args.is(index, "fail"))
        {
            return OVERFLOW_FAIL;
        }
        throw BAD_OVERFLOW;
    }

    private void ensureRoom(final int ops)
    {
        if (ops > opcodes.length)
        {
            final int capacity = Math.max(ops, opcodes.length * 2);
            opcodes = Arrays.copyOf(opcodes, capacity);
            widths = Arrays.copyOf(widths, capacity);
            signed = Arrays.copyOf(signed, capacity);
            overflows = Arrays.copyOf(overflows, capacity);
            offsets = Arrays.copyOf(offsets, capacity);
            operands = Arrays.copyOf(operands, capacity);
        }
    }
}
