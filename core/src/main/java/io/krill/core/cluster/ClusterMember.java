package io.krill.core.cluster;

import io.krill.core.command.Replication;
import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.Keyspace;
import io.krill.gossip.BusMessageType;
import io.krill.gossip.BusVerdict;
import io.krill.gossip.ClusterNodeInfo;
import io.krill.gossip.ClusterView;
import io.krill.gossip.GossipConfig;
import io.krill.gossip.GossipState;
import io.krill.gossip.LocalKeys;
import io.krill.gossip.MalformedPacketCounter;
import io.krill.gossip.NodesConfigException;
import io.krill.gossip.NodesConfigText;
import io.krill.gossip.Outbox;
import io.krill.gossip.PublishCodec;
import io.krill.gossip.SplittableRandomSource;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayDeque;

/**
 * A node's membership in a Redis Cluster: the gossip state machine, its nodes.conf and its bus transport, wired
 * together on the node's agent thread.
 * <p>
 * BEHAVIOR: every input to {@link GossipState} (a bus message, a link event, the 100 ms tick, a CLUSTER command)
 * is followed by a drain of its {@link Outbox}: nodes.conf is written first (with fsync when asked), as Redis
 * saves before the replies of an event-loop turn go out, then sends, connects and closes reach the transport and
 * events reach the keyspace. The transport may report a link event while the drain is talking to it (a connect
 * that completes or fails at once, a send that overflows a queue); such events wait in a small queue until the
 * current drain has finished, so the outbox is never appended to while it is being walked.
 * <p>
 * Link ids: the state machine names its links and so does the transport; this class keeps the two-way map.
 * <p>
 * Not thread safe: the node's agent thread calls everything, including the commands.
 */
public final class ClusterMember implements AutoCloseable
{
    /** Redis's clusterCron period; {@link GossipState#onTick} expects to be called at this rate. */
    public static final long TICK_INTERVAL_MS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
    private static final long NO_LINK = -1;
    private static final int CONNECTED = 1;
    private static final int ACCEPTED = 2;
    private static final int CLOSED = 3;

    private final ServerConfig config;
    private final Keyspace keyspace;
    private final NodesConfFile file;
    private final HybridBusTransport transport;
    private final GossipConfig gossipConfig = new GossipConfig();
    private final Long2LongHashMap transportToGossip = new Long2LongHashMap(NO_LINK);
    private final Long2LongHashMap gossipToTransport = new Long2LongHashMap(NO_LINK);
    private final Long2LongHashMap linkCreatedMs = new Long2LongHashMap(0);
    private final ArrayDeque<LinkEvent> deferred = new ArrayDeque<>();
    private final PublishCodec receivedPublish = new PublishCodec();
    private final ReplicationStatus replicationStatus = new ReplicationStatus();
    private PublishReceiver publishReceiver = (shard, buffer, channelOffset, channelLength, messageOffset,
        messageLength) -> { };
    private final int clientPort;
    private Replication replication;
    private GossipState gossip;
    private int busPort;
    private long nextTickMs;
    private boolean draining;
    private String failure;

    private ClusterMember(
        final ServerConfig config, final Keyspace keyspace, final NodesConfFile file, final Selector selector,
        final int clientPort)
    {
        this.config = config;
        this.keyspace = keyspace;
        this.file = file;
        this.clientPort = clientPort;
        this.transport = new HybridBusTransport(HybridBusTransport.Mode.of(config.clusterBusTransport()),
            InJvmBus.shared(), selector, new TransportEvents(), config.clusterLinkSendbufLimitBytes(),
            config.clusterBusInboxSizeBytes());
    }

    /**
     * Locks and loads nodes.conf ({@code cluster-config-file} in {@code dir}; a missing or empty file makes a new
     * node), binds the cluster bus on {@code cluster-port} (0: the client port + 10000, or a free port when the
     * client port was chosen by the system) at the client bind addresses, and writes nodes.conf if the state
     * machine asks (a new node always does).
     *
     * @param clientPort the bound client port.
     * @throws IOException if the file is locked by another node or corrupted, or the bus port cannot be bound.
     */
    public static ClusterMember open(
        final ServerConfig config, final Keyspace keyspace, final Selector selector, final int clientPort,
        final long nowMs) throws IOException
    {
        final NodesConfFile file = new NodesConfFile(config.resolve(config.clusterConfigFile()));
        file.lock();
        ClusterMember member = null;
        try
        {
            member = new ClusterMember(config, keyspace, file, selector, clientPort);
            member.busPort = member.transport.bind(config.bind(), busPortToBind(config, clientPort));
            member.start(file.read(), nowMs);
            return member;
        }
        catch (final IOException | RuntimeException ex)
        {
            if (member != null)
            {
                member.transport.close();
            }
            file.close();
            throw ex;
        }
    }

    private static int busPortToBind(final ServerConfig config, final int clientPort) throws IOException
    {
        if (config.clusterPort() != 0)
        {
            return config.clusterPort();
        }
        if (config.port() == 0)
        {
            // the client port was "any free port": the bus takes any free port too, and announces it
            return 0;
        }
        final int port = clientPort + GossipConfig.BUS_PORT_OFFSET;
        if (port > 0xFFFF)
        {
            throw new IOException("The cluster bus port would be " + port + " (port + 10000): use a port up to " +
                (0xFFFF - GossipConfig.BUS_PORT_OFFSET) + " or set cluster-port");
        }
        return port;
    }

    private void start(final String nodesConfig, final long startMs) throws IOException
    {
        applyConfig();
        final SplittableRandomSource random = new SplittableRandomSource(new SecureRandom().nextLong());
        final LocalKeys keys = new KeyspaceKeys(keyspace);
        if (nodesConfig == null)
        {
            gossip = new GossipState(gossipConfig, random, keys, startMs);
        }
        else
        {
            try
            {
                gossip = GossipState.fromNodesConfig(gossipConfig, random, keys, nodesConfig, startMs);
            }
            catch (final NodesConfigException ex)
            {
                throw new IOException("Unrecoverable error: " + ex.getMessage() + " (" + file.path() + ")", ex);
            }
        }
        gossip.replicationProgress(replicationStatus);
        drain();
        if (failure != null)
        {
            throw new IOException(failure);
        }
        LOG.info("Cluster node {} ({}), bus port {}", gossip.view().myself().id(),
            nodesConfig == null ? "new, no cluster configuration found" : "loaded from " + file.path(), busPort);
    }

    /**
     * The {@code cluster-*} options that CONFIG SET may change, copied into the state machine's settings, which
     * it reads at each use.
     */
    private void applyConfig()
    {
        gossipConfig.nodeTimeoutMs(Math.max(1, config.clusterNodeTimeoutMs()))
            .requireFullCoverage(config.clusterRequireFullCoverage())
            .allowReplicaMigration(config.clusterAllowReplicaMigration())
            .replicaNoFailover(config.clusterReplicaNoFailover())
            .replicaValidityFactor(config.clusterReplicaValidityFactor())
            .replicaPingPeriodMs(config.replPingReplicaPeriodSeconds() * 1000)
            .migrationBarrier(config.clusterMigrationBarrier())
            .announcedIp(announceableIp(config.clusterAnnounceIp()))
            .hostname(config.clusterAnnounceHostname())
            .port(config.clusterAnnouncePort() != 0 ? config.clusterAnnouncePort() : clientPort)
            .cport(config.clusterAnnounceBusPort() != 0 ? config.clusterAnnounceBusPort() : busPort)
            .pport(config.clusterAnnounceTlsPort());
    }

    /**
     * A wildcard address is where a node listens, never where a peer or client can reach it: announcing one would
     * send every MOVED to the client's own host. Such a setting is ignored and the address learned from MEETs.
     */
    private static String announceableIp(final String ip)
    {
        if (ip == null || ip.isEmpty())
        {
            return null;
        }
        if ("0.0.0.0".equals(ip) || "::".equals(ip) || "0:0:0:0:0:0:0:0".equals(ip))
        {
            return null;
        }
        return ip;
    }

    /** The state machine, for the CLUSTER commands; call {@link #drain()} after using it. */
    public GossipState gossip()
    {
        return gossip;
    }

    /** The cluster view, for routing and the CLUSTER replies. */
    public ClusterView view()
    {
        return gossip.view();
    }

    /**
     * The replication offset and master-link state the elections read; the replication layer updates it.
     */
    public ReplicationStatus replicationStatus()
    {
        return replicationStatus;
    }

    /**
     * Connects the node's replication: from now on the cluster's roles drive it (a replica replicates from its
     * master's announced address, a master that was a replica is promoted) and its offsets feed the elections.
     * Set once at start, before the first tick.
     */
    public void replication(final Replication replication)
    {
        this.replication = replication;
        replicationStatus.source(replication);
        gossip.replicationProgress(replicationStatus);
        followRole();
    }

    /**
     * Makes replication agree with the cluster's view of myself, as Redis does on a role change
     * (clusterSetMaster, clusterSetNodeAsMaster) and again in clusterCron for a replica whose master had no address
     * yet: a replica follows its master's client address, which also covers the master moving to a new address; a
     * master (failover won, TAKEOVER, CLUSTER RESET) stops replicating and keeps its data and history. Cheap when
     * nothing changed: it runs after every drain.
     */
    private void followRole()
    {
        if (replication == null)
        {
            return;
        }
        final ClusterNodeInfo myself = gossip.view().myself();
        if (myself.isMaster())
        {
            if (replication.masterHost() != null)
            {
                replication.promote();
            }
            return;
        }
        final ClusterNodeInfo master = myself.master();
        if (master == null || !master.hasAddress() || master.inHandshake() || master.ip().isEmpty())
        {
            return;
        }
        if (master.port() != replication.masterPort() || !master.ip().equals(replication.masterHost()))
        {
            replication.replicaOf(master.ip(), master.port());
        }
    }

    /**
     * Until when (node clock, ms) this master's writes should be held for a manual failover, or 0 (digest 7.4).
     */
    public long writesPausedUntilMs()
    {
        return gossip.writesPausedUntilMs();
    }

    /** Where messages PUBLISHed on other nodes go (the node's pub/sub); set once at start. */
    public void publishReceiver(final PublishReceiver receiver)
    {
        this.publishReceiver = receiver;
    }

    /**
     * Relays a PUBLISH to every node, or an SPUBLISH ({@code shard}) to the other nodes of my shard; the caller
     * has already delivered it to this node's subscribers.
     */
    public void publish(
        final boolean shard,
        final byte[] channel,
        final int channelOffset,
        final int channelLength,
        final byte[] message,
        final int messageOffset,
        final int messageLength)
    {
        gossip.publish(shard, channel, channelOffset, channelLength, message, messageOffset, messageLength);
        drain();
    }

    /** The bound bus port. */
    public int busPort()
    {
        return busPort;
    }

    /**
     * The node's cached clock in ms (the keyspace's: set once per duty cycle and again after the poll waited), so
     * bus events are stamped with the time they were read, not the time the cycle began.
     */
    public long nowMs()
    {
        return keyspace.nowMs();
    }

    /** When the next tick is due. */
    public long nextTickMs()
    {
        return nextTickMs;
    }

    /**
     * Why the node must stop (nodes.conf could not be written: Redis exits then, since a node that cannot persist
     * its epochs and votes could break the cluster's safety after a restart), or null.
     */
    public String failure()
    {
        return failure;
    }

    /**
     * Runs the 100 ms cron when it is due.
     *
     * @return 1 if it ran, else 0.
     */
    public int tick(final long nowMs)
    {
        if (nowMs < nextTickMs)
        {
            return 0;
        }
        nextTickMs = nowMs + TICK_INTERVAL_MS;
        applyConfig();
        gossip.onTick(nowMs);
        drain();
        return 1;
    }

    /** Reads bus messages that do not come through the node's selector (the in-JVM inbox); returns the work done. */
    public int poll()
    {
        return transport.poll();
    }

    /**
     * Called before the node's selector may block, so that in-JVM peers wake it.
     *
     * @return false if bus work is waiting and the selector must not block.
     */
    public boolean prepareToSleep()
    {
        return transport.prepareToSleep();
    }

    /** Called once the node's selector returned. */
    public void awake()
    {
        transport.awake();
    }

    /** The bus transport (counters for tests and benchmarks). */
    public HybridBusTransport transport()
    {
        return transport;
    }

    /**
     * Writes nodes.conf now (CLUSTER SAVECONFIG).
     *
     * @throws IOException if it cannot be written.
     */
    public void save(final boolean fsync) throws IOException
    {
        file.write(NodesConfigText.render(gossip.view()), fsync);
    }

    /** When the link was opened or accepted (CLUSTER LINKS create-time), 0 if unknown. */
    public long linkCreatedMs(final long gossipLinkId)
    {
        return linkCreatedMs.get(gossipLinkId);
    }

    /** Bytes waiting to be sent on a link. */
    public int linkQueuedBytes(final long gossipLinkId)
    {
        final long transportId = gossipToTransport.get(gossipLinkId);
        return transportId == NO_LINK ? 0 : transport.queuedBytes(transportId);
    }

    /**
     * Malformed bus messages received, per remote address and per reason, and the log lines written about them
     * (INFO krill).
     */
    public MalformedPacketCounter malformedPackets()
    {
        return transport.malformedPackets();
    }

    /** Capacity of a link's send queue. */
    public int linkAllocatedBytes(final long gossipLinkId)
    {
        final long transportId = gossipToTransport.get(gossipLinkId);
        return transportId == NO_LINK ? 0 : transport.allocatedBytes(transportId);
    }

    /**
     * Carries out what the state machine asked for since the last drain: save, then sends, connects, closes and
     * events in order, then link events the transport reported meanwhile (which may ask for more).
     */
    public void drain()
    {
        if (draining)
        {
            return;
        }
        draining = true;
        try
        {
            final Outbox outbox = gossip.outbox();
            do
            {
                if (outbox.saveConfigRequested())
                {
                    saveOrFail(outbox.fsyncRequested());
                }
                for (int i = 0; i < outbox.size(); i++)
                {
                    act(outbox, i);
                }
                outbox.clear();
                replayDeferred();
            }
            while (outbox.size() > 0 || outbox.saveConfigRequested());
            followRole();
        }
        finally
        {
            draining = false;
        }
    }

    private void saveOrFail(final boolean fsync)
    {
        try
        {
            save(fsync);
        }
        catch (final IOException ex)
        {
            failure = "Fatal: can't update cluster config file " + file.path() + ": " + ex.getMessage();
            LOG.error(failure);
        }
    }

    private void act(final Outbox outbox, final int index)
    {
        final long linkId = outbox.linkId(index);
        switch (outbox.kind(index))
        {
            case Outbox.SEND:
                final long target = gossipToTransport.get(linkId);
                if (target != NO_LINK)
                {
                    transport.send(target, outbox.buffer(), outbox.offset(index), outbox.length(index));
                }
                break;
            case Outbox.CONNECT:
                linkCreatedMs.put(linkId, nowMs());
                final long opened = transport.connect(outbox.text(index), outbox.port(index));
                transportToGossip.put(opened, linkId);
                gossipToTransport.put(linkId, opened);
                break;
            case Outbox.CLOSE:
                final long closed = gossipToTransport.remove(linkId);
                linkCreatedMs.remove(linkId);
                if (closed != NO_LINK)
                {
                    transportToGossip.remove(closed);
                    transport.close(closed);
                }
                break;
            case Outbox.DELETE_SLOT_KEYS:
                // lost to a newer owner while holding keys: they belong to the new owner now (digest 8.2)
                keyspace.clearSlot(outbox.port(index));
                break;
            case Outbox.NODE_FAILED:
                LOG.info("Cluster node {} marked as failing", outbox.text(index));
                break;
            case Outbox.ROLE_CHANGED:
                LOG.info(outbox.text(index) == null ? "Myself is now a master" :
                    "Myself is now a replica of " + outbox.text(index));
                break;
            case Outbox.LOG:
                if (outbox.port(index) == Outbox.LOG_WARNING)
                {
                    LOG.warn(outbox.text(index));
                }
                else
                {
                    LOG.info(outbox.text(index));
                }
                break;
            case Outbox.WRITES_PAUSED:
                if (outbox.port(index) > 0)
                {
                    LOG.warn("Manual failover requested by replica {}: writes paused for up to {} ms",
                        outbox.text(index), outbox.port(index));
                }
                else
                {
                    LOG.warn("Manual failover over: writes resume");
                }
                break;
            case Outbox.STATE_CHANGED:
                LOG.info("Cluster state changed: {}", outbox.port(index) == 1 ? "ok" : "fail");
                break;
            case Outbox.PUBLISH_RECEIVED:
                // the outbox buffer is a heap buffer: subscribers are written straight from its array
                receivedPublish.wrap(outbox.buffer(), outbox.offset(index), outbox.length(index));
                publishReceiver.onPublish(outbox.port(index) == BusMessageType.PUBLISHSHARD,
                    outbox.buffer().byteArray(), receivedPublish.channelIndex(), receivedPublish.channelLength(),
                    receivedPublish.messageIndex(), receivedPublish.messageLength());
                break;
            default:
                break;
        }
    }

    private void replayDeferred()
    {
        LinkEvent event;
        while ((event = deferred.poll()) != null)
        {
            switch (event.kind)
            {
                case CONNECTED:
                    connected(event.transportId);
                    break;
                case ACCEPTED:
                    accepted(event.transportId, event.localIp, event.peerIp);
                    break;
                default:
                    closed(event.transportId);
                    break;
            }
        }
    }

    private void connected(final long transportId)
    {
        final long linkId = transportToGossip.get(transportId);
        if (linkId != NO_LINK)
        {
            gossip.onLinkConnected(linkId, null, nowMs());
        }
    }

    private void accepted(final long transportId, final String localIp, final String peerIp)
    {
        final long linkId = gossip.onLinkAccepted(peerIp, localIp, nowMs());
        transportToGossip.put(transportId, linkId);
        gossipToTransport.put(linkId, transportId);
        linkCreatedMs.put(linkId, nowMs());
    }

    private void closed(final long transportId)
    {
        final long linkId = transportToGossip.remove(transportId);
        if (linkId != NO_LINK)
        {
            gossipToTransport.remove(linkId);
            linkCreatedMs.remove(linkId);
            gossip.onLinkClosed(linkId, nowMs());
        }
    }

    /** Closes every bus link and the listener, and releases nodes.conf. */
    @Override
    public void close()
    {
        transport.close();
        try
        {
            file.close();
        }
        catch (final IOException ex)
        {
            LOG.warn("Releasing {}: {}", file.path(), ex.getMessage());
        }
    }

    /** The transport's callbacks, on the agent thread during the selector pass (or during a drain). */
    private final class TransportEvents implements BusTransport.Listener
    {
        @Override
        public void onConnected(final long linkId)
        {
            if (draining)
            {
                deferred.add(new LinkEvent(CONNECTED, linkId, null, null));
                return;
            }
            connected(linkId);
            drain();
        }

        @Override
        public void onAccepted(final long linkId, final String localIp, final String peerIp)
        {
            if (draining)
            {
                deferred.add(new LinkEvent(ACCEPTED, linkId, localIp, peerIp));
                return;
            }
            accepted(linkId, localIp, peerIp);
            drain();
        }

        @Override
        public void onMessage(final long linkId, final DirectBuffer buffer, final int offset, final int length)
        {
            // messages come only from the selector pass, never during a drain
            final long gossipLinkId = transportToGossip.get(linkId);
            if (gossipLinkId != NO_LINK)
            {
                gossip.onMessage(gossipLinkId, buffer, offset, length, nowMs());
                drain();
            }
        }

        @Override
        public void onMalformed(final long linkId, final BusVerdict verdict)
        {
            // nothing to do: the transport counted it per remote address and logged it if that address's budget
            // allowed (a line per packet is what a misbehaving peer would otherwise turn into)
        }

        @Override
        public void onClosed(final long linkId)
        {
            if (draining)
            {
                deferred.add(new LinkEvent(CLOSED, linkId, null, null));
                return;
            }
            closed(linkId);
            drain();
        }
    }

    /** Delivers a message published on another node to this node's subscribers (no relaying). */
    @FunctionalInterface
    public interface PublishReceiver
    {
        /**
         * @param shard   true for SPUBLISH (shard channel subscribers), false for PUBLISH (channel and pattern).
         * @param buffer  holds channel and message; valid only during the call.
         */
        void onPublish(
            boolean shard, byte[] buffer, int channelOffset, int channelLength, int messageOffset, int messageLength);
    }

    /** A link event that arrived during a drain. */
    private static final class LinkEvent
    {
        final int kind;
        final long transportId;
        final String localIp;
        final String peerIp;

        LinkEvent(final int kind, final long transportId, final String localIp, final String peerIp)
        {
            this.kind = kind;
            this.transportId = transportId;
            this.localIp = localIp;
            this.peerIp = peerIp;
        }
    }

    /** What the state machine may ask about the keyspace it does not own. */
    private static final class KeyspaceKeys implements LocalKeys
    {
        private final Keyspace keyspace;

        KeyspaceKeys(final Keyspace keyspace)
        {
            this.keyspace = keyspace;
        }

        @Override
        public long countKeysInSlot(final int slot)
        {
            return keyspace.countKeysInSlot(slot);
        }

        @Override
        public boolean isEmpty()
        {
            return keyspace.size() == 0;
        }
    }
}
