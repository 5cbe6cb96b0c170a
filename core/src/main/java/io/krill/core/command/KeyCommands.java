package io.krill.core.command;

import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.RespEncoder;

/**
 * Generic key commands.
 */
final class KeyCommands
{
    private final NodeState node;
    private final Keyspace keyspace;

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
        table.register("dbsize", this::dbsize);
        table.register("flushall", this::flush);
        table.register("flushdb", this::flush);
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

    private void exists(final Client client, final CommandArgs args, final RespEncoder out)
    {
        long found = 0;
        for (int i = 1; i < args.count(); i++)
        {
            if (keyspace.find(args.buffer(i), args.offset(i), args.length(i)) >= 0)
            {
                found++;
            }
        }
        out.integer(found);
    }

    private void dbsize(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.integer(keyspace.size());
    }

    /** FLUSHALL / FLUSHDB [ASYNC|SYNC]. */
    private void flush(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() > 2 || (args.count() == 2 && !args.is(1, "async") && !args.is(1, "sync")))
        {
            throw io.krill.core.resp.CommandException.SYNTAX;
        }
        keyspace.clear();
        out.ok();
    }
}
