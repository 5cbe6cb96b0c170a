package io.krill.core.server;

import io.krill.core.command.NodeState;
import io.krill.core.command.Replication;
import io.krill.replication.ReplicaSync;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The replica's TCP connection to its master, on the node's selector: connects when {@link Replication} names a
 * master (at most once a second after a failure), and moves bytes between the socket and the sans-I/O
 * {@link ReplicaSync} (handshake, snapshot, stream, ACKs).
 * <p>
 * Not thread safe: runs on the node's agent thread.
 */
final class MasterLink implements SelectionHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
    private static final int READ_BYTES = 64 * 1024;

    private final NodeState node;
    private final Replication replication;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BYTES);
    private final UnsafeBuffer readView = new UnsafeBuffer(readBuffer.array());
    private SocketChannel channel;
    private SelectionKey key;
    private int generation;
    private ReplicaSync sync;

    MasterLink(final NodeState node, final Selector selector)
    {
        this.node = node;
        this.replication = node.replication();
        this.selector = selector;
    }

    /** Once per duty cycle: follow role changes, (re)connect when due, push pending output. */
    int poll(final long nowMs)
    {
        if (channel != null && (generation != replication.masterLinkGeneration() || sync != replication.sync()))
        {
            // REPLICAOF named another master, or NO ONE
            close(null, nowMs);
        }
        if (channel == null)
        {
            if (replication.mayConnect(nowMs))
            {
                connect(nowMs);
                return 1;
            }
            return 0;
        }
        if (sync.state() == ReplicaSync.State.FAILED)
        {
            close(sync.failure(), nowMs);
            return 1;
        }
        return flush() ? 1 : 0;
    }

    private void connect(final long nowMs)
    {
        generation = replication.masterLinkGeneration();
        sync = replication.sync();
        try
        {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, !node.config().replDisableTcpNodelay());
            final boolean connected = channel.connect(new InetSocketAddress(replication.masterHost(),
                replication.masterPort()));
            key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected)
            {
                sync.onConnected(nowMs);
                flush();
            }
            LOG.info("MASTER <-> REPLICA sync started");
        }
        catch (final IOException | RuntimeException ex)
        {
            close("Error condition on socket for SYNC: " + ex.getMessage(), nowMs);
        }
    }

    @Override
    public void onSelected(final SelectionKey selected) throws IOException
    {
        final long nowMs = node.nowMs();
        if (selected.isConnectable())
        {
            channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            LOG.info("Master replied to PING, replication can continue...");
            sync.onConnected(nowMs);
        }
        if (selected.isValid() && selected.isReadable())
        {
            readBuffer.clear();
            final int read = channel.read(readBuffer);
            if (read < 0)
            {
                close("connection closed by master", nowMs);
                return;
            }
            if (read > 0)
            {
                node.netInput(read);
                sync.onBytes(readView, 0, read, nowMs);
            }
        }
        if (sync.state() == ReplicaSync.State.FAILED)
        {
            close(sync.failure(), nowMs);
            return;
        }
        flush();
    }

    @Override
    public void onFailure(final SelectionKey failed, final IOException cause)
    {
        close(cause.getMessage(), node.nowMs());
    }

    /** @return true if bytes were written. */
    private boolean flush()
    {
        final int length = sync.outputLength();
        if (length == 0 || channel == null || !channel.isConnected())
        {
            return false;
        }
        try
        {
            final int written = channel.write(ByteBuffer.wrap(sync.output().byteArray(), 0, length));
            node.netOutput(written);
            sync.consumeOutput(written);
            key.interestOps(sync.outputLength() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                : SelectionKey.OP_READ);
            return written > 0;
        }
        catch (final IOException ex)
        {
            close("write to master failed: " + ex.getMessage(), node.nowMs());
            return false;
        }
    }

    /** @param reason why, or null when the role changed (no retry is recorded). */
    private void close(final String reason, final long nowMs)
    {
        if (key != null)
        {
            key.cancel();
        }
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // closing anyway
            }
        }
        channel = null;
        key = null;
        if (reason != null && sync == replication.sync())
        {
            replication.linkLost(reason, nowMs);
        }
        sync = null;
    }

    void close()
    {
        close(null, node.nowMs());
    }
}
