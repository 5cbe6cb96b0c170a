package io.krill.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.krill.core.config.ConfigOption.DEFAULT_ONLY;
import static io.krill.core.config.ConfigOption.IMMUTABLE;
import static io.krill.core.config.ConfigOption.KRILL_ONLY;
import static io.krill.core.config.ConfigOption.PROTECTED;
import static io.krill.core.config.ConfigOption.SENSITIVE;
import static io.krill.core.config.ConfigOption.SINCE_7_2;
import static io.krill.core.config.NumberType.INT_MAX;
import static io.krill.core.config.NumberType.INT_MIN;
import static io.krill.core.config.NumberType.LLONG_MAX;
import static io.krill.core.config.NumberType.UINT_MAX;
import static io.krill.core.config.NumberType.integer;
import static io.krill.core.config.NumberType.memory;

/**
 * Every option Krill knows, modelled on Redis 7.0's table: names and old names, types, bounds, defaults and
 * mutability are Redis 7.0.15's (checked against {@code CONFIG GET *} and the fatal errors of a real server),
 * so a redis.conf or a redis-server command line works unchanged.
 * <p>
 * Many options are accepted and shown by CONFIG GET but have no effect in Krill (allocator, defragmentation,
 * process-title and OOM-score settings); they are here so that existing configurations load. Options whose
 * non-default value would silently change what a user gets ({@code daemonize yes}) are
 * {@link ConfigOption#DEFAULT_ONLY}; features Krill lacks altogether (TLS, unix sockets, ACL files, syslog)
 * are refused by name through {@link #unsupportedReason}.
 */
final class OptionTable
{
    private static final List<ConfigOption> OPTIONS = new ArrayList<>();
    private static final Map<String, ConfigOption> BY_NAME = new HashMap<>();

    private static final String[] YES_NO_LOCAL = {"no", "yes", "local"};

    // Network and process.
    static final ConfigOption PORT = add("port", integer(0, 65535), "6379");
    static final ConfigOption BIND = add("bind", BindType.INSTANCE, "* -::*");
    static final ConfigOption BIND_SOURCE_ADDR = add("bind-source-addr", TextType.ANY, "");
    static final ConfigOption PROTECTED_MODE = add("protected-mode", BoolType.INSTANCE, "yes");
    static final ConfigOption TCP_BACKLOG = add("tcp-backlog", integer(0, INT_MAX), "511", IMMUTABLE);
    static final ConfigOption TIMEOUT = add("timeout", integer(0, INT_MAX), "0");
    static final ConfigOption TCP_KEEPALIVE = add("tcp-keepalive", integer(0, INT_MAX), "300");
    static final ConfigOption MAXCLIENTS = add("maxclients", integer(1, UINT_MAX), "10000");
    static final ConfigOption IO_THREADS = add("io-threads", integer(1, 128), "1", IMMUTABLE);
    static final ConfigOption IO_THREADS_DO_READS = add("io-threads-do-reads", BoolType.INSTANCE, "no", IMMUTABLE);
    static final ConfigOption DAEMONIZE = addDefaultOnly("daemonize", BoolType.INSTANCE, "no", IMMUTABLE,
        "Krill runs in the foreground only: 'daemonize yes' is not supported "
            + "(detach it with nohup, systemd or a container instead)");
    static final ConfigOption SUPERVISED =
        add("supervised", new EnumType("upstart", "systemd", "auto", "no"), "no", IMMUTABLE);
    static final ConfigOption PIDFILE = add("pidfile", TextType.ANY, "", IMMUTABLE);
    static final ConfigOption DIR = add("dir", DirType.INSTANCE, ".", PROTECTED);
    static final ConfigOption LOGLEVEL =
        add("loglevel", new EnumType("debug", "verbose", "notice", "warning"), "notice");
    static final ConfigOption LOGFILE = add("logfile", TextType.ANY, "", IMMUTABLE);
    static final ConfigOption ALWAYS_SHOW_LOGO = add("always-show-logo", BoolType.INSTANCE, "no", IMMUTABLE);
    static final ConfigOption SET_PROC_TITLE = add("set-proc-title", BoolType.INSTANCE, "yes", IMMUTABLE);
    static final ConfigOption PROC_TITLE_TEMPLATE =
        add("proc-title-template", TextType.TITLE_TEMPLATE, "{title} {listen-addr} {server-mode}");
    static final ConfigOption HZ = add("hz", integer(0, INT_MAX).clampedTo(1, 500), "10");
    static final ConfigOption DYNAMIC_HZ = add("dynamic-hz", BoolType.INSTANCE, "yes");
    static final ConfigOption SHUTDOWN_TIMEOUT = add("shutdown-timeout", integer(0, INT_MAX), "10");
    static final ConfigOption SHUTDOWN_ON_SIGINT = add("shutdown-on-sigint", shutdownFlags(), "default");
    static final ConfigOption SHUTDOWN_ON_SIGTERM = add("shutdown-on-sigterm", shutdownFlags(), "default");
    static final ConfigOption ENABLE_PROTECTED_CONFIGS =
        add("enable-protected-configs", new EnumType(YES_NO_LOCAL), "no", IMMUTABLE);
    static final ConfigOption ENABLE_DEBUG_COMMAND =
        add("enable-debug-command", new EnumType(YES_NO_LOCAL), "no", IMMUTABLE);
    static final ConfigOption ENABLE_MODULE_COMMAND =
        add("enable-module-command", new EnumType(YES_NO_LOCAL), "no", IMMUTABLE);
    static final ConfigOption IGNORE_WARNINGS = add("ignore-warnings", TextType.ANY, "");
    static final ConfigOption CRASH_LOG_ENABLED = add("crash-log-enabled", BoolType.INSTANCE, "yes");
    static final ConfigOption CRASH_MEMCHECK_ENABLED = add("crash-memcheck-enabled", BoolType.INSTANCE, "yes");
    static final ConfigOption OOM_SCORE_ADJ = add("oom-score-adj",
        new EnumType(new String[] {"no", "yes", "relative", "absolute"}, new int[] {0, 1, 1, 2}), "no");
    static final ConfigOption OOM_SCORE_ADJ_VALUES = add("oom-score-adj-values", ScoreAdjustType.INSTANCE, "0 200 800");
    static final ConfigOption DISABLE_THP = add("disable-thp", BoolType.INSTANCE, "yes", IMMUTABLE);
    static final ConfigOption JEMALLOC_BG_THREAD = add("jemalloc-bg-thread", BoolType.INSTANCE, "yes");

    // Clients and protocol.
    static final ConfigOption REQUIREPASS = add("requirepass", TextType.ANY, "", SENSITIVE);
    static final ConfigOption ACL_PUBSUB_DEFAULT =
        add("acl-pubsub-default", new EnumType("allchannels", "resetchannels"), "resetchannels");
    static final ConfigOption ACLLOG_MAX_LEN = add("acllog-max-len", integer(0, LLONG_MAX), "128");
    static final ConfigOption PROTO_MAX_BULK_LEN = add("proto-max-bulk-len", memory(1024 * 1024, LLONG_MAX), "512mb");
    static final ConfigOption CLIENT_QUERY_BUFFER_LIMIT =
        add("client-query-buffer-limit", memory(1024 * 1024, LLONG_MAX), "1gb");
    static final ConfigOption CLIENT_OUTPUT_BUFFER_LIMIT = add("client-output-buffer-limit",
        OutputBufferLimitType.INSTANCE, "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60");
    static final ConfigOption MAXMEMORY_CLIENTS =
        add("maxmemory-clients", NumberType.memoryOrPercent(LLONG_MAX), "0");
    static final ConfigOption TRACKING_TABLE_MAX_KEYS =
        add("tracking-table-max-keys", integer(0, LLONG_MAX), "1000000");
    static final ConfigOption BUSY_REPLY_THRESHOLD =
        add("busy-reply-threshold", "lua-time-limit", integer(0, LLONG_MAX), "5000", 0);
    static final ConfigOption NOTIFY_KEYSPACE_EVENTS = add("notify-keyspace-events", NotifyEventsType.INSTANCE, "");

    // Keyspace, memory and data-structure encodings.
    static final ConfigOption DATABASES = add("databases", integer(1, INT_MAX), "16", IMMUTABLE);
    static final ConfigOption MAXMEMORY = add("maxmemory", NumberType.memoryUnsigned64(), "0");
    static final ConfigOption MAXMEMORY_POLICY = add("maxmemory-policy", new EnumType("volatile-lru", "volatile-lfu",
        "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction");
    static final ConfigOption MAXMEMORY_SAMPLES = add("maxmemory-samples", integer(1, INT_MAX), "5");
    static final ConfigOption MAXMEMORY_EVICTION_TENACITY = add("maxmemory-eviction-tenacity", integer(0, 100), "10");
    static final ConfigOption LFU_LOG_FACTOR = add("lfu-log-factor", integer(0, INT_MAX), "10");
    static final ConfigOption LFU_DECAY_TIME = add("lfu-decay-time", integer(0, INT_MAX), "1");
    static final ConfigOption ACTIVE_EXPIRE_EFFORT = add("active-expire-effort", integer(1, 10), "1");
    static final ConfigOption ACTIVEREHASHING = add("activerehashing", BoolType.INSTANCE, "yes");
    static final ConfigOption LAZYFREE_LAZY_EVICTION = add("lazyfree-lazy-eviction", BoolType.INSTANCE, "no");
    static final ConfigOption LAZYFREE_LAZY_EXPIRE = add("lazyfree-lazy-expire", BoolType.INSTANCE, "no");
    static final ConfigOption LAZYFREE_LAZY_SERVER_DEL = add("lazyfree-lazy-server-del", BoolType.INSTANCE, "no");
    static final ConfigOption LAZYFREE_LAZY_USER_DEL = add("lazyfree-lazy-user-del", BoolType.INSTANCE, "no");
    static final ConfigOption LAZYFREE_LAZY_USER_FLUSH = add("lazyfree-lazy-user-flush", BoolType.INSTANCE, "no");
    static final ConfigOption HASH_MAX_LISTPACK_ENTRIES =
        add("hash-max-listpack-entries", "hash-max-ziplist-entries", integer(0, LLONG_MAX), "512", 0);
    static final ConfigOption HASH_MAX_LISTPACK_VALUE =
        add("hash-max-listpack-value", "hash-max-ziplist-value", memory(0, LLONG_MAX), "64", 0);
    static final ConfigOption LIST_MAX_LISTPACK_SIZE =
        add("list-max-listpack-size", "list-max-ziplist-size", integer(INT_MIN, INT_MAX), "-2", 0);
    static final ConfigOption LIST_COMPRESS_DEPTH = add("list-compress-depth", integer(0, INT_MAX), "0");
    static final ConfigOption SET_MAX_INTSET_ENTRIES = add("set-max-intset-entries", integer(0, LLONG_MAX), "512");
    static final ConfigOption SET_MAX_LISTPACK_ENTRIES =
        add("set-max-listpack-entries", integer(0, LLONG_MAX), "128", SINCE_7_2);
    static final ConfigOption SET_MAX_LISTPACK_VALUE =
        add("set-max-listpack-value", memory(0, LLONG_MAX), "64", SINCE_7_2);
    static final ConfigOption ZSET_MAX_LISTPACK_ENTRIES =
        add("zset-max-listpack-entries", "zset-max-ziplist-entries", integer(0, LLONG_MAX), "128", 0);
    static final ConfigOption ZSET_MAX_LISTPACK_VALUE =
        add("zset-max-listpack-value", "zset-max-ziplist-value", memory(0, LLONG_MAX), "64", 0);
    static final ConfigOption HLL_SPARSE_MAX_BYTES = add("hll-sparse-max-bytes", memory(0, LLONG_MAX), "3000");
    static final ConfigOption STREAM_NODE_MAX_BYTES = add("stream-node-max-bytes", memory(0, LLONG_MAX), "4096");
    static final ConfigOption STREAM_NODE_MAX_ENTRIES = add("stream-node-max-entries", integer(0, LLONG_MAX), "100");
    static final ConfigOption ACTIVEDEFRAG = addDefaultOnly("activedefrag", BoolType.INSTANCE, "no", 0,
        "Active defragmentation cannot be enabled: Krill runs on the JVM, whose garbage collector compacts memory");
    static final ConfigOption ACTIVE_DEFRAG_IGNORE_BYTES =
        add("active-defrag-ignore-bytes", memory(1, LLONG_MAX), "100mb");
    static final ConfigOption ACTIVE_DEFRAG_THRESHOLD_LOWER =
        add("active-defrag-threshold-lower", integer(0, 1000), "10");
    static final ConfigOption ACTIVE_DEFRAG_THRESHOLD_UPPER =
        add("active-defrag-threshold-upper", integer(0, 1000), "100");
    static final ConfigOption ACTIVE_DEFRAG_CYCLE_MIN = add("active-defrag-cycle-min", integer(1, 99), "1");
    static final ConfigOption ACTIVE_DEFRAG_CYCLE_MAX = add("active-defrag-cycle-max", integer(1, 99), "25");
    static final ConfigOption ACTIVE_DEFRAG_MAX_SCAN_FIELDS =
        add("active-defrag-max-scan-fields", integer(1, LLONG_MAX), "1000");
    static final ConfigOption SANITIZE_DUMP_PAYLOAD =
        add("sanitize-dump-payload", new EnumType("no", "yes", "clients"), "no");

    // Diagnostics.
    static final ConfigOption SLOWLOG_LOG_SLOWER_THAN =
        add("slowlog-log-slower-than", integer(-1, LLONG_MAX), "10000");
    static final ConfigOption SLOWLOG_MAX_LEN = add("slowlog-max-len", integer(0, LLONG_MAX), "128");
    static final ConfigOption LATENCY_MONITOR_THRESHOLD =
        add("latency-monitor-threshold", integer(0, LLONG_MAX), "0");
    static final ConfigOption LATENCY_TRACKING = add("latency-tracking", BoolType.INSTANCE, "yes");
    static final ConfigOption LATENCY_TRACKING_INFO_PERCENTILES =
        add("latency-tracking-info-percentiles", PercentilesType.INSTANCE, "50 99 99.9");

    // Persistence.
    static final ConfigOption SAVE = add("save", SaveType.INSTANCE, "3600 1 300 100 60 10000");
    static final ConfigOption DBFILENAME = add("dbfilename",
        TextType.bareName("dbfilename can't be a path, just a filename"), "dump.rdb", PROTECTED);
    static final ConfigOption RDBCOMPRESSION = add("rdbcompression", BoolType.INSTANCE, "yes");
    static final ConfigOption RDBCHECKSUM = add("rdbchecksum", BoolType.INSTANCE, "yes", IMMUTABLE);
    static final ConfigOption RDB_DEL_SYNC_FILES = add("rdb-del-sync-files", BoolType.INSTANCE, "no");
    static final ConfigOption RDB_SAVE_INCREMENTAL_FSYNC = add("rdb-save-incremental-fsync", BoolType.INSTANCE, "yes");
    static final ConfigOption STOP_WRITES_ON_BGSAVE_ERROR =
        add("stop-writes-on-bgsave-error", BoolType.INSTANCE, "yes");
    static final ConfigOption APPENDONLY = add("appendonly", BoolType.INSTANCE, "no");
    static final ConfigOption APPENDFILENAME = add("appendfilename",
        TextType.bareName("appendfilename can't be a path, just a filename"), "appendonly.aof", IMMUTABLE);
    static final ConfigOption APPENDDIRNAME = add("appenddirname",
        TextType.bareName("appenddirname can't be a path, just a dirname"), "appendonlydir", IMMUTABLE);
    static final ConfigOption APPENDFSYNC =
        add("appendfsync", new EnumType("everysec", "always", "no"), "everysec");
    static final ConfigOption NO_APPENDFSYNC_ON_REWRITE = add("no-appendfsync-on-rewrite", BoolType.INSTANCE, "no");
    static final ConfigOption AUTO_AOF_REWRITE_PERCENTAGE =
        add("auto-aof-rewrite-percentage", integer(0, INT_MAX), "100");
    static final ConfigOption AUTO_AOF_REWRITE_MIN_SIZE =
        add("auto-aof-rewrite-min-size", memory(0, LLONG_MAX), "64mb");
    static final ConfigOption AOF_LOAD_TRUNCATED = add("aof-load-truncated", BoolType.INSTANCE, "yes");
    static final ConfigOption AOF_USE_RDB_PREAMBLE = add("aof-use-rdb-preamble", BoolType.INSTANCE, "yes");
    static final ConfigOption AOF_TIMESTAMP_ENABLED = add("aof-timestamp-enabled", BoolType.INSTANCE, "no");
    static final ConfigOption AOF_REWRITE_INCREMENTAL_FSYNC =
        add("aof-rewrite-incremental-fsync", BoolType.INSTANCE, "yes");
    static final ConfigOption AOF_DISABLE_AUTO_GC = add("aof-disable-auto-gc", BoolType.INSTANCE, "no");

    // Replication.
    static final ConfigOption REPLICAOF = add("replicaof", "slaveof", ReplicaofType.INSTANCE, "no one", IMMUTABLE);
    static final ConfigOption MASTERAUTH = add("masterauth", TextType.ANY, "", SENSITIVE);
    static final ConfigOption MASTERUSER = add("masteruser", TextType.ANY, "");
    static final ConfigOption REPLICA_READ_ONLY =
        add("replica-read-only", "slave-read-only", BoolType.INSTANCE, "yes", 0);
    static final ConfigOption REPLICA_SERVE_STALE_DATA =
        add("replica-serve-stale-data", "slave-serve-stale-data", BoolType.INSTANCE, "yes", 0);
    static final ConfigOption REPLICA_LAZY_FLUSH =
        add("replica-lazy-flush", "slave-lazy-flush", BoolType.INSTANCE, "no", 0);
    static final ConfigOption REPLICA_IGNORE_MAXMEMORY =
        add("replica-ignore-maxmemory", "slave-ignore-maxmemory", BoolType.INSTANCE, "yes", 0);
    static final ConfigOption REPLICA_IGNORE_DISK_WRITE_ERRORS =
        add("replica-ignore-disk-write-errors", BoolType.INSTANCE, "no");
    static final ConfigOption REPLICA_PRIORITY =
        add("replica-priority", "slave-priority", integer(0, INT_MAX), "100", 0);
    static final ConfigOption REPLICA_ANNOUNCED = add("replica-announced", BoolType.INSTANCE, "yes");
    static final ConfigOption REPLICA_ANNOUNCE_IP =
        add("replica-announce-ip", "slave-announce-ip", TextType.ANY, "", 0);
    static final ConfigOption REPLICA_ANNOUNCE_PORT =
        add("replica-announce-port", "slave-announce-port", integer(0, 65535), "0", 0);
    static final ConfigOption REPL_PING_REPLICA_PERIOD =
        add("repl-ping-replica-period", "repl-ping-slave-period", integer(1, INT_MAX), "10", 0);
    static final ConfigOption REPL_TIMEOUT = add("repl-timeout", integer(1, INT_MAX), "60");
    static final ConfigOption REPL_BACKLOG_SIZE =
        add("repl-backlog-size", memory(1, LLONG_MAX).clampedTo(16 * 1024, LLONG_MAX), "1mb");
    static final ConfigOption REPL_BACKLOG_TTL = add("repl-backlog-ttl", integer(0, LLONG_MAX), "3600");
    static final ConfigOption REPL_DISKLESS_SYNC = add("repl-diskless-sync", BoolType.INSTANCE, "yes");
    static final ConfigOption REPL_DISKLESS_SYNC_DELAY = add("repl-diskless-sync-delay", integer(0, INT_MAX), "5");
    static final ConfigOption REPL_DISKLESS_SYNC_MAX_REPLICAS =
        add("repl-diskless-sync-max-replicas", integer(0, INT_MAX), "0");
    static final ConfigOption REPL_DISKLESS_LOAD =
        add("repl-diskless-load", new EnumType("disabled", "on-empty-db", "swapdb"), "disabled");
    static final ConfigOption REPL_DISABLE_TCP_NODELAY = add("repl-disable-tcp-nodelay", BoolType.INSTANCE, "no");
    static final ConfigOption MIN_REPLICAS_TO_WRITE =
        add("min-replicas-to-write", "min-slaves-to-write", integer(0, INT_MAX), "0", 0);
    static final ConfigOption MIN_REPLICAS_MAX_LAG =
        add("min-replicas-max-lag", "min-slaves-max-lag", integer(0, INT_MAX), "10", 0);
    static final ConfigOption PROPAGATION_ERROR_BEHAVIOR = add("propagation-error-behavior",
        new EnumType("ignore", "panic", "panic-on-replicas"), "ignore");

    // Cluster.
    static final ConfigOption CLUSTER_ENABLED = add("cluster-enabled", BoolType.INSTANCE, "no", IMMUTABLE);
    static final ConfigOption CLUSTER_CONFIG_FILE = add("cluster-config-file", TextType.ANY, "nodes.conf", IMMUTABLE);
    static final ConfigOption CLUSTER_NODE_TIMEOUT = add("cluster-node-timeout", integer(0, LLONG_MAX), "15000");
    static final ConfigOption CLUSTER_PORT = add("cluster-port", integer(0, 65535), "0", IMMUTABLE);
    static final ConfigOption CLUSTER_REQUIRE_FULL_COVERAGE =
        add("cluster-require-full-coverage", BoolType.INSTANCE, "yes");
    static final ConfigOption CLUSTER_ALLOW_READS_WHEN_DOWN =
        add("cluster-allow-reads-when-down", BoolType.INSTANCE, "no");
    static final ConfigOption CLUSTER_ALLOW_PUBSUBSHARD_WHEN_DOWN =
        add("cluster-allow-pubsubshard-when-down", BoolType.INSTANCE, "yes");
    static final ConfigOption CLUSTER_REPLICA_VALIDITY_FACTOR = add("cluster-replica-validity-factor",
        "cluster-slave-validity-factor", integer(0, INT_MAX), "10", 0);
    static final ConfigOption CLUSTER_MIGRATION_BARRIER = add("cluster-migration-barrier", integer(0, INT_MAX), "1");
    static final ConfigOption CLUSTER_ALLOW_REPLICA_MIGRATION =
        add("cluster-allow-replica-migration", BoolType.INSTANCE, "yes");
    static final ConfigOption CLUSTER_REPLICA_NO_FAILOVER =
        add("cluster-replica-no-failover", "cluster-slave-no-failover", BoolType.INSTANCE, "no", 0);
    static final ConfigOption CLUSTER_ANNOUNCE_IP = add("cluster-announce-ip", TextType.ANY, "");
    static final ConfigOption CLUSTER_ANNOUNCE_PORT = add("cluster-announce-port", integer(0, 65535), "0");
    static final ConfigOption CLUSTER_ANNOUNCE_TLS_PORT = add("cluster-announce-tls-port", integer(0, 65535), "0");
    static final ConfigOption CLUSTER_ANNOUNCE_BUS_PORT = add("cluster-announce-bus-port", integer(0, 65535), "0");
    static final ConfigOption CLUSTER_ANNOUNCE_HOSTNAME =
        add("cluster-announce-hostname", TextType.HOSTNAME, "");
    static final ConfigOption CLUSTER_ANNOUNCE_HUMAN_NODENAME =
        add("cluster-announce-human-nodename", TextType.ANY, "", SINCE_7_2);
    static final ConfigOption CLUSTER_PREFERRED_ENDPOINT_TYPE = add("cluster-preferred-endpoint-type",
        new EnumType("ip", "hostname", "unknown-endpoint"), "ip");
    static final ConfigOption CLUSTER_LINK_SENDBUF_LIMIT =
        add("cluster-link-sendbuf-limit", NumberType.memoryUnsigned64(), "0");

    // Krill's own options: Redis has no such names, so a redis.conf never sets them and they keep their defaults.
    /**
     * How bus links travel: {@code tcp} always over TCP; {@code auto} over ring buffers to a node that lives in this
     * JVM and over TCP otherwise; {@code injvm} over ring buffers only. The bus port is bound in every mode.
     */
    static final ConfigOption CLUSTER_BUS_TRANSPORT = add("cluster-bus-transport",
        new EnumType("tcp", "injvm", "auto"), "auto", IMMUTABLE | KRILL_ONLY);
    /** Size of a node's in-JVM bus inbox (a ring buffer shared by its in-JVM peers), rounded up to a power of 2. */
    static final ConfigOption CLUSTER_BUS_INBOX_SIZE = add("cluster-bus-inbox-size",
        memory(64 * 1024, 1024L * 1024 * 1024), "2mb", IMMUTABLE | KRILL_ONLY);
    /**
     * Milliseconds a master stays {@code cluster_state:fail} after start (Redis's fixed CLUSTER_WRITABLE_DELAY, 2000),
     * so that a restarted master learns of a newer configuration before it takes writes. LocalCluster lowers it
     * while it forms a fresh cluster, whose slots it has just assigned itself.
     */
    static final ConfigOption CLUSTER_WRITABLE_DELAY =
        add("cluster-writable-delay", integer(0, LLONG_MAX), "2000", KRILL_ONLY);

    /** Directives Redis 7.0 ignores silently because they were removed; a config file may still hold them. */
    private static final String[] DEPRECATED = {"list-max-ziplist-entries", "list-max-ziplist-value",
        "lua-replicate-commands"};

    /** Directives Redis 7.0 knows but Krill cannot honour; they fail with a reason naming the feature. */
    private static final Map<String, String> UNSUPPORTED = unsupported();

    private OptionTable()
    {
    }

    private static ConfigOption add(final String name, final OptionType type, final String defaultText)
    {
        return add(name, null, type, defaultText, 0);
    }

    private static ConfigOption add(final String name, final OptionType type, final String defaultText, final int flags)
    {
        return add(name, null, type, defaultText, flags);
    }

    private static ConfigOption add(
        final String name,
        final String alias,
        final OptionType type,
        final String defaultText,
        final int flags)
    {
        return register(new ConfigOption(OPTIONS.size(), name, alias == null ? new String[0] : new String[] {alias},
            type, defaultText, flags, null));
    }

    private static ConfigOption addDefaultOnly(
        final String name,
        final OptionType type,
        final String defaultText,
        final int flags,
        final String reason)
    {
        return register(new ConfigOption(OPTIONS.size(), name, new String[0], type, defaultText,
            flags | DEFAULT_ONLY, reason));
    }

    private static ConfigOption register(final ConfigOption option)
    {
        OPTIONS.add(option);
        putName(option.name(), option);
        for (int i = 0; i < option.aliasCount(); i++)
        {
            putName(option.alias(i), option);
        }
        return option;
    }

    private static void putName(final String name, final ConfigOption option)
    {
        if (BY_NAME.put(name, option) != null)
        {
            throw new IllegalStateException("option name used twice: " + name);
        }
    }

    private static FlagsType shutdownFlags()
    {
        return new FlagsType(new String[] {"default", "save", "nosave", "now", "force"}, new int[] {0, 1, 2, 4, 8},
            1, 2, "shutdown options SAVE and NOSAVE can't be used simultaneously");
    }

    private static Map<String, String> unsupported()
    {
        final Map<String, String> reasons = new HashMap<>();
        final String tls = "TLS is not supported by Krill";
        for (final String name : new String[] {"tls-port", "tls-cert-file", "tls-key-file", "tls-key-file-pass",
            "tls-client-cert-file", "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file",
            "tls-ca-cert-file", "tls-ca-cert-dir", "tls-auth-clients", "tls-replication", "tls-cluster",
            "tls-protocols", "tls-ciphers", "tls-ciphersuites", "tls-prefer-server-ciphers", "tls-session-caching",
            "tls-session-cache-size", "tls-session-cache-timeout"})
        {
            reasons.put(name, tls);
        }
        final String unix = "unix sockets are not supported by Krill: use TCP";
        reasons.put("unixsocket", unix);
        reasons.put("unixsocketperm", unix);
        final String syslog = "syslog is not supported by Krill: it logs through slf4j (see logfile)";
        reasons.put("syslog-enabled", syslog);
        reasons.put("syslog-ident", syslog);
        reasons.put("syslog-facility", syslog);
        final String cpus = "CPU affinity lists are not supported by Krill";
        for (final String name : new String[] {"server_cpulist", "bio_cpulist", "aof_rewrite_cpulist",
            "bgsave_cpulist"})
        {
            reasons.put(name, cpus);
        }
        reasons.put("socket-mark-id", "socket marks are not supported by Krill");
        reasons.put("aclfile", "ACL files are not supported by Krill");
        reasons.put("user", "ACL users are not supported by Krill");
        reasons.put("include", "'include' is not supported by Krill: merge the files into one");
        reasons.put("rename-command", "'rename-command' is not supported by Krill");
        reasons.put("loadmodule", "modules are not supported by Krill");
        reasons.put("sentinel", "Krill is not a Sentinel");
        return Collections.unmodifiableMap(reasons);
    }

    /** The option with this name or old name, in any case, or null. */
    static ConfigOption lookup(final String name)
    {
        final ConfigOption exact = BY_NAME.get(name);
        return exact != null ? exact : BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** All options, in table order. */
    static List<ConfigOption> all()
    {
        return Collections.unmodifiableList(OPTIONS);
    }

    static int size()
    {
        return OPTIONS.size();
    }

    static boolean isDeprecated(final String lowerName)
    {
        for (final String name : DEPRECATED)
        {
            if (name.equals(lowerName))
            {
                return true;
            }
        }
        return false;
    }

    /** Why Krill refuses a directive Redis knows, or null if it is not one of those. */
    static String unsupportedReason(final String lowerName)
    {
        return UNSUPPORTED.get(lowerName);
    }
}
