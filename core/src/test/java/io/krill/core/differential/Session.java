package io.krill.core.differential;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections of one case (or one random sequence): named pairs of connections, one to each server, opened
 * on first use and all closed at the end. Sending a command goes to both sides; a side that closed the connection
 * answers {@code <closed>} from then on, so QUIT and protocol errors can be compared like any reply.
 */
final class Session implements AutoCloseable
{
    private final ServerPair servers;
    private final Map<String, RespClient[]> connections = new LinkedHashMap<>();
    private RespClient[] current;

    Session(final ServerPair servers) throws IOException
    {
        this.servers = servers;
        use(CaseFile.MAIN_CONNECTION);
    }

    void use(final String name) throws IOException
    {
        RespClient[] pair = connections.get(name);
        if (pair == null)
        {
            final RespClient reference = servers.connectReference();
            try
            {
                pair = new RespClient[] {reference, servers.connectTarget()};
            }
            catch (final IOException ex)
            {
                reference.close();
                throw ex;
            }
            connections.put(name, pair);
        }
        current = pair;
    }

    RespClient reference()
    {
        return current[0];
    }

    RespClient target()
    {
        return current[1];
    }

    /** Empties every database on both servers, using the current connections. */
    void flushAll() throws IOException
    {
        for (final RespClient client : current)
        {
            final RespReply reply = client.call("FLUSHALL");
            if (reply.type() != RespReply.Type.SIMPLE)
            {
                throw new IllegalStateException("FLUSHALL answered " + reply);
            }
        }
    }

    /**
     * Sends and reads one command on one side. A read that times out throws: a server that never answers is a
     * failure, never a comparable reply.
     */
    static RespReply call(final RespClient client, final List<byte[]> args) throws IOException
    {
        try
        {
            return client.call(args);
        }
        catch (final SocketTimeoutException ex)
        {
            throw ex;
        }
        catch (final EOFException | SocketException ex)
        {
            return RespReply.nullOf(RespReply.Type.CLOSED);
        }
    }

    @Override
    public void close()
    {
        for (final RespClient[] pair : connections.values())
        {
            pair[0].close();
            pair[1].close();
        }
        connections.clear();
    }
}
