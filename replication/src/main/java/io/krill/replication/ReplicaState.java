package io.krill.replication;

/** Where a replica attached to this master stands, with the names INFO prints in {@code slaveN:state=}. */
public enum ReplicaState
{
    /** Sent REPLCONF but no SYNC/PSYNC yet: not counted as a replica. */
    HANDSHAKE("handshake"),
    /** Full resync accepted; the snapshot is being produced. */
    WAIT_BGSAVE("wait_bgsave"),
    /** The snapshot is being sent. */
    SEND_BULK("send_bulk"),
    /** Receiving the command stream. */
    ONLINE("online");

    private final String infoName;

    ReplicaState(final String infoName)
    {
        this.infoName = infoName;
    }

    public String infoName()
    {
        return infoName;
    }
}
