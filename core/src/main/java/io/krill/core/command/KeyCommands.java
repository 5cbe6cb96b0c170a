package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The generic key commands of Redis 7.0: existence, type, deletion, renaming and copying, expiry, iteration
 * (KEYS, SCAN, RANDOMKEY), OBJECT and flushing.
 * <p>
 * Lookups that Redis makes as reads (EXISTS, TYPE, TOUCH, the TTL family, OBJECT, COPY's source) count keyspace
 * hits and misses; the others do not, as in Redis. Krill has database 0 only.
 */
final class KeyCommands
{
    private static final CommandException NX_INCOMPATIBLE =
        new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
    private static final CommandException GT_LT_INCOMPATIBLE =
        new CommandException("ERR GT and LT options at the same time are not compatible");
    private static final CommandException DB_OUT_OF_RANGE = new CommandException("ERR DB index is out of range");
    private static final CommandException SAME_OBJECT =
        new CommandException("ERR source and destination objects are the same");
    private static final CommandException NOT_AN_INT = new CommandException(
        "ERR value is out of range, value must between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
    private static final CommandException INVALID_CURSOR = new CommandException("ERR invalid cursor");
    private static final CommandException LFU_NOT_SELECTED = new CommandException("ERR An LFU maxmemory policy is " +
        "not selected, access frequency not tracked. Please note that when switching between policies at runtime " +
        "LRU and LFU data will take some time to adjust.");
    private static final CommandException LFU_SELECTED = new CommandException("ERR An LFU maxmemory policy is " +
        "selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU " +
        "data will take some time to adjust.");

    /** The refcount Redis reports for its shared objects (the integers 0 to 9999). */
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
    private static final long SHARED_INTEGERS = 10_000;

    private static final int EXPIRE_NX = 1;
    private static final int EXPIRE_XX = 1 << 1;
    private static final int EXPIRE_GT = 1 << 2;
    private static final int EXPIRE_LT = 1 << 3;

    private static final int SCAN_DEFAULT_COUNT = 10;

    private static final String[] OBJECT_HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the internal representation of the value stored at <key>.",
        "FREQ <key>",
        "    Return the logarithmic access frequency counter of <key> (LFU maxmemory policies only).",
        "IDLETIME <key>",
        "    Return the seconds since <key> was last accessed (not tracked by Krill: always 0).",
        "REFCOUNT <key>",
        "    Return the number of references to the value stored at <key>.",
        "HELP",
        "    Prints this help.",
    };

    private final NodeState node;
    private final Keyspace keyspace;
    private final SplittableRandom random = new SplittableRandom();
    private final KeysWriter keysWriter = new KeysWriter();
    private final ScanBatch scanBatch = new ScanBatch();

    KeyCommands(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void register(final CommandTable table)
    {
        table.register("del", this::del);
        table.register("unlink", this::del);
        table.register("exists", this::exists);
        table.register("touch", this::touch);
        table.register("type", this::type);
        table.register("rename", this::rename);
        table.register("renamenx", this::renamenx);
        table.register("copy", this::copy);
        table.register("expire", expireHandler("expire", 1000, true));
        table.register("pexpire", expireHandler("pexpire", 1, true));
        table.register("expireat", expireHandler("expireat", 1000, false));
        table.register("pexpireat", expireHandler("pexpireat", 1, false));
        table.register("ttl", (client, args, out) -> ttl(args, out, false, false));
        table.register("pttl", (client, args, out) -> ttl(args, out, true, false));
        table.register("expiretime", (client, args, out) -> ttl(args, out, false, true));
        table.register("pexpiretime", (client, args, out) -> ttl(args, out, true, true));
        table.register("persist", this::persist);
        table.register("keys", this::keys);
        table.register("scan", this::scan);
        table.register("randomkey", this::randomkey);
        table.register("dbsize", this::dbsize);
        table.register("flushall", this::flush);
        table.register("flushdb", this::flush);
        table.register("object|encoding", this::objectEncoding);
        table.register("object|refcount", this::objectRefcount);
        table.register("object|idletime", this::objectIdletime);
        table.register("object|freq", this::objectFreq);
        table.register("object|help", this::objectHelp);
    }

    private void del(final Client client, final CommandArgs args, final RespEncoder out)
    {
        long deleted = 0;
        for (int i = 1; i < args.count(); i++)
        {
            if (keyspace.delete(args.buffer(i), args.offset(i), args.length(i)))
            {
                deleted++;
            }
        }
        out.integer(deleted);
    }

    /** EXISTS counts a key as often as it is named. */
    private void exists(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.integer(countPresent(args));
    }

    /** TOUCH: Krill keeps no access time, so touching is only counting. */
    private void touch(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.integer(countPresent(args));
    }

    private long countPresent(final CommandArgs args)
    {
        long found = 0;
        for (int i = 1; i < args.count(); i++)
        {
            if (keyspace.findForRead(args.buffer(i), args.offset(i), args.length(i)) >= 0)
            {
                found++;
            }
        }
        return found;
    }

    private void type(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.simple("none");
            return;
        }
        out.simple(Values.typeName(keyspace.value()));
    }

    private void rename(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (rename(args, false))
        {
            out.ok();
        }
        else
        {
            out.integer(0);
        }
    }

    private void renamenx(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.integer(rename(args, true) ? 1 : 0);
    }

    /**
     * Moves the value and TTL of key 1 to key 2, replacing key 2 unless {@code nx}. Renaming a key to itself
     * succeeds for RENAME and does nothing for RENAMENX, as in Redis 7.
     *
     * @return false if nothing was done because of {@code nx}.
     */
    private boolean rename(final CommandArgs args, final boolean nx)
    {
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            throw CommandException.NO_SUCH_KEY;
        }
        if (sameArgument(args, 1, 2))
        {
            return !nx;
        }
        final Object value = keyspace.value();
        final long expiresAtMs = keyspace.expiry();
        if (keyspace.find(args.buffer(2), args.offset(2), args.length(2)) >= 0)
        {
            if (nx)
            {
                return false;
            }
            keyspace.replaceValue(value);
            keyspace.expiry(expiresAtMs);
        }
        else
        {
            keyspace.insert(args.copy(2), value, expiresAtMs);
        }
        // looked up again: inserting may have resized the table, and finding an expired key 2 may have moved it
        keyspace.delete(args.buffer(1), args.offset(1), args.length(1));
        return true;
    }

    /** COPY source destination [DB destination-db] [REPLACE]. */
    private void copy(final Client client, final CommandArgs args, final RespEncoder out)
    {
        boolean replace = false;
        for (int i = 3; i < args.count(); i++)
        {
            if (args.is(i, "replace"))
            {
                replace = true;
            }
            else if (args.is(i, "db") && i + 1 < args.count())
            {
                final long db = args.longValue(i + 1);
                if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE)
                {
                    throw NOT_AN_INT;
                }
                if (db != 0)
                {
                    throw DB_OUT_OF_RANGE;
                }
                i++;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        if (sameArgument(args, 1, 2))
        {
            throw SAME_OBJECT;
        }
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        final Object value = keyspace.value();
        final long expiresAtMs = keyspace.expiry();
        if (keyspace.find(args.buffer(2), args.offset(2), args.length(2)) >= 0)
        {
            if (!replace)
            {
                out.integer(0);
                return;
            }
            keyspace.replaceValue(Values.copy(value));
            keyspace.expiry(expiresAtMs);
        }
        else
        {
            keyspace.insert(args.copy(2), Values.copy(value), expiresAtMs);
        }
        out.integer(1);
    }

    private CommandHandler expireHandler(final String name, final long unitMs, final boolean relative)
    {
        final CommandException invalid = new CommandException("ERR invalid expire time in '" + name + "' command");
        return (client, args, out) -> expire(args, out, unitMs, relative, invalid);
    }

    /**
     * EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT key time [NX|XX|GT|LT]. Options are checked before the time, and
     * both before the key is looked up, in Redis's order; a time at or before now deletes the key.
     */
    private void expire(final CommandArgs args, final RespEncoder out, final long unitMs, final boolean relative,
        final CommandException invalid)
    {
        final int flags = expireFlags(args);
        long whenMs = args.longValue(2);
        if (unitMs != 1)
        {
            if (whenMs > Long.MAX_VALUE / unitMs || whenMs < Long.MIN_VALUE / unitMs)
            {
                throw invalid;
            }
            whenMs *= unitMs;
        }
        if (relative)
        {
            final long nowMs = keyspace.nowMs();
            if (whenMs > Long.MAX_VALUE - nowMs)
            {
                throw invalid;
            }
            whenMs += nowMs;
        }
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        if (flags != 0 && !expireConditionHolds(flags, keyspace.expiry(), whenMs))
        {
            out.integer(0);
            return;
        }
        final Propagation propagation = node.propagation();
        if (whenMs <= keyspace.nowMs())
        {
            keyspace.delete();
            if (propagation.active())
            {
                propagation.rewrite(2).arg("DEL").arg(args, 1);
            }
        }
        else
        {
            keyspace.expiry(whenMs);
            if (propagation.active() && (relative || unitMs != 1))
            {
                // replicas get the absolute time in ms, options kept, so their copy expires at the same instant
                propagation.rewrite(args.count()).arg("PEXPIREAT").arg(args, 1).arg(whenMs).args(args, 3);
            }
        }
        out.integer(1);
    }

    private static int expireFlags(final CommandArgs args)
    {
        int flags = 0;
        for (int i = 3; i < args.count(); i++)
        {
            if (args.is(i, "nx"))
            {
                flags |= EXPIRE_NX;
            }
            else if (args.is(i, "xx"))
            {
                flags |= EXPIRE_XX;
            }
            else if (args.is(i, "gt"))
            {
                flags |= EXPIRE_GT;
            }
            else if (args.is(i, "lt"))
            {
                flags |= EXPIRE_LT;
            }
            else
            {
                throw new CommandException("ERR Unsupported option " + latin1(args, i));
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0)
        {
            throw NX_INCOMPATIBLE;
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0)
        {
            throw GT_LT_INCOMPATIBLE;
        }
        return flags;
    }

    /** NX: no TTL yet. XX: has one. GT: later than a TTL (no TTL counts as infinite). LT: earlier, or no TTL. */
    private static boolean expireConditionHolds(final int flags, final long currentMs, final long whenMs)
    {
        final boolean persistent = currentMs == KeyTable.NO_EXPIRY;
        if ((flags & EXPIRE_NX) != 0 && !persistent)
        {
            return false;
        }
        if ((flags & EXPIRE_XX) != 0 && persistent)
        {
            return false;
        }
        if ((flags & EXPIRE_GT) != 0 && (persistent || whenMs <= currentMs))
        {
            return false;
        }
        return (flags & EXPIRE_LT) == 0 || persistent || whenMs < currentMs;
    }

    /**
     * TTL / PTTL / EXPIRETIME / PEXPIRETIME: -2 if the key is missing, -1 without TTL; seconds are rounded to the
     * nearest, as Redis does.
     */
    private void ttl(final CommandArgs args, final RespEncoder out, final boolean millis, final boolean absolute)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(-2);
            return;
        }
        final long expiresAtMs = keyspace.expiry();
        if (expiresAtMs == KeyTable.NO_EXPIRY)
        {
            out.integer(-1);
            return;
        }
        final long ms = Math.max(0, absolute ? expiresAtMs : expiresAtMs - keyspace.nowMs());
        // unsigned: rounding a time near Long.MAX_VALUE must not wrap (Redis replies 9223372036854776 there)
        out.integer(millis ? ms : Long.divideUnsigned(ms + 500, 1000));
    }

    private void persist(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0 ||
            keyspace.expiry() == KeyTable.NO_EXPIRY)
        {
            out.integer(0);
            return;
        }
        keyspace.expiry(KeyTable.NO_EXPIRY);
        out.integer(1);
    }

    /** KEYS pattern: written as found, the array header inserted after. Expired keys are skipped, not deleted. */
    private void keys(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final int mark = out.mark();
        keysWriter.start(out, args.buffer(1), args.offset(1), args.length(1), keyspace.nowMs());
        try
        {
            keyspace.scan(0, Integer.MAX_VALUE, keysWriter);
        }
        finally
        {
            keysWriter.finish();
        }
        out.insertArray(mark, keysWriter.written());
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. */
    private void scan(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long cursor = parseCursor(args, 1);
        long count = SCAN_DEFAULT_COUNT;
        int patternArg = -1;
        int typeArg = -1;
        for (int i = 2; i < args.count(); i += 2)
        {
            if (i + 1 >= args.count())
            {
                throw CommandException.SYNTAX;
            }
            if (args.is(i, "count"))
            {
                count = args.longValue(i + 1);
                if (count < 1)
                {
                    throw CommandException.SYNTAX;
                }
            }
            else if (args.is(i, "match"))
            {
                patternArg = i + 1;
            }
            else if (args.is(i, "type"))
            {
                typeArg = i + 1;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        final ScanBatch batch = scanBatch;
        batch.start(args, patternArg, keyspace.nowMs());
        final long next;
        try
        {
            next = keyspace.scan(cursor, (int)Math.min(count, Integer.MAX_VALUE), batch);
            batch.dropExpiredAndOtherTypes(keyspace, args, typeArg);
            out.array(2);
            out.bulkDecimal(next);
            out.array(batch.size());
            for (int i = 0; i < batch.size(); i++)
            {
                out.bulk(batch.key(i));
            }
        }
        finally
        {
            batch.finish();
        }
    }

    /**
     * A SCAN cursor, read as C's {@code strtoul} reads it and Redis accepts it: an unsigned 64-bit decimal with an
     * optional sign ("-1" wraps to 2^64 - 1), no leading space, nothing after; the empty string is 0.
     */
    static long parseCursor(final CommandArgs args, final int index)
    {
        final byte[] buffer = args.buffer(index);
        final int offset = args.offset(index);
        final int length = args.length(index);
        if (length == 0)
        {
            return 0;
        }
        int i = offset;
        final int end = offset + length;
        final boolean negative = buffer[i] == '-';
        if (negative || buffer[i] == '+')
        {
            i++;
        }
        if (i == end)
        {
            throw INVALID_CURSOR;
        }
        long value = 0;
        for (; i < end; i++)
        {
            final int digit = buffer[i] - '0';
            if (digit < 0 || digit > 9)
            {
                throw INVALID_CURSOR;
            }
            // unsigned overflow check: value * 10 + digit must stay below 2^64
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, 10)) > 0)
            {
                throw INVALID_CURSOR;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private void randomkey(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findRandom(random) < 0)
        {
            out.nullBulk();
            return;
        }
        out.bulk(keyspace.key());
    }

    private void dbsize(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.integer(keyspace.size());
    }

    /** FLUSHALL / FLUSHDB [ASYNC|SYNC]: both flush at once, since dropping the tables is already O(slots). */
    private void flush(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() > 2 || (args.count() == 2 && !args.is(1, "async") && !args.is(1, "sync")))
        {
            throw CommandException.SYNTAX;
        }
        keyspace.clear();
        out.ok();
    }

    private void objectEncoding(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (findObject(args, out))
        {
            out.bulk(Values.encoding(keyspace.value()));
        }
    }

    /**
     * Redis shares one object for each integer 0 to 9999 and reports its refcount as INT_MAX, except under an
     * LRU or LFU policy with a memory limit, where sharing would defeat per-key access tracking. Krill shares
     * nothing and decides from the configuration now rather than when the value was written.
     */
    private void objectRefcount(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (findObject(args, out))
        {
            final Object value = keyspace.value();
            final boolean shared = StringValues.isString(value) && "int".equals(StringValues.encoding(value)) &&
                isSharedInteger(StringValues.bytes(value), StringValues.length(value)) && !evictsByAccess();
            out.integer(shared ? SHARED_REFCOUNT : 1);
        }
    }

    /** Krill keeps no per-key access clock (it would cost a write per read): the idle time is always 0. */
    private void objectIdletime(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (findObject(args, out))
        {
            if (isLfuPolicy())
            {
                throw LFU_SELECTED;
            }
            out.integer(0);
        }
    }

    /** Krill keeps no access frequency counter: under an LFU policy the frequency is always 0. */
    private void objectFreq(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (findObject(args, out))
        {
            if (!isLfuPolicy())
            {
                throw LFU_NOT_SELECTED;
            }
            out.integer(0);
        }
    }

    private void objectHelp(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.array(OBJECT_HELP.length);
        for (final String line : OBJECT_HELP)
        {
            out.simple(line);
        }
    }

    /** Finds OBJECT's key, replying nil if it is missing. */
    private boolean findObject(final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findForRead(args.buffer(2), args.offset(2), args.length(2)) < 0)
        {
            out.nullBulk();
            return false;
        }
        return true;
    }

    private static boolean isSharedInteger(final byte[] bytes, final int length)
    {
        if (length == 0 || length > 4 || bytes[0] == '-')
        {
            return false;
        }
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            value = value * 10 + (bytes[i] - '0');
        }
        return value < SHARED_INTEGERS;
    }

    private String maxmemoryPolicy()
    {
        final String policy = node.config().get("maxmemory-policy");
        return policy == null ? "noeviction" : policy.toLowerCase();
    }

    private boolean isLfuPolicy()
    {
        return maxmemoryPolicy().endsWith("-lfu");
    }

    /** True under an LRU or LFU policy with a memory limit set. */
    private boolean evictsByAccess()
    {
        final String policy = maxmemoryPolicy();
        if (!policy.endsWith("-lru") && !policy.endsWith("-lfu"))
        {
            return false;
        }
        // any non-zero digit means a limit, whatever the unit suffix ("100mb")
        final String maxmemory = node.config().get("maxmemory");
        for (int i = 0; maxmemory != null && i < maxmemory.length(); i++)
        {
            if (maxmemory.charAt(i) >= '1' && maxmemory.charAt(i) <= '9')
            {
                return true;
            }
        }
        return false;
    }

    private static boolean sameArgument(final CommandArgs args, final int a, final int b)
    {
        return Arrays.equals(args.buffer(a), args.offset(a), args.offset(a) + args.length(a),
            args.buffer(b), args.offset(b), args.offset(b) + args.length(b));
    }

    /** An argument as a Java string of one char per byte, so an error reply echoes it byte for byte. */
    private static String latin1(final CommandArgs args, final int index)
    {
        return new String(args.buffer(index), args.offset(index), args.length(index), StandardCharsets.ISO_8859_1);
    }
}
