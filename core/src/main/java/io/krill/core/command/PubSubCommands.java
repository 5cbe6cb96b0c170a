package io.krill.core.command;

import io.krill.core.cluster.ClusterMember;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.util.List;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, SSUBSCRIBE, SUNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB.
 */
final class PubSubCommands
{
    private static final String[] HELP = {
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    List the channels with at least one subscriber, optionally only those matching <pattern>.",
        "NUMPAT",
        "    Count the pattern subscriptions of all clients.",
        "NUMSUB [<channel> ...]",
        "    For each <channel>, count its subscribers (pattern subscriptions not included).",
        "SHARDCHANNELS [<pattern>]",
        "    List the shard channels with at least one subscriber, optionally only those matching <pattern>.",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    For each <shardchannel>, count its subscribers.",
        "HELP",
        "    Print this help.",
    };

    private final NodeState node;
    private final PubSub pubSub;

    PubSubCommands(final NodeState node)
    {
        this.node = node;
        this.pubSub = node.pubSub();
    }

    void register(final CommandTable table)
    {
        table.register("subscribe", (c, a, o) -> subscribe(c, a, PubSub.Space.CHANNEL));
        table.register("psubscribe", (c, a, o) -> subscribe(c, a, PubSub.Space.PATTERN));
        table.register("ssubscribe", (c, a, o) -> subscribe(c, a, PubSub.Space.SHARD));
        table.register("unsubscribe", (c, a, o) -> unsubscribe(c, a, PubSub.Space.CHANNEL));
        table.register("punsubscribe", (c, a, o) -> unsubscribe(c, a, PubSub.Space.PATTERN));
        table.register("sunsubscribe", (c, a, o) -> unsubscribe(c, a, PubSub.Space.SHARD));
        table.register("publish", this::publish);
        table.register("spublish", this::spublish);
        table.register("pubsub|channels", (c, a, o) -> channels(a, o, PubSub.Space.CHANNEL));
        table.register("pubsub|shardchannels", (c, a, o) -> channels(a, o, PubSub.Space.SHARD));
        table.register("pubsub|numsub", (c, a, o) -> numsub(a, o, PubSub.Space.CHANNEL));
        table.register("pubsub|shardnumsub", (c, a, o) -> numsub(a, o, PubSub.Space.SHARD));
        table.register("pubsub|numpat", (c, a, o) -> o.integer(pubSub.patternCount()));
        table.register("pubsub|help", (c, a, o) ->
        {
            o.array(HELP.length);
            for (final String line : HELP)
            {
                o.simple(line);
            }
        });
    }

    private void subscribe(final Client client, final CommandArgs args, final PubSub.Space space)
    {
        for (int i = 1; i < args.count(); i++)
        {
            pubSub.subscribe(client, space, args.copy(i));
        }
    }

    private void unsubscribe(final Client client, final CommandArgs args, final PubSub.Space space)
    {
        if (args.count() == 1)
        {
            pubSub.unsubscribe(client, space, null);
            return;
        }
        for (int i = 1; i < args.count(); i++)
        {
            pubSub.unsubscribe(client, space, args.copy(i));
        }
    }

    /**
     * Delivers locally and, on a cluster node, relays over the bus (PUBLISH to every node, SPUBLISH to my shard);
     * the reply counts local receivers only, as in Redis.
     */
    private void publish(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.integer(pubSub.publish(args.buffer(1), args.offset(1), args.length(1),
            args.buffer(2), args.offset(2), args.length(2)));
        relay(false, args);
    }

    private void spublish(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.integer(pubSub.publishShard(args.buffer(1), args.offset(1), args.length(1),
            args.buffer(2), args.offset(2), args.length(2)));
        relay(true, args);
    }

    private void relay(final boolean shard, final CommandArgs args)
    {
        final ClusterMember cluster = node.cluster();
        if (cluster == null)
        {
            // outside a cluster the replicas' subscribers hear it through the replication stream, as in Redis
            node.propagation().force();
        }
        if (cluster != null)
        {
            cluster.publish(shard, args.buffer(1), args.offset(1), args.length(1),
                args.buffer(2), args.offset(2), args.length(2));
        }
    }

    private void channels(final CommandArgs args, final RespEncoder out, final PubSub.Space space)
    {
        if (args.count() > 3)
        {
            throw new CommandException("ERR unknown subcommand or wrong number of arguments for '" +
                args.string(1) + "'. Try PUBSUB HELP.");
        }
        final List<byte[]> names = pubSub.activeChannels(space, args.count() == 3 ? args.copy(2) : null);
        out.array(names.size());
        for (final byte[] name : names)
        {
            out.bulk(name);
        }
    }

    private void numsub(final CommandArgs args, final RespEncoder out, final PubSub.Space space)
    {
        out.map(args.count() - 2);
        for (int i = 2; i < args.count(); i++)
        {
            out.bulk(args.buffer(i), args.offset(i), args.length(i));
            out.integer(pubSub.subscriberCount(space, args.copy(i)));
        }
    }
}
