package io.krill.gossip;

import java.nio.charset.StandardCharsets;

import io.krill.slots.HashSlot;

/**
 * nodes.conf (digest 10.1): the CLUSTER NODES lines of every node except handshake nodes, then
 * {@code vars currentEpoch <n> lastVoteEpoch <n>}. Written as Redis 7.2 writes it, with the address field
 * {@code ip:port@cport,[hostname],tls-port=<n>,shard-id=<40 hex>} (the shard id is a 7.2 notion, see
 * {@link ShardIds}); read in both that format and Redis 7.0.15's ({@code ip:port@cport[,hostname]}, compare
 * {@code fixtures/bus/nodes-7600.conf}), where a master without a saved shard id gets a new one and a replica
 * takes its master's.
 * <p>
 * Pure functions over text: {@link #render} gives the file's content and {@link #parse} builds a view from it;
 * the atomic write (temp file, fsync, rename) and the file lock belong to core.
 */
public final class NodesConfigText
{
    private static final int MIN_FIELDS = 8;

    private NodesConfigText()
    {
    }

    public static String render(final ClusterView view)
    {
        return ClusterNodesText.renderNodesConf(view) +
            "vars currentEpoch " + view.currentEpoch + " lastVoteEpoch " + view.lastVoteEpoch + "\n";
    }

    /**
     * Loads a view with Redis's rules: blank lines skipped, {@code vars} anywhere, at least 8 fields per node
     * line, valid ids, a missing {@code @cport} means port + 10000, flags by name (an unknown one is fatal),
     * non-zero ping/pong fields become {@code nowMs}, a FAIL node failed at {@code nowMs}, a replica's saved
     * epoch ignored, slots and {@code [slot->-id]}/{@code [slot-<-id]} restored, and a {@code myself} line that
     * is a master or a replica of a known node required. currentEpoch is raised to the largest configEpoch.
     *
     * @throws NodesConfigException when any rule is broken.
     */
    public static ClusterView parse(final String text, final long nowMs)
    {
        final ClusterView view = new ClusterView();
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank())
            {
                continue;
            }
            final String[] fields = line.trim().split("\\s+");
            if (fields[0].equalsIgnoreCase("vars"))
            {
                parseVars(view, fields, i + 1);
            }
            else
            {
                parseNode(view, fields, i + 1, nowMs);
            }
        }
        checkMyself(view);
        view.currentEpoch = Math.max(view.currentEpoch, view.maxEpoch());
        return view;
    }

    private static void parseVars(final ClusterView view, final String[] fields, final int lineNumber)
    {
        for (int j = 1; j + 1 < fields.length; j += 2)
        {
            if (fields[j].equalsIgnoreCase("currentEpoch"))
            {
                view.currentEpoch = parseLong(fields[j + 1], lineNumber);
            }
            else if (fields[j].equalsIgnoreCase("lastVoteEpoch"))
            {
                view.lastVoteEpoch = parseLong(fields[j + 1], lineNumber);
            }
            // Redis skips unknown variables with a warning; so do we (silently: no logging in gossip).
        }
    }

    private static void parseNode(final ClusterView view, final String[] fields, final int lineNumber, final long nowMs)
    {
        if (fields.length < MIN_FIELDS)
        {
            throw new NodesConfigException(lineNumber, "a node line needs at least 8 fields");
        }
        final ClusterNodeInfo node = nodeFor(view, fields[0], lineNumber, nowMs);
        parseAddress(node, fields[1], lineNumber);
        parseFlags(view, node, fields[2], lineNumber, nowMs);
        if (!fields[3].equals("-"))
        {
            final ClusterNodeInfo master = nodeFor(view, fields[3], lineNumber, nowMs);
            node.master = master;
            view.addReplica(master, node);
        }
        node.pingSentMs = parseLong(fields[4], lineNumber) != 0 ? nowMs : 0;
        node.pongReceivedMs = parseLong(fields[5], lineNumber) != 0 ? nowMs : 0;
        final long epoch = parseLong(fields[6], lineNumber);
        node.configEpoch = node.isReplica() && node.master != null ? 0 : epoch;
        for (int j = 8; j < fields.length; j++)
        {
            parseSlotField(view, node, fields[j], lineNumber, nowMs);
        }
    }

    private static ClusterNodeInfo nodeFor(
        final ClusterView view, final String id, final int lineNumber, final long nowMs)
    {
        if (!isValidId(id))
        {
            throw new NodesConfigException(lineNumber, "invalid node id " + id);
        }
        ClusterNodeInfo node = view.node(id);
        if (node == null)
        {
            node = new ClusterNodeInfo(id.getBytes(StandardCharsets.US_ASCII), 0, nowMs);
            view.addNode(node);
        }
        return node;
    }

    /**
     * {@code ip:port[@cport][,hostname][,aux=value]*}; the last colon separates the port, so IPv6 addresses work.
     * Aux fields (7.2): {@code shard-id} and {@code tls-port} are read, {@code tcp-port} and {@code nodename}
     * accepted; any other is an error, as in Redis.
     */
    private static void parseAddress(final ClusterNodeInfo node, final String field, final int lineNumber)
    {
        final String[] parts = field.split(",", -1);
        final String address = parts[0];
        final String hostname = parts.length > 1 ? parts[1] : "";
        int pport = 0;
        for (int i = 2; i < parts.length; i++)
        {
            final int equals = parts[i].indexOf('=');
            if (equals < 0)
            {
                throw new NodesConfigException(lineNumber, "bad aux field " + parts[i]);
            }
            final String name = parts[i].substring(0, equals);
            final String value = parts[i].substring(equals + 1);
            switch (name)
            {
                case "shard-id":
                    if (!isValidId(value))
                    {
                        throw new NodesConfigException(lineNumber, "invalid shard id " + value);
                    }
                    System.arraycopy(value.getBytes(StandardCharsets.US_ASCII), 0, node.shardId, 0, NodeId.LENGTH);
                    break;
                case "tls-port":
                    pport = (int)parsePort(value, lineNumber);
                    break;
                case "tcp-port":
                case "nodename":
                    break;
                default:
                    throw new NodesConfigException(lineNumber, "unknown aux field " + name);
            }
        }
        final int colon = address.lastIndexOf(':');
        if (colon < 0)
        {
            throw new NodesConfigException(lineNumber, "address without port: " + field);
        }
        final String ip = address.substring(0, colon);
        final String ports = address.substring(colon + 1);
        final int at = ports.indexOf('@');
        final int port = (int)parsePort(at < 0 ? ports : ports.substring(0, at), lineNumber);
        final int cport = at < 0 ?
            port + GossipConfig.BUS_PORT_OFFSET : (int)parsePort(ports.substring(at + 1), lineNumber);
        node.address(ip, port, cport, pport);
        node.hostname(hostname);
    }

    /**
     * Shard ids a 7.0 file (or a hand-edited one) lacks: a master draws a new one; every replica takes its
     * master's, saved or not (Redis 7.2.4+ also lets the master win a disagreement).
     *
     * @return true if any id changed, so the file should be saved again.
     */
    static boolean completeShardIds(final ClusterView view, final RandomSource random)
    {
        boolean changed = false;
        final java.util.List<ClusterNodeInfo> nodes = view.nodes();
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (node.shardId[0] == 0 && (node.master == null || node.master.shardId[0] == 0))
            {
                final ClusterNodeInfo shardMaster = node.master == null ? node : node.master;
                NodeIdGenerator.fill(random, shardMaster.shardId);
                changed = true;
            }
        }
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (node.master != null && !java.util.Arrays.equals(node.shardId, node.master.shardId))
            {
                System.arraycopy(node.master.shardId, 0, node.shardId, 0, NodeId.LENGTH);
                changed = true;
            }
        }
        return changed;
    }

    private static void parseFlags(
        final ClusterView view, final ClusterNodeInfo node, final String field, final int lineNumber, final long nowMs)
    {
        for (final String name : field.split(",", -1))
        {
            final int bit = NodeFlags.parseName(name.toLowerCase(java.util.Locale.ROOT));
            if (bit < 0)
            {
                throw new NodesConfigException(lineNumber, "Unknown flag in redis cluster config file: " + name);
            }
            if (bit == NodeFlags.MYSELF)
            {
                if (view.myself != null && view.myself != node)
                {
                    throw new NodesConfigException(lineNumber, "two myself lines");
                }
                view.myself = node;
            }
            if (bit == NodeFlags.FAIL)
            {
                node.failTimeMs = nowMs;
            }
            node.flags |= bit;
        }
    }

    private static void parseSlotField(
        final ClusterView view, final ClusterNodeInfo node, final String field, final int lineNumber, final long nowMs)
    {
        if (field.startsWith("["))
        {
            parseMigration(view, field, lineNumber, nowMs);
            return;
        }
        final int dash = field.indexOf('-');
        final int start = parseSlot(dash < 0 ? field : field.substring(0, dash), lineNumber);
        final int end = dash < 0 ? start : parseSlot(field.substring(dash + 1), lineNumber);
        for (int slot = start; slot <= end; slot++)
        {
            view.delSlot(slot);
            view.addSlot(node, slot);
        }
    }

    /**
     * {@code [slot->-id]} migrating to, {@code [slot-<-id]} importing from.
     */
    private static void parseMigration(
        final ClusterView view, final String field, final int lineNumber, final long nowMs)
    {
        final int dash = field.indexOf('-');
        if (dash < 0 || !field.endsWith("]") || field.length() < dash + 3 + NodeId.LENGTH + 1)
        {
            throw new NodesConfigException(lineNumber, "bad migration field " + field);
        }
        final int slot = parseSlot(field.substring(1, dash), lineNumber);
        final char direction = field.charAt(dash + 1);
        final ClusterNodeInfo other = nodeFor(view, field.substring(dash + 3, field.length() - 1), lineNumber, nowMs);
        if (direction == '>')
        {
            view.slots.setMigrating(slot, other);
        }
        else if (direction == '<')
        {
            view.slots.setImporting(slot, other);
        }
        else
        {
            throw new NodesConfigException(lineNumber, "bad migration field " + field);
        }
    }

    private static void checkMyself(final ClusterView view)
    {
        final ClusterNodeInfo myself = view.myself;
        if (myself == null)
        {
            throw new NodesConfigException(0, "no myself line");
        }
        if (!myself.isMaster() && !myself.isReplica())
        {
            throw new NodesConfigException(0, "myself is neither master nor replica");
        }
        if (myself.isReplica() && myself.master == null)
        {
            throw new NodesConfigException(0, "myself is a replica of an unknown master");
        }
    }

    private static boolean isValidId(final String id)
    {
        if (id.length() != NodeId.LENGTH)
        {
            return false;
        }
        for (int i = 0; i < id.length(); i++)
        {
            final char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            {
                return false;
            }
        }
        return true;
    }

    private static int parseSlot(final String text, final int lineNumber)
    {
        final long slot = parseLong(text, lineNumber);
        if (slot < 0 || slot >= HashSlot.SLOT_COUNT)
        {
            throw new NodesConfigException(lineNumber, "slot out of range: " + text);
        }
        return (int)slot;
    }

    private static long parsePort(final String text, final int lineNumber)
    {
        final long port = parseLong(text, lineNumber);
        if (port < 0 || port > 0xFFFF)
        {
            throw new NodesConfigException(lineNumber, "port out of range: " + text);
        }
        return port;
    }

    private static long parseLong(final String text, final int lineNumber)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new NodesConfigException(lineNumber, "not a number: " + text);
        }
    }
}
