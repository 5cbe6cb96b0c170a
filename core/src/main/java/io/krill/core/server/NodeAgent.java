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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

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
    private static final long MAX_PARK_NS = 50_000_000;

    private final NodeState node;
    private final RespServer server;
    private final CommandDispatcher dispatcher;
    private final EpochClock clock;
    private final Runnable onClose;
    private volatile boolean closed;
    private final SelectorIdleStrategy idle;
    private final MasterLink masterLink;
    private long nextCronMs;
    /** Set by {@link #freeze} from any thread (KrillServer.pause), cleared when it ends or by {@link #thaw}. */
    private final AtomicReference<Freeze> freeze = new AtomicReference<>();
    private volatile boolean killed;
    private volatile Thread thread;

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

    @Override
    public void onStart()
    {
        thread = Thread.currentThread();
    }

    /**
     * One cycle: serve the sockets, waiting for them until the next timer unless the idle strategy is still
     * spinning, then run the timers that are due. The clock is read before the poll and again if it waited.
     */
    @Override
    public int doWork()
    {
        // fault injection (KrillServer.pause, kill): two volatile reads per cycle when no fault is set
        if (freeze.get() != null && frozen())
        {
            return 0;
        }
        if (killed)
        {
            throw new AgentTerminationException("killed");
        }
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
        // a pause that ended (CLIENT PAUSE timeout or UNPAUSE, a manual failover over) lets held requests run
        if (node.clientPause().resumeIfLifted(nowMs) > 0)
        {
            work += 1 + server.resumeUnblocked();
        }
        // WAIT asked for ACKs during this cycle: one GETACK for all of them
        node.replication().beforeSleep();
        if (node.shutdownRequested())
        {
            throw new AgentTerminationException("SHUTDOWN");
        }
        return work;
    }

    /**
     * Stops serving until the freeze ends, as if the process were stopped (SIGSTOP, a long GC): nothing is read or
     * answered, no timer runs, sockets stay open and peers' messages wait in the kernel and the in-JVM inbox. Not
     * CLIENT PAUSE, which keeps the node running and only holds clients' commands.
     *
     * @param durationNs how long; {@link Long#MAX_VALUE} until {@link #thaw}.
     * @return false if the agent ended before it paused (the caller need not wait).
     */
    boolean freeze(final long durationNs, final long waitMs)
    {
        final long nowNs = System.nanoTime();
        final Freeze next = new Freeze(durationNs == Long.MAX_VALUE ? Long.MAX_VALUE : nowNs + durationNs);
        freeze.set(next);
        server.selector().wakeup();
        // wait until the agent is parked, so that nothing sent after pause() returns is served
        final long deadlineNs = nowNs + waitMs * 1_000_000;
        while (!next.entered && !closed && freeze.get() == next && System.nanoTime() - deadlineNs < 0)
        {
            Thread.onSpinWait();
            Thread.yield();
        }
        return next.entered;
    }

    /** Ends a freeze at once (no-op if the node is not frozen). */
    void thaw()
    {
        freeze.set(null);
        final Thread agentThread = thread;
        if (agentThread != null)
        {
            LockSupport.unpark(agentThread);
        }
    }

    boolean isFrozen()
    {
        return freeze.get() != null;
    }

    /** Makes the next cycle end the agent without serving anything more (see {@link KrillServer#kill()}). */
    void kill()
    {
        killed = true;
        thaw();
        server.selector().wakeup();
    }

    /** Parks for a while if a freeze is on; false once it is over. */
    private boolean frozen()
    {
        final Freeze current = freeze.get();
        if (current == null)
        {
            return false;
        }
        final long remainingNs = current.untilNs == Long.MAX_VALUE ? Long.MAX_VALUE :
            current.untilNs - System.nanoTime();
        if (remainingNs <= 0 || killed)
        {
            freeze.compareAndSet(current, null);
            return false;
        }
        current.entered = true;
        // a bounded park, so that the runner's close is noticed even if no resume wakes this thread
        LockSupport.parkNanos(this, Math.min(remainingNs, MAX_PARK_NS));
        return true;
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
        nextMs = Math.min(nextMs, node.clientPause().nextEndMs(node.nowMs()));
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
        if (node.clientPause().writesPaused(nowMs))
        {
            // as Redis: a paused master changes nothing, so its replication offset stays still
            return 0;
        }
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
        server.close(killed);
        final ClusterMember cluster = node.cluster();
        if (cluster != null)
        {
            cluster.close();
        }
        onClose.run();
    }

    /** One freeze: when it ends, and whether the agent has stopped for it. */
    private static final class Freeze
    {
        final long untilNs;
        volatile boolean entered;

        Freeze(final long untilNs)
        {
            this.untilNs = untilNs;
        }
    }

    @Override
    public String roleName()
    {
        return "krill-node-" + node.tcpPort();
    }
}
