package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

/**
 * PING, ECHO, QUIT, SELECT.
 */
final class ConnectionCommands
{
    private static final CommandException DB_INDEX_OUT_OF_RANGE = new CommandException("ERR DB index is out of range");
    private static final CommandException SELECT_IN_CLUSTER =
        new CommandException("ERR SELECT is not allowed in cluster mode");

    private static final byte[] PONG_LOWER = {'p', 'o', 'n', 'g'};
    private static final byte[] EMPTY = {};

    private final NodeState node;

    ConnectionCommands(final NodeState node)
    {
        this.node = node;
    }

    void register(final CommandTable table)
    {
        table.register("ping", this::ping);
        table.register("echo", this::echo);
        table.register("quit", this::quit);
        table.register("select", this::select);
    }

    private void ping(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() > 2)
        {
            throw new CommandException("ERR wrong number of arguments for 'ping' command");
        }
        if (client.protocol() == 2 && client.inPubSubContext())
        {
            // a subscribed RESP2 connection only understands arrays: Redis answers [pong, message]
            out.array(2);
            out.bulk(PONG_LOWER);
            if (args.count() == 2)
            {
                out.bulk(args.buffer(1), args.offset(1), args.length(1));
            }
            else
            {
                out.bulk(EMPTY);
            }
            return;
        }
        if (args.count() == 2)
        {
            out.bulk(args.buffer(1), args.offset(1), args.length(1));
        }
        else
        {
            out.simple("PONG");
        }
    }

    private void echo(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.bulk(args.buffer(1), args.offset(1), args.length(1));
    }

    private void quit(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.ok();
        client.closeAfterReply();
    }

    /**
     * Krill keeps one database, so it answers SELECT like a Redis started with {@code databases 1}: index 0 is
     * fine, any other is out of range; in cluster mode Redis's own cluster error.
     */
    private void select(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long index = args.longValue(1);
        if (index != 0)
        {
            throw node.config().clusterEnabled() ? SELECT_IN_CLUSTER : DB_INDEX_OUT_OF_RANGE;
        }
        out.ok();
    }
}
