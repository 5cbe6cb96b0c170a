package io.krill.gossip;

/**
 * The 100 ms timers (digest 5.8; Redis's clusterCron). Per tick:
 * <ol>
 *   <li>reconnect every node that has an address but no outbound link, and delete handshake nodes older than
 *   max(node timeout, 1 s) (a MEET that never got a PONG);</li>
 *   <li>every 10th tick, sample 5 random nodes and PING the one with the oldest pong, so that over time every
 *   node is pinged even in large clusters;</li>
 *   <li>for each node: drop a link that has been silent for half the node timeout while a ping is
 *   outstanding (the TCP connection may be dead while the node is fine; a fresh link tells); PING a node
 *   whose last pong is older than the ping interval; mark PFAIL on timeout;</li>
 *   <li>then elections, manual failover and replica migration ({@link FailoverElection}) and, if anything
 *   changed or the cluster is failed, the state.</li>
 * </ol>
 */
final class ClusterCron
{
    /** Redis's cron runs at 10 Hz; callers should call {@link GossipState#onTick} at this period. */
    static final long TICK_INTERVAL_MS = 100;
    /** The random-sample ping runs every this many ticks (about once a second). */
    static final int RANDOM_PING_TICKS = 10;
    static final int RANDOM_PING_SAMPLES = 5;
    static final long MIN_HANDSHAKE_TIMEOUT_MS = 1000;
    /**
     * Up to this many known nodes, a tick after which nodes joined my view sends a PONG to everyone. Bigger
     * clusters rely on the random pings alone, as Redis does: a broadcast per join costs O(nodes) messages.
     */
    static final int SPREAD_JOINS_MAX_NODES = 64;

    private final GossipContext context;
    private final FailureDetector failures;
    private final FailoverElection election;
    private long iteration;
    /** The announced IP myself last took, to notice when it is set, changed or removed. */
    private String appliedAnnouncedIp;

    ClusterCron(final GossipContext context, final FailureDetector failures, final FailoverElection election)
    {
        this.context = context;
        this.failures = failures;
        this.election = election;
    }

    void onTick(final long nowMs)
    {
        iteration++;
        refreshMyself();
        reconnect(nowMs);
        if (iteration % RANDOM_PING_TICKS == 0)
        {
            pingOldestOfSample(nowMs);
        }
        checkNodes(nowMs);
        spreadJoins(nowMs);
        election.onTick(nowMs);
        if (!context.view.stateOk)
        {
            context.pending.updateState();
        }
    }

    /**
     * Announced hostname, IP, ports and NOFAILOVER follow the configuration (Redis's clusterUpdateMyselfFlags,
     * clusterUpdateMyselfHostname and the announced-IP refresh of clusterCron).
     */
    private void refreshMyself()
    {
        final ClusterNodeInfo myself = context.view.myself;
        final GossipConfig config = context.config;
        if (!config.hostname().equals(myself.hostname))
        {
            myself.hostname(config.hostname());
            context.pending.save();
        }
        final int nofailover = config.replicaNoFailover() ? NodeFlags.NOFAILOVER : 0;
        if ((myself.flags & NodeFlags.NOFAILOVER) != nofailover)
        {
            myself.flags = (myself.flags & ~NodeFlags.NOFAILOVER) | nofailover;
            context.pending.save();
        }
        final String announcedIp = config.announcedIp();
        if (announcedIp != null ? !announcedIp.equals(appliedAnnouncedIp) : appliedAnnouncedIp != null)
        {
            // Redis's clusterCron: an announced IP is myself's IP; removing it forces autodetection from MEETs
            appliedAnnouncedIp = announcedIp;
            myself.address(announcedIp != null ? announcedIp : "", myself.port, myself.cport, myself.pport);
            context.pending.save();
        }
        if (myself.port != config.port() || myself.cport != config.cport() || myself.pport != config.pport())
        {
            myself.address(myself.ip, config.port(), config.cport(), config.pport());
            context.pending.save();
        }
    }

    /**
     * BACKGROUND: a node learns its peers only from the gossip entries of the heartbeats it receives, three or so
     * random nodes each, and outside handshakes a node hears from a given peer about once a second at random
     * (or every half node timeout). So a new cluster, where every node has met only the first one, takes a few
     * seconds to agree on who owns which slot, in Redis too. BEHAVIOR: when nodes joined my view during the last
     * tick, I send one PONG to every node I know (at most one broadcast per tick) whose gossip section names every
     * node I know, not a random few, so the news travels in one round trip and each receiver that learns a
     * stranger from it does the same.
     */
    private void spreadJoins(final long nowMs)
    {
        if (!context.membersJoined)
        {
            return;
        }
        context.membersJoined = false;
        if (context.view.directory.size() <= SPREAD_JOINS_MAX_NODES)
        {
            context.messages.broadcastPong(false, true, nowMs);
        }
    }

    private void reconnect(final long nowMs)
    {
        final long handshakeTimeoutMs = Math.max(context.nodeTimeoutMs(), MIN_HANDSHAKE_TIMEOUT_MS);
        final NodeDirectory nodes = context.view.directory;
        for (int i = nodes.size() - 1; i >= 0; i--)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (node.hasFlag(NodeFlags.MYSELF | NodeFlags.NOADDR))
            {
                continue;
            }
            if (node.inHandshake() && nowMs - node.createdMs > handshakeTimeoutMs)
            {
                context.deleteNode(node);
                continue;
            }
            if (node.outboundLink == null)
            {
                final BusLink link = context.links.openOutbound(node, nowMs);
                context.outbox.connect(link.id, node.ip, node.cport);
            }
        }
    }

    private void pingOldestOfSample(final long nowMs)
    {
        final NodeDirectory nodes = context.view.directory;
        ClusterNodeInfo oldest = null;
        for (int i = 0; i < RANDOM_PING_SAMPLES; i++)
        {
            final ClusterNodeInfo node = nodes.get(context.random.nextInt(nodes.size()));
            if (node.outboundLink == null || node.pingSentMs != 0 ||
                node.hasFlag(NodeFlags.MYSELF | NodeFlags.HANDSHAKE))
            {
                continue;
            }
            if (oldest == null || node.pongReceivedMs < oldest.pongReceivedMs)
            {
                oldest = node;
            }
        }
        if (oldest != null)
        {
            context.messages.sendHeartbeat(oldest.outboundLink, BusMessageType.PING, nowMs);
        }
    }

    private void checkNodes(final long nowMs)
    {
        final NodeDirectory nodes = context.view.directory;
        final long halfTimeoutMs = context.nodeTimeoutMs() / 2;
        final ClusterNodeInfo manualFailoverReplica = election.manualFailoverReplica();
        for (int i = 0; i < nodes.size(); i++)
        {
            final ClusterNodeInfo node = nodes.get(i);
            if (node.hasFlag(NodeFlags.MYSELF | NodeFlags.NOADDR | NodeFlags.HANDSHAKE))
            {
                continue;
            }
            if (node == manualFailoverReplica && node.outboundLink != null)
            {
                // a paused master pings the replica that asked every tick, so it sees my final offset at once
                context.messages.sendHeartbeat(node.outboundLink, BusMessageType.PING, nowMs);
                continue;
            }
            final BusLink link = node.outboundLink;
            if (link != null && nowMs - link.createdMs > context.nodeTimeoutMs() && node.pingSentMs != 0 &&
                nowMs - node.pingSentMs > halfTimeoutMs && nowMs - node.dataReceivedMs > halfTimeoutMs)
            {
                context.closeLink(link);
            }
            if (node.outboundLink != null && node.pingSentMs == 0 &&
                nowMs - node.pongReceivedMs > context.config.pingIntervalMs())
            {
                context.messages.sendHeartbeat(node.outboundLink, BusMessageType.PING, nowMs);
                continue;
            }
            if (node.pingSentMs != 0)
            {
                failures.checkTimeout(node, nowMs);
            }
        }
    }
}
