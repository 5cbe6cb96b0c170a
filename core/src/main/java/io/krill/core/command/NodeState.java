package io.krill.core.command;

import io.krill.core.cluster.ClusterMember;
import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.keyspace.KeyspaceListener;
import io.krill.core.persistence.Snapshots;
import org.agrona.collections.Long2ObjectHashMap;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the commands of one node share: configuration, keyspace, command table, connected clients, the cached
 * clock and server statistics.
 * <p>
 * Not thread safe: owned by the node's agent thread.
 */
public final class NodeState
{
    /** Redis's first client gets descriptor 8 (stdio, log, listeners and epoll take the ones below). */
    private static final int FIRST_CLIENT_FD = 8;

    private final ServerConfig config;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final Long2ObjectHashMap<Client> clients = new Long2ObjectHashMap<>();
    private final Map<String, Long> errorCounts = new TreeMap<>();
    private final List<Client> killedClients = new ArrayList<>();
    private final BlockedClients blockedClients = new BlockedClients();
    private final PubSub pubSub = new PubSub(this);
    private final Transactions transactions = new Transactions(this);
    private final ClientPause clientPause = new ClientPause(this);
    private final Propagation propagation;
    private final MigrateSockets migrateSockets = new MigrateSockets();
    private final Replication replication;
    private final List<Client> pendingWrites = new ArrayList<>();
    private final String runId;
    private final BitSet clientFds = new BitSet();
    private final InstantaneousMetric opsPerSecond = new InstantaneousMetric();
    private final InstantaneousMetric inputBytesPerSecond = new InstantaneousMetric();
    private final InstantaneousMetric outputBytesPerSecond = new InstantaneousMetric();
    private final long startupMemoryBytes;
    private long peakMemoryBytes;
    private final long startTimeMs;
    private long nowMs;
    private long nextClientId = 1;
    private boolean shutdownRequested;
    private int tcpPort;
    private ClusterMember cluster;
    private final Snapshots snapshots;

    private long totalConnectionsReceived;
    private long rejectedConnections;
    private long totalCommandsProcessed;
    private long totalErrorReplies;
    private long netInputBytes;
    private long netOutputBytes;
    private long readsProcessed;
    private long writesProcessed;

    public NodeState(final ServerConfig config, final Keyspace keyspace, final CommandTable commands,
        final long startTimeMs)
    {
        this.config = config;
        this.keyspace = keyspace;
        this.commands = commands;
        this.startTimeMs = startTimeMs;
        this.nowMs = startTimeMs;
        this.runId = randomHex(40);
        this.startupMemoryBytes = usedMemoryBytes();
        this.peakMemoryBytes = startupMemoryBytes;
        this.snapshots = new Snapshots(config, startTimeMs);
        this.propagation = new Propagation(keyspace);
        this.replication = new Replication(this);
        propagation.feed(replication);
        keyspace.listener(new KeyspaceListener()
        {
            @Override
            public void onKeyChanged(final int slot, final byte[] key)
            {
                blockedClients.onKeyChanged(slot, key);
                transactions.onKeyTouched(key);
            }

            @Override
            public void onExpiryChanged(final int slot, final byte[] key)
            {
                transactions.onKeyTouched(key);
            }

            @Override
            public void onKeyDeleted(final int slot, final byte[] key)
            {
                blockedClients.onKeyDeleted(slot, key);
                transactions.onKeyTouched(key);
            }

            @Override
            public void onKeyExpired(final int slot, final byte[] key)
            {
                // replicas delete the key when the DEL propagated here reaches them
                propagation.expired(key);
                blockedClients.onKeyExpired(slot, key);
                transactions.onKeyExpired(key);
            }

            @Override
            public void onFlush()
            {
                blockedClients.onFlush();
                transactions.onFlush();
            }
        });
    }

    /** Replication, as master and as replica. */
    public Replication replication()
    {
        return replication;
    }

    /** MIGRATE's cached connections to its targets. */
    public MigrateSockets migrateSockets()
    {
        return migrateSockets;
    }

    /** Where executed commands become the replication stream. */
    public Propagation propagation()
    {
        return propagation;
    }

    /** Heap in use by the JVM: what Krill reports as {@code used_memory}. */
    public static long usedMemoryBytes()
    {
        final Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** 40 lower-case hex characters from a secure random source (run ids, node ids). */
    public static String randomHex(final int length)
    {
        final SecureRandom random = new SecureRandom();
        final StringBuilder hex = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    /** MULTI/EXEC state and the register of WATCHed keys. */
    public Transactions transactions()
    {
        return transactions;
    }

    public PubSub pubSub()
    {
        return pubSub;
    }

    /** Queues {@code client} for a write: replies were added to it by another client's command (PUBLISH). */
    public void pendingWrite(final Client client)
    {
        pendingWrites.add(client);
    }

    /** Clients with output produced for them by others; the server writes and empties the list. */
    public List<Client> pendingWrites()
    {
        return pendingWrites;
    }

    public BlockedClients blockedClients()
    {
        return blockedClients;
    }

    /** CLIENT PAUSE and the manual failover's write pause. */
    public ClientPause clientPause()
    {
        return clientPause;
    }

    public ServerConfig config()
    {
        return config;
    }

    public Keyspace keyspace()
    {
        return keyspace;
    }

    public CommandTable commands()
    {
        return commands;
    }

    public String runId()
    {
        return runId;
    }

    /** The replication id this node's data history carries (INFO's {@code master_replid}). */
    public String replicationId()
    {
        return replication.log().replid();
    }

    public long startTimeMs()
    {
        return startTimeMs;
    }

    public long nowMs()
    {
        return nowMs;
    }

    /** Sets the cached clock; the agent calls this once per duty cycle. */
    public void nowMs(final long nowMs)
    {
        this.nowMs = nowMs;
        keyspace.nowMs(nowMs);
    }

    /** RDB snapshots: SAVE, BGSAVE, save points, the startup load. */
    public Snapshots snapshots()
    {
        return snapshots;
    }

    /** The node's cluster membership, or null when cluster support is disabled. */
    public ClusterMember cluster()
    {
        return cluster;
    }

    public void cluster(final ClusterMember cluster)
    {
        this.cluster = cluster;
        if (cluster != null)
        {
            cluster.publishReceiver((shard, buffer, channelOffset, channelLength, messageOffset, messageLength) ->
            {
                if (shard)
                {
                    pubSub.publishShard(buffer, channelOffset, channelLength, buffer, messageOffset, messageLength);
                }
                else
                {
                    pubSub.publish(buffer, channelOffset, channelLength, buffer, messageOffset, messageLength);
                }
            });
        }
    }

    public int tcpPort()
    {
        return tcpPort;
    }

    public void tcpPort(final int tcpPort)
    {
        this.tcpPort = tcpPort;
    }

    public long nextClientId()
    {
        return nextClientId++;
    }

    public void addClient(final Client client)
    {
        clients.put(client.id(), client);
        totalConnectionsReceived++;
        final int fd = clientFds.nextClearBit(FIRST_CLIENT_FD);
        clientFds.set(fd);
        client.fd(fd);
    }

    public void removeClient(final Client client)
    {
        if (clients.remove(client.id()) != null)
        {
            clientFds.clear(client.fd());
        }
        replication.clientClosed(client);
        transactions.forget(client);
        clientPause.clientClosed(client);
    }

    /** Closes {@code client}'s connection at the end of the current cycle (CLIENT KILL, QUIT of another). */
    public void kill(final Client client)
    {
        client.closeAsap();
        killedClients.add(client);
    }

    /** Clients killed since the server last looked; the server empties the list. */
    public List<Client> killedClients()
    {
        return killedClients;
    }

    public Client client(final long id)
    {
        return clients.get(id);
    }

    public int clientCount()
    {
        return clients.size();
    }

    /** Connected clients ordered by id (connection order), for CLIENT LIST and CLIENT KILL. */
    public List<Client> clientsById()
    {
        final List<Client> list = new ArrayList<>(clients.values());
        list.sort((a, b) -> Long.compare(a.id(), b.id()));
        return list;
    }

    public void rejectedConnection()
    {
        rejectedConnections++;
        totalConnectionsReceived++;
    }

    public boolean shutdownRequested()
    {
        return shutdownRequested;
    }

    public void requestShutdown()
    {
        shutdownRequested = true;
    }

    void commandProcessed()
    {
        totalCommandsProcessed++;
    }

    /** Counts an error reply under its code (the first word), for INFO errorstats. */
    public void errorReplied(final String message)
    {
        totalErrorReplies++;
        final int space = message.indexOf(' ');
        final String code = space < 0 ? message : message.substring(0, space);
        errorCounts.merge(code, 1L, Long::sum);
    }

    /** Counts one socket read of {@code bytes} bytes. */
    public void netInput(final long bytes)
    {
        netInputBytes += bytes;
        readsProcessed++;
    }

    /** Counts one socket write of {@code bytes} bytes. */
    public void netOutput(final long bytes)
    {
        netOutputBytes += bytes;
        writesProcessed++;
    }

    public long readsProcessed()
    {
        return readsProcessed;
    }

    public long writesProcessed()
    {
        return writesProcessed;
    }

    /** Samples the instantaneous rates and the memory peak; the agent calls this from its cron. */
    public void sampleMetrics(final long nowMs)
    {
        opsPerSecond.sample(nowMs, totalCommandsProcessed);
        inputBytesPerSecond.sample(nowMs, netInputBytes);
        outputBytesPerSecond.sample(nowMs, netOutputBytes);
        peakMemoryBytes = Math.max(peakMemoryBytes, usedMemoryBytes());
    }

    /** Commands per second over the last samples (INFO's {@code instantaneous_ops_per_sec}). */
    public double instantaneousOpsPerSecond()
    {
        return opsPerSecond.perSecond();
    }

    public double instantaneousInputBytesPerSecond()
    {
        return inputBytesPerSecond.perSecond();
    }

    public double instantaneousOutputBytesPerSecond()
    {
        return outputBytesPerSecond.perSecond();
    }

    /** Heap in use when the node started ({@code used_memory_startup}). */
    public long startupMemoryBytes()
    {
        return startupMemoryBytes;
    }

    /** The highest heap use seen by the cron or INFO ({@code used_memory_peak}). */
    public long peakMemoryBytes(final long usedNowBytes)
    {
        peakMemoryBytes = Math.max(peakMemoryBytes, usedNowBytes);
        return peakMemoryBytes;
    }

    public long totalConnectionsReceived()
    {
        return totalConnectionsReceived;
    }

    public long rejectedConnections()
    {
        return rejectedConnections;
    }

    public long totalCommandsProcessed()
    {
        return totalCommandsProcessed;
    }

    public long totalErrorReplies()
    {
        return totalErrorReplies;
    }

    public Map<String, Long> errorCounts()
    {
        return errorCounts;
    }

    public long netInputBytes()
    {
        return netInputBytes;
    }

    public long netOutputBytes()
    {
        return netOutputBytes;
    }

    /** CONFIG RESETSTAT. */
    public void resetStats()
    {
        totalConnectionsReceived = 0;
        rejectedConnections = 0;
        totalCommandsProcessed = 0;
        totalErrorReplies = 0;
        netInputBytes = 0;
        netOutputBytes = 0;
        readsProcessed = 0;
        writesProcessed = 0;
        opsPerSecond.reset();
        inputBytesPerSecond.reset();
        outputBytesPerSecond.reset();
        peakMemoryBytes = usedMemoryBytes();
        errorCounts.clear();
        keyspace.resetStats();
        for (final CommandSpec spec : commands.allWithSubcommands())
        {
            spec.resetStats();
        }
    }
}
