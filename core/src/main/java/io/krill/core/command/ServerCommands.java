package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * TIME, SHUTDOWN and WAIT.
 */
final class ServerCommands
{
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommands.class);
    private static final CommandException NO_SHUTDOWN_IN_PROGRESS =
        new CommandException("ERR No shutdown in progress.");
    private static final CommandException SHUTDOWN_FAILED =
        new CommandException("ERR Errors trying to SHUTDOWN. Check logs.");
    private static final CommandException TIMEOUT_NOT_AN_INTEGER =
        new CommandException("ERR timeout is not an integer or out of range");
    private static final CommandException TIMEOUT_NEGATIVE = new CommandException("ERR timeout is negative");
    private static final CommandException TIMEOUT_OUT_OF_RANGE = new CommandException("ERR timeout is out of range");

    private final NodeState node;
    private CommandSpec waitSpec;

    ServerCommands(final NodeState node)
    {
        this.node = node;
    }

    void register(final CommandTable table)
    {
        table.register("time", this::time);
        table.register("shutdown", this::shutdown);
        waitSpec = table.register("wait", this::await);
    }

    /** Unix time as two bulk strings: seconds and the microseconds within the second. */
    private void time(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Instant now = Instant.now();
        out.array(2);
        out.bulkDecimal(now.getEpochSecond());
        out.bulkDecimal(now.getNano() / 1000);
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. As in Redis, the keyspace is saved to dir/dbfilename first
     * when save points are configured or SAVE is given (not with NOSAVE); a failed save refuses the shutdown
     * unless FORCE is given. Krill has no replicas to wait for, so the node then stops at once, and ABORT never
     * finds a shutdown to cancel. The caller gets no reply: its connection closes when the node stops, and no
     * later command of its pipeline runs.
     */
    private void shutdown(final Client client, final CommandArgs args, final RespEncoder out)
    {
        boolean save = false;
        boolean noSave = false;
        boolean abort = false;
        boolean force = false;
        for (int i = 1; i < args.count(); i++)
        {
            if (args.is(i, "nosave"))
            {
                noSave = true;
            }
            else if (args.is(i, "save"))
            {
                save = true;
            }
            else if (args.is(i, "abort"))
            {
                abort = true;
            }
            else if (args.is(i, "force"))
            {
                force = true;
            }
            else if (!args.is(i, "now"))
            {
                throw CommandException.SYNTAX;
            }
        }
        if (save && noSave || abort && args.count() > 2)
        {
            throw CommandException.SYNTAX;
        }
        if (abort)
        {
            throw NO_SHUTDOWN_IN_PROGRESS;
        }
        LOG.warn("User requested shutdown... (client id={} addr={})", client.id(), client.address());
        if (save || !noSave && node.config().saveParams().length > 0)
        {
            LOG.info("Saving the final RDB snapshot before exiting.");
            node.snapshots().awaitBackgroundSave(node.nowMs());
            try
            {
                node.snapshots().save(node.keyspace(), node.nowMs());
            }
            catch (final java.io.IOException ex)
            {
                LOG.warn("Error trying to save the DB, can't exit.");
                if (!force)
                {
                    throw SHUTDOWN_FAILED;
                }
            }
        }
        client.closeAfterReply();
        node.requestShutdown();
    }

    /**
     * WAIT numreplicas timeout: answers at once when enough replicas acknowledged the stream so far, else parks
     * the caller until they do (each ACK re-counts) or the timeout passes (0: forever), then answers how many did.
     * Replicas are asked for an ACK (REPLCONF GETACK) once the current batch of commands is done.
     */
    private void await(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long replicas = args.longValue(1);
        final long timeoutMs = args.longValue(2, TIMEOUT_NOT_AN_INTEGER);
        if (timeoutMs < 0)
        {
            throw TIMEOUT_NEGATIVE;
        }
        if (timeoutMs > 0 && timeoutMs > Long.MAX_VALUE - node.nowMs())
        {
            throw TIMEOUT_OUT_OF_RANGE;
        }
        final long deadlineMs = timeoutMs == 0 ? 0 : node.nowMs() + timeoutMs;
        node.replication().await(client, args, replicas, deadlineMs, waitSpec);
    }
}
