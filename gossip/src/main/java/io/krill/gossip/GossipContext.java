package io.krill.gossip;

/**
 * The parts one node's gossip rules share: the view, the settings, the outbox, the links, the message
 * builder, the deferred work, the injected randomness and the keyspace probe. One per {@link GossipState};
 * each rule class holds it instead of a long constructor list.
 */
final class GossipContext
{
    final ClusterView view;
    final GossipConfig config;
    final Outbox outbox;
    final RandomSource random;
    final LocalKeys keys;
    final LinkTable links = new LinkTable();
    final PendingWork pending = new PendingWork();
    /**
     * A node joined my view (a handshake completed, or gossip vouched for a stranger) since the last tick; the
     * cron then tells everyone at once (see {@link ClusterCron}).
     */
    boolean membersJoined;
    final BusMessages messages;
    final ShardIds shardIds;
    final ManualFailover manualFailover;
    /** Where the replication offset and the data age come from (see {@link GossipState#replicationProgress}). */
    ReplicationProgress replication;

    GossipContext(
        final ClusterView view,
        final GossipConfig config,
        final Outbox outbox,
        final RandomSource random,
        final LocalKeys keys)
    {
        this.view = view;
        this.config = config;
        this.outbox = outbox;
        this.random = random;
        this.keys = keys;
        this.messages = new BusMessages(view, config, outbox, random);
        this.shardIds = new ShardIds(this);
        this.manualFailover = new ManualFailover(outbox, messages);
    }

    long nodeTimeoutMs()
    {
        return config.nodeTimeoutMs();
    }

    /**
     * Closes a link this node decided to drop; the caller gets a CLOSE and no callback is expected.
     */
    void closeLink(final BusLink link)
    {
        if (link != null)
        {
            links.remove(link);
            outbox.close(link.id);
        }
    }

    /**
     * Removes a node and everything pointing at it, and closes its links (Redis's clusterDelNode).
     */
    void deleteNode(final ClusterNodeInfo node)
    {
        closeLink(node.outboundLink);
        closeLink(node.inboundLink);
        view.removeNode(node);
    }

    /**
     * Creates and registers a node with a fresh random id (a handshake node, or myself at first start).
     */
    ClusterNodeInfo createNode(final int flags, final long nowMs)
    {
        byte[] id = NodeIdGenerator.next(random);
        while (view.directory.find(id, 0) != null)
        {
            id = NodeIdGenerator.next(random);
        }
        final ClusterNodeInfo node = new ClusterNodeInfo(id, flags, nowMs);
        NodeIdGenerator.fill(random, node.shardId);
        view.addNode(node);
        return node;
    }
}
