package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

/**
 * The bitmap commands of Redis 7.0 over string values: SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP (BITFIELD is
 * {@link BitfieldCommand}).
 * <p>
 * The order in which arguments are checked and the key is looked up follows Redis 7.0, because it decides which
 * error (or which non-error reply) a malformed command gets: BITCOUNT and BITPOS look the key up before they parse
 * their range, so a missing key answers 0 (or -1) even to a range that is not a number.
 */
final class BitmapCommands
{
    private static final CommandException BAD_BIT = new CommandException("ERR bit is not an integer or out of range");
    private static final CommandException BAD_BITPOS_BIT =
        new CommandException("ERR The bit argument must be 1 or 0.");
    private static final CommandException NOT_SINGLE_SOURCE =
        new CommandException("ERR BITOP NOT must be called with a single source key.");

    private static final int OP_AND = 0;
    private static final int OP_OR = 1;
    private static final int OP_XOR = 2;
    private static final int OP_NOT = 3;

    private final NodeState node;
    private final Keyspace keyspace;

    BitmapCommands(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void register(final CommandTable table)
    {
        table.register("setbit", this::setbit);
        table.register("getbit", this::getbit);
        table.register("bitcount", this::bitcount);
        table.register("bitpos", this::bitpos);
        table.register("bitop", this::bitop);
    }

    /** SETBIT key offset 0|1: replies the bit's previous value. */
    private void setbit(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long offset = BitStrings.bitOffset(args, 2, 0, node.config().protoMaxBulkLenBytes());
        final long on = args.longValue(3, BAD_BIT);
        if ((on & ~1L) != 0)
        {
            throw BAD_BIT;
        }
        final MutableString string = BitStrings.writable(keyspace, args, 1, (offset >>> 3) + 1);
        final int old = BitStrings.bit(string.bytes, string.length, offset);
        BitStrings.bit(string.bytes, offset, (int)on);
        keyspace.modified();
        out.integer(old);
    }

    private void getbit(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long offset = BitStrings.bitOffset(args, 2, 0, node.config().protoMaxBulkLenBytes());
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        final Object value = keyspace.value();
        StringValues.requireString(value);
        out.integer(BitStrings.bit(StringValues.bytes(value), StringValues.length(value), offset));
    }

    /** BITCOUNT key [start end [BYTE|BIT]]. */
    private void bitcount(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        final Object value = keyspace.value();
        StringValues.requireString(value);
        final byte[] bytes = StringValues.bytes(value);
        final long length = StringValues.length(value);
        final int count = args.count();
        if (count == 2)
        {
            out.integer(BitStrings.popCount(bytes, 0, (int)length));
            return;
        }
        if (count != 4 && count != 5)
        {
            throw CommandException.SYNTAX;
        }
        long start = args.longValue(2);
        long end = args.longValue(3);
        if (start < 0 && end < 0 && start > end)
        {
            // Redis 7.0 answers this before it reads BYTE|BIT
            out.integer(0);
            return;
        }
        final boolean bitUnits = count == 5 && bitUnits(args, 4);
        final long total = bitUnits ? length << 3 : length;
        start = clampIndex(start, total);
        end = Math.min(clampIndex(end, total), total - 1);
        if (start > end)
        {
            out.integer(0);
            return;
        }
        if (!bitUnits)
        {
            out.integer(BitStrings.popCount(bytes, (int)start, (int)end + 1));
            return;
        }
        // whole bytes in between, then the partial first and last bytes bit by bit
        final long firstWhole = (start + 7) >>> 3;
        final long lastWhole = (end + 1) >>> 3;
        long bits = 0;
        if (firstWhole < lastWhole)
        {
            bits += BitStrings.popCount(bytes, (int)firstWhole, (int)lastWhole);
            for (long bit = start; bit < firstWhole << 3; bit++)
            {
                bits += BitStrings.bit(bytes, (int)length, bit);
            }
            for (long bit = lastWhole << 3; bit <= end; bit++)
            {
                bits += BitStrings.bit(bytes, (int)length, bit);
            }
        }
        else
        {
            for (long bit = start; bit <= end; bit++)
            {
                bits += BitStrings.bit(bytes, (int)length, bit);
            }
        }
        out.integer(bits);
    }

    /** BITPOS key 0|1 [start [end [BYTE|BIT]]]. */
    private void bitpos(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long target = args.longValue(2);
        if (target != 0 && target != 1)
        {
            throw BAD_BITPOS_BIT;
        }
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            // a missing key is an endless run of zeros
            out.integer(target == 1 ? -1 : 0);
            return;
        }
        final Object value = keyspace.value();
        StringValues.requireString(value);
        final byte[] bytes = StringValues.bytes(value);
        final long length = StringValues.length(value);
        final int count = args.count();
        if (count > 6)
        {
            throw CommandException.SYNTAX;
        }
        long start = 0;
        long end = length - 1;
        boolean bitUnits = false;
        final boolean endGiven = count >= 5;
        if (count >= 4)
        {
            start = args.longValue(3);
            bitUnits = count == 6 && bitUnits(args, 5);
            if (endGiven)
            {
                end = args.longValue(4);
            }
            final long total = bitUnits ? length << 3 : length;
            start = clampIndex(start, total);
            end = Math.min(clampIndex(end, total), total - 1);
        }
        if (start > end)
        {
            out.integer(-1);
            return;
        }
        final long fromBit = bitUnits ? start : start << 3;
        final long toBit = bitUnits ? end : (end << 3) + 7;
        final long found = BitStrings.firstBit(bytes, fromBit, toBit, (int)target);
        if (found < 0 && target == 0 && !endGiven)
        {
            // without an explicit end the string is seen as padded with zeros on the right: the first clear bit
            // is the one just past it
            out.integer(length << 3);
            return;
        }
        out.integer(found);
    }

    /** BITOP AND|OR|XOR|NOT destkey key [key ...]: replies the length of the result, which replaces destkey. */
    private void bitop(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final int op = operation(args);
        final int count = args.count();
        if (op == OP_NOT && count != 4)
        {
            throw NOT_SINGLE_SOURCE;
        }
        final int sources = count - 3;
        final byte[][] bytes = new byte[sources][];
        final int[] lengths = new int[sources];
        int maxLength = 0;
        for (int i = 0; i < sources; i++)
        {
            final int arg = i + 3;
            if (keyspace.findForRead(args.buffer(arg), args.offset(arg), args.length(arg)) < 0)
            {
                bytes[i] = new byte[0];
                continue;
            }
            final Object value = keyspace.value();
            StringValues.requireString(value);
            bytes[i] = StringValues.bytes(value);
            lengths[i] = StringValues.length(value);
            maxLength = Math.max(maxLength, lengths[i]);
        }
        if (maxLength == 0)
        {
            keyspace.delete(args.buffer(2), args.offset(2), args.length(2));
            out.integer(0);
            return;
        }
        final byte[] result = new byte[maxLength];
        for (int j = 0; j < maxLength; j++)
        {
            int output = j < lengths[0] ? bytes[0][j] & 0xFF : 0;
            if (op == OP_NOT)
            {
                output = ~output & 0xFF;
            }
            for (int i = 1; i < sources; i++)
            {
                final int b = j < lengths[i] ? bytes[i][j] & 0xFF : 0;
                if (op == OP_AND)
                {
                    output &= b;
                }
                else if (op == OP_OR)
                {
                    output |= b;
                }
                else
                {
                    output ^= b;
                }
            }
            result[j] = (byte)output;
        }
        // Redis stores the result as a new "raw" string without TTL
        keyspace.put(args.buffer(2), args.offset(2), args.length(2), new MutableString(result, maxLength),
            KeyTable.NO_EXPIRY, false);
        out.integer(maxLength);
    }

    private static int operation(final CommandArgs args)
    {
        if (args.is(1, "and"))
        {
            return OP_AND;
        }
        if (args.is(1, "or"))
        {
            return OP_OR;
        }
        if (args.is(1, "xor"))
        {
            return OP_XOR;
        }
        if (args.is(1, "not"))
        {
            return OP_NOT;
        }
        throw CommandException.SYNTAX;
    }

    private static boolean bitUnits(final CommandArgs args, final int index)
    {
        if (args.is(index, "bit"))
        {
            return true;
        }
        if (args.is(index, "byte"))
        {
            return false;
        }
        throw CommandException.SYNTAX;
    }

    /** A start or end index counted from the end when negative, then clamped to 0. */
    private static long clampIndex(final long index, final long total)
    {
        final long absolute = index < 0 ? total + index : index;
        return Math.max(absolute, 0);
    }
}
