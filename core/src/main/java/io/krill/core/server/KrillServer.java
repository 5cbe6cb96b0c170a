package io.krill.core.server;

import io.krill.core.config.ServerConfig;

import java.io.IOException;

/**
 * A running node serving RESP on its client port. Placeholder for the API; the implementation lands with the
 * RESP front.
 */
public final class KrillServer implements AutoCloseable
{
    private KrillServer()
    {
    }

    /**
     * Binds the client port and starts the node's agent thread.
     *
     * @param config the node's options; owned by the server from now on.
     * @return the running server.
     * @throws IOException if the port cannot be bound.
     */
    public static KrillServer start(final ServerConfig config) throws IOException
    {
        throw new UnsupportedOperationException("not yet");
    }

    /** The bound client port. */
    public int port()
    {
        throw new UnsupportedOperationException("not yet");
    }

    /** Blocks until the server stops (SHUTDOWN or {@link #close()}). */
    public void awaitTermination() throws InterruptedException
    {
        throw new UnsupportedOperationException("not yet");
    }

    /** Stops the server and waits for its thread to end. */
    @Override
    public void close()
    {
    }
}
