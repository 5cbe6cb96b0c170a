package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.persistence.RdbOutput;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.io.IOException;

/**
 * DUMP, RESTORE and RESTORE-ASKING (what MIGRATE and {@code redis-cli --cluster} move keys with), over the
 * {@link RdbValues} codec shared with RDB files, so payloads pass between Krill and Redis 7.0 both ways.
 * <p>
 * RESTORE checks in Redis's order: options, then BUSYKEY, then the TTL, then the payload's version and CRC, then
 * its contents; a payload that fails any check changes nothing (the old key stays, even with REPLACE). IDLETIME
 * and FREQ are validated and then ignored: Krill tracks neither.
 */
final class DumpCommands
{
    private static final CommandException BUSY_KEY = new CommandException("BUSYKEY Target key name already exists.");
    private static final CommandException BAD_TTL = new CommandException("ERR Invalid TTL value, must be >= 0");
    private static final CommandException BAD_IDLETIME =
        new CommandException("ERR Invalid IDLETIME value, must be >= 0");
    private static final CommandException BAD_FREQ =
        new CommandException("ERR Invalid FREQ value, must be >= 0 and <= 255");
    private static final CommandException BAD_PAYLOAD =
        new CommandException("ERR DUMP payload version or checksum are wrong");
    private static final CommandException BAD_FORMAT = new CommandException("ERR Bad data format");

    private final NodeState node;
    private final Keyspace keyspace;
    private final RdbValues values;

    DumpCommands(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
        this.values = new RdbValues(node.config());
    }

    void register(final CommandTable table)
    {
        table.register("dump", this::dump);
        table.register("restore", this::restore);
        table.register("restore-asking", this::restore);
    }

    private void dump(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.nullBulk();
            return;
        }
        // a fresh buffer: DUMP is rare and values can be large, so no scratch of their size is kept
        final byte[] payload = values.dump(keyspace.value(), new RdbOutput(node.config().rdbcompression()));
        out.bulk(payload, 0, payload.length);
    }

    /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
    private void restore(final Client client, final CommandArgs args, final RespEncoder out)
    {
        boolean replace = false;
        boolean absoluteTtl = false;
        long idleSeconds = -1;
        long frequency = -1;
        for (int i = 4; i < args.count(); i++)
        {
            final boolean more = i + 1 < args.count();
            if (args.is(i, "replace"))
            {
                replace = true;
            }
            else if (args.is(i, "absttl"))
            {
                absoluteTtl = true;
            }
            else if (args.is(i, "idletime") && more && frequency == -1)
            {
                idleSeconds = args.longValue(i + 1);
                if (idleSeconds < 0)
                {
                    throw BAD_IDLETIME;
                }
                i++;
            }
            else if (args.is(i, "freq") && more && idleSeconds == -1)
            {
                frequency = args.longValue(i + 1);
                if (frequency < 0 || frequency > 255)
                {
                    throw BAD_FREQ;
                }
                i++;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        final byte[] key = args.buffer(1);
        final int keyOffset = args.offset(1);
        final int keyLength = args.length(1);
        if (!replace && keyspace.find(key, keyOffset, keyLength) >= 0)
        {
            throw BUSY_KEY;
        }
        long ttlMs = args.longValue(2);
        if (ttlMs < 0)
        {
            throw BAD_TTL;
        }
        final byte[] payload = args.buffer(3);
        final int payloadOffset = args.offset(3);
        final int payloadLength = args.length(3);
        if (!RdbValues.verifyDumpPayload(payload, payloadOffset, payloadLength))
        {
            throw BAD_PAYLOAD;
        }
        final Object value;
        try
        {
            value = values.restore(payload, payloadOffset, payloadLength);
        }
        catch (final IOException ex)
        {
            throw BAD_FORMAT;
        }
        if (value == null)
        {
            throw BAD_FORMAT;
        }
        final long nowMs = keyspace.nowMs();
        if (ttlMs != 0 && !absoluteTtl)
        {
            ttlMs = ttlMs > Long.MAX_VALUE - nowMs ? Long.MAX_VALUE : ttlMs + nowMs;
        }
        final boolean exists = keyspace.find(key, keyOffset, keyLength) >= 0;
        if (ttlMs != 0 && ttlMs <= nowMs)
        {
            // already expired: the key is deleted (REPLACE) or never created, and the reply is still OK
            if (exists)
            {
                keyspace.delete();
            }
            out.ok();
            return;
        }
        final long expiresAtMs = ttlMs == 0 ? KeyTable.NO_EXPIRY : ttlMs;
        if (exists)
        {
            keyspace.replaceValue(value);
            keyspace.expiry(expiresAtMs);
        }
        else
        {
            keyspace.insert(args.copy(1), value, expiresAtMs);
        }
        out.ok();
    }
}
