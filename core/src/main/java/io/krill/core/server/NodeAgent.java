package io.krill.core.server;

import io.krill.core.cluster.ClusterMember;
import io.krill.core.command.CommandDispatcher;
import io.krill.core.command.NodeState;
import io.krill.core.keyspace.Keyspace;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The duty cycle of one node: read the clock once, serve the RESP front and the cluster bus (TCP links on the node's
 * selector, then the in-JVM inbox, whose writers wake the selector when the node sleeps in it), run the timers
 * that are due (the server cron, blocked-client deadlines, the cluster's 100 ms tick).
 * The only thread that touches the node's state.
 */
final class NodeAgent implements Agent
{
    /** Active expiry may use this share of each cron period (Redis: 25 %). */
    private static final int EXPIRE_TIME_PERCENT = 25;
    private static final int EXPIRE_CHUNK_BUCKETS = 1000;

    private final NodeState node;
    private final RespServer server;
    private final CommandDispatcher dispatcher;
    private final EpochClock clock;
    private final Runnable onClose;
    private boolean closed;
    private final SelectorIdleStrategy idle;
    private final MasterLink masterLink;
    private long nextCronMs;

    NodeAgent(final NodeState node, final RespServer server, final CommandDispatcher dispatcher,
        final EpochClock clock, final Runnable onClose, final SelectorIdleStrategy idle)
    {
        this.node = node;
        this.server = server;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.onClose = onClose;
        this.idle = idle;
        this.masterLink = new MasterLink(node, server.selector());
    }

    /**
     * One cycle: serve the sockets, waiting for them until the next timer unless the idle strategy is still
     * spinning, then run the timers that are due. The clock is read before the poll and again if it waited.
     */
    @Override
    public int doWork()
    {
        node.nowMs(clock.time());
        final ClusterMember cluster = node.cluster();
        long timeoutMs = idle.pollMayBlock() ? msUntilNextTimer() : 0;
        if (cluster != null && timeoutMs > 0 && !cluster.prepareToSleep())
        {
            timeoutMs = 0;
        }
        int work;
        try
        {
            work = server.poll(timeoutMs);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        if (cluster != null)
        {
            cluster.awake();
            work += cluster.poll();
        }
        final long nowMs = node.nowMs();
        work += masterLink.poll(nowMs);
        if (node.blockedClients().nextDeadlineMs() <= nowMs)
        {
            work += node.blockedClients().expire(nowMs);
            work += server.resumeUnblocked();
        }
        if (nowMs >= nextCronMs)
        {
            work += cron(nowMs);
            nextCronMs = nowMs + cronPeriodMs();
        }
        if (cluster != null)
        {
            work += clusterTick(cluster, nowMs);
        }
        // WAIT asked for ACKs during this cycle: one GETACK for all of them
        node.replication().beforeSleep();
        if (node.shutdownRequested())
        {
            throw new AgentTerminationException("SHUTDOWN");
        }
        return work;
    }

    private long cronPeriodMs()
    {
        return Math.max(1, 1000 / Math.max(1, node.config().hz()));
    }

    /**
     * The cluster's 100 ms cron when it is due, then the clients blocked on slots that moved away; a node that
     * cannot save nodes.conf stops, as Redis exits then.
     */
    private int clusterTick(final ClusterMember cluster, final long nowMs)
    {
        int work = 0;
        if (cluster.tick(nowMs) > 0)
        {
            work += 1 + dispatcher.redirectBlockedClients();
            work += server.resumeUnblocked();
        }
        if (cluster.failure() != null)
        {
            throw new AgentTerminationException(cluster.failure());
        }
        return work;
    }

    /**
     * Milliseconds until the next timer is due; a poll waits at most this long. Every timer the cycle runs must be
     * counted here, and work handed in by another thread must wake the selector, or it waits for a socket.
     */
    long msUntilNextTimer()
    {
        long nextMs = Math.min(nextCronMs, node.blockedClients().nextDeadlineMs());
        final ClusterMember cluster = node.cluster();
        if (cluster != null)
        {
            nextMs = Math.min(nextMs, cluster.nextTickMs());
        }
        return Math.max(1, nextMs - node.nowMs());
    }

    private int cron(final long nowMs)
    {
        node.sampleMetrics(nowMs);
        node.replication().cron(nowMs);
        node.migrateSockets().closeIdle(nowMs);
        return activeExpire(nowMs) + node.snapshots().cron(node.keyspace(), nowMs);
    }

    /**
     * Deletes expired keys in chunks until the time share is used or a chunk finds few expired keys (most keys
     * with a TTL are then still alive, so scanning on would mostly waste time), like Redis's slow expire cycle.
     */
    private int activeExpire(final long nowMs)
    {
        final Keyspace keyspace = node.keyspace();
        final long limitMs = cronPeriodMs() * EXPIRE_TIME_PERCENT / 100;
        int deleted = 0;
        while (keyspace.volatileSize() > 0)
        {
            final int chunk = keyspace.expireCycle(EXPIRE_CHUNK_BUCKETS);
            deleted += chunk;
            if (chunk < EXPIRE_CHUNK_BUCKETS / 20 || clock.time() - nowMs >= limitMs)
            {
                break;
            }
        }
        return deleted;
    }

    /** Closes the node's sockets and cluster state; runs once (on termination, or after a fatal error). */
    @Override
    public void onClose()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        masterLink.close();
        node.migrateSockets().closeAll();
        server.close();
        final ClusterMember cluster = node.cluster();
        if (cluster != null)
        {
            cluster.close();
        }
        onClose.run();
    }

    @Override
    public String roleName()
    {
        return "krill-node-" + node.tcpPort();
    }
}
