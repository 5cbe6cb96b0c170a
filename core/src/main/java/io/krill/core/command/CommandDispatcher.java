package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Runs one decoded command: finds it, checks arity and authentication, calls its handler, turns a
 * {@link CommandException} into an error reply and keeps the per-command statistics.
 * <p>
 * Not thread safe: the node's agent thread runs every command.
 */
public final class CommandDispatcher
{
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);
    private static final int UNKNOWN_ARG_PREVIEW_CHARS = 128;

    private final NodeState node;
    private final CommandTable commands;
    private final ClusterRouter router;
    private final CommandSpec askingSpec;
    private final CommandSpec execSpec;

    public CommandDispatcher(final NodeState node)
    {
        this.node = node;
        this.commands = node.commands();
        this.router = new ClusterRouter(node);
        this.askingSpec = commands.served("asking");
        this.execSpec = commands.served("exec");
        node.blockedClients().dispatcher(this);
        node.transactions().dispatcher(this);
        node.replication().dispatcher(this);
    }

    /**
     * Runs a parked command again (see {@link BlockedClients#serveReady()}). As in Redis, a blocking command counts
     * as one call and one processed command, at its first run: a re-run adds only its time (and an error, if it
     * fails).
     */
    void rerun(final Client client, final CommandSpec spec, final CommandArgs args)
    {
        run(client, spec, args, client.out(), true);
    }

    /** Runs one command queued by MULTI, as EXEC does: its reply goes into EXEC's array. */
    void runQueued(final Client client, final CommandSpec spec, final CommandArgs args, final RespEncoder out)
    {
        run(client, spec, args, out, false);
    }

    /**
     * Cluster mode: answers the clients parked on keys this node no longer serves (or all, if the cluster is down)
     * with a redirect; the agent calls it after each cluster tick.
     *
     * @return how many were answered.
     */
    public int redirectBlockedClients()
    {
        return node.cluster() == null ? 0 : node.blockedClients().redirect(router);
    }

    /** Runs the command held in {@code client.args()}, writing its reply to {@code client.out()}. */
    public void execute(final Client client)
    {
        final RespEncoder out = client.out();
        final int mark = out.mark();
        // CLIENT REPLY: SKIP silences the next command, OFF every command until ON, whose +OK still goes out
        final boolean skip = client.takeReplySkip();
        final boolean asking = dispatch(client, client.args(), out);
        if (client.postponed != null)
        {
            // held by a client pause: the request runs again, whole, when the pause ends
            if (skip)
            {
                client.skipNextReply();
            }
            return;
        }
        if (!asking)
        {
            // ASKING lets exactly the next command into an importing slot (digest 2.4)
            client.asking(false);
        }
        if (skip || client.repliesOff())
        {
            out.truncate(mark);
        }
    }

    /**
     * @return true if the command was ASKING (whose flag must survive until the next command).
     */
    private boolean dispatch(final Client client, final CommandArgs args, final RespEncoder out)
    {
        CommandSpec spec = commands.lookup(args);
        if (spec == null)
        {
            reject(client, out, unknownCommand(args));
            return false;
        }
        // a container with a handler of its own (COMMAND) runs it when called alone, as Redis does
        if (spec.isContainer() && (spec.handler == null || args.count() > 1))
        {
            if (args.count() == 1)
            {
                reject(client, out, "ERR wrong number of arguments for '" + spec.fullName + "' command");
                return false;
            }
            final CommandSpec sub = subcommand(spec, args);
            if (sub == null)
            {
                reject(client, out, "ERR unknown subcommand '" + preview(args, 1) + "'. Try " +
                    spec.name.toUpperCase() + " HELP.");
                return false;
            }
            spec = sub;
        }
        if (!spec.arityMatches(args.count()))
        {
            spec.rejectedCalls++;
            rejectCommand(client, spec, out, "ERR wrong number of arguments for '" + spec.fullName + "' command");
            return false;
        }
        if (!client.authenticated() && !spec.has(CommandSpec.NO_AUTH))
        {
            spec.rejectedCalls++;
            rejectCommand(client, spec, out, "NOAUTH Authentication required.");
            return false;
        }
        final boolean inMulti = Transactions.inMulti(client);
        if (inMulti && spec.has(CommandSpec.NO_MULTI))
        {
            spec.rejectedCalls++;
            reject(client, out, "ERR Command not allowed inside a transaction");
            return false;
        }
        // the master's stream is obeyed whatever the slots say, as Redis's mustObeyClient
        if (!node.replication().isMasterClient(client) && (!router.serveLocally(client, spec, args, out) ||
            (inMulti && spec == execSpec && !routeQueued(client, out))))
        {
            spec.rejectedCalls++;
            if (spec == execSpec)
            {
                // Redis drops the transaction when EXEC itself is redirected
                node.transactions().forget(client);
            }
            else
            {
                Transactions.abort(client);
            }
            return false;
        }
        if (spec.has(CommandSpec.WRITE) && node.replication().rejectsWrite(client))
        {
            spec.rejectedCalls++;
            reject(client, out, "READONLY You can't write against a read only replica.");
            return false;
        }
        if (client.protocol() == 2 && client.inPubSubContext() && !allowedWhileSubscribed(spec))
        {
            spec.rejectedCalls++;
            reject(client, out, "ERR Can't execute '" + spec.fullName + "': only (P|S)SUBSCRIBE / " +
                "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return false;
        }
        if (node.clientPause().postpone(client, spec))
        {
            return false;
        }
        if (inMulti && !Transactions.runsInsideMulti(spec))
        {
            Transactions.queue(client, spec, args, out);
            return false;
        }
        run(client, spec, args, out, false);
        return spec == askingSpec;
    }

    /**
     * Cluster mode, at EXEC: every queued command must still be served here and all their keys must be in one
     * slot (each command was routed alone when queued); false after writing the error.
     */
    private boolean routeQueued(final Client client, final RespEncoder out)
    {
        if (node.cluster() == null)
        {
            return true;
        }
        final Transaction transaction = client.transaction;
        int slot = -1;
        for (int i = 0; i < transaction.count(); i++)
        {
            if (!router.serveLocally(client, transaction.spec(i), transaction.args(i), out))
            {
                return false;
            }
            final int commandSlot = router.lastSlot();
            if (commandSlot >= 0)
            {
                if (slot >= 0 && commandSlot != slot)
                {
                    router.crossSlot(out);
                    return false;
                }
                slot = commandSlot;
            }
        }
        return true;
    }

    private void run(final Client client, final CommandSpec spec, final CommandArgs args, final RespEncoder out,
        final boolean rerun)
    {
        final int mark = out.mark();
        final long startNs = System.nanoTime();
        final Propagation propagation = node.propagation();
        final long dirtyBefore = propagation.before();
        try
        {
            spec.handler.execute(client, args, out);
        }
        catch (final CommandException ex)
        {
            out.truncate(mark);
            out.error(ex.getMessage());
            spec.failedCalls++;
            node.errorReplied(ex.getMessage());
        }
        catch (final OutOfMemoryError ex)
        {
            // a value too large for this heap (SETRANGE at offset 512 MB): the allocation failed before the
            // keyspace changed, so refusing the command is safe and the node lives on
            out.truncate(mark);
            final String message = "ERR command not allowed: the JVM heap cannot hold the result (" +
                ex.getMessage() + ")";
            out.error(message);
            spec.failedCalls++;
            node.errorReplied(message);
            LOG.error("Command {} ran out of heap", spec.fullName);
        }
        catch (final RuntimeException ex)
        {
            // a bug in a command must cost that command, not the node or the connection
            out.truncate(mark);
            final String message = "ERR internal error in '" + spec.fullName + "': " + ex;
            out.error(message);
            spec.failedCalls++;
            node.errorReplied(message);
            LOG.error("Command {} failed", spec.fullName, ex);
        }
        propagation.after(client, args, dirtyBefore);
        final long durationNs = System.nanoTime() - startNs;
        spec.microseconds += durationNs / 1000;
        if (!node.blockedClients().parkedBy(client))
        {
            // a command that parked its client is timed when it completes
            spec.recordLatency(durationNs);
        }
        if (!rerun)
        {
            spec.calls++;
            node.commandProcessed();
        }
        client.lastCommand(spec);
    }

    private void reject(final Client client, final RespEncoder out, final String message)
    {
        // a command refused inside MULTI dooms the transaction (EXECABORT), as in Redis
        Transactions.abort(client);
        out.error(message);
        node.errorReplied(message);
    }

    /**
     * A refused EXEC, inside MULTI or not: Redis drops the transaction and the watched keys and names the reason in
     * an EXECABORT error.
     */
    private void rejectCommand(final Client client, final CommandSpec spec, final RespEncoder out,
        final String message)
    {
        if (spec == execSpec)
        {
            node.transactions().forget(client);
            reject(client, out, Transactions.execAbort(message));
            return;
        }
        reject(client, out, message);
    }

    private static boolean allowedWhileSubscribed(final CommandSpec spec)
    {
        switch (spec.fullName)
        {
            case "subscribe":
            case "unsubscribe":
            case "psubscribe":
            case "punsubscribe":
            case "ssubscribe":
            case "sunsubscribe":
            case "ping":
            case "quit":
            case "reset":
                return true;
            default:
                return false;
        }
    }

    private static CommandSpec subcommand(final CommandSpec container, final CommandArgs args)
    {
        for (final CommandSpec sub : container.subcommands.values())
        {
            if (CommandTable.equalsLowerCase(sub.lowerName, args.buffer(1), args.offset(1), args.length(1)))
            {
                return sub;
            }
        }
        return null;
    }

    private static String unknownCommand(final CommandArgs args)
    {
        // Redis quotes the arguments until the quoted list reaches 128 characters
        final StringBuilder quoted = new StringBuilder();
        for (int i = 1; i < args.count() && quoted.length() < UNKNOWN_ARG_PREVIEW_CHARS; i++)
        {
            final int room = UNKNOWN_ARG_PREVIEW_CHARS - quoted.length();
            final int length = Math.min(args.length(i), room);
            quoted.append('\'').append(new String(args.buffer(i), args.offset(i), length, StandardCharsets.ISO_8859_1))
                .append("' ");
        }
        return "ERR unknown command '" + preview(args, 0) + "', with args beginning with: " + quoted;
    }

    private static String preview(final CommandArgs args, final int index)
    {
        final int length = Math.min(args.length(index), UNKNOWN_ARG_PREVIEW_CHARS);
        return new String(args.buffer(index), args.offset(index), length, StandardCharsets.ISO_8859_1);
    }
}
