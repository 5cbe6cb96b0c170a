package io.krill.core.server;

import io.krill.core.command.Client;
import io.krill.core.command.CommandDispatcher;
import io.krill.core.command.NodeState;
import io.krill.core.resp.ProtocolException;
import io.krill.core.resp.RespEncoder;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The RESP front of a node: accepts client connections and, inside the node's duty cycle, reads requests,
 * runs them and writes replies, like Redis's event loop.
 * <p>
 * BEHAVIOR: a readable connection is read once per cycle (at most the free space of its query buffer), every
 * complete command in the buffer is run in order (pipelining), and the replies are written at once; what the
 * socket does not take is written when it becomes writable. Malformed input gets Redis's protocol error and the
 * connection is closed after the reply, since nothing after it can be trusted to start a request.
 * <p>
 * Not thread safe: runs on the node's agent thread.
 */
public final class RespServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(RespServer.class);
    private static final int MAX_ACCEPTS_PER_CYCLE = 1000;
    private static final byte[] MAX_CLIENTS_REPLY =
        "-ERR max number of clients reached\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final NodeState node;
    private final CommandDispatcher dispatcher;
    private final Selector selector;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final Consumer<SelectionKey> onSelected = this::onSelected;
    private final List<Connection> toClose = new ArrayList<>();
    private final List<Client> unblocked = new ArrayList<>();
    private final EpochClock clock;
    private int work;
    private boolean clockStale;

    public RespServer(final NodeState node, final CommandDispatcher dispatcher, final Selector selector)
    {
        this(node, dispatcher, selector, SystemEpochClock.INSTANCE);
    }

    /** @param clock read to refresh the node's cached time when a poll wakes up after waiting. */
    public RespServer(final NodeState node, final CommandDispatcher dispatcher, final Selector selector,
        final EpochClock clock)
    {
        this.node = node;
        this.dispatcher = dispatcher;
        this.selector = selector;
        this.clock = clock;
        node.blockedClients().waker(unblocked::add);
    }

    /**
     * Listens on {@code port} at each bind address (Redis syntax: {@code *}, {@code ::*}, a leading {@code -}
     * marks an address that may be unavailable). Port 0 picks a free port.
     *
     * @return the bound port.
     */
    public int bind(final String[] addresses, final int port) throws IOException
    {
        int boundPort = port;
        for (final String spec : addresses)
        {
            final boolean optional = spec.startsWith("-");
            final String address = optional ? spec.substring(1) : spec;
            final String host = "*".equals(address) ? "0.0.0.0" : "::*".equals(address) ? "::" : address;
            final ServerSocketChannel channel = ServerSocketChannel.open();
            try
            {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(new InetSocketAddress(InetAddress.getByName(host), boundPort), node.config().tcpBacklog());
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_ACCEPT);
                boundPort = ((InetSocketAddress)channel.getLocalAddress()).getPort();
                listeners.add(channel);
            }
            catch (final IOException ex)
            {
                channel.close();
                if (!optional)
                {
                    close();
                    throw new IOException("Could not create server TCP listening socket " + host + ":" + port +
                        ": " + ex.getMessage(), ex);
                }
            }
        }
        if (listeners.isEmpty())
        {
            throw new IOException("Failed listening on port " + port + " (tcp), aborting.");
        }
        node.tcpPort(boundPort);
        return boundPort;
    }

    Selector selector()
    {
        return selector;
    }

    /** One pass over ready sockets, without waiting; returns the amount of work done. */
    public int poll() throws IOException
    {
        return poll(0);
    }

    /**
     * Serves the sockets that are ready, first waiting up to {@code timeoutMs} for one to be (0: do not wait).
     * Waiting happens inside the same {@code epoll_wait} that finds the ready sockets, so a busy node makes one
     * system call per pass. After a wait the node's cached clock is read again before any command runs.
     *
     * @return the amount of work done.
     */
    public int poll(final long timeoutMs) throws IOException
    {
        work = 0;
        // work left by the last cycle (clients unblocked or written to after its poll) must not wait for a socket
        if (timeoutMs > 0 && unblocked.isEmpty() && node.pendingWrites().isEmpty())
        {
            clockStale = true;
            selector.select(onSelected, timeoutMs);
            if (clockStale)
            {
                clockStale = false;
                node.nowMs(clock.time());
            }
        }
        else
        {
            selector.selectNow(onSelected);
        }
        resumeUnblocked();
        flushPendingWrites();
        final List<Client> killed = node.killedClients();
        for (int i = 0; i < killed.size(); i++)
        {
            toClose.add((Connection)killed.get(i).transport());
        }
        killed.clear();
        closePending();
        return work;
    }

    private void onSelected(final SelectionKey key)
    {
        if (clockStale)
        {
            clockStale = false;
            node.nowMs(clock.time());
        }
        work++;
        if (!key.isValid())
        {
            return;
        }
        if (key.attachment() instanceof SelectionHandler)
        {
            final SelectionHandler handler = (SelectionHandler)key.attachment();
            try
            {
                handler.onSelected(key);
            }
            catch (final IOException ex)
            {
                handler.onFailure(key, ex);
            }
            return;
        }
        if (key.isAcceptable())
        {
            accept((ServerSocketChannel)key.channel());
            return;
        }
        final Connection connection = (Connection)key.attachment();
        try
        {
            if (key.isReadable())
            {
                read(connection);
            }
            if (key.isValid() && key.isWritable())
            {
                write(connection);
            }
        }
        catch (final IOException ex)
        {
            toClose.add(connection);
        }
    }

    private void accept(final ServerSocketChannel listener)
    {
        for (int i = 0; i < MAX_ACCEPTS_PER_CYCLE; i++)
        {
            final SocketChannel channel;
            try
            {
                channel = listener.accept();
                if (channel == null)
                {
                    return;
                }
            }
            catch (final IOException ex)
            {
                LOG.warn("Accepting client connection: {}", ex.getMessage());
                return;
            }
            register(channel);
        }
    }

    private void register(final SocketChannel channel)
    {
        try
        {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (node.clientCount() >= node.config().maxclients())
            {
                channel.write(java.nio.ByteBuffer.wrap(MAX_CLIENTS_REPLY));
                channel.close();
                node.rejectedConnection();
                return;
            }
            final Connection connection = new Connection(channel);
            final String requirepass = node.config().requirepass();
            connection.client = new Client(node.nextClientId(), addressOf(channel.getRemoteAddress()),
                addressOf(channel.getLocalAddress()), node.nowMs(), node.config().protoMaxBulkLenBytes(),
                requirepass == null || requirepass.isEmpty(), connection);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
            node.addClient(connection.client);
        }
        catch (final IOException ex)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // already failing: nothing more to do
            }
        }
    }

    private static String addressOf(final java.net.SocketAddress address)
    {
        final InetSocketAddress inet = (InetSocketAddress)address;
        final String host = inet.getAddress().getHostAddress();
        return host + ":" + inet.getPort();
    }

    private void read(final Connection connection) throws IOException
    {
        if (connection.readEnd == connection.readBuffer.length)
        {
            connection.ensureRoom(connection.readBuffer.length - connection.readStart + 1);
        }
        final int read = connection.channel.read(connection.readView());
        if (read < 0)
        {
            toClose.add(connection);
            return;
        }
        if (read == 0)
        {
            return;
        }
        connection.readEnd += read;
        node.netInput(read);
        final Client client = connection.client;
        client.lastInteractionMs(node.nowMs());
        if (connection.pendingQueryBytes() > node.config().clientQueryBufferLimitBytes())
        {
            LOG.warn("Closing client that reached max query buffer length: id={} addr={} (qbuf={})",
                client.id(), client.address(), connection.pendingQueryBytes());
            toClose.add(connection);
            return;
        }
        processInput(connection);
        write(connection);
    }

    /** Runs every complete command in the query buffer. */
    void processInput(final Connection connection)
    {
        final Client client = connection.client;
        try
        {
            while (connection.readStart < connection.readEnd && client.closeFlags() == 0 && !client.isBlocked() &&
                !client.isPostponed())
            {
                final int consumed = client.decoder().decode(
                    connection.readBuffer, connection.readStart, connection.readEnd, client.args());
                if (consumed == 0)
                {
                    // grow towards the announced size by doubling as bytes arrive, never on the header's word
                    // alone: a 20-byte request must not be able to make the node allocate 512 MB
                    final long wanted = Math.min(client.decoder().bytesWanted(),
                        2L * Math.max(connection.pendingQueryBytes(), Connection.INITIAL_READ_BYTES));
                    if (wanted > connection.readBuffer.length - connection.readStart)
                    {
                        connection.ensureRoom(wanted);
                    }
                    break;
                }
                connection.readStart += consumed;
                if (client.args().count() > 0)
                {
                    dispatcher.execute(client);
                    if (client.isPostponed())
                    {
                        // a client pause holds it: decoded again, and run whole, when the pause ends
                        connection.readStart -= consumed;
                        break;
                    }
                    node.blockedClients().serveReady();
                }
            }
        }
        catch (final ProtocolException ex)
        {
            final RespEncoder out = client.out();
            out.error(ex.replyText());
            node.errorReplied(ex.replyText());
            LOG.debug("Protocol error from client id={} addr={}: {}", client.id(), client.address(), ex.getMessage());
            client.closeAfterReply();
            connection.readStart = connection.readEnd;
        }
        client.queryBufferBytes(connection.pendingQueryBytes());
        client.queryBufferCapacityBytes(connection.readBuffer.length);
        connection.shrinkIfIdle();
    }

    private void write(final Connection connection) throws IOException
    {
        final Client client = connection.client;
        if ((client.closeFlags() & Client.CLOSE_ASAP) != 0)
        {
            toClose.add(connection);
            return;
        }
        final RespEncoder out = client.out();
        if (!out.isEmpty())
        {
            final int written = connection.channel.write(connection.writeView());
            node.netOutput(written);
            out.consumed(written);
        }
        final boolean pending = !out.isEmpty();
        if (pending != connection.writeInterest)
        {
            connection.writeInterest = pending;
            connection.key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
        if (!pending && (client.closeFlags() & Client.CLOSE_AFTER_REPLY) != 0)
        {
            toClose.add(connection);
        }
    }

    /**
     * Clients whose blocking command completed: send the reply, then run the requests they pipelined behind it.
     * Public so the agent can call it after timeouts.
     */
    public int resumeUnblocked()
    {
        int resumed = 0;
        while (!unblocked.isEmpty())
        {
            final Client client = unblocked.remove(unblocked.size() - 1);
            final Connection connection = (Connection)client.transport();
            if (connection == null || !connection.channel.isOpen())
            {
                continue;
            }
            resumed++;
            try
            {
                processInput(connection);
                write(connection);
            }
            catch (final IOException ex)
            {
                toClose.add(connection);
            }
        }
        return resumed;
    }

    /** Writes output that commands of other clients produced (published messages). */
    private void flushPendingWrites()
    {
        final List<Client> pending = node.pendingWrites();
        for (int i = 0; i < pending.size(); i++)
        {
            final Connection connection = (Connection)pending.get(i).transport();
            if (connection != null && connection.channel.isOpen())
            {
                try
                {
                    write(connection);
                }
                catch (final IOException ex)
                {
                    toClose.add(connection);
                }
            }
        }
        pending.clear();
    }

    private void closePending()
    {
        if (toClose.isEmpty())
        {
            return;
        }
        for (int i = 0; i < toClose.size(); i++)
        {
            closeConnection(toClose.get(i));
        }
        toClose.clear();
    }

    private void closeConnection(final Connection connection)
    {
        if (!connection.channel.isOpen())
        {
            return;
        }
        if (connection.client != null)
        {
            node.blockedClients().unblock(connection.client);
            node.pubSub().forget(connection.client);
            node.removeClient(connection.client);
        }
        connection.key.cancel();
        try
        {
            connection.channel.close();
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
    }

    @Override
    public void close()
    {
        for (final SelectionKey key : selector.keys())
        {
            if (key.attachment() instanceof Connection)
            {
                closeConnection((Connection)key.attachment());
            }
        }
        for (final ServerSocketChannel listener : listeners)
        {
            try
            {
                listener.close();
            }
            catch (final IOException ignore)
            {
                // shutting down
            }
        }
        listeners.clear();
    }
}
