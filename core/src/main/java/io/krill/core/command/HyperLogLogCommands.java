package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.util.Arrays;

/**
 * PFADD, PFCOUNT, PFMERGE and PFDEBUG over HLL string values ({@link HyperLogLog} holds the format).
 * <p>
 * Like Redis, PFCOUNT of one key writes the cardinality it computes into the value's header, so a later GET shows
 * it; PFCOUNT of several keys merges them into scratch registers and changes nothing. Every command that edits an
 * HLL leaves it a "raw" string ({@link MutableString}), as Redis's unsharing of the value does.
 */
final class HyperLogLogCommands
{
    private static final CommandException NOT_HLL =
        new CommandException("WRONGTYPE Key is not a valid HyperLogLog string value.");
    private static final CommandException CORRUPT = new CommandException("INVALIDOBJ Corrupted HLL object detected");
    private static final CommandException NO_SUCH_KEY = new CommandException("ERR The specified key does not exist");
    private static final CommandException NOT_SPARSE = new CommandException("ERR HLL encoding is not sparse");

    private final NodeState node;
    private final Keyspace keyspace;
    /** Scratch registers for PFCOUNT of several keys and PFMERGE: one byte per register. */
    private final byte[] registers = new byte[HyperLogLog.REGISTERS];
    private final int[] histogram = new int[64];

    HyperLogLogCommands(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void register(final CommandTable table)
    {
        table.register("pfadd", this::pfadd);
        table.register("pfcount", this::pfcount);
        table.register("pfmerge", this::pfmerge);
        table.register("pfdebug", this::pfdebug);
    }

    /** PFADD key [element ...]: 1 if the key was created or any register changed. */
    private void pfadd(final Client client, final CommandArgs args, final RespEncoder out)
    {
        int updated = 0;
        final MutableString hll;
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            hll = HyperLogLog.create();
            keyspace.insert(args.copy(1), hll, KeyTable.NO_EXPIRY);
            updated++;
        }
        else
        {
            hll = unshared(keyspace.value());
        }
        final long sparseMaxBytes = node.config().hllSparseMaxBytes();
        for (int i = 2; i < args.count(); i++)
        {
            final int result = HyperLogLog.add(hll, args.buffer(i), args.offset(i), args.length(i), sparseMaxBytes);
            if (result < 0)
            {
                throw CORRUPT;
            }
            updated += result;
        }
        if (updated > 0)
        {
            HyperLogLog.invalidateCache(hll.bytes);
            keyspace.modified();
        }
        out.integer(updated > 0 ? 1 : 0);
    }

    /** PFCOUNT key [key ...]. */
    private void pfcount(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() > 2)
        {
            Arrays.fill(registers, (byte)0);
            for (int i = 1; i < args.count(); i++)
            {
                if (keyspace.findForRead(args.buffer(i), args.offset(i), args.length(i)) < 0)
                {
                    continue;
                }
                final Object value = keyspace.value();
                requireHll(value);
                if (!HyperLogLog.mergeInto(registers, StringValues.bytes(value), StringValues.length(value)))
                {
                    throw CORRUPT;
                }
            }
            out.integer(HyperLogLog.countRegisters(registers, histogram));
            return;
        }
        // Redis looks a single key up as a write: it may store the cardinality
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        final MutableString hll = unshared(keyspace.value());
        if (HyperLogLog.hasCachedCardinality(hll.bytes))
        {
            out.integer(HyperLogLog.cachedCardinality(hll.bytes));
            return;
        }
        final long card = HyperLogLog.count(hll.bytes, hll.length, histogram);
        if (card < 0)
        {
            throw CORRUPT;
        }
        HyperLogLog.cacheCardinality(hll.bytes, card);
        keyspace.modified();
        out.integer(card);
    }

    /** PFMERGE destkey [sourcekey ...]: the destination is itself one of the sources. */
    private void pfmerge(final Client client, final CommandArgs args, final RespEncoder out)
    {
        Arrays.fill(registers, (byte)0);
        boolean dense = false;
        for (int i = 1; i < args.count(); i++)
        {
            if (keyspace.findForRead(args.buffer(i), args.offset(i), args.length(i)) < 0)
            {
                continue;
            }
            final Object value = keyspace.value();
            requireHll(value);
            final byte[] bytes = StringValues.bytes(value);
            // one dense input makes the result dense straight away, sparing a promotion later
            dense |= HyperLogLog.isDense(bytes);
            if (!HyperLogLog.mergeInto(registers, bytes, StringValues.length(value)))
            {
                throw CORRUPT;
            }
        }
        final MutableString hll;
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            hll = HyperLogLog.create();
            keyspace.insert(args.copy(1), hll, KeyTable.NO_EXPIRY);
        }
        else
        {
            hll = unshared(keyspace.value());
        }
        if (dense && !HyperLogLog.toDense(hll))
        {
            throw CORRUPT;
        }
        final long sparseMaxBytes = node.config().hllSparseMaxBytes();
        for (int i = 0; i < HyperLogLog.REGISTERS; i++)
        {
            if (registers[i] != 0)
            {
                HyperLogLog.set(hll, i, registers[i], sparseMaxBytes);
            }
        }
        HyperLogLog.invalidateCache(hll.bytes);
        keyspace.modified();
        out.ok();
    }

    /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key. */
    private void pfdebug(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.find(args.buffer(2), args.offset(2), args.length(2)) < 0)
        {
            throw NO_SUCH_KEY;
        }
        final MutableString hll = unshared(keyspace.value());
        if (args.is(1, "getreg"))
        {
            if (!HyperLogLog.isDense(hll.bytes))
            {
                toDense(hll);
            }
            out.array(HyperLogLog.REGISTERS);
            for (int i = 0; i < HyperLogLog.REGISTERS; i++)
            {
                out.integer(HyperLogLog.denseGet(hll.bytes, i));
            }
        }
        else if (args.is(1, "decode"))
        {
            if (HyperLogLog.isDense(hll.bytes))
            {
                throw NOT_SPARSE;
            }
            out.bulk(HyperLogLog.decode(hll.bytes, hll.length));
        }
        else if (args.is(1, "encoding"))
        {
            out.simple(HyperLogLog.isDense(hll.bytes) ? "dense" : "sparse");
        }
        else if (args.is(1, "todense"))
        {
            final boolean converted = !HyperLogLog.isDense(hll.bytes);
            if (converted)
            {
                toDense(hll);
            }
            out.integer(converted ? 1 : 0);
        }
        else
        {
            throw new CommandException("ERR Unknown PFDEBUG subcommand '" + args.string(1) + "'");
        }
    }

    private void toDense(final MutableString hll)
    {
        if (!HyperLogLog.toDense(hll))
        {
            throw CORRUPT;
        }
        keyspace.modified();
    }

    /**
     * The HLL in the last found key as a {@link MutableString} that may be edited in place (an exact-length
     * {@code byte[]} is wrapped and stored back); WRONGTYPE unless it is a valid HLL string.
     */
    private MutableString unshared(final Object value)
    {
        requireHll(value);
        if (value instanceof MutableString)
        {
            final MutableString hll = (MutableString)value;
            hll.edited = true;
            return hll;
        }
        final byte[] bytes = (byte[])value;
        final MutableString hll = new MutableString(bytes, bytes.length);
        keyspace.replaceValue(hll);
        return hll;
    }

    private static void requireHll(final Object value)
    {
        StringValues.requireString(value);
        if (!HyperLogLog.isValid(StringValues.bytes(value), StringValues.length(value)))
        {
            throw NOT_HLL;
        }
    }
}
