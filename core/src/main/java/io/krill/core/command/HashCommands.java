package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.Numbers;
import io.krill.core.resp.RespEncoder;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The hash commands of Redis 7.0, with its reply shapes, errors and encoding rules.
 * <p>
 * A new hash is a {@link ListpackHash}; it becomes a {@link TableHash} for good once it holds more than
 * hash-max-listpack-entries fields or a field or value longer than hash-max-listpack-value bytes (checked on every
 * write, as Redis 7.0 does). A hash whose last field is deleted is deleted. A command that fails changes nothing:
 * arguments are checked and a new hash is built before anything is stored.
 */
final class HashCommands
{
    private static final CommandException HASH_NOT_INTEGER = new CommandException("ERR hash value is not an integer");
    private static final CommandException HASH_NOT_FLOAT = new CommandException("ERR hash value is not a float");
    private static final CommandException NAN_OR_INFINITY = new CommandException("ERR value is NaN or Infinity");
    private static final CommandException PRODUCES_NAN_OR_INFINITY =
        new CommandException("ERR increment would produce NaN or Infinity");
    static final CommandException OUT_OF_RANGE = new CommandException("ERR value is out of range");
    /** HRANDFIELD's and SRANDMEMBER's count must be in [-LONG_MAX, LONG_MAX]. */
    static final CommandException COUNT_OUT_OF_RANGE = new CommandException(
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");

    /**
     * Most elements one reply of random draws may hold. Redis has no such bound and would try to build a reply of
     * any size; a count past this is answered with an error instead of exhausting the heap.
     */
    static final long MAX_REPLY_ELEMENTS = Integer.MAX_VALUE / 2;

    private final Keyspace keyspace;
    private final ServerConfig config;
    private final SplittableRandom random = new SplittableRandom();
    private final CollectionScan scan = new CollectionScan();
    /** Set by {@link #put}: whether the field was added. */
    private boolean added;
    private final Propagation propagation;

    HashCommands(final NodeState node)
    {
        this.propagation = node.propagation();
        this.keyspace = node.keyspace();
        this.config = node.config();
    }

    void register(final CommandTable table)
    {
        table.register("hset", (client, args, out) -> hset(args, out, false));
        table.register("hmset", (client, args, out) -> hset(args, out, true));
        table.register("hsetnx", this::hsetnx);
        table.register("hget", this::hget);
        table.register("hmget", this::hmget);
        table.register("hdel", this::hdel);
        table.register("hlen", this::hlen);
        table.register("hexists", this::hexists);
        table.register("hstrlen", this::hstrlen);
        table.register("hkeys", (client, args, out) -> hgetall(args, out, true, false));
        table.register("hvals", (client, args, out) -> hgetall(args, out, false, true));
        table.register("hgetall", (client, args, out) -> hgetall(args, out, true, true));
        table.register("hincrby", this::hincrby);
        table.register("hincrbyfloat", this::hincrbyfloat);
        table.register("hrandfield", this::hrandfield);
        table.register("hscan", this::hscan);
    }

    /** HSET key field value [field value ...] (integer reply) and HMSET (+OK). */
    private void hset(final CommandArgs args, final RespEncoder out, final boolean hmset)
    {
        if (args.count() % 2 != 0)
        {
            throw new CommandException("ERR wrong number of arguments for '" + (hmset ? "hmset" : "hset") +
                "' command");
        }
        final HashValue before = findForWrite(args);
        HashValue hash = before != null ? before : new ListpackHash();
        int created = 0;
        for (int i = 2; i < args.count(); i += 2)
        {
            hash = put(hash, args, i, args.buffer(i + 1), args.offset(i + 1), args.length(i + 1));
            created += added ? 1 : 0;
        }
        store(args, before, hash);
        if (hmset)
        {
            out.ok();
        }
        else
        {
            out.integer(created);
        }
    }

    private void hsetnx(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final HashValue before = findForWrite(args);
        if (before != null && before.find(args.buffer(2), args.offset(2), args.length(2)) >= 0)
        {
            out.integer(0);
            return;
        }
        final HashValue hash = put(before != null ? before : new ListpackHash(), args, 2, args.buffer(3),
            args.offset(3), args.length(3));
        store(args, before, hash);
        out.integer(1);
    }

    private void hget(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final HashValue hash = findForRead(args);
        final int p = hash == null ? -1 : hash.find(args.buffer(2), args.offset(2), args.length(2));
        if (p < 0)
        {
            out.nullBulk();
            return;
        }
        out.bulk(hash.valueBytes(p), hash.valueOffset(p), hash.valueLength(p));
    }

    private void hmget(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final HashValue hash = findForRead(args);
        out.array(args.count() - 2);
        for (int i = 2; i < args.count(); i++)
        {
            final int p = hash == null ? -1 : hash.find(args.buffer(i), args.offset(i), args.length(i));
            if (p < 0)
            {
                out.nullBulk();
            }
            else
            {
                out.bulk(hash.valueBytes(p), hash.valueOffset(p), hash.valueLength(p));
            }
        }
    }

    private void hdel(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final HashValue hash = findForWrite(args);
        if (hash == null)
        {
            out.integer(0);
            return;
        }
        int deleted = 0;
        for (int i = 2; i < args.count() && hash.size() > 0; i++)
        {
            if (hash.remove(args.buffer(i), args.offset(i), args.length(i)))
            {
                deleted++;
            }
        }
        if (hash.size() == 0)
        {
            keyspace.delete();
        }
        else if (deleted > 0)
        {
            keyspace.modified();
        }
        out.integer(deleted);
    }

    private void hlen(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final HashValue hash = findForRead(args);
        out.integer(hash == null ? 0 : hash.size());
    }

    private void hexists(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final HashValue hash = findForRead(args);
        out.integer(hash != null && hash.find(args.buffer(2), args.offset(2), args.length(2)) >= 0 ? 1 : 0);
    }

    private void hstrlen(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final HashValue hash = findForRead(args);
        final int p = hash == null ? -1 : hash.find(args.buffer(2), args.offset(2), args.length(2));
        out.integer(p < 0 ? 0 : hash.valueLength(p));
    }

    /** HKEYS, HVALS (arrays) and HGETALL (a map in RESP3). */
    private void hgetall(final CommandArgs args, final RespEncoder out, final boolean fields, final boolean values)
    {
        final HashValue hash = findForRead(args);
        final int size = hash == null ? 0 : hash.size();
        if (fields && values)
        {
            out.map(size);
        }
        else
        {
            out.array(size);
        }
        if (hash == null)
        {
            return;
        }
        for (int p = hash.first(); p >= 0; p = hash.next(p))
        {
            if (fields)
            {
                out.bulk(hash.fieldBytes(p), hash.fieldOffset(p), hash.fieldLength(p));
            }
            if (values)
            {
                out.bulk(hash.valueBytes(p), hash.valueOffset(p), hash.valueLength(p));
            }
        }
    }

    private void hincrby(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long increment = args.longValue(3);
        final HashValue before = findForWrite(args);
        long current = 0;
        final int p = before == null ? -1 : before.find(args.buffer(2), args.offset(2), args.length(2));
        if (p >= 0)
        {
            final byte[] bytes = before.valueBytes(p);
            final int offset = before.valueOffset(p);
            final int length = before.valueLength(p);
            current = Numbers.parseLong(bytes, offset, length);
            if (current == Numbers.INVALID && !Numbers.isLongMinValue(bytes, offset, length))
            {
                throw HASH_NOT_INTEGER;
            }
        }
        if ((increment < 0 && current < 0 && increment < Long.MIN_VALUE - current) ||
            (increment > 0 && current > 0 && increment > Long.MAX_VALUE - current))
        {
            throw CommandException.OVERFLOW;
        }
        final long result = current + increment;
        final byte[] text = new byte[SetView.MAX_DIGITS];
        final int length = SetView.writeDecimal(text, result);
        final HashValue hash = put(before != null ? before : new ListpackHash(), args, 2, text, 0, length);
        store(args, before, hash);
        out.integer(result);
    }

    /** HINCRBYFLOAT key field increment: in x87 long double, as INCRBYFLOAT (see {@link LongDouble}). */
    private void hincrbyfloat(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final LongDouble increment = LongDouble.parse(args.buffer(3), args.offset(3), args.length(3));
        if (increment == null)
        {
            throw CommandException.NOT_A_FLOAT;
        }
        if (increment.isInfinite())
        {
            throw NAN_OR_INFINITY;
        }
        final HashValue before = findForWrite(args);
        LongDouble current = LongDouble.ZERO;
        final int p = before == null ? -1 : before.find(args.buffer(2), args.offset(2), args.length(2));
        if (p >= 0)
        {
            current = LongDouble.parse(before.valueBytes(p), before.valueOffset(p), before.valueLength(p));
            if (current == null)
            {
                throw HASH_NOT_FLOAT;
            }
        }
        final LongDouble sum = current.plus(increment);
        if (sum == null)
        {
            throw PRODUCES_NAN_OR_INFINITY;
        }
        final byte[] text = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
        final HashValue hash = put(before != null ? before : new ListpackHash(), args, 2, text, 0, text.length);
        store(args, before, hash);
        out.bulk(text, 0, text.length);
        if (propagation.active())
        {
            propagation.rewrite(4).arg("HSET").arg(args, 1).arg(args, 2).arg(text);
        }
    }

    /** HRANDFIELD key [count [WITHVALUES]]. */
    private void hrandfield(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() == 2)
        {
            final HashValue hash = findForRead(args);
            if (hash == null)
            {
                out.nullBulk();
                return;
            }
            final int p = hash.random(random);
            out.bulk(hash.fieldBytes(p), hash.fieldOffset(p), hash.fieldLength(p));
            return;
        }
        final long count = randomCount(args, 2);
        if (args.count() > 4 || (args.count() == 4 && !args.is(3, "withvalues")))
        {
            throw CommandException.SYNTAX;
        }
        final boolean withValues = args.count() == 4;
        if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2))
        {
            throw OUT_OF_RANGE;
        }
        final HashValue hash = findForRead(args);
        if (hash == null || count == 0)
        {
            out.array(0);
            return;
        }
        if (count < 0)
        {
            // repeats allowed: -count independent draws
            final long draws = -count;
            if (draws > MAX_REPLY_ELEMENTS)
            {
                throw OUT_OF_RANGE;
            }
            entriesHeader(out, draws, withValues);
            for (long i = 0; i < draws; i++)
            {
                writeEntry(out, hash, hash.random(random), withValues);
            }
            return;
        }
        if (count >= hash.size())
        {
            entriesHeader(out, hash.size(), withValues);
            for (int p = hash.first(); p >= 0; p = hash.next(p))
            {
                writeEntry(out, hash, p, withValues);
            }
            return;
        }
        final int[] picked = RandomPositions.distinct(hash, (int)count, random);
        entriesHeader(out, picked.length, withValues);
        for (final int p : picked)
        {
            writeEntry(out, hash, p, withValues);
        }
    }

    /** HSCAN key cursor [MATCH pattern] [COUNT count]: a listpack is returned whole, with cursor 0. */
    private void hscan(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long cursor = KeyCommands.parseCursor(args, 2);
        final HashValue hash = findForRead(args);
        if (hash == null)
        {
            CollectionScan.emptyReply(out);
            return;
        }
        final CollectionScan scan = this.scan;
        scan.parse(args, 3);
        long next = 0;
        if (hash instanceof TableHash)
        {
            next = ((TableHash)hash).scan(cursor, scan.count(), scan.positions);
        }
        else
        {
            for (int p = hash.first(); p >= 0; p = hash.next(p))
            {
                scan.positions.addInt(p);
            }
        }
        int kept = 0;
        for (int i = 0; i < scan.positions.size(); i++)
        {
            final int p = scan.positions.getInt(i);
            if (scan.matches(args, hash.fieldBytes(p), hash.fieldOffset(p), hash.fieldLength(p)))
            {
                scan.positions.setInt(kept++, p);
            }
        }
        out.array(2);
        out.bulkDecimal(next);
        out.array(2 * kept);
        for (int i = 0; i < kept; i++)
        {
            writeEntry(out, hash, scan.positions.getInt(i), true, false);
        }
        scan.positions.clear();
    }

    /**
     * The count argument of HRANDFIELD and SRANDMEMBER: an integer in [-LONG_MAX, LONG_MAX] (LONG_MIN has no
     * absolute value).
     */
    static long randomCount(final CommandArgs args, final int index)
    {
        final long count = args.longValue(index);
        if (count == Long.MIN_VALUE)
        {
            throw COUNT_OUT_OF_RANGE;
        }
        return count;
    }

    private static void entriesHeader(final RespEncoder out, final long count, final boolean withValues)
    {
        if (withValues && !out.resp3())
        {
            out.array((int)(count * 2));
        }
        else
        {
            out.array((int)count);
        }
    }

    private static void writeEntry(final RespEncoder out, final HashValue hash, final int p, final boolean withValues)
    {
        writeEntry(out, hash, p, withValues, withValues && out.resp3());
    }

    /** A field, or with {@code withValues} a field and its value, as a pair array when {@code nested}. */
    private static void writeEntry(final RespEncoder out, final HashValue hash, final int p, final boolean withValues,
        final boolean nested)
    {
        if (nested)
        {
            out.array(2);
        }
        out.bulk(hash.fieldBytes(p), hash.fieldOffset(p), hash.fieldLength(p));
        if (withValues)
        {
            out.bulk(hash.valueBytes(p), hash.valueOffset(p), hash.valueLength(p));
        }
    }

    /**
     * Sets the field at argument {@code fieldArg} to the given value, converting a listpack to a table first if
     * either string is too long for one, and after if it now has too many fields. Sets {@link #added}.
     *
     * @return the hash holding the field: {@code hash}, or its conversion.
     */
    private HashValue put(final HashValue hash, final CommandArgs args, final int fieldArg, final byte[] value,
        final int valueOffset, final int valueLength)
    {
        HashValue target = hash;
        final int fieldLength = args.length(fieldArg);
        if (target instanceof ListpackHash)
        {
            final long maxBytes = config.hashMaxListpackValueBytes();
            if (fieldLength > maxBytes || valueLength > maxBytes)
            {
                target = TableHash.of(target);
            }
        }
        added = target.put(args.buffer(fieldArg), args.offset(fieldArg), fieldLength, value, valueOffset,
            valueLength);
        if (target instanceof ListpackHash && target.size() > config.hashMaxListpackEntries())
        {
            target = TableHash.of(target);
        }
        return target;
    }

    /**
     * Stores the result of a write: inserts a new hash, replaces a converted one, or reports an in-place change.
     * The keyspace's last lookup must be of this key.
     */
    private void store(final CommandArgs args, final HashValue before, final HashValue after)
    {
        if (before == null)
        {
            keyspace.insert(args.copy(1), after, KeyTable.NO_EXPIRY);
        }
        else if (before != after)
        {
            keyspace.replaceValue(after);
        }
        else
        {
            keyspace.modified();
        }
    }

    /** The hash at argument 1 for writing, or null if absent; WRONGTYPE for another type. */
    private HashValue findForWrite(final CommandArgs args)
    {
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            return null;
        }
        return HashValues.require(keyspace.value());
    }

    /** The hash at argument 1, counting a keyspace hit or miss, or null if absent; WRONGTYPE for another type. */
    private HashValue findForRead(final CommandArgs args)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            return null;
        }
        return HashValues.require(keyspace.value());
    }
}
