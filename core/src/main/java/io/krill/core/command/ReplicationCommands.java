package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;
import io.krill.replication.ReplicaInfo;
import io.krill.replication.ReplicaState;
import io.krill.replication.ReplicaSync;
import io.krill.replication.ReplicationBacklog;
import io.krill.replication.ReplicationLog;

import java.util.List;

/**
 * REPLCONF, PSYNC, SYNC, REPLICAOF/SLAVEOF, ROLE, and the text of INFO's replication section (Redis 7.0 field
 * order and names).
 */
final class ReplicationCommands
{
    private final NodeState node;
    private final Replication replication;

    ReplicationCommands(final NodeState node)
    {
        this.node = node;
        this.replication = node.replication();
    }

    void register(final CommandTable table)
    {
        table.register("replconf", replication::replconf);
        table.register("psync", replication::psync);
        table.register("sync", replication::psync);
        table.register("replicaof", this::replicaof);
        table.register("slaveof", this::replicaof);
        table.register("role", this::role);
    }

    /** REPLICAOF host port | NO ONE. */
    private void replicaof(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (node.cluster() != null)
        {
            throw new CommandException("ERR REPLICAOF not allowed in cluster mode.");
        }
        if (args.is(1, "no") && args.is(2, "one"))
        {
            replication.promote();
            out.ok();
            return;
        }
        final long port = args.longValue(2, new CommandException("ERR Invalid master port"));
        if (port < 0 || port > 65535)
        {
            throw new CommandException("ERR Invalid master port");
        }
        final String host = args.string(1);
        if (host.equalsIgnoreCase(replication.masterHost()) && port == replication.masterPort())
        {
            out.simple("OK Already connected to specified master");
            return;
        }
        replication.replicaOf(host, (int)port);
        out.ok();
    }

    /** ROLE: master [offset, replicas] or slave [host, port, state, offset]. */
    private void role(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final ReplicationLog log = replication.log();
        if (replication.masterHost() == null)
        {
            final List<ReplicaInfo> replicas = replication.registry().all();
            out.array(3);
            out.bulk("master");
            out.integer(log.offset());
            out.array(replication.registry().replicaCount());
            for (final ReplicaInfo info : replicas)
            {
                if (info.state() != ReplicaState.HANDSHAKE)
                {
                    out.array(3);
                    out.bulk(info.ip());
                    out.bulk(Integer.toString(info.listeningPort()));
                    out.bulk(Long.toString(info.ackOffset()));
                }
            }
            return;
        }
        out.array(5);
        out.bulk("slave");
        out.bulk(replication.masterHost());
        out.integer(replication.masterPort());
        out.bulk(linkState(replication.sync()));
        out.integer(replication.linkUp() ? log.offset() : -1);
    }

    private static String linkState(final ReplicaSync sync)
    {
        if (sync == null)
        {
            return "none";
        }
        switch (sync.state())
        {
            case IDLE:
            case FAILED:
                return "connect";
            case AWAIT_PONG:
                return "connecting";
            case AWAIT_HANDSHAKE_REPLIES:
            case AWAIT_PSYNC_REPLY:
                return "handshake";
            case AWAIT_SNAPSHOT:
            case TRANSFER:
                return "sync";
            default:
                return "connected";
        }
    }

    /** INFO replication, both roles. */
    static void info(final NodeState node, final StringBuilder text)
    {
        final Replication replication = node.replication();
        final ReplicationLog log = replication.log();
        final long nowMs = node.nowMs();
        if (replication.masterHost() == null)
        {
            InfoCommand.field(text, "role", "master");
        }
        else
        {
            final ReplicaSync sync = replication.sync();
            InfoCommand.field(text, "role", "slave");
            InfoCommand.field(text, "master_host", replication.masterHost());
            InfoCommand.field(text, "master_port", replication.masterPort());
            InfoCommand.field(text, "master_link_status", replication.linkUp() ? "up" : "down");
            InfoCommand.field(text, "master_last_io_seconds_ago",
                replication.linkUp() ? (nowMs - sync.lastIoMs()) / 1000 : -1);
            final boolean syncing = sync != null && sync.state() == ReplicaSync.State.TRANSFER;
            InfoCommand.field(text, "master_sync_in_progress", syncing ? 1 : 0);
            InfoCommand.field(text, "slave_read_repl_offset", replication.linkUp() ? sync.readOffset() : log.offset());
            InfoCommand.field(text, "slave_repl_offset", log.offset());
            if (syncing)
            {
                final long left = sync.snapshotRemaining();
                final long total = left < 0 ? -1 : sync.snapshotBytes() + left;
                InfoCommand.field(text, "master_sync_total_bytes", total);
                InfoCommand.field(text, "master_sync_read_bytes", sync.snapshotBytes());
                InfoCommand.field(text, "master_sync_left_bytes", left);
                InfoCommand.field(text, "master_sync_perc",
                    String.format("%.2f", total <= 0 ? 0.0 : sync.snapshotBytes() * 100.0 / total));
                InfoCommand.field(text, "master_sync_last_io_seconds_ago", (nowMs - sync.lastIoMs()) / 1000);
            }
            if (!replication.linkUp())
            {
                InfoCommand.field(text, "master_link_down_since_seconds",
                    replication.linkDownSinceMs() == 0 ? -1 : (nowMs - replication.linkDownSinceMs()) / 1000);
            }
            InfoCommand.field(text, "slave_priority", node.config().replicaPriority());
            InfoCommand.field(text, "slave_read_only", node.config().replicaReadOnly() ? 1 : 0);
            InfoCommand.field(text, "replica_announced", node.config().replicaAnnounced() ? 1 : 0);
        }
        InfoCommand.field(text, "connected_slaves", replication.registry().replicaCount());
        int index = 0;
        for (final ReplicaInfo info : replication.registry().all())
        {
            if (info.state() == ReplicaState.HANDSHAKE)
            {
                continue;
            }
            text.append("slave").append(index++).append(":ip=").append(info.ip()).append(",port=")
                .append(info.listeningPort()).append(",state=").append(info.state().infoName())
                .append(",offset=").append(info.ackOffset()).append(",lag=").append(info.lagSeconds(nowMs))
                .append("\r\n");
        }
        InfoCommand.field(text, "master_failover_state", "no-failover");
        InfoCommand.field(text, "master_replid", log.replid());
        InfoCommand.field(text, "master_replid2", log.replid2());
        InfoCommand.field(text, "master_repl_offset", log.offset());
        InfoCommand.field(text, "second_repl_offset", log.secondReplidOffset());
        final ReplicationBacklog backlog = log.backlog();
        InfoCommand.field(text, "repl_backlog_active", backlog == null ? 0 : 1);
        InfoCommand.field(text, "repl_backlog_size", node.config().replBacklogSizeBytes());
        InfoCommand.field(text, "repl_backlog_first_byte_offset", backlog == null ? 0 : backlog.firstByteOffset());
        InfoCommand.field(text, "repl_backlog_histlen", backlog == null ? 0 : backlog.historyLength());
    }
}
