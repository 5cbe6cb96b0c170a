package io.krill.core.command;

import io.krill.core.cluster.ClusterMember;
import io.krill.core.keyspace.KeyTable;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.Numbers;
import io.krill.core.resp.RespEncoder;
import io.krill.gossip.ClusterErrors;
import io.krill.gossip.ClusterInfoText;
import io.krill.gossip.ClusterNodeInfo;
import io.krill.gossip.ClusterNodesText;
import io.krill.gossip.GossipConfig;
import io.krill.gossip.GossipState;
import io.krill.slots.HashSlot;

import java.io.IOException;

/**
 * CLUSTER and its subcommands, READONLY, READWRITE and ASKING (digest 3, 2.4), with Redis 7.0's argument checks,
 * reply shapes and error texts. The view-changing subcommands are decisions of the gossip state machine; this
 * class parses their arguments as Redis does, calls it, and drains its outbox before replying, so nodes.conf is
 * saved before the {@code +OK} goes out.
 * <p>
 * MYSHARDID is Redis 7.2's (7.0.15 answers "unknown subcommand"); Krill serves it, see {@code ShardIds} in gossip.
 */
final class ClusterCommands
{
    private static final CommandException DISABLED =
        new CommandException("ERR This instance has cluster support disabled");
    private static final CommandException INVALID_SLOT = new CommandException("ERR " + ClusterErrors.INVALID_SLOT);
    private static final CommandException INVALID_SLOT_NUMBER = new CommandException("ERR Invalid slot");
    private static final CommandException INVALID_SLOT_OR_KEYS =
        new CommandException("ERR Invalid slot or number of keys");

    private static final String[] HELP = {
        "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ADDSLOTS <slot> [<slot> ...]",
        "    Make this node the owner of the given free slots.",
        "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
        "    Like ADDSLOTS, for whole ranges (both ends included).",
        "BUMPEPOCH",
        "    Take a new config epoch without asking the cluster, if mine is not already the highest alone.",
        "COUNT-FAILURE-REPORTS <node-id>",
        "    How many masters currently report the node as failing.",
        "COUNTKEYSINSLOT <slot>",
        "    How many keys this node holds in the slot.",
        "DELSLOTS <slot> [<slot> ...]",
        "    Forget the owner of the given slots, in this node's view only.",
        "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
        "    Like DELSLOTS, for whole ranges (both ends included).",
        "FAILOVER [FORCE|TAKEOVER]",
        "    On a replica: become the master of its shard; FORCE without its master, TAKEOVER without a vote.",
        "FORGET <node-id>",
        "    Drop a node from this node's view, and ignore gossip about it for a minute.",
        "FLUSHSLOTS",
        "    Give up every slot of this node; it must hold no keys.",
        "GETKEYSINSLOT <slot> <count>",
        "    Up to <count> key names of the slot.",
        "INFO",
        "    State, slot counts, epochs and bus message counters.",
        "KEYSLOT <key>",
        "    The hash slot of the key.",
        "LINKS",
        "    The bus connections of this node, in both directions.",
        "MEET <ip> <port> [<bus-port>]",
        "    Start a handshake with the node at that address so that it joins this cluster.",
        "MYID",
        "    This node's id.",
        "MYSHARDID",
        "    This node's shard id (a replica shares its master's).",
        "NODES",
        "    Every known node, one line each, in the nodes.conf format.",
        "REPLICATE <node-id>",
        "    Become a replica of that master.",
        "RESET [HARD|SOFT]",
        "    Forget every other node and every slot; HARD also takes a new id and zero epochs.",
        "SET-CONFIG-EPOCH <epoch>",
        "    Set the config epoch of a node that knows no other node yet.",
        "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)",
        "    Open, cancel or close the move of a slot between masters.",
        "REPLICAS <node-id>",
        "    The replicas of that master, one nodes.conf line each.",
        "SAVECONFIG",
        "    Write nodes.conf now, and flush it to disk.",
        "SHARDS",
        "    Each master with its slot ranges and its replicas.",
        "SLOTS",
        "    Each range of slots with the addresses of its master and replicas.",
        "HELP",
        "    Print this help.",
    };

    private final NodeState node;

    ClusterCommands(final NodeState node)
    {
        this.node = node;
    }

    void register(final CommandTable table)
    {
        table.register("cluster|myid", (c, a, o) -> o.bulk(cluster().view().myself().id()));
        table.register("cluster|myshardid", (c, a, o) -> o.bulk(cluster().view().myself().shardIdText()));
        table.register("cluster|nodes", (c, a, o) -> o.verbatim(ClusterNodesText.render(cluster().view())));
        table.register("cluster|info", (c, a, o) -> o.verbatim(ClusterInfoText.render(cluster().view())));
        table.register("cluster|slots", (c, a, o) -> ClusterTopologyReplies.slots(node.config(), cluster(), o));
        table.register("cluster|shards", (c, a, o) -> ClusterTopologyReplies.shards(node.config(), cluster(), o));
        table.register("cluster|links", (c, a, o) -> ClusterTopologyReplies.links(cluster(), o));
        table.register("cluster|replicas", this::replicas);
        table.register("cluster|slaves", this::replicas);
        table.register("cluster|keyslot", this::keySlot);
        table.register("cluster|countkeysinslot", this::countKeysInSlot);
        table.register("cluster|getkeysinslot", this::getKeysInSlot);
        table.register("cluster|meet", this::meet);
        table.register("cluster|addslots", (c, a, o) -> slots(a, o, false));
        table.register("cluster|delslots", (c, a, o) -> slots(a, o, true));
        table.register("cluster|addslotsrange", (c, a, o) -> slotRanges(a, o, false));
        table.register("cluster|delslotsrange", (c, a, o) -> slotRanges(a, o, true));
        table.register("cluster|flushslots", (c, a, o) -> reply(o, gossip().flushSlots(nowMs())));
        table.register("cluster|setslot", this::setSlot);
        table.register("cluster|set-config-epoch", (c, a, o) ->
        {
            final long epoch = a.longValue(2);
            reply(o, gossip().setConfigEpoch(epoch, nowMs()));
        });
        table.register("cluster|bumpepoch", (c, a, o) -> o.simple(finished(gossip().bumpEpoch(nowMs()))));
        table.register("cluster|saveconfig", this::saveConfig);
        table.register("cluster|forget", (c, a, o) -> reply(o, gossip().forget(a.string(2), nowMs())));
        table.register("cluster|replicate", (c, a, o) -> reply(o, gossip().replicate(a.string(2), nowMs())));
        table.register("cluster|reset", this::reset);
        table.register("cluster|count-failure-reports", this::countFailureReports);
        table.register("cluster|failover", this::failover);
        table.register("cluster|help", (c, a, o) ->
        {
            cluster();
            ClientCommands.help(o, HELP);
        });
        table.register("readonly", (c, a, o) ->
        {
            cluster();
            c.readOnly(true);
            o.ok();
        });
        table.register("readwrite", (c, a, o) ->
        {
            cluster();
            c.readOnly(false);
            o.ok();
        });
        table.register("asking", (c, a, o) ->
        {
            cluster();
            c.asking(true);
            o.ok();
        });
    }

    private ClusterMember cluster()
    {
        final ClusterMember cluster = node.cluster();
        if (cluster == null)
        {
            throw DISABLED;
        }
        return cluster;
    }

    private GossipState gossip()
    {
        return cluster().gossip();
    }

    private long nowMs()
    {
        return node.nowMs();
    }

    /** Carries out what the command asked of the state machine (save first), then passes the reply text on. */
    private String finished(final String text)
    {
        cluster().drain();
        return text;
    }

    /** {@code +OK}, or the state machine's error text as an ERR reply. */
    private void reply(final RespEncoder out, final String error)
    {
        cluster().drain();
        if (error != null)
        {
            throw new CommandException("ERR " + error);
        }
        out.ok();
    }

    /** Redis's reply for a subcommand called with a number of arguments it does not take. */
    private static CommandException subcommandSyntax(final CommandArgs args)
    {
        return new CommandException("ERR unknown subcommand or wrong number of arguments for '" + args.string(1) +
            "'. Try CLUSTER HELP.");
    }

    private void keySlot(final Client client, final CommandArgs args, final RespEncoder out)
    {
        cluster();
        out.integer(HashSlot.slot(args.buffer(2), args.offset(2), args.length(2)));
    }

    private void countKeysInSlot(final Client client, final CommandArgs args, final RespEncoder out)
    {
        cluster();
        final long slot = args.longValue(2);
        if (slot < 0 || slot >= HashSlot.SLOT_COUNT)
        {
            throw INVALID_SLOT_NUMBER;
        }
        out.integer(node.keyspace().countKeysInSlot((int)slot));
    }

    private void getKeysInSlot(final Client client, final CommandArgs args, final RespEncoder out)
    {
        cluster();
        final long slot = args.longValue(2);
        final long maxKeys = args.longValue(3);
        if (slot < 0 || slot >= HashSlot.SLOT_COUNT || maxKeys < 0)
        {
            throw INVALID_SLOT_OR_KEYS;
        }
        final KeyTable table = node.keyspace().table((int)slot);
        final int count = table == null ? 0 : (int)Math.min(maxKeys, table.size());
        out.array(count);
        int bucket = 0;
        for (int i = 0; i < count; i++)
        {
            bucket = table.nextOccupied(bucket);
            out.bulk(table.keyAt(bucket));
            bucket++;
        }
    }

    /** MEET ip port [bus-port]: the bus port defaults to port + 10000; the address must be an IP literal. */
    private void meet(final Client client, final CommandArgs args, final RespEncoder out)
    {
        cluster();
        if (args.count() != 4 && args.count() != 5)
        {
            throw subcommandSyntax(args);
        }
        final long port = Numbers.parseLong(args.buffer(3), args.offset(3), args.length(3));
        if (port == Numbers.INVALID)
        {
            throw new CommandException("ERR " + ClusterErrors.invalidBasePort(args.string(3)));
        }
        long busPort = port + GossipConfig.BUS_PORT_OFFSET;
        if (args.count() == 5)
        {
            busPort = Numbers.parseLong(args.buffer(4), args.offset(4), args.length(4));
            if (busPort == Numbers.INVALID)
            {
                throw new CommandException("ERR " + ClusterErrors.invalidBusPort(args.string(4)));
            }
        }
        reply(out, gossip().meet(args.string(2), port, busPort, nowMs()));
    }

    /**
     * ADDSLOTS / DELSLOTS. A slot that is not an integer is passed on as -1, so the state machine reports
     * "Invalid or out of range slot" in its order of checks.
     */
    private void slots(final CommandArgs args, final RespEncoder out, final boolean delete)
    {
        cluster();
        final int count = args.count() - 2;
        final long[] slots = new long[count];
        for (int i = 0; i < count; i++)
        {
            slots[i] = slotNumber(args, i + 2);
        }
        final long nowMs = nowMs();
        reply(out, delete ? gossip().delSlots(slots, count, nowMs) : gossip().addSlots(slots, count, nowMs));
    }

    private void slotRanges(final CommandArgs args, final RespEncoder out, final boolean delete)
    {
        cluster();
        final int count = args.count() - 2;
        if (count % 2 != 0)
        {
            throw new CommandException("ERR " + ClusterErrors.wrongArity(delete ? "delslotsrange" : "addslotsrange"));
        }
        final long[] pairs = new long[count];
        for (int i = 0; i < count; i++)
        {
            pairs[i] = slotNumber(args, i + 2);
        }
        final long nowMs = nowMs();
        reply(out, delete ? gossip().delSlotsRange(pairs, count, nowMs) : gossip().addSlotsRange(pairs, count, nowMs));
    }

    /** The slot at {@code index}, or -1 if it is not an integer (then reported as an invalid slot). */
    private static long slotNumber(final CommandArgs args, final int index)
    {
        final long slot = Numbers.parseLong(args.buffer(index), args.offset(index), args.length(index));
        return slot == Numbers.INVALID ? -1 : slot;
    }

    /**
     * SETSLOT slot IMPORTING id | MIGRATING id | STABLE | NODE id. Checked in Redis's order: masters only, then
     * the slot, then the action and its argument count.
     */
    private void setSlot(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final GossipState gossip = gossip();
        if (gossip.view().myself().isReplica())
        {
            throw new CommandException("ERR " + ClusterErrors.SETSLOT_ONLY_MASTERS);
        }
        final long slot = slotNumber(args, 2);
        if (slot < 0 || slot >= HashSlot.SLOT_COUNT)
        {
            throw INVALID_SLOT;
        }
        final int argc = args.count();
        final long nowMs = nowMs();
        if (args.is(3, "migrating") && argc == 5)
        {
            reply(out, gossip.setSlotMigrating(slot, args.string(4), nowMs));
        }
        else if (args.is(3, "importing") && argc == 5)
        {
            reply(out, gossip.setSlotImporting(slot, args.string(4), nowMs));
        }
        else if (args.is(3, "stable") && argc == 4)
        {
            reply(out, gossip.setSlotStable(slot, nowMs));
        }
        else if (args.is(3, "node") && argc == 5)
        {
            reply(out, gossip.setSlotNode(slot, args.string(4), nowMs));
        }
        else
        {
            throw new CommandException("ERR " + ClusterErrors.SETSLOT_SYNTAX);
        }
    }

    private void saveConfig(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final ClusterMember cluster = cluster();
        cluster.drain();
        try
        {
            cluster.save(true);
        }
        catch (final IOException ex)
        {
            throw new CommandException("ERR error saving the cluster node config: " + ex.getMessage());
        }
        out.ok();
    }

    /** RESET [HARD|SOFT]: a replica drops its data first, as Redis empties the dataset of a reset replica. */
    private void reset(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final GossipState gossip = gossip();
        boolean hard = false;
        if (args.count() == 3)
        {
            if (args.is(2, "hard"))
            {
                hard = true;
            }
            else if (!args.is(2, "soft"))
            {
                throw CommandException.SYNTAX;
            }
        }
        else if (args.count() > 3)
        {
            throw subcommandSyntax(args);
        }
        if (gossip.view().myself().isReplica())
        {
            node.keyspace().clear();
        }
        reply(out, gossip.reset(hard, nowMs()));
    }

    private void countFailureReports(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final String id = args.string(2);
        final int reports = gossip().countFailureReports(id, nowMs());
        if (reports < 0)
        {
            throw new CommandException("ERR " + ClusterErrors.unknownNode(id));
        }
        out.integer(reports);
    }

    private void replicas(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final ClusterMember cluster = cluster();
        final String id = args.string(2);
        final ClusterNodeInfo master = cluster.view().node(id);
        if (master == null)
        {
            throw new CommandException("ERR " + ClusterErrors.unknownNode(id));
        }
        if (!master.isMaster())
        {
            throw new CommandException("ERR The specified node is not a master");
        }
        out.array(master.replicas().size());
        for (final ClusterNodeInfo replica : master.replicas())
        {
            out.bulk(ClusterNodesText.line(cluster.view(), replica));
        }
    }

    /**
     * FAILOVER [FORCE|TAKEOVER] (digest 7.4): the election runs in the gossip state machine; the reply is OK as soon
     * as it started (Redis's too), so the caller polls the role to see it finish.
     */
    private void failover(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final GossipState gossip = gossip();
        boolean force = false;
        boolean takeover = false;
        if (args.count() == 3)
        {
            if (args.is(2, "takeover"))
            {
                takeover = true;
                force = true;
            }
            else if (args.is(2, "force"))
            {
                force = true;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        else if (args.count() > 3)
        {
            throw subcommandSyntax(args);
        }
        reply(out, gossip.failover(force, takeover, nowMs()));
    }
}
