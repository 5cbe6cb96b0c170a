package io.krill.replication;

import org.agrona.DirectBuffer;

/**
 * What a {@link ReplicaSync} hands to the node: the snapshot of a full resync and the commands of the stream.
 * Called on the agent thread, from inside {@link ReplicaSync#onBytes}; buffers are valid only during the call.
 */
public interface ReplicaSyncListener
{
    /** {@code +FULLRESYNC}: a snapshot follows; the node drops its data when the snapshot is complete. */
    void onFullResync(String masterReplid, long masterOffset);

    /** A piece of the snapshot (an RDB file), in order. */
    void onSnapshotBytes(DirectBuffer buffer, int offset, int length);

    /**
     * The snapshot is complete: load it (replacing the data set).
     *
     * @return null when loaded, or why it could not be (the link is then dropped and retried).
     */
    String onSnapshotEnd();

    /** {@code +CONTINUE}: the stream resumes from the node's own offset; its data stays. */
    void onPartialResync(String masterReplid);

    /**
     * One command of the stream (a whole RESP multibulk); the node runs it as its master's client, writing no
     * reply. {@code REPLCONF} commands are handled by the state machine and never arrive here.
     */
    void onCommand(DirectBuffer buffer, int offset, int length);
}
