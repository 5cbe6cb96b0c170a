package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.Keyspace;
import org.agrona.collections.Long2ObjectHashMap;

import java.security.SecureRandom;
import java.util.ArrayList;
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
    private final ServerConfig config;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final Long2ObjectHashMap<Client> clients = new Long2ObjectHashMap<>();
    private final Map<String, Long> errorCounts = new TreeMap<>();
    private final List<Client> killedClients = new ArrayList<>();
    private final BlockedClients blockedClients = new BlockedClients();
    private final String runId;
    private final long startTimeMs;
    private long nowMs;
    private long nextClientId = 1;
    private boolean shutdownRequested;
    private int tcpPort;

    private long totalConnectionsReceived;
    private long rejectedConnections;
    private long totalCommandsProcessed;
    private long totalErrorReplies;
    private long netInputBytes;
    private long netOutputBytes;

    public NodeState(final ServerConfig config, final Keyspace keyspace, final CommandTable commands,
        final long startTimeMs)
    {
        this.config = config;
        this.keyspace = keyspace;
        this.commands = commands;
        this.startTimeMs = startTimeMs;
        this.nowMs = startTimeMs;
        this.runId = randomHex(40);
        keyspace.listener(blockedClients);
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

    public BlockedClients blockedClients()
    {
        return blockedClients;
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
    }

    public void removeClient(final Client client)
    {
        clients.remove(client.id());
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

    public void netInput(final long bytes)
    {
        netInputBytes += bytes;
    }

    public void netOutput(final long bytes)
    {
        netOutputBytes += bytes;
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
        errorCounts.clear();
        keyspace.resetStats();
        for (final CommandSpec spec : commands.allWithSubcommands())
        {
            spec.resetStats();
        }
    }
}
