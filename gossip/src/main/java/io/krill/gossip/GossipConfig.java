package io.krill.gossip;

/**
 * Settings of one node's gossip state machine: the {@code cluster-*} options of digest 10.3 that the bus and
 * the failure detector read, and the ports this node announces. Mutable until handed to {@link GossipState};
 * read on every tick afterwards, so changing a value later takes effect at the next use (as CONFIG SET does).
 */
public final class GossipConfig
{
    /** {@code cluster-node-timeout}: the base of PFAIL, ping cadence, report validity and FAIL undo. */
    public static final long NODE_TIMEOUT_DEFAULT_MS = 15_000;
    /** Redis derives the bus port from the client port when none is configured (digest 5.1). */
    public static final int BUS_PORT_OFFSET = 10_000;

    /** Redis's CLUSTER_WRITABLE_DELAY: a master stays failed this long after start. */
    public static final long WRITABLE_DELAY_DEFAULT_MS = 2000;
    /** Redis's fixed part of the election delay: time for the FAIL message to reach every master. */
    public static final long FAILOVER_DELAY_DEFAULT_MS = 500;
    /** Redis's random part of the election delay, so sibling replicas rarely ask for votes at once. */
    public static final long FAILOVER_JITTER_DEFAULT_MS = 500;
    /** Redis's extra election delay per replica with a better replication offset than mine. */
    public static final long FAILOVER_RANK_DELAY_DEFAULT_MS = 1000;

    private long nodeTimeoutMs = NODE_TIMEOUT_DEFAULT_MS;
    private long pingIntervalMs;
    private long replicaValidityFactor = 10;
    private long replicaPingPeriodMs = 10_000;
    private int migrationBarrier = 1;
    private long failoverDelayMs = FAILOVER_DELAY_DEFAULT_MS;
    private long failoverJitterMs = FAILOVER_JITTER_DEFAULT_MS;
    private long failoverRankDelayMs = FAILOVER_RANK_DELAY_DEFAULT_MS;
    private boolean requireFullCoverage = true;
    private long writableDelayMs = WRITABLE_DELAY_DEFAULT_MS;
    private boolean allowReplicaMigration = true;
    private boolean replicaNoFailover;
    private String announcedIp;
    private String hostname = "";
    private int port = 6379;
    private int cport;
    private int pport;

    public long nodeTimeoutMs()
    {
        return nodeTimeoutMs;
    }

    public GossipConfig nodeTimeoutMs(final long nodeTimeoutMs)
    {
        if (nodeTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("node timeout must be positive: " + nodeTimeoutMs);
        }
        this.nodeTimeoutMs = nodeTimeoutMs;
        return this;
    }

    /**
     * Redis's hidden {@code cluster-ping-interval}: ping a node whose last pong is older than this. 0 (the
     * default) means half the node timeout, which with the 1/10 gossip rule keeps failure reports fresh
     * (digest 5.7, 5.8).
     */
    public long pingIntervalMs()
    {
        return pingIntervalMs > 0 ? pingIntervalMs : nodeTimeoutMs / 2;
    }

    public GossipConfig pingIntervalMs(final long pingIntervalMs)
    {
        this.pingIntervalMs = pingIntervalMs;
        return this;
    }

    /**
     * {@code cluster-replica-validity-factor}: a replica whose data is older than {@code replicaPingPeriodMs +
     * nodeTimeoutMs * factor} does not start an automatic failover; 0 means it always may (digest 7.1).
     */
    public long replicaValidityFactor()
    {
        return replicaValidityFactor;
    }

    public GossipConfig replicaValidityFactor(final long factor)
    {
        if (factor < 0)
        {
            throw new IllegalArgumentException("validity factor must not be negative: " + factor);
        }
        this.replicaValidityFactor = factor;
        return this;
    }

    /**
     * {@code repl-ping-replica-period} in ms: a master is silent on the replication stream for up to this long,
     * so the data-age limit allows for it.
     */
    public long replicaPingPeriodMs()
    {
        return replicaPingPeriodMs;
    }

    public GossipConfig replicaPingPeriodMs(final long periodMs)
    {
        this.replicaPingPeriodMs = Math.max(0, periodMs);
        return this;
    }

    /**
     * {@code cluster-migration-barrier}: a replica migrates to an orphaned master only if its own master keeps
     * more than this many working replicas (digest 7.3).
     */
    public int migrationBarrier()
    {
        return migrationBarrier;
    }

    public GossipConfig migrationBarrier(final int barrier)
    {
        this.migrationBarrier = Math.max(0, barrier);
        return this;
    }

    /**
     * Krill-only: the fixed part of a replica's election delay after its master is FAIL (Redis: 500 ms, not
     * configurable). Lower values suit fast networks where FAIL reaches every master within milliseconds.
     */
    public long failoverDelayMs()
    {
        return failoverDelayMs;
    }

    public GossipConfig failoverDelayMs(final long delayMs)
    {
        this.failoverDelayMs = nonNegative(delayMs, "failover delay");
        return this;
    }

    /**
     * Krill-only: the election delay gets a random extra in {@code [0, jitter)} (Redis: 500 ms).
     */
    public long failoverJitterMs()
    {
        return failoverJitterMs;
    }

    public GossipConfig failoverJitterMs(final long jitterMs)
    {
        this.failoverJitterMs = nonNegative(jitterMs, "failover jitter");
        return this;
    }

    /**
     * Krill-only: the election delay per sibling replica with a better replication offset (Redis: 1000 ms).
     * It must exceed the time one election takes for the best replica to win reliably.
     */
    public long failoverRankDelayMs()
    {
        return failoverRankDelayMs;
    }

    public GossipConfig failoverRankDelayMs(final long delayMs)
    {
        this.failoverRankDelayMs = nonNegative(delayMs, "failover rank delay");
        return this;
    }

    /**
     * How long after start a master stays {@code cluster_state:fail}, so that it hears of a newer configuration
     * before it takes writes (Redis: a fixed 2 s).
     */
    public long writableDelayMs()
    {
        return writableDelayMs;
    }

    public GossipConfig writableDelayMs(final long delayMs)
    {
        this.writableDelayMs = delayMs;
        return this;
    }

    public boolean requireFullCoverage()
    {
        return requireFullCoverage;
    }

    public GossipConfig requireFullCoverage(final boolean requireFullCoverage)
    {
        this.requireFullCoverage = requireFullCoverage;
        return this;
    }

    public boolean allowReplicaMigration()
    {
        return allowReplicaMigration;
    }

    public GossipConfig allowReplicaMigration(final boolean allowReplicaMigration)
    {
        this.allowReplicaMigration = allowReplicaMigration;
        return this;
    }

    /**
     * {@code cluster-replica-no-failover}: advertised as the NOFAILOVER flag.
     */
    public boolean replicaNoFailover()
    {
        return replicaNoFailover;
    }

    public GossipConfig replicaNoFailover(final boolean replicaNoFailover)
    {
        this.replicaNoFailover = replicaNoFailover;
        return this;
    }

    /**
     * {@code cluster-announce-ip}, or null: peers then use the socket's address and this node learns its own
     * IP from incoming MEETs (digest 5.9).
     */
    public String announcedIp()
    {
        return announcedIp;
    }

    public GossipConfig announcedIp(final String announcedIp)
    {
        this.announcedIp = announcedIp == null || announcedIp.isEmpty() ? null : announcedIp;
        return this;
    }

    /**
     * {@code cluster-announce-hostname}; empty when none (then no HOSTNAME extension is sent).
     */
    public String hostname()
    {
        return hostname;
    }

    public GossipConfig hostname(final String hostname)
    {
        this.hostname = hostname == null ? "" : hostname;
        return this;
    }

    /**
     * The client port announced on the bus (and so in MOVED, SLOTS and NODES).
     */
    public int port()
    {
        return port;
    }

    public GossipConfig port(final int port)
    {
        this.port = checkPort(port);
        return this;
    }

    /**
     * The announced bus port; 0 means {@code port + 10000}.
     */
    public int cport()
    {
        return cport != 0 ? cport : port + BUS_PORT_OFFSET;
    }

    public GossipConfig cport(final int cport)
    {
        this.cport = checkPort(cport);
        return this;
    }

    /**
     * The other client port (TLS when {@link #port()} is plain TCP); 0 when none.
     */
    public int pport()
    {
        return pport;
    }

    public GossipConfig pport(final int pport)
    {
        this.pport = checkPort(pport);
        return this;
    }

    private static long nonNegative(final long value, final String what)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        return value;
    }

    private static int checkPort(final int port)
    {
        if (port < 0 || port > 0xFFFF)
        {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }
}
