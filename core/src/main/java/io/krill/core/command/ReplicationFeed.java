package io.krill.core.command;

/**
 * Where propagated commands go: the node's replication stream (backlog and attached replicas). Implemented by
 * the replication glue; {@link Propagation} talks to it.
 */
public interface ReplicationFeed
{
    /**
     * Whether anything consumes the stream: a backlog exists or a replica is attached. When false nothing is
     * encoded at all, so a node that never had a replica pays one call per write command.
     */
    boolean active();

    /** The replication offset after the last byte appended. */
    long offset();

    /** Appends encoded stream bytes (whole RESP commands). */
    void append(byte[] bytes, int offset, int length);
}
