package io.krill.core.command;

import io.krill.core.keyspace.Keyspace;
import io.krill.core.persistence.Snapshots;
import io.krill.gossip.BusVerdict;
import io.krill.gossip.MalformedPacketCounter;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.RespEncoder;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO [section ...], with Redis 7.0's sections, field names and field order.
 * <p>
 * BACKGROUND: monitoring agents, client libraries and cluster tools parse INFO line by line and look fields up by
 * name, so every field Redis 7.0 prints is printed here, in the same order, whether or not Krill has the feature
 * behind it. A field Krill measures carries the measured value (clients, commands, network, keyspace, memory and
 * CPU from the JVM and {@code /proc}); a field about something Krill does not do (RDB/AOF persistence, forks,
 * Lua, active defrag, client tracking) carries the value Redis shows while that feature is idle. Krill adds one
 * field of its own, {@code krill_version}, and one section of its own, {@code krill}, printed only when asked for
 * by name (Redis 7.0 answers an unknown section with nothing, and {@code all}/{@code everything} stay
 * byte-compatible): the cluster bus's malformed-message counts, which Redis 7.0 does not keep.
 * <p>
 * BEHAVIOR: no argument or {@code default} gives the default sections; {@code all} and {@code everything} add
 * commandstats and latencystats; names are case-insensitive, several may be given, unknown ones are ignored.
 * Sections come in Redis's fixed order whatever the argument order. Lines end in CRLF and sections are
 * separated by an empty line; the reply is a bulk string (a verbatim {@code txt} string in RESP3).
 */
final class InfoCommand
{
    private static final List<String> ORDER = List.of("server", "clients", "memory", "persistence", "stats",
        "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");
    private static final Set<String> DEFAULT = Set.of("server", "clients", "memory", "persistence", "stats",
        "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");
    /** Krill's own section: only when named, after Redis's sections. */
    private static final String KRILL = "krill";
    private static final String BUILD_ID = Long.toHexString(("krill-" + ServerVersion.KRILL).hashCode() & 0xFFFFFFFFL);

    private final NodeState node;

    InfoCommand(final NodeState node)
    {
        this.node = node;
        // read the process facts now, at node start, rather than on the agent thread at the first INFO
        ProcessStats.OS.length();
    }

    void register(final CommandTable table)
    {
        table.register("info", this::info);
    }

    private void info(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Set<String> wanted = sections(args);
        final StringBuilder text = new StringBuilder(4096);
        for (final String section : ORDER)
        {
            if (wanted.contains(section))
            {
                if (text.length() > 0)
                {
                    text.append("\r\n");
                }
                appendSection(text, section);
            }
        }
        if (wanted.contains(KRILL))
        {
            if (text.length() > 0)
            {
                text.append("\r\n");
            }
            krill(text.append("# Krill\r\n"));
        }
        out.verbatim(text.toString());
    }

    private static Set<String> sections(final CommandArgs args)
    {
        if (args.count() == 1)
        {
            return DEFAULT;
        }
        final Set<String> wanted = new HashSet<>();
        for (int i = 1; i < args.count(); i++)
        {
            final String name = args.string(i).toLowerCase(Locale.ROOT);
            if ("default".equals(name))
            {
                wanted.addAll(DEFAULT);
            }
            else if ("all".equals(name) || "everything".equals(name))
            {
                wanted.addAll(ORDER);
            }
            else if (KRILL.equals(name))
            {
                wanted.add(KRILL);
            }
            else
            {
                wanted.add("module_list".equals(name) ? "modules" : name);
            }
        }
        return wanted;
    }

    private void appendSection(final StringBuilder text, final String section)
    {
        switch (section)
        {
            case "server":
                server(text.append("# Server\r\n"));
                break;
            case "clients":
                clients(text.append("# Clients\r\n"));
                break;
            case "memory":
                InfoMemory.append(text.append("# Memory\r\n"), node);
                break;
            case "persistence":
                persistence(text.append("# Persistence\r\n"));
                break;
            case "stats":
                stats(text.append("# Stats\r\n"));
                break;
            case "replication":
                replication(text.append("# Replication\r\n"));
                break;
            case "cpu":
                cpu(text.append("# CPU\r\n"));
                break;
            case "modules":
                text.append("# Modules\r\n");
                break;
            case "commandstats":
                commandStats(text.append("# Commandstats\r\n"));
                break;
            case "errorstats":
                errorStats(text.append("# Errorstats\r\n"));
                break;
            case "latencystats":
                latencyStats(text.append("# Latencystats\r\n"));
                break;
            case "cluster":
                field(text.append("# Cluster\r\n"), "cluster_enabled", node.config().clusterEnabled() ? 1 : 0);
                break;
            case "keyspace":
                keyspace(text.append("# Keyspace\r\n"));
                break;
            default:
                throw new IllegalArgumentException(section);
        }
    }

    /**
     * Malformed cluster bus messages (all zero without cluster support): the total, the links closed for broken
     * framing, the log lines written about them (one per address per interval, see TcpBusTransport), the
     * addresses tracked, and one count per reason.
     */
    private void krill(final StringBuilder text)
    {
        final MalformedPacketCounter malformed = node.cluster() == null ? null : node.cluster().malformedPackets();
        long linksClosed = 0;
        for (final BusVerdict verdict : BusVerdict.values())
        {
            if (verdict.closesLink() && malformed != null)
            {
                linksClosed += malformed.count(verdict);
            }
        }
        field(text, "cluster_bus_malformed_messages", malformed == null ? 0 : malformed.total());
        field(text, "cluster_bus_malformed_links_closed", linksClosed);
        field(text, "cluster_bus_malformed_log_lines", malformed == null ? 0 : malformed.reports());
        field(text, "cluster_bus_malformed_addresses", malformed == null ? 0 : malformed.trackedPeers());
        for (final BusVerdict verdict : BusVerdict.values())
        {
            if (!verdict.isAccepted())
            {
                field(text, "cluster_bus_malformed_" + verdict.name().toLowerCase(Locale.ROOT),
                    malformed == null ? 0 : malformed.count(verdict));
            }
        }
    }

    private void server(final StringBuilder text)
    {
        final Instant now = Instant.now();
        final long uptimeSeconds = (node.nowMs() - node.startTimeMs()) / 1000;
        field(text, "redis_version", ServerVersion.REDIS);
        field(text, "krill_version", ServerVersion.KRILL);
        field(text, "redis_git_sha1", "00000000");
        field(text, "redis_git_dirty", 0);
        field(text, "redis_build_id", BUILD_ID);
        field(text, "redis_mode", node.config().clusterEnabled() ? "cluster" : "standalone");
        field(text, "os", ProcessStats.OS);
        field(text, "arch_bits", ProcessStats.ARCH_BITS);
        field(text, "monotonic_clock", "POSIX clock_gettime");
        field(text, "multiplexing_api", ProcessStats.MULTIPLEXING_API);
        field(text, "atomicvar_api", "java-varhandle");
        field(text, "gcc_version", "0.0.0");
        field(text, "process_id", ProcessStats.PID);
        field(text, "process_supervised", "no");
        field(text, "run_id", node.runId());
        field(text, "tcp_port", node.tcpPort());
        field(text, "server_time_usec", now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
        field(text, "uptime_in_seconds", uptimeSeconds);
        field(text, "uptime_in_days", uptimeSeconds / 86400);
        field(text, "hz", node.config().hz());
        field(text, "configured_hz", node.config().hz());
        // Redis's LRU clock: seconds, wrapping at 24 bits
        field(text, "lru_clock", (now.getEpochSecond()) & ((1 << 24) - 1));
        field(text, "executable", ProcessStats.EXECUTABLE);
        field(text, "config_file", node.config().configFile() == null ? "" : node.config().configFile());
        field(text, "io_threads_active", 0);
    }

    private void clients(final StringBuilder text)
    {
        int maxInputBytes = 0;
        int maxOutputBytes = 0;
        for (final Client client : node.clientsById())
        {
            maxInputBytes = Math.max(maxInputBytes, client.queryBufferCapacityBytes());
            maxOutputBytes = Math.max(maxOutputBytes, client.out().limit());
        }
        field(text, "connected_clients", node.clientCount());
        // Redis counts two bus links (one each way) per other known node
        field(text, "cluster_connections", node.cluster() == null ? 0 : 2 * (node.cluster().view().nodeCount() - 1));
        field(text, "maxclients", node.config().maxclients());
        field(text, "client_recent_max_input_buffer", maxInputBytes);
        field(text, "client_recent_max_output_buffer", maxOutputBytes);
        field(text, "blocked_clients", node.blockedClients().blockedCount());
        field(text, "tracking_clients", 0);
        field(text, "clients_in_timeout_table", 0);
    }

    /** RDB fields from the node's snapshots; no fork, so copy-on-write sizes are 0; no AOF. */
    private void persistence(final StringBuilder text)
    {
        zeroFields(text, "loading", "async_loading", "current_cow_peak", "current_cow_size", "current_cow_size_age");
        field(text, "current_fork_perc", "0.00");
        field(text, "current_save_keys_processed", 0);
        field(text, "current_save_keys_total", 0);
        final Snapshots snapshots = node.snapshots();
        field(text, "rdb_changes_since_last_save", snapshots.changesSinceLastSave(node.keyspace()));
        field(text, "rdb_bgsave_in_progress", snapshots.backgroundSaveInProgress() ? 1 : 0);
        field(text, "rdb_last_save_time", snapshots.lastSaveSeconds());
        field(text, "rdb_last_bgsave_status", snapshots.lastBackgroundSaveOk() ? "ok" : "err");
        field(text, "rdb_last_bgsave_time_sec", snapshots.lastBackgroundSaveSeconds());
        field(text, "rdb_current_bgsave_time_sec", snapshots.currentBackgroundSaveSeconds(node.nowMs()));
        field(text, "rdb_saves", snapshots.saves());
        field(text, "rdb_last_cow_size", 0);
        field(text, "rdb_last_load_keys_expired", snapshots.expiredKeysAtLoad());
        field(text, "rdb_last_load_keys_loaded", snapshots.loadedKeys());
        field(text, "aof_enabled", 0);
        field(text, "aof_rewrite_in_progress", 0);
        field(text, "aof_rewrite_scheduled", 0);
        field(text, "aof_last_rewrite_time_sec", -1);
        field(text, "aof_current_rewrite_time_sec", -1);
        field(text, "aof_last_bgrewrite_status", "ok");
        field(text, "aof_rewrites", 0);
        field(text, "aof_rewrites_consecutive_failures", 0);
        field(text, "aof_last_write_status", "ok");
        field(text, "aof_last_cow_size", 0);
        field(text, "module_fork_in_progress", 0);
        field(text, "module_fork_last_cow_size", 0);
    }

    private void stats(final StringBuilder text)
    {
        final Keyspace keyspace = node.keyspace();
        field(text, "total_connections_received", node.totalConnectionsReceived());
        field(text, "total_commands_processed", node.totalCommandsProcessed());
        field(text, "instantaneous_ops_per_sec", Math.round(node.instantaneousOpsPerSecond()));
        field(text, "total_net_input_bytes", node.netInputBytes());
        field(text, "total_net_output_bytes", node.netOutputBytes());
        field(text, "total_net_repl_input_bytes", 0);
        field(text, "total_net_repl_output_bytes", 0);
        field(text, "instantaneous_input_kbps", twoDecimals(node.instantaneousInputBytesPerSecond() / 1024));
        field(text, "instantaneous_output_kbps", twoDecimals(node.instantaneousOutputBytesPerSecond() / 1024));
        field(text, "instantaneous_input_repl_kbps", "0.00");
        field(text, "instantaneous_output_repl_kbps", "0.00");
        field(text, "rejected_connections", node.rejectedConnections());
        field(text, "sync_full", node.replication().syncFull());
        field(text, "sync_partial_ok", node.replication().syncPartialOk());
        field(text, "sync_partial_err", node.replication().syncPartialErr());
        field(text, "expired_keys", keyspace.expiredKeys());
        field(text, "expired_stale_perc", "0.00");
        zeroFields(text, "expired_time_cap_reached_count", "expire_cycle_cpu_milliseconds", "evicted_keys",
            "evicted_clients", "total_eviction_exceeded_time", "current_eviction_exceeded_time");
        field(text, "keyspace_hits", keyspace.hits());
        field(text, "keyspace_misses", keyspace.misses());
        zeroFields(text, "pubsub_channels", "pubsub_patterns", "pubsubshard_channels", "latest_fork_usec",
            "total_forks");
        field(text, "migrate_cached_sockets", node.migrateSockets().size());
        zeroFields(text, "slave_expires_tracked_keys", "active_defrag_hits",
            "active_defrag_misses", "active_defrag_key_hits", "active_defrag_key_misses", "total_active_defrag_time",
            "current_active_defrag_time", "tracking_total_keys", "tracking_total_items", "tracking_total_prefixes",
            "unexpected_error_replies");
        field(text, "total_error_replies", node.totalErrorReplies());
        field(text, "dump_payload_sanitizations", 0);
        field(text, "total_reads_processed", node.readsProcessed());
        field(text, "total_writes_processed", node.writesProcessed());
        zeroFields(text, "io_threaded_reads_processed", "io_threaded_writes_processed", "reply_buffer_shrinks",
            "reply_buffer_expands");
    }

    private void replication(final StringBuilder text)
    {
        ReplicationCommands.info(node, text);
    }

    private void cpu(final StringBuilder text)
    {
        final long[] process = ProcessStats.processCpuMicros();
        final long[] thread = ProcessStats.currentThreadCpuMicros();
        field(text, "used_cpu_sys", seconds(process[1]));
        field(text, "used_cpu_user", seconds(process[0]));
        field(text, "used_cpu_sys_children", "0.000000");
        field(text, "used_cpu_user_children", "0.000000");
        field(text, "used_cpu_sys_main_thread", seconds(thread[1]));
        field(text, "used_cpu_user_main_thread", seconds(thread[0]));
    }

    /** Commands with any call, rejection or failure, as Redis lists them. */
    private void commandStats(final StringBuilder text)
    {
        for (final CommandSpec spec : node.commands().allWithSubcommands())
        {
            if (spec.calls() == 0 && spec.rejectedCalls() == 0 && spec.failedCalls() == 0)
            {
                continue;
            }
            final double perCall = spec.calls() == 0 ? 0 : (double)spec.microseconds() / spec.calls();
            text.append("cmdstat_").append(spec.fullName())
                .append(":calls=").append(spec.calls())
                .append(",usec=").append(spec.microseconds())
                .append(",usec_per_call=").append(twoDecimals(perCall))
                .append(",rejected_calls=").append(spec.rejectedCalls())
                .append(",failed_calls=").append(spec.failedCalls())
                .append("\r\n");
        }
    }

    /**
     * Percentiles of each called command's run time in microseconds, at the percentiles of
     * {@code latency-tracking-info-percentiles}; nothing when {@code latency-tracking} is off.
     */
    private void latencyStats(final StringBuilder text)
    {
        if (!node.config().latencyTracking())
        {
            return;
        }
        final double[] percentiles = node.config().latencyTrackingInfoPercentiles();
        for (final CommandSpec spec : node.commands().allWithSubcommands())
        {
            final LatencyHistogram latency = spec.latency;
            if (latency == null || latency.total() == 0 || percentiles.length == 0)
            {
                continue;
            }
            text.append("latency_percentiles_usec_").append(spec.fullName()).append(':');
            for (int i = 0; i < percentiles.length; i++)
            {
                final double usec = latency.valueAtPercentileNs(percentiles[i]) / 1000.0;
                text.append(i == 0 ? "p" : ",p")
                    .append(BigDecimal.valueOf(percentiles[i]).stripTrailingZeros().toPlainString())
                    .append('=').append(Decimals.fixed(usec, 3));
            }
            text.append("\r\n");
        }
    }

    private void errorStats(final StringBuilder text)
    {
        for (final Map.Entry<String, Long> error : node.errorCounts().entrySet())
        {
            text.append("errorstat_").append(error.getKey()).append(":count=").append(error.getValue()).append("\r\n");
        }
    }

    /**
     * Krill has one database. {@code avg_ttl} is 0: Redis estimates it while sampling keys for active expiry,
     * and Krill's expiry cycle does not keep that estimate.
     */
    private void keyspace(final StringBuilder text)
    {
        final Keyspace keyspace = node.keyspace();
        if (keyspace.size() > 0)
        {
            text.append("db0:keys=").append(keyspace.size())
                .append(",expires=").append(keyspace.volatileSize())
                .append(",avg_ttl=0\r\n");
        }
    }

    static void field(final StringBuilder text, final String name, final String value)
    {
        text.append(name).append(':').append(value).append("\r\n");
    }

    static void field(final StringBuilder text, final String name, final long value)
    {
        text.append(name).append(':').append(value).append("\r\n");
    }

    private static void zeroFields(final StringBuilder text, final String... names)
    {
        for (final String name : names)
        {
            field(text, name, 0);
        }
    }

    static String twoDecimals(final double value)
    {
        return Decimals.fixed(value, 2);
    }

    /** Microseconds as Redis prints CPU seconds: six decimals. */
    private static String seconds(final long micros)
    {
        return Decimals.fixed(micros / 1e6, 6);
    }
}
