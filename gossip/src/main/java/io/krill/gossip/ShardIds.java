package io.krill.gossip;

import org.agrona.DirectBuffer;

/**
 * Shard ids (Redis 7.2's CLUSTER MYSHARDID): each master has a random 40-hex shard id; its replicas share it; a
 * promoted replica keeps it, so the shard keeps its id across failovers; CLUSTER RESET HARD draws a new one.
 * Every node record carries one, saved in nodes.conf as the {@code shard-id=} aux field.
 * <p>
 * HOW A REPLICA LEARNS ITS MASTER'S SHARD ID. Redis 7.2 puts a SHARDID ping extension (type 3) in every PING and
 * PONG to peers that set the EXT_DATA flag. Krill does not do that by default, for two reasons:
 * <ul>
 *   <li>Redis 7.0 (clusterProcessPingExt) logs "Received unknown extension type 3" at WARNING level for every
 *   such packet, so a mixed cluster would fill the 7.0 nodes' logs (a 7.0 node with an announced hostname sets
 *   EXT_DATA, so that flag alone does not tell a 7.0 peer from a 7.2 one);</li>
 *   <li>Krill's heartbeats stay byte-for-byte those of Redis 7.0.15 (the golden bus tests).</li>
 * </ul>
 * Instead, a Krill master tells each replica its shard id in a MODULE message (type 9), the bus's own
 * extension point: module id {@link #MODULE_ID}, module message type {@link #MODULE_TYPE_SHARD_ID}, payload the
 * 40-byte shard id. A Redis node without a module of that id drops it silently (moduleCallClusterReceivers finds
 * no receiver; only its {@code cluster_stats_messages_module_received} counter moves). The master sends it when
 * it first sees a node as its replica and whenever its outbound link to a replica connects (a restart, a
 * reconnect), so a lost message is repaired by the next reconnection. A replica adopts the id only from its own
 * master.
 * <p>
 * For Redis 7.2+ peers the SHARDID extension is read when it arrives, and Krill answers with its own SHARDID
 * extension only to a peer that has sent one (7.0 never does). A replica sending no SHARDID follows its
 * master's shard id, as in 7.2.
 */
final class ShardIds
{
    /**
     * Redis derives a module's 64-bit id from its 9-character name (6 bits per character from
     * {@code A-Z a-z 0-9 - _}, then a 10-bit encoding version); this is the id of the name {@code krill-bus},
     * version 0, so it cannot collide with a module of another name.
     */
    static final long MODULE_ID = 0x92b8a597e6eeb000L;
    /** The module message type carrying a master's shard id to its replica. */
    static final int MODULE_TYPE_SHARD_ID = 1;

    private final GossipContext context;
    private final ModuleCodec module = new ModuleCodec();

    ShardIds(final GossipContext context)
    {
        this.context = context;
    }

    /**
     * A MODULE message from a known node: adopt the shard id if it is Krill's shard-id message from my master.
     * Anything else is some module's business, and Krill runs none.
     */
    void onModuleMessage(final ClusterNodeInfo sender, final BusHeaderCodec header)
    {
        module.wrap(header);
        // Redis sends the id in the sender's native (little-endian) byte order; the codec reads big-endian
        if (Long.reverseBytes(module.moduleId()) != MODULE_ID || module.moduleType() != MODULE_TYPE_SHARD_ID ||
            module.payloadLength() != NodeId.LENGTH || context.view.myself.master != sender)
        {
            return;
        }
        update(sender, header.buffer(), module.payloadIndex());
    }

    /**
     * The SHARDID extension of a heartbeat ({@code index} of the 40 bytes), or -1 when there was none: then a
     * replica sender follows its master's shard id (Redis 7.2's clusterProcessPingExt).
     */
    void onHeartbeat(final ClusterNodeInfo sender, final DirectBuffer buffer, final int index)
    {
        if (index >= 0)
        {
            sender.sendsShardIdExtension = true;
            update(sender, buffer, index);
        }
        else if (sender.isReplica() && sender.master != null)
        {
            follow(sender, sender.master);
        }
    }

    /**
     * {@code replica} now replicates {@code master}: it shares the master's shard id, and if the master is
     * myself it is told so.
     */
    void onNewReplica(final ClusterNodeInfo replica, final ClusterNodeInfo master)
    {
        follow(replica, master);
        if (master == context.view.myself)
        {
            context.messages.sendShardId(replica);
        }
    }

    /**
     * Redis 7.2's updateShardId: record the node's shard id; if it is my master's, it is mine too.
     */
    private void update(final ClusterNodeInfo node, final DirectBuffer buffer, final int index)
    {
        // the characters of a node id, so nodes.conf stays loadable whatever a peer sent
        if (!NodeId.isValid(buffer, index))
        {
            return;
        }
        if (!equal(node.shardId, buffer, index))
        {
            buffer.getBytes(index, node.shardId, 0, NodeId.LENGTH);
            context.pending.save();
        }
        final ClusterNodeInfo myself = context.view.myself;
        if (node != myself && myself.master == node && !equal(myself.shardId, buffer, index))
        {
            buffer.getBytes(index, myself.shardId, 0, NodeId.LENGTH);
            context.pending.saveAndFsync();
        }
    }

    private void follow(final ClusterNodeInfo replica, final ClusterNodeInfo master)
    {
        if (!java.util.Arrays.equals(replica.shardId, master.shardId))
        {
            System.arraycopy(master.shardId, 0, replica.shardId, 0, NodeId.LENGTH);
            context.pending.save();
        }
    }

    private static boolean equal(final byte[] shardId, final DirectBuffer buffer, final int index)
    {
        for (int i = 0; i < NodeId.LENGTH; i++)
        {
            if (shardId[i] != buffer.getByte(index + i))
            {
                return false;
            }
        }
        return true;
    }
}
