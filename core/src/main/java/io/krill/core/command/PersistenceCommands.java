package io.krill.core.command;

import io.krill.core.persistence.Snapshots;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.io.IOException;

/**
 * SAVE, BGSAVE and LASTSAVE over the node's {@link Snapshots}. See there for what BGSAVE does without fork: the
 * snapshot is encoded on the agent thread before the reply, and only the file write runs in the background, so
 * "Background saving started" is true of the write, and LASTSAVE moves once the file is in place.
 */
final class PersistenceCommands
{
    private static final CommandException IN_PROGRESS =
        new CommandException("ERR Background save already in progress");
    private static final CommandException FAILED = new CommandException("ERR");

    private final NodeState node;

    PersistenceCommands(final NodeState node)
    {
        this.node = node;
    }

    void register(final CommandTable table)
    {
        table.register("save", this::save);
        table.register("bgsave", this::bgsave);
        table.register("lastsave", (client, args, out) -> out.integer(node.snapshots().lastSaveSeconds()));
    }

    private void save(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Snapshots snapshots = node.snapshots();
        if (snapshots.backgroundSaveInProgress())
        {
            throw IN_PROGRESS;
        }
        try
        {
            snapshots.save(node.keyspace(), node.nowMs());
        }
        catch (final IOException ex)
        {
            throw FAILED;
        }
        out.ok();
    }

    /** BGSAVE [SCHEDULE]. */
    private void bgsave(final Client client, final CommandArgs args, final RespEncoder out)
    {
        boolean schedule = false;
        if (args.count() > 1)
        {
            if (args.count() == 2 && args.is(1, "schedule"))
            {
                schedule = true;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        final Snapshots snapshots = node.snapshots();
        if (snapshots.backgroundSaveInProgress())
        {
            if (!schedule)
            {
                throw IN_PROGRESS;
            }
            snapshots.schedule();
            out.simple("Background saving scheduled");
            return;
        }
        snapshots.startBackgroundSave(node.keyspace(), node.nowMs());
        out.simple("Background saving started");
    }
}
