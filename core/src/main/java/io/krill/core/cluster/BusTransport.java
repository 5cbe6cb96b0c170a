package io.krill.core.cluster;

import io.krill.gossip.BusVerdict;
import org.agrona.DirectBuffer;

/**
 * Moves cluster bus messages between nodes: over TCP between JVMs, over ring buffers inside one JVM, or through a
 * simulated network in tests. The gossip state machine sees only link ids.
 * <p>
 * A link is one connection: outbound ones are opened by {@link #connect} (the node sends its PINGs there),
 * inbound ones are accepted from peers (the node answers PONGs there). Transports deliver whole messages, framed
 * and validated; reconnecting is the gossip layer's decision, not the transport's. Single-threaded: called and
 * calling back on the node's agent thread.
 */
public interface BusTransport extends AutoCloseable
{
    /** Told about link events and messages; called on the agent thread during {@link #poll}. */
    interface Listener
    {
        /** An outbound link opened by {@link #connect} is established. */
        void onConnected(long linkId);

        /**
         * A peer connected to us.
         *
         * @param localIp our address as the peer reached it (how a node learns its own IP from a MEET).
         * @param peerIp  the peer's address.
         */
        void onAccepted(long linkId, String localIp, String peerIp);

        /** A complete, validated message; the bytes are valid only during the call. */
        void onMessage(long linkId, DirectBuffer buffer, int offset, int length);

        /** A complete frame failed validation and was dropped; the link stays open. */
        void onMalformed(long linkId, BusVerdict verdict);

        /** The link is gone (peer closed, I/O error, broken framing, send queue over its limit, or {@link #close}). */
        void onClosed(long linkId);
    }

    /**
     * Starts connecting to a peer's bus port.
     *
     * @return the new link's id; {@link Listener#onConnected} or {@link Listener#onClosed} follows.
     */
    long connect(String host, int port);

    /**
     * Queues a message on a link. The bytes are copied.
     *
     * @return false if the link is unknown or closed, or its send queue would exceed its limit (the link is then
     * closed, as Redis frees a link over {@code cluster-link-sendbuf-limit}).
     */
    boolean send(long linkId, DirectBuffer buffer, int offset, int length);

    /** Closes a link; {@link Listener#onClosed} is called for it. */
    void close(long linkId);

    /** Bytes queued and not yet sent on a link (CLUSTER LINKS send-buffer-used). */
    int queuedBytes(long linkId);

    /** Handles pending I/O that is not driven by the node's selector; returns the work done. */
    int poll();

    @Override
    void close();
}
