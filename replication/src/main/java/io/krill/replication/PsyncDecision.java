package io.krill.replication;

/** The master's answer to {@code PSYNC}: a full resync with a snapshot, or the backlog from the asked offset. */
public enum PsyncDecision
{
    /** {@code +FULLRESYNC <replid> <offset>}, then the RDB, then the stream. */
    FULL_RESYNC,
    /**
     * {@code +CONTINUE <replid>} (plain {@code +CONTINUE} to a replica without {@code capa psync2}), then the
     * backlog tail.
     */
    CONTINUE
}
