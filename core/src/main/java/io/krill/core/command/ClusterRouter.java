package io.krill.core.command;

import io.krill.core.cluster.ClusterMember;
import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.RespEncoder;
import io.krill.gossip.ClusterNodeInfo;
import io.krill.gossip.ClusterView;
import io.krill.slots.HashSlot;

/**
 * Decides, before a command runs on a cluster node, whether this node serves it or the client must go elsewhere
 * (digest 2.3, Redis's getNodeByQuery): CROSSSLOT, MOVED, ASK, TRYAGAIN, the CLUSTERDOWN variants, reads on a
 * replica for READONLY clients, and READONLY for keyless writes on a replica.
 * <p>
 * BEHAVIOR: the keys come from the command's key positions (Redis's first/last/step metadata, or
 * {@link MovableKeys} for commands whose keys depend on their arguments). The first key fixes the slot and its
 * owner; an unowned slot is {@code Hash slot not served} even when the whole cluster is down, since that check
 * comes first in Redis. Only while a slot is migrating (from myself) or importing are keys looked up, without
 * side effects: an expired key counts as missing but is not deleted.
 * <p>
 * The path of a command on a stable local slot reads only arrays (the key's bytes, the slot table) and allocates
 * nothing; the error replies of redirects allocate their text.
 * <p>
 * Not thread safe: the node's agent thread.
 */
final class ClusterRouter
{
    private static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
    private static final String TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot";
    private static final String DOWN = "CLUSTERDOWN The cluster is down";
    private static final String DOWN_READ_ONLY = "CLUSTERDOWN The cluster is down and only accepts read commands";
    private static final String UNBOUND = "CLUSTERDOWN Hash slot not served";
    private static final String READONLY_REPLICA = "READONLY You can't write against a read only replica.";

    private final NodeState node;
    private final Keyspace keyspace;
    private int[] keyIndexes = new int[16];
    /** The slot of the keys of the command last routed, -1 if it had none. */
    private int lastSlot = -1;

    ClusterRouter(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    /**
     * @return true if this node runs the command; false if an error reply (redirect or refusal) was written.
     */
    boolean serveLocally(final Client client, final CommandSpec spec, final CommandArgs args, final RespEncoder out)
    {
        final ClusterMember cluster = node.cluster();
        if (cluster == null)
        {
            return true;
        }
        final int keyCount = keyIndexes(spec, args);
        lastSlot = keyCount == 0 ? -1 : HashSlot.slot(args.buffer(keyIndexes[0]), args.offset(keyIndexes[0]),
            args.length(keyIndexes[0]));
        final ClusterView view = cluster.view();
        if (keyCount == 0)
        {
            return serveKeyless(view, spec, out);
        }
        int slot = -1;
        ClusterNodeInfo owner = null;
        boolean migrating = false;
        boolean importing = false;
        boolean multipleKeys = false;
        int missing = 0;
        int existing = 0;
        final boolean shardedPubSub = spec.has(CommandSpec.PUBSUB);
        final int[] indexes = keyIndexes;
        for (int k = 0; k < keyCount; k++)
        {
            final int index = indexes[k];
            final byte[] buffer = args.buffer(index);
            final int offset = args.offset(index);
            final int length = args.length(index);
            final int keySlot = HashSlot.slot(buffer, offset, length);
            if (k == 0)
            {
                slot = keySlot;
                owner = view.slotOwner(slot);
                if (owner == null)
                {
                    return refuse(out, UNBOUND);
                }
                if (owner == view.myself() && view.migratingTo(slot) != null)
                {
                    migrating = true;
                }
                else if (view.importingFrom(slot) != null)
                {
                    importing = true;
                }
            }
            else
            {
                if (keySlot != slot)
                {
                    return refuse(out, CROSSSLOT);
                }
                if (importing && !multipleKeys && !sameBytes(args, indexes[0], index))
                {
                    multipleKeys = true;
                }
            }
            if ((migrating || importing) && !shardedPubSub)
            {
                if (exists(slot, buffer, offset, length))
                {
                    existing++;
                }
                else
                {
                    missing++;
                }
            }
        }
        final boolean write = spec.has(CommandSpec.WRITE);
        if (!view.isStateOk())
        {
            if (shardedPubSub ? !node.config().clusterAllowPubsubshardWhenDown() :
                !node.config().clusterAllowReadsWhenDown())
            {
                return refuse(out, DOWN);
            }
            if (!shardedPubSub && write)
            {
                return refuse(out, DOWN_READ_ONLY);
            }
        }
        if ((migrating || importing) && "migrate".equals(spec.fullName()))
        {
            // keys move freely between the two nodes of an open slot, whichever holds them (digest 2.3 rule 4)
            return true;
        }
        if (migrating && missing > 0)
        {
            return existing > 0 ? refuse(out, TRYAGAIN) : redirect(out, "ASK ", slot, view.migratingTo(slot));
        }
        if (importing && (client.asking() || spec.has(CommandSpec.ASKING)))
        {
            return multipleKeys && missing > 0 ? refuse(out, TRYAGAIN) : true;
        }
        final ClusterNodeInfo myself = view.myself();
        if ((client.readOnly() || shardedPubSub) && !write && myself.isReplica() && myself.master() == owner)
        {
            return true;
        }
        return owner == myself || redirect(out, "MOVED ", slot, owner);
    }

    /** The slot of the keys of the command {@link #serveLocally} last looked at, -1 if it had no key. */
    int lastSlot()
    {
        return lastSlot;
    }

    /** Writes (and counts) the CROSSSLOT error: a transaction's commands are in different slots. */
    void crossSlot(final RespEncoder out)
    {
        refuse(out, CROSSSLOT);
    }

    /**
     * For a client parked by a blocking command on {@code key}: the error that sends it elsewhere now, or null to
     * keep waiting. The cluster is down: CLUSTERDOWN (even with reads allowed when down, since only a write could
     * wake it). The slot moved to another master and is not being imported here: MOVED, or CLUSTERDOWN if it has
     * no owner.
     */
    String blockedClientError(final Client client, final CommandSpec spec, final byte[] key)
    {
        final ClusterMember cluster = node.cluster();
        if (cluster == null)
        {
            return null;
        }
        final ClusterView view = cluster.view();
        final String error;
        if (!view.isStateOk())
        {
            error = DOWN;
        }
        else
        {
            final int slot = HashSlot.slot(key);
            final ClusterNodeInfo owner = view.slotOwner(slot);
            final ClusterNodeInfo myself = view.myself();
            final boolean replicaRead = client.readOnly() && !spec.has(CommandSpec.WRITE) && myself.isReplica() &&
                myself.master() == owner;
            if (owner == myself || replicaRead || view.importingFrom(slot) != null)
            {
                return null;
            }
            error = owner == null ? UNBOUND : "MOVED " + slot + " " + ClusterEndpoints.endpoint(node.config(), owner) +
                ":" + owner.port();
        }
        node.errorReplied(error);
        return error;
    }

    /**
     * A keyless command runs here, but a replica refuses keyless writes (Redis checks this for any command of a
     * replica; keyed writes were already sent to the master by MOVED).
     */
    private boolean serveKeyless(final ClusterView view, final CommandSpec spec, final RespEncoder out)
    {
        if (spec.has(CommandSpec.WRITE) && view.myself().isReplica())
        {
            return refuse(out, READONLY_REPLICA);
        }
        return true;
    }

    /**
     * Fills {@link #keyIndexes} with the argument positions of the command's keys.
     *
     * @return how many.
     */
    private int keyIndexes(final CommandSpec spec, final CommandArgs args)
    {
        if (spec.has(CommandSpec.MOVABLEKEYS))
        {
            final int bound = args.count();
            if (keyIndexes.length < bound)
            {
                keyIndexes = new int[Math.max(bound, keyIndexes.length * 2)];
            }
            return MovableKeys.find(spec.fullName(), args, keyIndexes);
        }
        if (spec.firstKey() <= 0)
        {
            return 0;
        }
        final int argc = args.count();
        final int last = spec.lastKey() < 0 ? argc + spec.lastKey() : Math.min(spec.lastKey(), argc - 1);
        final int step = Math.max(1, spec.keyStep());
        int count = 0;
        for (int i = spec.firstKey(); i <= last; i += step)
        {
            if (count == keyIndexes.length)
            {
                final int[] grown = new int[keyIndexes.length * 2];
                System.arraycopy(keyIndexes, 0, grown, 0, count);
                keyIndexes = grown;
            }
            keyIndexes[count++] = i;
        }
        return count;
    }

    /** A key lookup with no side effect: no expiry deletion, no hit/miss statistics, no notification. */
    private boolean exists(final int slot, final byte[] key, final int offset, final int length)
    {
        final KeyTable table = keyspace.table(slot);
        if (table == null)
        {
            return false;
        }
        final int index = table.find(key, offset, length);
        if (index < 0)
        {
            return false;
        }
        final long expiresAtMs = table.expiryAt(index);
        return expiresAtMs == KeyTable.NO_EXPIRY || expiresAtMs > keyspace.nowMs();
    }

    private static boolean sameBytes(final CommandArgs args, final int first, final int second)
    {
        final int length = args.length(first);
        if (args.length(second) != length)
        {
            return false;
        }
        final byte[] a = args.buffer(first);
        final byte[] b = args.buffer(second);
        final int aOffset = args.offset(first);
        final int bOffset = args.offset(second);
        for (int i = 0; i < length; i++)
        {
            if (a[aOffset + i] != b[bOffset + i])
            {
                return false;
            }
        }
        return true;
    }

    private boolean refuse(final RespEncoder out, final String message)
    {
        out.error(message);
        node.errorReplied(message);
        return false;
    }

    /** {@code MOVED <slot> <endpoint>:<port>} or the same with ASK (endpoint per cluster-preferred-endpoint-type). */
    private boolean redirect(final RespEncoder out, final String kind, final int slot, final ClusterNodeInfo target)
    {
        final String message = kind + slot + " " + ClusterEndpoints.endpoint(node.config(), target) + ":" +
            target.port();
        return refuse(out, message);
    }
}
