package io.krill.core.server;

import io.krill.core.cluster.ClusterMember;
import io.krill.core.command.CommandDispatcher;
import io.krill.core.command.CommandTable;
import io.krill.core.command.Commands;
import io.krill.core.command.NodeState;
import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.Keyspace;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.concurrent.CountDownLatch;

/**
 * A running node serving RESP on its client port, on one agent thread of its own.
 * <p>
 * Thread safe: {@link #close()} and {@link #awaitTermination()} may be called from any thread.
 */
public final class KrillServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(KrillServer.class);

    private final AgentRunner runner;
    private final CountDownLatch terminated;
    private final int port;
    private final int busPort;

    private KrillServer(final AgentRunner runner, final CountDownLatch terminated, final int port, final int busPort)
    {
        this.runner = runner;
        this.terminated = terminated;
        this.port = port;
        this.busPort = busPort;
    }

    /**
     * Binds the client port and starts the node's agent thread. With {@code cluster-enabled yes} it also locks and
     * loads nodes.conf and binds the cluster bus port (see {@link ClusterMember#open}). The RDB file
     * {@code dir/dbfilename} is loaded first if it exists.
     *
     * @param config the node's options; owned by the server from now on. Port 0 binds a free port (and then, unless
     *               {@code cluster-port} is set, a free bus port).
     * @return the running server.
     * @throws IOException if a port cannot be bound, or nodes.conf is locked by another node or corrupted.
     */
    public static KrillServer start(final ServerConfig config) throws IOException
    {
        final SystemEpochClock clock = SystemEpochClock.INSTANCE;
        final NodeState node = new NodeState(config, new Keyspace(), CommandTable.load(), clock.time());
        Commands.registerAll(node);
        loadSnapshot(node, clock.time());
        final Selector selector = Selector.open();
        final CommandDispatcher dispatcher = new CommandDispatcher(node);
        final RespServer server = new RespServer(node, dispatcher, selector, clock);
        final int port;
        try
        {
            port = server.bind(config.bind(), config.port());
        }
        catch (final IOException ex)
        {
            selector.close();
            throw ex;
        }
        if (config.clusterEnabled())
        {
            try
            {
                node.cluster(ClusterMember.open(config, node.keyspace(), selector, port, clock.time()));
                // the cluster's roles drive replication from now on (REPLICAOF is refused to clients)
                node.cluster().replication(node.replication());
            }
            catch (final IOException | RuntimeException ex)
            {
                server.close();
                selector.close();
                throw ex;
            }
        }
        if (config.replicaofHost() != null)
        {
            node.replication().replicaOf(config.replicaofHost(), config.replicaofPort());
        }
        final int busPort = node.cluster() == null ? -1 : node.cluster().busPort();
        final CountDownLatch terminated = new CountDownLatch(1);
        final SelectorIdleStrategy idle = new SelectorIdleStrategy();
        final NodeAgent agent = new NodeAgent(node, server, dispatcher, clock, () ->
        {
            try
            {
                selector.close();
            }
            catch (final IOException ignore)
            {
                // shutting down
            }
            terminated.countDown();
        }, idle);
        final AgentRunner runner = new AgentRunner(idle, KrillServer::onAgentError, null, agent);
        AgentRunner.startOnThread(runner, task ->
        {
            final Thread thread = new Thread(task);
            // An Error (a broken class path, out of memory) ends the agent's thread without its onClose: close the
            // node's sockets so that clients and peers see it gone, as with a crashed redis-server, instead of
            // connections that hang forever.
            thread.setUncaughtExceptionHandler((dead, error) ->
            {
                LOG.error("Node agent stopped by an error; closing the node", error);
                agent.onClose();
            });
            return thread;
        });
        LOG.info("Ready to accept connections tcp on port {}", port);
        return new KrillServer(runner, terminated, port, busPort);
    }

    /** Loads dir/dbfilename if it exists, before any port is bound, as Redis loads its data before serving. */
    private static void loadSnapshot(final NodeState node, final long nowMs) throws IOException
    {
        try
        {
            node.snapshots().loadIfPresent(node.keyspace(), nowMs);
        }
        catch (final IOException ex)
        {
            throw new IOException("Fatal error loading the DB (" + node.snapshots().file() + "): " +
                ex.getMessage(), ex);
        }
    }

    private static void onAgentError(final Throwable error)
    {
        if (!(error instanceof org.agrona.concurrent.AgentTerminationException))
        {
            LOG.error("Node agent error", error);
        }
    }

    /** The bound client port. */
    public int port()
    {
        return port;
    }

    /** The bound cluster bus port, or -1 when cluster support is disabled. */
    public int busPort()
    {
        return busPort;
    }

    /** Blocks until the server stops (SHUTDOWN or {@link #close()}). */
    public void awaitTermination() throws InterruptedException
    {
        terminated.await();
    }

    /** Stops the server and waits for its thread to end. */
    @Override
    public void close()
    {
        runner.close();
        terminated.countDown();
    }
}
