package io.krill.core.config;

import io.krill.core.glob.GlobPattern;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of one node, named, typed, bounded and defaulted as {@code redis-server} 7.0 names, types, bounds
 * and defaults them; read from a redis.conf file and {@code --name value} arguments, shown by CONFIG GET and
 * changed by CONFIG SET with Redis's replies.
 * <p>
 * Threading: {@link #set} and the listener registrations belong to one thread (the node's agent); the getters may
 * be called from any thread, because every change publishes a new immutable array of values through a volatile
 * field. Register listeners before the node starts. A getter returns the value in force when it is called.
 * <p>
 * Values Krill does not act on are still stored and shown, so that configurations written for Redis load.
 */
public final class ServerConfig
{
    private static final String SET_ARITY_ERROR = "ERR wrong number of arguments for 'config|set' command";

    private volatile Object[] values;
    private final List<List<ConfigApplier>> appliers = new ArrayList<>();
    private final String configFile;

    private ServerConfig(final Object[] values, final String configFile)
    {
        this.values = values;
        this.configFile = configFile;
        for (int i = 0; i < OptionTable.size(); i++)
        {
            appliers.add(new ArrayList<>(0));
        }
    }

    /** Redis 7.0's defaults, with {@code dir} the JVM's working directory. */
    public static ServerConfig defaults()
    {
        return new ServerConfig(defaultValues(), null);
    }

    /**
     * Parses {@code redis-server} arguments: an optional config file first, then {@code --name value...}
     * (see {@code LaunchArguments} for the exact rules, which are Redis's). A {@code -} first or last reads
     * config text from standard input.
     *
     * @throws ConfigException with Redis's report for the first bad line, an unreadable file, or a conflict
     * between options (replicaof with cluster-enabled; a log file that cannot be opened).
     */
    public static ServerConfig parse(final String... args) throws ConfigException
    {
        final LaunchArguments launch = LaunchArguments.of(args);
        final StringBuilder text = new StringBuilder();
        String configPath = null;
        if (launch.configFile != null)
        {
            final Path path = Paths.get(launch.configFile).toAbsolutePath();
            configPath = path.toString();
            try
            {
                text.append(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
            }
            catch (final IOException ex)
            {
                throw new ConfigException(
                    "Fatal error, can't open config file '" + configPath + "': " + ioReason(ex));
            }
        }
        if (launch.fromStdin)
        {
            try
            {
                text.append(new String(System.in.readAllBytes(), StandardCharsets.ISO_8859_1));
            }
            catch (final IOException ex)
            {
                throw new ConfigException("Fatal error, can't read the config from standard input: " + ioReason(ex));
            }
        }
        text.append('\n').append(launch.optionsText);
        return load(text.toString(), configPath);
    }

    /** Parses redis.conf text (as it would be in a file, UTF-8) over the defaults. */
    static ServerConfig fromText(final String configText) throws ConfigException
    {
        return load(LaunchArguments.bytes(configText), null);
    }

    private static ServerConfig load(final String byteText, final String configPath) throws ConfigException
    {
        final Object[] values = defaultValues();
        new ConfigLoader(values).load(byteText);
        checkAcrossOptions(values);
        return new ServerConfig(values, configPath);
    }

    private static Object[] defaultValues()
    {
        final Object[] values = new Object[OptionTable.size()];
        for (final ConfigOption option : OptionTable.all())
        {
            try
            {
                values[option.index()] = option.type().parse(option.defaultArgs(), values);
            }
            catch (final InvalidValueException ex)
            {
                throw new IllegalStateException("bad default for " + option + ": " + ex.getMessage(), ex);
            }
        }
        return values;
    }

    private static void checkAcrossOptions(final Object[] values) throws ConfigException
    {
        if ((Boolean)values[OptionTable.CLUSTER_ENABLED.index()]
            && ((String[])values[OptionTable.REPLICAOF.index()]).length > 0)
        {
            throw new ConfigException("replicaof directive not allowed in cluster mode");
        }
        final String logfile = (String)values[OptionTable.LOGFILE.index()];
        if (!logfile.isEmpty())
        {
            // As Redis does at startup: a log file that cannot be opened is fatal now rather than silent later.
            final Path path = Paths.get((String)values[OptionTable.DIR.index()]).resolve(logfile);
            try (OutputStream ignored =
                Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND))
            {
                // Opening is the check.
            }
            catch (final IOException | RuntimeException ex)
            {
                throw new ConfigException("Can't open the log file: " + ioReason(ex));
            }
        }
    }

    /** The {@code strerror} text Redis would print for this failure. */
    private static String ioReason(final Exception ex)
    {
        if (ex instanceof NoSuchFileException)
        {
            return "No such file or directory";
        }
        if (ex instanceof AccessDeniedException)
        {
            return "Permission denied";
        }
        if (ex instanceof FileSystemException && ((FileSystemException)ex).getReason() != null)
        {
            return ((FileSystemException)ex).getReason();
        }
        return String.valueOf(ex.getMessage());
    }

    /** The absolute path of the config file the node was started with, or null. */
    public String configFile()
    {
        return configFile;
    }

    /**
     * The value of an option as CONFIG GET shows it.
     *
     * @param name the option's name or old name, in any case.
     * @return the value, or null for an unknown option.
     */
    public String get(final String name)
    {
        final ConfigOption option = OptionTable.lookup(name);
        return option == null ? null : format(values, option);
    }

    private static String format(final Object[] values, final ConfigOption option)
    {
        return option.type().format(values[option.index()]);
    }

    /**
     * CONFIG GET: the options matching any of the patterns, as name, value, name, value...
     * <p>
     * A pattern without {@code * ? [} is looked up as a name (old names included) and answered with the name as
     * given; others are matched case-insensitively with Redis glob rules against every name and old name. Each
     * name appears once.
     */
    public List<String> getMatching(final String... patterns)
    {
        final Object[] snapshot = values;
        final Map<String, String[]> found = new LinkedHashMap<>();
        for (final String pattern : patterns)
        {
            if (!GlobPattern.hasWildcard(pattern))
            {
                final ConfigOption option = OptionTable.lookup(pattern);
                if (option != null)
                {
                    found.putIfAbsent(pattern.toLowerCase(Locale.ROOT),
                        new String[] {pattern, format(snapshot, option)});
                }
                continue;
            }
            for (final ConfigOption option : OptionTable.all())
            {
                addIfMatches(found, pattern, option.name(), snapshot, option);
                for (int i = 0; i < option.aliasCount(); i++)
                {
                    addIfMatches(found, pattern, option.alias(i), snapshot, option);
                }
            }
        }
        final List<String> reply = new ArrayList<>(found.size() * 2);
        for (final String[] entry : found.values())
        {
            reply.add(entry[0]);
            reply.add(entry[1]);
        }
        return reply;
    }

    private static void addIfMatches(
        final Map<String, String[]> found,
        final String pattern,
        final String name,
        final Object[] snapshot,
        final ConfigOption option)
    {
        if (!found.containsKey(name) && GlobPattern.matches(pattern, name, true))
        {
            found.put(name, new String[] {name, format(snapshot, option)});
        }
    }

    /** CONFIG SET from a non-local client; see {@link #set(String[], boolean)}. */
    public String set(final String[] nameValuePairs)
    {
        return set(nameValuePairs, false);
    }

    /**
     * CONFIG SET with Redis 7.0's semantics: several pairs, all or nothing.
     * <p>
     * First every name is checked, in order (unknown, immutable, protected, given twice); then every value is
     * parsed, in order; the first failure is reported and nothing changes. Then the new values are published and
     * the appliers of the options whose value changed run; if one refuses, the old values come back, the appliers
     * that ran are run again to restore them, and its reason is reported.
     *
     * @param nameValuePairs name, value, name, value... (the arguments after {@code CONFIG SET}).
     * @param localClient whether the client is connected over loopback, for {@code enable-protected-configs local}.
     * @return null on success (reply {@code +OK}), or the error reply's text without the leading {@code -}.
     */
    public String set(final String[] nameValuePairs, final boolean localClient)
    {
        if (nameValuePairs.length == 0)
        {
            return SET_ARITY_ERROR;
        }
        if ((nameValuePairs.length & 1) != 0)
        {
            return "ERR syntax error";
        }
        final int count = nameValuePairs.length / 2;
        final ConfigOption[] options = new ConfigOption[count];
        final String nameError = checkNames(nameValuePairs, options, localClient);
        if (nameError != null)
        {
            return nameError;
        }
        final Object[] old = values;
        final Object[] next = old.clone();
        for (int i = 0; i < count; i++)
        {
            final ConfigOption option = options[i];
            final String value = nameValuePairs[2 * i + 1];
            try
            {
                final String[] args = option.type().multiArg() ? splitOnSpaces(value) : new String[] {value};
                next[option.index()] = option.parse(args, next);
            }
            catch (final InvalidValueException ex)
            {
                return failed(nameValuePairs[2 * i], ex.getMessage());
            }
        }
        values = next;
        return applyChanges(nameValuePairs, options, old, next);
    }

    private String checkNames(final String[] pairs, final ConfigOption[] options, final boolean localClient)
    {
        for (int i = 0; i < options.length; i++)
        {
            final String name = pairs[2 * i];
            final ConfigOption option = OptionTable.lookup(name);
            if (option == null)
            {
                return "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'";
            }
            if (option.is(ConfigOption.IMMUTABLE))
            {
                return failed(name, "can't set immutable config");
            }
            if (option.is(ConfigOption.PROTECTED) && !protectedAllowed(localClient))
            {
                return failed(name, "can't set protected config");
            }
            for (int j = 0; j < i; j++)
            {
                if (pairs[2 * j].equalsIgnoreCase(name))
                {
                    return failed(name, "duplicate parameter");
                }
            }
            options[i] = option;
        }
        return null;
    }

    private boolean protectedAllowed(final boolean localClient)
    {
        final int mode = (Integer)values[OptionTable.ENABLE_PROTECTED_CONFIGS.index()];
        // 0 no, 1 yes, 2 local: the order of the names in the option table.
        return mode == 1 || (mode == 2 && localClient);
    }

    private String applyChanges(
        final String[] pairs,
        final ConfigOption[] options,
        final Object[] old,
        final Object[] next)
    {
        final Map<ConfigApplier, String> toRun = new IdentityHashMap<>();
        final List<ConfigApplier> order = new ArrayList<>();
        for (int i = 0; i < options.length; i++)
        {
            final ConfigOption option = options[i];
            if (option.type().same(old[option.index()], next[option.index()]))
            {
                continue;
            }
            for (final ConfigApplier applier : appliers.get(option.index()))
            {
                if (toRun.putIfAbsent(applier, pairs[2 * i]) == null)
                {
                    order.add(applier);
                }
            }
        }
        for (int i = 0; i < order.size(); i++)
        {
            final String reason = order.get(i).apply();
            if (reason != null)
            {
                values = old;
                for (int j = 0; j < i; j++)
                {
                    order.get(j).apply();
                }
                return failed(toRun.get(order.get(i)), reason);
            }
        }
        return null;
    }

    private static String failed(final String name, final String reason)
    {
        return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
    }

    /** How CONFIG SET splits a multi-word value: on each single space, so doubled spaces give empty words. */
    private static String[] splitOnSpaces(final String value)
    {
        return value.isEmpty() ? new String[0] : value.split(" ", -1);
    }

    /**
     * Whether the option holds a secret ({@code requirepass}, {@code masterauth}), so that a CONFIG SET of it must
     * be redacted in SLOWLOG and MONITOR as Redis does.
     */
    public static boolean isSensitive(final String name)
    {
        final ConfigOption option = OptionTable.lookup(name);
        return option != null && option.is(ConfigOption.SENSITIVE);
    }

    /**
     * Runs {@code listener} after a CONFIG SET changes the option (for options that take effect live: hz,
     * maxclients, loglevel...). It cannot refuse the change; use {@link #onApply} for that.
     *
     * @throws IllegalArgumentException for an unknown option.
     */
    public void onChange(final String name, final Runnable listener)
    {
        onApply(name, () ->
        {
            listener.run();
            return null;
        });
    }

    /**
     * Runs {@code applier} after a CONFIG SET changes the option; it may refuse, which rolls the change back.
     * Registering one applier for several options (port and bind) runs it once per CONFIG SET.
     *
     * @throws IllegalArgumentException for an unknown option.
     */
    public void onApply(final String name, final ConfigApplier applier)
    {
        final ConfigOption option = OptionTable.lookup(name);
        if (option == null)
        {
            throw new IllegalArgumentException("unknown option: " + name);
        }
        appliers.get(option.index()).add(applier);
    }

    /** The TCP port for clients. (In Redis 0 turns TCP off; KrillServer binds a free port instead.) */
    public int port()
    {
        return intOf(OptionTable.PORT);
    }

    /** The addresses to listen on (a leading {@code -} marks one that may be absent); empty for none. */
    public String[] bind()
    {
        return ((String[])values[OptionTable.BIND.index()]).clone();
    }

    public boolean protectedMode()
    {
        return boolOf(OptionTable.PROTECTED_MODE);
    }

    public int tcpBacklog()
    {
        return intOf(OptionTable.TCP_BACKLOG);
    }

    /** Idle seconds before a client is closed; 0 never. */
    public long timeoutSeconds()
    {
        return longOf(OptionTable.TIMEOUT);
    }

    /** TCP keepalive period; 0 turns keepalive off. */
    public long tcpKeepaliveSeconds()
    {
        return longOf(OptionTable.TCP_KEEPALIVE);
    }

    /** The most connected clients; values above {@code Integer.MAX_VALUE} read as that. */
    public int maxclients()
    {
        return intOf(OptionTable.MAXCLIENTS);
    }

    public int ioThreads()
    {
        return intOf(OptionTable.IO_THREADS);
    }

    /** The pid file to write, resolved against {@link #dir()}; empty for none. */
    public String pidfile()
    {
        return textOf(OptionTable.PIDFILE);
    }

    /** The log file, resolved against {@link #dir()}; empty for standard output. */
    public String logfile()
    {
        return textOf(OptionTable.LOGFILE);
    }

    /** One of {@code debug verbose notice warning}. */
    public String loglevel()
    {
        return textOf(OptionTable.LOGLEVEL);
    }

    /** Background task frequency per second, already clamped to 1..500 as Redis does. */
    public int hz()
    {
        return intOf(OptionTable.HZ);
    }

    public boolean dynamicHz()
    {
        return boolOf(OptionTable.DYNAMIC_HZ);
    }

    public long shutdownTimeoutSeconds()
    {
        return longOf(OptionTable.SHUTDOWN_TIMEOUT);
    }

    /** The default user's password; empty for none. */
    public String requirepass()
    {
        return textOf(OptionTable.REQUIREPASS);
    }

    /** The largest bulk string a client may send. */
    public long protoMaxBulkLenBytes()
    {
        return longOf(OptionTable.PROTO_MAX_BULK_LEN);
    }

    /** The most a client's unparsed input may hold. */
    public long clientQueryBufferLimitBytes()
    {
        return longOf(OptionTable.CLIENT_QUERY_BUFFER_LIMIT);
    }

    public long busyReplyThresholdMs()
    {
        return longOf(OptionTable.BUSY_REPLY_THRESHOLD);
    }

    public long trackingTableMaxKeys()
    {
        return longOf(OptionTable.TRACKING_TABLE_MAX_KEYS);
    }

    public int databases()
    {
        return intOf(OptionTable.DATABASES);
    }

    /** The memory limit; 0 for none. Values beyond {@code Long.MAX_VALUE} read as that. */
    public long maxmemoryBytes()
    {
        final long bytes = longOf(OptionTable.MAXMEMORY);
        return bytes < 0 ? Long.MAX_VALUE : bytes;
    }

    /** One of the eight eviction policies, for example {@code allkeys-lru}. */
    public String maxmemoryPolicy()
    {
        return textOf(OptionTable.MAXMEMORY_POLICY);
    }

    public int maxmemorySamples()
    {
        return intOf(OptionTable.MAXMEMORY_SAMPLES);
    }

    public int maxmemoryEvictionTenacity()
    {
        return intOf(OptionTable.MAXMEMORY_EVICTION_TENACITY);
    }

    /** Active expiry effort, 1 to 10. */
    public int activeExpireEffort()
    {
        return intOf(OptionTable.ACTIVE_EXPIRE_EFFORT);
    }

    public boolean lazyfreeLazyEviction()
    {
        return boolOf(OptionTable.LAZYFREE_LAZY_EVICTION);
    }

    public boolean lazyfreeLazyExpire()
    {
        return boolOf(OptionTable.LAZYFREE_LAZY_EXPIRE);
    }

    public boolean lazyfreeLazyServerDel()
    {
        return boolOf(OptionTable.LAZYFREE_LAZY_SERVER_DEL);
    }

    public boolean lazyfreeLazyUserDel()
    {
        return boolOf(OptionTable.LAZYFREE_LAZY_USER_DEL);
    }

    public boolean lazyfreeLazyUserFlush()
    {
        return boolOf(OptionTable.LAZYFREE_LAZY_USER_FLUSH);
    }

    public long hashMaxListpackEntries()
    {
        return longOf(OptionTable.HASH_MAX_LISTPACK_ENTRIES);
    }

    public long hashMaxListpackValueBytes()
    {
        return longOf(OptionTable.HASH_MAX_LISTPACK_VALUE);
    }

    /** Positive: entries per list node; -1 to -5: 4 kB to 64 kB per node. */
    public int listMaxListpackSize()
    {
        return intOf(OptionTable.LIST_MAX_LISTPACK_SIZE);
    }

    public int listCompressDepth()
    {
        return intOf(OptionTable.LIST_COMPRESS_DEPTH);
    }

    public long setMaxIntsetEntries()
    {
        return longOf(OptionTable.SET_MAX_INTSET_ENTRIES);
    }

    public long setMaxListpackEntries()
    {
        return longOf(OptionTable.SET_MAX_LISTPACK_ENTRIES);
    }

    public long setMaxListpackValueBytes()
    {
        return longOf(OptionTable.SET_MAX_LISTPACK_VALUE);
    }

    public long zsetMaxListpackEntries()
    {
        return longOf(OptionTable.ZSET_MAX_LISTPACK_ENTRIES);
    }

    public long zsetMaxListpackValueBytes()
    {
        return longOf(OptionTable.ZSET_MAX_LISTPACK_VALUE);
    }

    public long hllSparseMaxBytes()
    {
        return longOf(OptionTable.HLL_SPARSE_MAX_BYTES);
    }

    public long streamNodeMaxBytes()
    {
        return longOf(OptionTable.STREAM_NODE_MAX_BYTES);
    }

    public long streamNodeMaxEntries()
    {
        return longOf(OptionTable.STREAM_NODE_MAX_ENTRIES);
    }

    /** Microseconds; -1 logs nothing, 0 logs every command. */
    public long slowlogLogSlowerThanUs()
    {
        return longOf(OptionTable.SLOWLOG_LOG_SLOWER_THAN);
    }

    public long slowlogMaxLen()
    {
        return longOf(OptionTable.SLOWLOG_MAX_LEN);
    }

    /** 0 turns the latency monitor off. */
    public long latencyMonitorThresholdMs()
    {
        return longOf(OptionTable.LATENCY_MONITOR_THRESHOLD);
    }

    public boolean latencyTracking()
    {
        return boolOf(OptionTable.LATENCY_TRACKING);
    }

    /** The selected notifications as {@link KeyspaceEventFlags} bits. */
    public int notifyKeyspaceEvents()
    {
        return (Integer)values[OptionTable.NOTIFY_KEYSPACE_EVENTS.index()];
    }

    public boolean appendonly()
    {
        return boolOf(OptionTable.APPENDONLY);
    }

    public String appendfilename()
    {
        return textOf(OptionTable.APPENDFILENAME);
    }

    public String appenddirname()
    {
        return textOf(OptionTable.APPENDDIRNAME);
    }

    /** One of {@code everysec always no}. */
    public String appendfsync()
    {
        return textOf(OptionTable.APPENDFSYNC);
    }

    public String dbfilename()
    {
        return textOf(OptionTable.DBFILENAME);
    }

    public boolean rdbcompression()
    {
        return boolOf(OptionTable.RDBCOMPRESSION);
    }

    public boolean rdbchecksum()
    {
        return boolOf(OptionTable.RDBCHECKSUM);
    }

    public boolean stopWritesOnBgsaveError()
    {
        return boolOf(OptionTable.STOP_WRITES_ON_BGSAVE_ERROR);
    }

    public String masterauth()
    {
        return textOf(OptionTable.MASTERAUTH);
    }

    public String masteruser()
    {
        return textOf(OptionTable.MASTERUSER);
    }

    public boolean replicaReadOnly()
    {
        return boolOf(OptionTable.REPLICA_READ_ONLY);
    }

    public boolean replicaServeStaleData()
    {
        return boolOf(OptionTable.REPLICA_SERVE_STALE_DATA);
    }

    public boolean replicaLazyFlush()
    {
        return boolOf(OptionTable.REPLICA_LAZY_FLUSH);
    }

    public boolean replicaIgnoreMaxmemory()
    {
        return boolOf(OptionTable.REPLICA_IGNORE_MAXMEMORY);
    }

    /** A replica's failover priority; 0 never promotes it. */
    public int replicaPriority()
    {
        return intOf(OptionTable.REPLICA_PRIORITY);
    }

    public boolean replicaAnnounced()
    {
        return boolOf(OptionTable.REPLICA_ANNOUNCED);
    }

    /** The address a replica reports to its master; empty to use the socket's. */
    public String replicaAnnounceIp()
    {
        return textOf(OptionTable.REPLICA_ANNOUNCE_IP);
    }

    /** The port a replica reports to its master; 0 to use {@link #port()}. */
    public int replicaAnnouncePort()
    {
        return intOf(OptionTable.REPLICA_ANNOUNCE_PORT);
    }

    public long replPingReplicaPeriodSeconds()
    {
        return longOf(OptionTable.REPL_PING_REPLICA_PERIOD);
    }

    public long replTimeoutSeconds()
    {
        return longOf(OptionTable.REPL_TIMEOUT);
    }

    /** At least 16 kB, as Redis enforces. */
    public long replBacklogSizeBytes()
    {
        return longOf(OptionTable.REPL_BACKLOG_SIZE);
    }

    /** Seconds a master without replicas keeps its backlog; 0 forever. */
    public long replBacklogTtlSeconds()
    {
        return longOf(OptionTable.REPL_BACKLOG_TTL);
    }

    public boolean replDisklessSync()
    {
        return boolOf(OptionTable.REPL_DISKLESS_SYNC);
    }

    public long replDisklessSyncDelaySeconds()
    {
        return longOf(OptionTable.REPL_DISKLESS_SYNC_DELAY);
    }

    public boolean replDisableTcpNodelay()
    {
        return boolOf(OptionTable.REPL_DISABLE_TCP_NODELAY);
    }

    /** Writes are refused with fewer good replicas than this; 0 off. */
    public int minReplicasToWrite()
    {
        return intOf(OptionTable.MIN_REPLICAS_TO_WRITE);
    }

    public long minReplicasMaxLagSeconds()
    {
        return longOf(OptionTable.MIN_REPLICAS_MAX_LAG);
    }

    public boolean clusterEnabled()
    {
        return boolOf(OptionTable.CLUSTER_ENABLED);
    }

    /** The nodes.conf file name, resolved against {@link #dir()}. */
    public String clusterConfigFile()
    {
        return textOf(OptionTable.CLUSTER_CONFIG_FILE);
    }

    public long clusterNodeTimeoutMs()
    {
        return longOf(OptionTable.CLUSTER_NODE_TIMEOUT);
    }

    /** The cluster bus port; 0 means {@link #port()} + 10000. */
    public int clusterPort()
    {
        return intOf(OptionTable.CLUSTER_PORT);
    }

    public boolean clusterRequireFullCoverage()
    {
        return boolOf(OptionTable.CLUSTER_REQUIRE_FULL_COVERAGE);
    }

    public boolean clusterAllowReadsWhenDown()
    {
        return boolOf(OptionTable.CLUSTER_ALLOW_READS_WHEN_DOWN);
    }

    public boolean clusterAllowPubsubshardWhenDown()
    {
        return boolOf(OptionTable.CLUSTER_ALLOW_PUBSUBSHARD_WHEN_DOWN);
    }

    /** 0: a replica may always fail over. */
    public long clusterReplicaValidityFactor()
    {
        return longOf(OptionTable.CLUSTER_REPLICA_VALIDITY_FACTOR);
    }

    public int clusterMigrationBarrier()
    {
        return intOf(OptionTable.CLUSTER_MIGRATION_BARRIER);
    }

    public boolean clusterAllowReplicaMigration()
    {
        return boolOf(OptionTable.CLUSTER_ALLOW_REPLICA_MIGRATION);
    }

    public boolean clusterReplicaNoFailover()
    {
        return boolOf(OptionTable.CLUSTER_REPLICA_NO_FAILOVER);
    }

    /** The address gossiped to peers; empty to use the socket's. */
    public String clusterAnnounceIp()
    {
        return textOf(OptionTable.CLUSTER_ANNOUNCE_IP);
    }

    /** The client port gossiped to peers; 0 for {@link #port()}. */
    public int clusterAnnouncePort()
    {
        return intOf(OptionTable.CLUSTER_ANNOUNCE_PORT);
    }

    public int clusterAnnounceTlsPort()
    {
        return intOf(OptionTable.CLUSTER_ANNOUNCE_TLS_PORT);
    }

    /** The bus port gossiped to peers; 0 for the bound one. */
    public int clusterAnnounceBusPort()
    {
        return intOf(OptionTable.CLUSTER_ANNOUNCE_BUS_PORT);
    }

    public String clusterAnnounceHostname()
    {
        return textOf(OptionTable.CLUSTER_ANNOUNCE_HOSTNAME);
    }

    public String clusterAnnounceHumanNodename()
    {
        return textOf(OptionTable.CLUSTER_ANNOUNCE_HUMAN_NODENAME);
    }

    /** One of {@code ip hostname unknown-endpoint}. */
    public String clusterPreferredEndpointType()
    {
        return textOf(OptionTable.CLUSTER_PREFERRED_ENDPOINT_TYPE);
    }

    /** 0 means no limit. */
    public long clusterLinkSendbufLimitBytes()
    {
        final long bytes = longOf(OptionTable.CLUSTER_LINK_SENDBUF_LIMIT);
        return bytes < 0 ? Long.MAX_VALUE : bytes;
    }

    /** Krill's {@code cluster-bus-transport}: one of {@code tcp injvm auto}. */
    public String clusterBusTransport()
    {
        return textOf(OptionTable.CLUSTER_BUS_TRANSPORT);
    }

    /** Krill's {@code cluster-writable-delay}: how long a master stays failed after start. */
    public long clusterWritableDelayMs()
    {
        return longOf(OptionTable.CLUSTER_WRITABLE_DELAY);
    }

    /** Krill's {@code cluster-bus-inbox-size}: bytes of a node's in-JVM bus inbox. */
    public long clusterBusInboxSizeBytes()
    {
        return longOf(OptionTable.CLUSTER_BUS_INBOX_SIZE);
    }

    /** The working directory: an absolute, canonical path that exists. */
    public String dir()
    {
        return (String)values[OptionTable.DIR.index()];
    }

    /** A file name as Redis would open it after {@code chdir(dir)}: relative names are resolved against dir. */
    public Path resolve(final String fileName)
    {
        return Paths.get(dir()).resolve(fileName);
    }

    /** The RDB snapshot points as seconds, changes, seconds, changes...; empty when snapshots are off. */
    public long[] saveParams()
    {
        return ((long[])values[OptionTable.SAVE.index()]).clone();
    }

    /** The master's host, or null when this node is not configured as a replica. */
    public String replicaofHost()
    {
        final String[] master = (String[])values[OptionTable.REPLICAOF.index()];
        return master.length == 0 ? null : master[0];
    }

    /** The master's port, or -1 when this node is not configured as a replica. */
    public int replicaofPort()
    {
        final String[] master = (String[])values[OptionTable.REPLICAOF.index()];
        return master.length == 0 ? -1 : Integer.parseInt(master[1]);
    }

    /**
     * The memory limit for all clients' buffers together: positive bytes, 0 for none, or a negative {@code -N} for
     * N percent of maxmemory.
     */
    public long maxmemoryClientsBytesOrPercent()
    {
        return longOf(OptionTable.MAXMEMORY_CLIENTS);
    }

    /**
     * The output buffer limits: hard bytes, soft bytes and soft seconds for normal, replica and pubsub clients,
     * in that order (9 values; 0 means no limit).
     */
    public long[] clientOutputBufferLimits()
    {
        return ((long[])values[OptionTable.CLIENT_OUTPUT_BUFFER_LIMIT.index()]).clone();
    }

    /** The percentiles INFO latencystats reports. */
    public double[] latencyTrackingInfoPercentiles()
    {
        return ((double[])values[OptionTable.LATENCY_TRACKING_INFO_PERCENTILES.index()]).clone();
    }

    /** Whether CONFIG SET from this client may change protected options ({@code dir}, {@code dbfilename}). */
    public boolean protectedConfigsAllowed(final boolean localClient)
    {
        return protectedAllowed(localClient);
    }

    private long longOf(final ConfigOption option)
    {
        return (Long)values[option.index()];
    }

    private int intOf(final ConfigOption option)
    {
        return (int)Math.min(Integer.MAX_VALUE, longOf(option));
    }

    private boolean boolOf(final ConfigOption option)
    {
        return (Boolean)values[option.index()];
    }

    private String textOf(final ConfigOption option)
    {
        return option.type().format(values[option.index()]);
    }
}
