package io.krill.replication;

/**
 * What a master knows about one replica connection: its sync state, the announced listening port and
 * capabilities, and its latest {@code REPLCONF ACK}.
 * <p>
 * Not thread safe: owned by the node's agent.
 */
public final class ReplicaInfo
{
    /** {@code REPLCONF capa eof}: can take a diskless {@code $EOF:} snapshot. */
    public static final int CAPA_EOF = 1;
    /** {@code REPLCONF capa psync2}: understands {@code +CONTINUE <replid>}. */
    public static final int CAPA_PSYNC2 = 2;

    private final long id;
    private final String ip;
    private ReplicaState state = ReplicaState.HANDSHAKE;
    private int listeningPort;
    private String announcedIp;
    private int capabilities;
    private long ackOffset;
    private long ackTimeMs;

    ReplicaInfo(final long id, final String ip, final long nowMs)
    {
        this.id = id;
        this.ip = ip;
        this.ackTimeMs = nowMs;
    }

    /** The caller's handle for the connection (core uses the client id). */
    public long id()
    {
        return id;
    }

    /** The address INFO shows: the announced ip if any, else the connection's peer address. */
    public String ip()
    {
        return announcedIp != null ? announcedIp : ip;
    }

    public ReplicaState state()
    {
        return state;
    }

    public void state(final ReplicaState state)
    {
        this.state = state;
    }

    public int listeningPort()
    {
        return listeningPort;
    }

    public void listeningPort(final int port)
    {
        this.listeningPort = port;
    }

    public void announcedIp(final String ip)
    {
        this.announcedIp = ip;
    }

    public int capabilities()
    {
        return capabilities;
    }

    public boolean has(final int capability)
    {
        return (capabilities & capability) != 0;
    }

    public void addCapability(final int capability)
    {
        capabilities |= capability;
    }

    /** The highest offset the replica acknowledged (ACKs never move it back). */
    public long ackOffset()
    {
        return ackOffset;
    }

    public long ackTimeMs()
    {
        return ackTimeMs;
    }

    /** A {@code REPLCONF ACK <offset>} arrived. */
    public void acknowledged(final long offset, final long nowMs)
    {
        if (offset > ackOffset)
        {
            ackOffset = offset;
        }
        ackTimeMs = nowMs;
    }

    /** Seconds since the last ACK, as INFO's {@code lag=}. */
    public long lagSeconds(final long nowMs)
    {
        return Math.max(0, (nowMs - ackTimeMs) / 1000);
    }
}
