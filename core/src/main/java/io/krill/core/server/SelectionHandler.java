package io.krill.core.server;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * Handles readiness of a channel registered with the node's selector by a component other than the RESP front
 * (the cluster bus). The node has one selector, polled once per duty cycle; a key whose attachment is a
 * {@code SelectionHandler} is handed to it.
 */
public interface SelectionHandler
{
    /**
     * @throws IOException to have the channel closed (the handler's {@link #onFailure} is called).
     */
    void onSelected(SelectionKey key) throws IOException;

    /** The channel failed; release it. */
    void onFailure(SelectionKey key, IOException cause);
}
