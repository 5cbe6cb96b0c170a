package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.Numbers;
import io.krill.core.resp.RespEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The string commands, with Redis 7.0's replies, errors and error order.
 * <p>
 * BEHAVIOR: each command looks its key up once; the keyspace remembers the bucket, so a read-modify-write
 * (INCR, APPEND, GETEX) reads, replaces the value and changes the expiry without a second lookup. Commands that
 * read for the client (GET, MGET, GETRANGE, ...) count keyspace hits and misses as Redis's read lookups do; the
 * writing ones (INCR, APPEND, MSETNX, ...) do not. Values written whole (SET, INCR, ...) are exact-length
 * {@code byte[]}s, overwritten in place when the new value has the old one's length, so a steady stream of
 * same-size SETs or INCRs allocates nothing.
 */
final class StringCommands
{
    private static final int OPT_NX = 1;
    private static final int OPT_XX = 1 << 1;
    private static final int OPT_GET = 1 << 2;
    private static final int OPT_KEEPTTL = 1 << 3;
    private static final int OPT_PERSIST = 1 << 4;
    private static final int OPT_EX = 1 << 5;
    private static final int OPT_PX = 1 << 6;
    private static final int OPT_EXAT = 1 << 7;
    private static final int OPT_PXAT = 1 << 8;
    private static final int OPT_EXPIRE = OPT_EX | OPT_PX | OPT_EXAT | OPT_PXAT;
    /** The options are packed with the index of the expire time argument above these bits. */
    private static final int OPT_BITS = 16;

    static final CommandException INVALID_EXPIRE_SET = invalidExpire("set");
    static final CommandException INVALID_EXPIRE_GETEX = invalidExpire("getex");
    static final CommandException INVALID_EXPIRE_SETEX = invalidExpire("setex");
    static final CommandException INVALID_EXPIRE_PSETEX = invalidExpire("psetex");
    static final CommandException DECREMENT_OVERFLOW = new CommandException("ERR decrement would overflow");
    static final CommandException NAN_OR_INFINITY =
        new CommandException("ERR increment would produce NaN or Infinity");
    static final CommandException TOO_LONG =
        new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    static final CommandException OFFSET_OUT_OF_RANGE = new CommandException("ERR offset is out of range");
    private static final CommandException MSET_ARITY =
        new CommandException("ERR wrong number of arguments for 'mset' command");
    private static final CommandException MSETNX_ARITY =
        new CommandException("ERR wrong number of arguments for 'msetnx' command");

    /** The largest array the JVM allocates, whatever proto-max-bulk-len says. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    private final NodeState node;
    private final Keyspace keyspace;

    StringCommands(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void register(final CommandTable table)
    {
        table.register("get", this::get);
        table.register("set", this::set);
        table.register("getset", this::getset);
        table.register("getdel", this::getdel);
        table.register("getex", this::getex);
        table.register("mget", this::mget);
        table.register("mset", this::mset);
        table.register("msetnx", this::msetnx);
        table.register("setnx", this::setnx);
        table.register("setex", this::setex);
        table.register("psetex", this::psetex);
        table.register("append", this::append);
        table.register("strlen", this::strlen);
        table.register("getrange", this::getrange);
        table.register("substr", this::getrange);
        table.register("setrange", this::setrange);
        table.register("incr", (client, args, out) -> incrBy(args, out, 1));
        table.register("decr", (client, args, out) -> incrBy(args, out, -1));
        table.register("incrby", (client, args, out) -> incrBy(args, out, args.longValue(2)));
        table.register("decrby", this::decrby);
        table.register("incrbyfloat", this::incrbyfloat);
        table.register("lcs", new LcsCommand(node)::execute);
    }

    private void get(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.nullBulk();
            return;
        }
        bulkString(out, keyspace.value());
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ts|KEEPTTL]. */
    private void set(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final int options = parseOptions(args, 3, true);
        final int flags = options & ((1 << OPT_BITS) - 1);
        final long expiresAtMs = (flags & OPT_EXPIRE) == 0 ? KeyTable.NO_EXPIRY :
            expireAtMs(args, options >>> OPT_BITS, flags, INVALID_EXPIRE_SET);
        final boolean get = (flags & OPT_GET) != 0;
        final int index = get ? keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) :
            keyspace.find(args.buffer(1), args.offset(1), args.length(1));
        if (get)
        {
            if (index >= 0)
            {
                bulkString(out, keyspace.value());
            }
            else
            {
                out.nullBulk();
            }
        }
        if (((flags & OPT_NX) != 0 && index >= 0) || ((flags & OPT_XX) != 0 && index < 0))
        {
            if (!get)
            {
                out.nullBulk();
            }
            return;
        }
        store(args, 1, 2, index, expiresAtMs, (flags & OPT_KEEPTTL) != 0);
        if (!get)
        {
            out.ok();
        }
        propagateSet(args, flags, expiresAtMs);
    }

    /**
     * Redis 7.0 propagates SET with a relative or second-based expiry as {@code SET key value PXAT ms}, and any
     * other SET with GET without its GET.
     */
    private void propagateSet(final CommandArgs args, final int flags, final long expiresAtMs)
    {
        final Propagation propagation = node.propagation();
        if (!propagation.active())
        {
            return;
        }
        if ((flags & OPT_EXPIRE) != 0 && (flags & OPT_PXAT) == 0)
        {
            setPxat(propagation, args, 2, expiresAtMs);
        }
        else if ((flags & OPT_GET) != 0)
        {
            propagation.rewrite(args.count() - 1);
            for (int i = 0; i < args.count(); i++)
            {
                if (i < 3 || !args.is(i, "get"))
                {
                    propagation.arg(args, i);
                }
            }
        }
    }

    private static void setPxat(final Propagation propagation, final CommandArgs args, final int valueIndex,
        final long expiresAtMs)
    {
        propagation.rewrite(5).arg("SET").arg(args, 1).arg(args, valueIndex).arg("PXAT").arg(expiresAtMs);
    }

    /** GETSET key value: SET ... GET, dropping any TTL. */
    private void getset(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final int index = keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1));
        if (index >= 0)
        {
            bulkString(out, keyspace.value());
        }
        else
        {
            out.nullBulk();
        }
        store(args, 1, 2, index, KeyTable.NO_EXPIRY, false);
        if (node.propagation().active())
        {
            node.propagation().rewrite(3).arg("SET").arg(args, 1).arg(args, 2);
        }
    }

    private void getdel(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.nullBulk();
            return;
        }
        bulkString(out, keyspace.value());
        keyspace.delete();
        if (node.propagation().active())
        {
            node.propagation().rewrite(2).arg("DEL").arg(args, 1);
        }
    }

    /** GETEX key [EX s|PX ms|EXAT ts|PXAT ts|PERSIST]. */
    private void getex(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final int options = parseOptions(args, 2, false);
        final int flags = options & ((1 << OPT_BITS) - 1);
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            // Redis validates the expire time only once it has a string to apply it to
            out.nullBulk();
            return;
        }
        final Object value = keyspace.value();
        StringValues.requireString(value);
        final boolean expire = (flags & OPT_EXPIRE) != 0;
        final long expiresAtMs = expire ? expireAtMs(args, options >>> OPT_BITS, flags, INVALID_EXPIRE_GETEX) : 0;
        out.bulk(StringValues.bytes(value), 0, StringValues.length(value));
        if ((flags & (OPT_EXAT | OPT_PXAT)) != 0 && expiresAtMs <= node.nowMs())
        {
            // an absolute time already past deletes the key now, as Redis does, rather than leaving it to expire
            keyspace.delete();
            if (node.propagation().active())
            {
                node.propagation().rewrite(2).arg("DEL").arg(args, 1);
            }
        }
        else if (expire)
        {
            keyspace.expiry(expiresAtMs);
            keyspace.modified();
            if (node.propagation().active())
            {
                node.propagation().rewrite(3).arg("PEXPIREAT").arg(args, 1).arg(expiresAtMs);
            }
        }
        else if ((flags & OPT_PERSIST) != 0 && keyspace.expiry() != KeyTable.NO_EXPIRY)
        {
            keyspace.expiry(KeyTable.NO_EXPIRY);
            keyspace.modified();
            if (node.propagation().active())
            {
                node.propagation().rewrite(2).arg("PERSIST").arg(args, 1);
            }
        }
    }

    /** MGET key...: a null for every missing key and every key that is not a string. */
    private void mget(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.array(args.count() - 1);
        for (int i = 1; i < args.count(); i++)
        {
            final Object value = keyspace.findForRead(args.buffer(i), args.offset(i), args.length(i)) < 0 ?
                null : keyspace.value();
            if (value != null && StringValues.isString(value))
            {
                out.bulk(StringValues.bytes(value), 0, StringValues.length(value));
            }
            else
            {
                out.nullBulk();
            }
        }
    }

    private void mset(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() % 2 == 0)
        {
            throw MSET_ARITY;
        }
        storeAll(args);
        out.ok();
    }

    /** MSETNX key value...: sets nothing, and replies 0, if any of the keys exists. */
    private void msetnx(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() % 2 == 0)
        {
            throw MSETNX_ARITY;
        }
        for (int i = 1; i < args.count(); i += 2)
        {
            if (keyspace.find(args.buffer(i), args.offset(i), args.length(i)) >= 0)
            {
                out.integer(0);
                return;
            }
        }
        storeAll(args);
        out.integer(1);
    }

    private void setnx(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) >= 0)
        {
            out.integer(0);
            return;
        }
        keyspace.insert(args.copy(1), args.copy(2), KeyTable.NO_EXPIRY);
        out.integer(1);
    }

    /** SETEX key seconds value. */
    private void setex(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long expiresAtMs = expireAtMs(args, 2, OPT_EX, INVALID_EXPIRE_SETEX);
        store(args, 1, 3, keyspace.find(args.buffer(1), args.offset(1), args.length(1)), expiresAtMs, false);
        out.ok();
        if (node.propagation().active())
        {
            setPxat(node.propagation(), args, 3, expiresAtMs);
        }
    }

    /** PSETEX key milliseconds value. */
    private void psetex(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long expiresAtMs = expireAtMs(args, 2, OPT_PX, INVALID_EXPIRE_PSETEX);
        store(args, 1, 3, keyspace.find(args.buffer(1), args.offset(1), args.length(1)), expiresAtMs, false);
        out.ok();
        if (node.propagation().active())
        {
            setPxat(node.propagation(), args, 3, expiresAtMs);
        }
    }

    /** APPEND key value: a new key is stored like SET; an existing one is grown in place (and reported "raw"). */
    private void append(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            keyspace.insert(args.copy(1), args.copy(2), KeyTable.NO_EXPIRY);
            out.integer(args.length(2));
            return;
        }
        final Object value = keyspace.value();
        StringValues.requireString(value);
        final int oldLength = StringValues.length(value);
        final int appendLength = args.length(2);
        checkLength(oldLength, appendLength);
        final MutableString string = editable(value);
        string.ensureCapacity(oldLength + appendLength);
        System.arraycopy(args.buffer(2), args.offset(2), string.bytes, oldLength, appendLength);
        string.length = oldLength + appendLength;
        keyspace.replaceValue(string);
        out.integer(string.length);
    }

    private void strlen(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        final Object value = keyspace.value();
        StringValues.requireString(value);
        out.integer(StringValues.length(value));
    }

    /**
     * GETRANGE (and SUBSTR) key start end: inclusive, negative indexes count from the end, and the range is
     * clamped to the string; an empty string when nothing is left or the key is missing.
     */
    private void getrange(final Client client, final CommandArgs args, final RespEncoder out)
    {
        long start = args.longValue(2);
        long end = args.longValue(3);
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.bulk(EMPTY, 0, 0);
            return;
        }
        final Object value = keyspace.value();
        StringValues.requireString(value);
        final int length = StringValues.length(value);
        if (start < 0 && end < 0 && start > end)
        {
            out.bulk(EMPTY, 0, 0);
            return;
        }
        if (start < 0)
        {
            start += length;
        }
        if (end < 0)
        {
            end += length;
        }
        start = Math.max(start, 0);
        end = Math.min(Math.max(end, 0), length - 1L);
        if (start > end || length == 0)
        {
            out.bulk(EMPTY, 0, 0);
            return;
        }
        out.bulk(StringValues.bytes(value), (int)start, (int)(end - start + 1));
    }

    /** SETRANGE key offset value: overwrites from offset, padding with zero bytes past the end. */
    private void setrange(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long offset = args.longValue(2);
        if (offset < 0)
        {
            throw OFFSET_OUT_OF_RANGE;
        }
        final int valueLength = args.length(3);
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            if (valueLength == 0)
            {
                // nothing to write: no key is created
                out.integer(0);
                return;
            }
            checkLength(offset, valueLength);
            final int length = (int)offset + valueLength;
            final byte[] bytes = new byte[length];
            System.arraycopy(args.buffer(3), args.offset(3), bytes, (int)offset, valueLength);
            keyspace.insert(args.copy(1), new MutableString(bytes, length), KeyTable.NO_EXPIRY);
            out.integer(length);
            return;
        }
        final Object value = keyspace.value();
        StringValues.requireString(value);
        if (valueLength == 0)
        {
            out.integer(StringValues.length(value));
            return;
        }
        checkLength(offset, valueLength);
        final MutableString string = editable(value);
        final int end = (int)offset + valueLength;
        if (end > string.length)
        {
            string.ensureCapacity(end);
            // the spare capacity past the length is not guaranteed to be zero: pad explicitly
            Arrays.fill(string.bytes, string.length, Math.max(string.length, (int)offset), (byte)0);
            string.length = end;
        }
        System.arraycopy(args.buffer(3), args.offset(3), string.bytes, (int)offset, valueLength);
        keyspace.replaceValue(string);
        out.integer(string.length);
    }

    private void decrby(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long decrement = args.longValue(2);
        if (decrement == Long.MIN_VALUE)
        {
            throw DECREMENT_OVERFLOW;
        }
        incrBy(args, out, -decrement);
    }

    /**
     * INCR, DECR, INCRBY, DECRBY: the value must be a canonical 64-bit decimal, the result is stored as its decimal
     * text (written over the old bytes when the length did not change) and the TTL is kept.
     */
    private void incrBy(final CommandArgs args, final RespEncoder out, final long increment)
    {
        final int index = keyspace.find(args.buffer(1), args.offset(1), args.length(1));
        long current = 0;
        Object value = null;
        if (index >= 0)
        {
            value = keyspace.value();
            StringValues.requireString(value);
            final byte[] bytes = StringValues.bytes(value);
            final int length = StringValues.length(value);
            current = Numbers.parseLong(bytes, 0, length);
            if (current == Numbers.INVALID && !Numbers.isLongMinValue(bytes, 0, length))
            {
                throw CommandException.NOT_AN_INTEGER;
            }
        }
        if ((increment < 0 && current < 0 && increment < Long.MIN_VALUE - current) ||
            (increment > 0 && current > 0 && increment > Long.MAX_VALUE - current))
        {
            throw CommandException.OVERFLOW;
        }
        final long result = current + increment;
        final int length = Numbers.decimalLength(result);
        if (value instanceof byte[] && ((byte[])value).length == length)
        {
            writeDecimal((byte[])value, result);
            keyspace.replaceValue(value);
        }
        else if (index >= 0)
        {
            keyspace.replaceValue(writeDecimal(new byte[length], result));
        }
        else
        {
            keyspace.insert(args.copy(1), writeDecimal(new byte[length], result), KeyTable.NO_EXPIRY);
        }
        out.integer(result);
    }

    /** INCRBYFLOAT key increment: computed in x87 long double as Redis does (see {@link LongDouble}). */
    private void incrbyfloat(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final int index = keyspace.find(args.buffer(1), args.offset(1), args.length(1));
        LongDouble current = LongDouble.ZERO;
        if (index >= 0)
        {
            final Object value = keyspace.value();
            StringValues.requireString(value);
            current = LongDouble.parse(StringValues.bytes(value), 0, StringValues.length(value));
        }
        final LongDouble increment = LongDouble.parse(args.buffer(2), args.offset(2), args.length(2));
        if (current == null || increment == null)
        {
            throw CommandException.NOT_A_FLOAT;
        }
        final LongDouble sum = current.plus(increment);
        if (sum == null)
        {
            throw NAN_OR_INFINITY;
        }
        final byte[] text = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
        final MutableString stored = new MutableString(text, text.length, false);
        if (index >= 0)
        {
            keyspace.replaceValue(stored);
        }
        else
        {
            keyspace.insert(args.copy(1), stored, KeyTable.NO_EXPIRY);
        }
        out.bulk(text, 0, text.length);
        if (node.propagation().active())
        {
            // the replica must not redo the float arithmetic: it stores the result
            node.propagation().rewrite(4).arg("SET").arg(args, 1).arg(text).arg("KEEPTTL");
        }
    }

    /**
     * Parses the options of SET ({@code isSet}) or GETEX from {@code first} on, with Redis's rules: NX/XX and
     * the expire options exclude each other, repeating an option is allowed (the last time wins), PERSIST is
     * GETEX's, and NX, XX, GET and KEEPTTL are SET's. Only the syntax is checked here; the time is read later.
     *
     * @return the OPT_* flags, with the index of the expire time argument shifted left by {@link #OPT_BITS}.
     */
    private static int parseOptions(final CommandArgs args, final int first, final boolean isSet)
    {
        int flags = 0;
        int expireIndex = 0;
        for (int i = first; i < args.count(); i++)
        {
            final boolean hasNext = i + 1 < args.count();
            final int expireFlag = expireFlag(args, i);
            if (isSet && args.is(i, "nx") && (flags & OPT_XX) == 0)
            {
                flags |= OPT_NX;
            }
            else if (isSet && args.is(i, "xx") && (flags & OPT_NX) == 0)
            {
                flags |= OPT_XX;
            }
            else if (isSet && args.is(i, "get"))
            {
                flags |= OPT_GET;
            }
            else if (isSet && args.is(i, "keepttl") && (flags & (OPT_EXPIRE | OPT_PERSIST)) == 0)
            {
                flags |= OPT_KEEPTTL;
            }
            else if (!isSet && args.is(i, "persist") && (flags & (OPT_EXPIRE | OPT_KEEPTTL)) == 0)
            {
                flags |= OPT_PERSIST;
            }
            else if (expireFlag != 0 && hasNext &&
                (flags & (OPT_KEEPTTL | OPT_PERSIST | (OPT_EXPIRE & ~expireFlag))) == 0)
            {
                flags |= expireFlag;
                expireIndex = ++i;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        return flags | (expireIndex << OPT_BITS);
    }

    private static int expireFlag(final CommandArgs args, final int i)
    {
        if (args.is(i, "ex"))
        {
            return OPT_EX;
        }
        if (args.is(i, "px"))
        {
            return OPT_PX;
        }
        if (args.is(i, "exat"))
        {
            return OPT_EXAT;
        }
        return args.is(i, "pxat") ? OPT_PXAT : 0;
    }

    /**
     * The absolute expiry time in ms for the time at {@code index} in the unit and reference {@code flags} name
     * (one of OPT_EX, OPT_PX, OPT_EXAT, OPT_PXAT), with Redis's checks: an integer, positive, and no overflow.
     */
    private long expireAtMs(final CommandArgs args, final int index, final int flags, final CommandException invalid)
    {
        final long amount = args.longValue(index);
        final boolean seconds = (flags & (OPT_EX | OPT_EXAT)) != 0;
        if (amount <= 0 || (seconds && amount > Long.MAX_VALUE / 1000))
        {
            throw invalid;
        }
        long whenMs = seconds ? amount * 1000 : amount;
        if ((flags & (OPT_EX | OPT_PX)) != 0)
        {
            whenMs += node.nowMs();
            if (whenMs <= 0)
            {
                throw invalid;
            }
        }
        return whenMs;
    }

    /**
     * Stores argument {@code valueArg} under argument {@code keyArg}, whose lookup returned {@code index}: an
     * existing value of any type is replaced (in place if it is a {@code byte[]} of the same length), and its
     * TTL is set to {@code expiresAtMs} unless {@code keepTtl}.
     */
    private void store(final CommandArgs args, final int keyArg, final int valueArg, final int index,
        final long expiresAtMs, final boolean keepTtl)
    {
        final int valueLength = args.length(valueArg);
        if (index < 0)
        {
            keyspace.insert(args.copy(keyArg), args.copy(valueArg), expiresAtMs);
            return;
        }
        final Object old = keyspace.value();
        if (old instanceof byte[] && ((byte[])old).length == valueLength)
        {
            // same size: overwrite in place, so a steady stream of SETs allocates nothing
            System.arraycopy(args.buffer(valueArg), args.offset(valueArg), old, 0, valueLength);
            keyspace.replaceValue(old);
        }
        else
        {
            keyspace.replaceValue(args.copy(valueArg));
        }
        if (!keepTtl)
        {
            keyspace.expiry(expiresAtMs);
        }
    }

    /** MSET's and MSETNX's writes, pair by pair, so a key given twice takes its last value. */
    private void storeAll(final CommandArgs args)
    {
        for (int i = 1; i < args.count(); i += 2)
        {
            store(args, i, i + 1, keyspace.find(args.buffer(i), args.offset(i), args.length(i)),
                KeyTable.NO_EXPIRY, false);
        }
    }

    /** The value of the last found key in a form APPEND and SETRANGE can edit, now reported as "raw". */
    private static MutableString editable(final Object value)
    {
        if (value instanceof MutableString)
        {
            final MutableString string = (MutableString)value;
            string.edited = true;
            return string;
        }
        // the exact-length array becomes the first buffer; the first growth copies it
        final byte[] bytes = (byte[])value;
        return new MutableString(bytes, bytes.length);
    }

    /** Redis's cap on a string grown by APPEND or SETRANGE: {@code proto-max-bulk-len}. */
    private void checkLength(final long size, final long extra)
    {
        final long total = size + extra;
        if (total < size || total > node.config().protoMaxBulkLenBytes() || total > MAX_ARRAY_BYTES)
        {
            throw TOO_LONG;
        }
    }

    private static void bulkString(final RespEncoder out, final Object value)
    {
        StringValues.requireString(value);
        out.bulk(StringValues.bytes(value), 0, StringValues.length(value));
    }

    /** Writes the decimal text of {@code value} over all of {@code target}, whose length must be exactly it. */
    static byte[] writeDecimal(final byte[] target, final long value)
    {
        int i = target.length - 1;
        long v = value;
        do
        {
            // negative remainders keep Long.MIN_VALUE correct: its magnitude does not fit in a long
            final int digit = (int)(v % 10);
            target[i--] = (byte)('0' + Math.abs(digit));
            v /= 10;
        }
        while (v != 0);
        if (value < 0)
        {
            target[0] = '-';
        }
        return target;
    }

    private static CommandException invalidExpire(final String command)
    {
        return new CommandException("ERR invalid expire time in '" + command + "' command");
    }
}
