package io.krill.core.command;

import io.krill.core.cluster.ClusterMember;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Paused clients (Redis 7.0's pauseClients): CLIENT PAUSE, and the write pause of a master during a cluster
 * manual failover. A command that a pause covers is postponed, not refused: the client's request stays in its
 * query buffer, the client reads nothing more, and when the pause ends (or becomes less strict) the request is
 * processed again from the start, routing included, so a write held on a master that meanwhile became a replica
 * gets MOVED to the new master.
 * <p>
 * BEHAVIOR (as Redis 7.0): each purpose has a type and an end time; a new CLIENT PAUSE sets the type and keeps
 * the later of the two ends. The effective pause is the strictest type among the purposes not yet ended. WRITE
 * holds commands flagged write or may_replicate (PUBLISH, EVAL ...); ALL holds every command. Replicas attached to
 * this master and the master's stream on a replica are never paused. While writes are paused, the master sends no
 * PINGs to its replicas during a manual failover and no pause expires keys actively, so the offset stays still
 * for the failover to catch.
 * <p>
 * Not thread safe: the node's agent thread runs it.
 */
public final class ClientPause
{
    static final int OFF = 0;
    static final int WRITE = 1;
    static final int ALL = 2;

    /**
     * Redis 7.0 commands with the may_replicate flag, which COMMAND INFO does not show (so the captured metadata
     * lacks it): they may propagate something even though they are not writes. Checked against redis-server.
     */
    private static final Set<String> MAY_REPLICATE = Set.of("publish", "spublish", "pfcount", "eval", "evalsha",
        "fcall");

    private static final Logger LOG = LoggerFactory.getLogger(ClientPause.class);

    private final NodeState node;
    private final List<Client> postponed = new ArrayList<>();
    private final List<Client> resuming = new ArrayList<>();
    private int commandType = OFF;
    private long commandEndMs;

    ClientPause(final NodeState node)
    {
        this.node = node;
    }

    /** CLIENT PAUSE: the type replaces the current one, the end only moves later. */
    void pauseByCommand(final int type, final long endMs)
    {
        commandType = type;
        commandEndMs = Math.max(commandEndMs, endMs);
    }

    /** CLIENT UNPAUSE. */
    void unpauseByCommand()
    {
        commandType = OFF;
        commandEndMs = 0;
    }

    /** The strictest pause in force now: {@link #OFF}, {@link #WRITE} or {@link #ALL}. */
    int type(final long nowMs)
    {
        int type = OFF;
        if (commandType != OFF && nowMs < commandEndMs)
        {
            type = commandType;
        }
        if (type == OFF && failoverPaused(nowMs))
        {
            type = WRITE;
        }
        return type;
    }

    /** Whether a cluster manual failover holds this master's writes now. */
    public boolean failoverPaused(final long nowMs)
    {
        final ClusterMember cluster = node.cluster();
        return cluster != null && nowMs < cluster.writesPausedUntilMs();
    }

    /** Whether writes are held now (active expiry then waits too). */
    public boolean writesPaused(final long nowMs)
    {
        return type(nowMs) != OFF;
    }

    /**
     * Whether {@code client}'s command {@code spec} must wait for the pause to end; if so, the client is marked
     * postponed and the caller must leave its request unprocessed.
     */
    boolean postpone(final Client client, final CommandSpec spec)
    {
        final int type = type(node.nowMs());
        if (type == OFF)
        {
            return false;
        }
        if (type == WRITE && !writeLike(client, spec))
        {
            return false;
        }
        final Replication replication = node.replication();
        if (replication.isMasterClient(client) || replication.isReplica(client))
        {
            return false;
        }
        client.postponed = spec;
        postponed.add(client);
        return true;
    }

    /** How many clients wait for the pause to end. */
    public int postponedCount()
    {
        return postponed.size();
    }

    /** The connection of a postponed client closed. */
    public void clientClosed(final Client client)
    {
        if (client.postponed != null)
        {
            client.postponed = null;
            postponed.remove(client);
        }
    }

    /**
     * When the pause in force ends by itself (for the agent's timer), or {@link Long#MAX_VALUE} when no client
     * waits for it.
     */
    public long nextEndMs(final long nowMs)
    {
        if (postponed.isEmpty())
        {
            return Long.MAX_VALUE;
        }
        long endMs = Long.MAX_VALUE;
        if (commandType != OFF && commandEndMs > nowMs)
        {
            endMs = commandEndMs;
        }
        final ClusterMember cluster = node.cluster();
        if (cluster != null && cluster.writesPausedUntilMs() > nowMs)
        {
            endMs = Math.min(endMs, cluster.writesPausedUntilMs());
        }
        return endMs;
    }

    /**
     * Once per duty cycle: when the pause ended or became less strict, every postponed client runs its request
     * again, in the order they were postponed (those still covered are postponed again).
     *
     * @return how many clients were resumed.
     */
    public int resumeIfLifted(final long nowMs)
    {
        if (postponed.isEmpty())
        {
            return 0;
        }
        final int type = type(nowMs);
        if (type == ALL)
        {
            return 0;
        }
        resuming.clear();
        for (int i = 0; i < postponed.size(); i++)
        {
            final Client client = postponed.get(i);
            if (type == OFF || !writeWaits(client))
            {
                resuming.add(client);
            }
        }
        if (resuming.isEmpty())
        {
            return 0;
        }
        LOG.info("Client pause lifted: {} held client(s) resume", resuming.size());
        // the server resumes woken clients last first: wake them in reverse to keep their order
        for (int i = resuming.size() - 1; i >= 0; i--)
        {
            final Client client = resuming.get(i);
            client.postponed = null;
            postponed.remove(client);
            node.blockedClients().wake(client);
        }
        return resuming.size();
    }

    /** Whether a WRITE pause holds {@code spec}. */
    /** As Redis 7.0, an EXEC whose queued commands include a write is a write too. */
    private static boolean writeLike(final Client client, final CommandSpec spec)
    {
        return writeLike(spec) ||
            (spec.fullName.equals("exec") && Transactions.queuedAny(client, ClientPause::writeLike));
    }

    private static boolean writeLike(final CommandSpec spec)
    {
        return spec.has(CommandSpec.WRITE) || spec.has(CommandSpec.MAY_REPLICATE) ||
            MAY_REPLICATE.contains(spec.fullName);
    }

    /** Whether a postponed client's request is a write (still held by a WRITE pause). */
    private boolean writeWaits(final Client client)
    {
        return writeLike(client, client.postponed);
    }
}
