package io.krill.gossip;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Counts malformed bus packets per peer and per reason, and decides when one is worth a log line.
 * <p>
 * Why: a malformed packet is dropped and counted, never fatal (a broken framing closes the link, which the
 * transport handles). A peer with a bug, or a port scanner on the bus port, can send thousands per second;
 * one log line per packet would flood the log and cost more than the packets. So the node logs the first
 * malformed packet of each peer, and then at most one line per {@code logIntervalMs} for that peer, saying how
 * many were suppressed in between ({@link #suppressedSinceLastLog}).
 * <p>
 * A peer is any {@code long} the transport chooses: a link id, or an IPv4 address and port packed in a long.
 * Strings are avoided so that counting allocates nothing once a peer is known. The table is bounded by
 * {@code maxTrackedPeers}; further peers share one overflow record (key {@link #OVERFLOW_PEER}), so a flood
 * of distinct sources cannot grow memory or the log. {@link #forget} drops a peer whose link closed.
 * <p>
 * Time is passed in ({@code nowMs}); deadlines are compared overflow-safely. Single-threaded.
 */
public final class MalformedPacketCounter
{
    /** {@code logIntervalMs} that logs only the first malformed packet of each peer. */
    public static final long LOG_FIRST_ONLY = Long.MAX_VALUE;
    /** Default: after the first line, one line per peer per minute. */
    public static final long DEFAULT_LOG_INTERVAL_MS = 60_000;
    public static final int DEFAULT_MAX_TRACKED_PEERS = 1024;
    /** The shared record for peers beyond {@code maxTrackedPeers}. */
    public static final long OVERFLOW_PEER = Long.MIN_VALUE;

    private final long logIntervalMs;
    private final int maxTrackedPeers;
    private final Long2ObjectHashMap<PeerRecord> peers = new Long2ObjectHashMap<>();
    private final long[] countsByVerdict = new long[BusVerdict.values().length];
    private long total;
    private long reports;

    private static final class PeerRecord
    {
        long count;
        long countAtLastLog;
        long suppressedAtLastLog;
        long lastLogMs;
        boolean logged;
    }

    public MalformedPacketCounter()
    {
        this(DEFAULT_LOG_INTERVAL_MS, DEFAULT_MAX_TRACKED_PEERS);
    }

    /**
     * @param logIntervalMs   least time between two log lines for one peer, or {@link #LOG_FIRST_ONLY}.
     * @param maxTrackedPeers peers counted individually; later ones share the {@link #OVERFLOW_PEER} record.
     */
    public MalformedPacketCounter(final long logIntervalMs, final int maxTrackedPeers)
    {
        if (logIntervalMs < 0 || maxTrackedPeers < 1)
        {
            throw new IllegalArgumentException(
                "logIntervalMs " + logIntervalMs + " and maxTrackedPeers " + maxTrackedPeers + " must be positive");
        }
        this.logIntervalMs = logIntervalMs;
        this.maxTrackedPeers = maxTrackedPeers;
    }

    /**
     * Records one malformed packet from {@code peer}.
     *
     * @return true if the caller should log it now; then {@link #suppressedSinceLastLog} tells how many of this
     *         peer's packets went unlogged since its previous line.
     */
    public boolean onMalformed(final long peer, final BusVerdict verdict, final long nowMs)
    {
        if (verdict.isAccepted())
        {
            throw new IllegalArgumentException("an accepted message is not malformed");
        }
        countsByVerdict[verdict.ordinal()]++;
        total++;
        final PeerRecord record = recordFor(peer);
        record.count++;
        if (record.logged && nowMs - record.lastLogMs < logIntervalMs)
        {
            return false;
        }
        record.suppressedAtLastLog = record.count - 1 - record.countAtLastLog;
        record.countAtLastLog = record.count;
        record.lastLogMs = nowMs;
        record.logged = true;
        reports++;
        return true;
    }

    /**
     * Malformed packets counted for {@code peer}; 0 for a peer that shares the {@link #OVERFLOW_PEER} record
     * (ask for that key to get their sum).
     */
    public long count(final long peer)
    {
        final PeerRecord record = peers.get(peer);
        return record == null ? 0 : record.count;
    }

    /**
     * How many of {@code peer}'s malformed packets were not logged between its last two log lines.
     */
    public long suppressedSinceLastLog(final long peer)
    {
        final PeerRecord record = peers.get(peer);
        return record == null ? 0 : record.suppressedAtLastLog;
    }

    public long count(final BusVerdict verdict)
    {
        return countsByVerdict[verdict.ordinal()];
    }

    /**
     * All malformed packets counted, from every peer, forgotten ones included.
     */
    public long total()
    {
        return total;
    }

    /**
     * How many times {@link #onMalformed} said to log: the log lines a caller that follows it has written.
     */
    public long reports()
    {
        return reports;
    }

    /**
     * Peers with their own record (the overflow record counts as one).
     */
    public int trackedPeers()
    {
        return peers.size();
    }

    /**
     * Drops {@code peer}'s record (its link closed or the node was forgotten); the totals keep its packets.
     */
    public void forget(final long peer)
    {
        peers.remove(peer);
    }

    private PeerRecord recordFor(final long peer)
    {
        PeerRecord record = peers.get(peer);
        if (record == null)
        {
            final long key = peers.size() >= maxTrackedPeers ? OVERFLOW_PEER : peer;
            record = peers.get(key);
            if (record == null)
            {
                record = new PeerRecord();
                peers.put(key, record);
            }
        }
        return record;
    }
}
