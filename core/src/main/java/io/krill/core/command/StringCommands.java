package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

/**
 * The string commands.
 */
final class StringCommands
{
    private static final int SET_NX = 1;
    private static final int SET_XX = 1 << 1;
    private static final int SET_GET = 1 << 2;
    private static final int SET_KEEPTTL = 1 << 3;
    private static final int SET_EXPIRE = 1 << 4;

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
    }

    private void get(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.nullBulk();
            return;
        }
        final Object value = keyspace.value();
        StringValues.requireString(value);
        out.bulk(StringValues.bytes(value), 0, StringValues.length(value));
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ts|KEEPTTL]. */
    private void set(final Client client, final CommandArgs args, final RespEncoder out)
    {
        int flags = 0;
        long expiresAtMs = KeyTable.NO_EXPIRY;
        for (int i = 3; i < args.count(); i++)
        {
            final boolean hasNext = i + 1 < args.count();
            if (args.is(i, "nx") && (flags & SET_XX) == 0)
            {
                flags |= SET_NX;
            }
            else if (args.is(i, "xx") && (flags & SET_NX) == 0)
            {
                flags |= SET_XX;
            }
            else if (args.is(i, "get"))
            {
                flags |= SET_GET;
            }
            else if (args.is(i, "keepttl") && (flags & SET_EXPIRE) == 0)
            {
                flags |= SET_KEEPTTL;
            }
            else if (hasNext && (flags & (SET_EXPIRE | SET_KEEPTTL)) == 0 && isExpireOption(args, i))
            {
                expiresAtMs = expireOption(args, i, "set");
                flags |= SET_EXPIRE;
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
        final int index = keyspace.find(key, keyOffset, keyLength);
        if ((flags & SET_GET) != 0)
        {
            if (index >= 0)
            {
                final Object old = keyspace.value();
                StringValues.requireString(old);
                out.bulk(StringValues.bytes(old), 0, StringValues.length(old));
            }
            else
            {
                out.nullBulk();
            }
        }
        if (((flags & SET_NX) != 0 && index >= 0) || ((flags & SET_XX) != 0 && index < 0))
        {
            if ((flags & SET_GET) == 0)
            {
                out.nullBulk();
            }
            return;
        }
        final int valueLength = args.length(2);
        if (index >= 0)
        {
            final Object old = keyspace.value();
            if (old instanceof byte[] && ((byte[])old).length == valueLength)
            {
                // same size: overwrite in place, so a steady stream of SETs allocates nothing
                System.arraycopy(args.buffer(2), args.offset(2), old, 0, valueLength);
                keyspace.replaceValue(old);
            }
            else
            {
                keyspace.replaceValue(args.copy(2));
            }
            if ((flags & SET_KEEPTTL) == 0)
            {
                keyspace.expiry(expiresAtMs);
            }
        }
        else
        {
            keyspace.insert(args.copy(1), args.copy(2), expiresAtMs);
        }
        if ((flags & SET_GET) == 0)
        {
            out.ok();
        }
    }

    static boolean isExpireOption(final CommandArgs args, final int i)
    {
        return args.is(i, "ex") || args.is(i, "px") || args.is(i, "exat") || args.is(i, "pxat");
    }

    /**
     * Reads {@code EX|PX|EXAT|PXAT <n>} at {@code i} as an absolute time in ms, with Redis's checks: the number
     * must be a positive integer, and the absolute time must not overflow.
     */
    long expireOption(final CommandArgs args, final int i, final String command)
    {
        final long amount = args.longValue(i + 1);
        final boolean seconds = args.is(i, "ex") || args.is(i, "exat");
        final boolean relative = args.is(i, "ex") || args.is(i, "px");
        if (amount <= 0 || (seconds && amount > Long.MAX_VALUE / 1000))
        {
            throw new CommandException("ERR invalid expire time in '" + command + "' command");
        }
        long whenMs = seconds ? amount * 1000 : amount;
        if (relative)
        {
            whenMs += node.nowMs();
            if (whenMs <= 0)
            {
                throw new CommandException("ERR invalid expire time in '" + command + "' command");
            }
        }
        return whenMs;
    }
}
