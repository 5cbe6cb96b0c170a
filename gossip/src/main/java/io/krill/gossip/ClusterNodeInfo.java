package io.krill.gossip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.krill.slots.SlotSet;

/**
 * One node as this node sees it (Redis's {@code clusterNode}): identity, announced address, role, epochs,
 * liveness timestamps, failure reports, the slots it serves, and the bus links to it. {@link ClusterView}
 * keeps exactly one of these per known node, myself included; the gossip rules mutate it on the owning agent.
 * <p>
 * Times are milliseconds of the clock the caller passes in ({@code nowMs}); 0 means "never". Accessors are
 * for core (CLUSTER NODES, SLOTS, SHARDS, LINKS, routing) and tests; reading them from another thread is not
 * safe. The {@link #slots()} set is live: treat it as read-only.
 */
public final class ClusterNodeInfo
{
    final byte[] id = new byte[NodeId.LENGTH];
    String idText;
    String ip = "";
    byte[] ipBytes = new byte[0];
    int port;
    int cport;
    int pport;
    String hostname = "";
    byte[] hostnameBytes = new byte[0];
    int flags;
    ClusterNodeInfo master;
    final ArrayList<ClusterNodeInfo> replicas = new ArrayList<>(2);
    long configEpoch;
    final byte[] shardId = new byte[NodeId.LENGTH];
    /** The node sent us a SHARDID ping extension (Redis 7.2+), so it understands one in return. */
    boolean sendsShardIdExtension;
    long createdMs;
    long pingSentMs;
    long pongReceivedMs;
    long dataReceivedMs;
    long failTimeMs;
    long votedTimeMs;
    long replicationOffset;
    long replicationOffsetTimeMs;
    long orphanedTimeMs;
    final FailureReports failureReports = new FailureReports();
    final SlotSet slots = new SlotSet();
    int slotCount;
    BusLink outboundLink;
    BusLink inboundLink;

    ClusterNodeInfo(final byte[] nodeId, final int flags, final long createdMs)
    {
        System.arraycopy(nodeId, 0, id, 0, NodeId.LENGTH);
        idText = new String(id, StandardCharsets.US_ASCII);
        this.flags = flags;
        this.createdMs = createdMs;
    }

    /**
     * The 40-character node id.
     */
    public String id()
    {
        return idText;
    }

    /**
     * The id's bytes; do not modify.
     */
    public byte[] idBytes()
    {
        return id;
    }

    /**
     * The announced (or learned) IP, empty when unknown.
     */
    public String ip()
    {
        return ip;
    }

    public int port()
    {
        return port;
    }

    public int cport()
    {
        return cport;
    }

    public int pport()
    {
        return pport;
    }

    /**
     * The announced hostname, empty when none.
     */
    public String hostname()
    {
        return hostname;
    }

    /**
     * {@link NodeFlags} bits, internal ones included.
     */
    public int flags()
    {
        return flags;
    }

    public boolean hasFlag(final int flag)
    {
        return (flags & flag) != 0;
    }

    public boolean isMyself()
    {
        return hasFlag(NodeFlags.MYSELF);
    }

    public boolean isMaster()
    {
        return hasFlag(NodeFlags.MASTER);
    }

    public boolean isReplica()
    {
        return hasFlag(NodeFlags.SLAVE);
    }

    public boolean isFailed()
    {
        return hasFlag(NodeFlags.FAIL);
    }

    public boolean isTimedOut()
    {
        return hasFlag(NodeFlags.PFAIL);
    }

    public boolean inHandshake()
    {
        return hasFlag(NodeFlags.HANDSHAKE);
    }

    public boolean hasAddress()
    {
        return !hasFlag(NodeFlags.NOADDR);
    }

    /**
     * The master of a replica, or null (a master, or a replica whose master is unknown).
     */
    public ClusterNodeInfo master()
    {
        return master;
    }

    /**
     * The replicas known to replicate this node, in the order they were learned.
     */
    public List<ClusterNodeInfo> replicas()
    {
        return Collections.unmodifiableList(replicas);
    }

    /**
     * The node's own configEpoch (a replica's is whatever its headers last carried: its master's).
     */
    public long configEpoch()
    {
        return configEpoch;
    }

    /**
     * The epoch CLUSTER NODES prints: a replica shows its master's (digest 3.2).
     */
    public long effectiveConfigEpoch()
    {
        return isReplica() && master != null ? master.configEpoch : configEpoch;
    }

    /**
     * The shard id bytes (40 hex): random per master, a replica's follows its master's (Redis 7.2; 7.0 has
     * no shard ids and CLUSTER SHARDS groups by master). Do not modify.
     */
    public byte[] shardId()
    {
        return shardId;
    }

    /**
     * The shard id as text (CLUSTER MYSHARDID).
     */
    public String shardIdText()
    {
        return new String(shardId, StandardCharsets.US_ASCII);
    }

    public long pingSentMs()
    {
        return pingSentMs;
    }

    public long pongReceivedMs()
    {
        return pongReceivedMs;
    }

    public long dataReceivedMs()
    {
        return dataReceivedMs;
    }

    public long failTimeMs()
    {
        return failTimeMs;
    }

    /**
     * When this node (as a master) last gave its vote to one of its replicas' elections; 0 if never.
     */
    public long votedTimeMs()
    {
        return votedTimeMs;
    }

    /**
     * The replication offset from this node's last header: a master's own, or what a replica has processed.
     */
    public long replicationOffset()
    {
        return replicationOffset;
    }

    public long replicationOffsetTimeMs()
    {
        return replicationOffsetTimeMs;
    }

    /**
     * Failure reports currently held (purged only when counted: see {@link ClusterView#countFailureReports}).
     */
    public int failureReportCount()
    {
        return failureReports.size();
    }

    /**
     * Slots this node serves in my table; live, do not modify.
     */
    public SlotSet slots()
    {
        return slots;
    }

    public int slotCount()
    {
        return slotCount;
    }

    /**
     * True while an outbound link exists (connecting or connected), or for myself: CLUSTER NODES's
     * {@code connected}.
     */
    public boolean isLinked()
    {
        return outboundLink != null || isMyself();
    }

    /**
     * The outbound link's id, or -1.
     */
    public long outboundLinkId()
    {
        return outboundLink == null ? -1 : outboundLink.id;
    }

    /**
     * The inbound link's id, or -1.
     */
    public long inboundLinkId()
    {
        return inboundLink == null ? -1 : inboundLink.id;
    }

    @Override
    public String toString()
    {
        return idText + " " + ip + ":" + port + "@" + cport + " " + NodeFlags.names(flags);
    }

    void address(final String newIp, final int newPort, final int newCport, final int newPport)
    {
        if (!newIp.equals(ip))
        {
            ip = newIp;
            ipBytes = newIp.getBytes(StandardCharsets.US_ASCII);
        }
        port = newPort;
        cport = newCport;
        pport = newPport;
    }

    void hostname(final String newHostname)
    {
        if (!newHostname.equals(hostname))
        {
            hostname = newHostname;
            hostnameBytes = newHostname.getBytes(StandardCharsets.US_ASCII);
        }
    }

    void rename(final byte[] newId, final int offset)
    {
        System.arraycopy(newId, offset, id, 0, NodeId.LENGTH);
        idText = new String(id, StandardCharsets.US_ASCII);
    }

    boolean sameAddress(final String otherIp, final int otherPort, final int otherCport, final int otherPport)
    {
        return port == otherPort && cport == otherCport && pport == otherPport && ip.equals(otherIp);
    }
}
