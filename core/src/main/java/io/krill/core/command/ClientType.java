package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;

/**
 * The kinds of connection CLIENT LIST TYPE and CLIENT KILL TYPE select. Until Krill has replication links and
 * subscriptions, every connection is {@link #NORMAL}.
 */
enum ClientType
{
    NORMAL, REPLICA, PUBSUB, MASTER;

    static ClientType of(final Client client)
    {
        return client.inPubSubContext() ? PUBSUB : NORMAL;
    }

    /** Redis's names, case-insensitive; {@code slave} is the old name of {@code replica}. */
    static ClientType parse(final CommandArgs args, final int index)
    {
        if (args.is(index, "normal"))
        {
            return NORMAL;
        }
        if (args.is(index, "replica") || args.is(index, "slave"))
        {
            return REPLICA;
        }
        if (args.is(index, "pubsub"))
        {
            return PUBSUB;
        }
        if (args.is(index, "master"))
        {
            return MASTER;
        }
        throw new CommandException("ERR Unknown client type '" + args.string(index) + "'");
    }
}
