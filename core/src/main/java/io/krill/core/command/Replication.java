package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.ProtocolException;
import io.krill.core.resp.RespEncoder;
import io.krill.replication.PsyncDecision;
import io.krill.replication.ReplicaInfo;
import io.krill.replication.ReplicaRegistry;
import io.krill.replication.ReplicaState;
import io.krill.replication.ReplicaSync;
import io.krill.replication.ReplicaSyncListener;
import io.krill.replication.ReplicationBacklog;
import io.krill.replication.ReplicationLog;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's replication, both roles: as a master, the stream fed by {@link Propagation}, the backlog and the
 * attached replicas (which are ordinary client connections that sent PSYNC); as a replica, the state of the link
 * to its master (the socket is the server's {@code MasterLink}) and the applying of the stream through the
 * dispatcher as the master's client.
 * <p>
 * Not thread safe: owned by the node's agent.
 */
public final class Replication implements ReplicationFeed, ReplicaSyncListener
{
    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);
    private static final byte[] GETACK = "*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    /** Redis's replicationCron sends the lower-case shared "ping" object. */
    private static final byte[] PING = "*1\r\n$4\r\nping\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long RECONNECT_PERIOD_MS = 1000;

    private final NodeState node;
    private final ReplicationLog log;
    private final ReplicaRegistry registry = new ReplicaRegistry();
    private final List<Client> replicaClients = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private byte[] copyScratch = new byte[16 * 1024];
    private boolean getAckRequested;
    private long nextPingMs;

    private String masterHost;
    private int masterPort;
    private ReplicaSync sync;
    private Client masterClient;
    private CommandDispatcher dispatcher;
    private final ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    private boolean linkUp;
    /**
     * The data set and the log hold a master's history (a sync completed and no full sync has begun since):
     * Redis's cached master, which lets the next PSYNC, to the same or a new master, ask to continue.
     */
    private boolean historyFromMaster;
    private long linkDownSinceMs;
    private long nextConnectMs;
    private int masterLinkGeneration;
    private long syncFull;
    private long syncPartialOk;
    private long syncPartialErr;

    Replication(final NodeState node)
    {
        this.node = node;
        final SecureRandom random = new SecureRandom();
        this.log = new ReplicationLog(random::nextLong, (int)Math.min(Integer.MAX_VALUE - 8,
            node.config().replBacklogSizeBytes()));
    }

    void dispatcher(final CommandDispatcher dispatcher)
    {
        this.dispatcher = dispatcher;
    }

    public ReplicationLog log()
    {
        return log;
    }

    public ReplicaRegistry registry()
    {
        return registry;
    }


    @Override
    public boolean active()
    {
        return masterHost == null && log.backlog() != null;
    }

    @Override
    public long offset()
    {
        return log.offset();
    }

    @Override
    public void append(final byte[] bytes, final int offset, final int length)
    {
        log.feed(bytes, offset, length);
        for (int i = 0; i < replicaClients.size(); i++)
        {
            final Client replica = replicaClients.get(i);
            if (replica.out().isEmpty())
            {
                // queued once per cycle: later appends find output pending (or a write interest set)
                node.pendingWrite(replica);
            }
            replica.out().raw(bytes, offset, length);
        }
    }

    /** Full resynchronizations served (INFO stats sync_full). */
    public long syncFull()
    {
        return syncFull;
    }

    /** PSYNCs answered with +CONTINUE (sync_partial_ok). */
    public long syncPartialOk()
    {
        return syncPartialOk;
    }

    /** PSYNCs that asked to continue a history and got a full resync instead (sync_partial_err). */
    public long syncPartialErr()
    {
        return syncPartialErr;
    }

    /** Whether {@code client} is a replica attached to this master (its commands get no replies but errors). */
    public boolean isReplica(final Client client)
    {
        return replicaClients.contains(client);
    }

    /** REPLCONF option value ... (both roles). */
    void replconf(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() % 2 == 0)
        {
            throw CommandException.SYNTAX;
        }
        for (int i = 1; i < args.count(); i += 2)
        {
            if (args.is(i, "listening-port"))
            {
                final long port = args.longValue(i + 1, new CommandException("ERR value is not an integer or " +
                    "out of range"));
                registry.handshake(client.id(), host(client), node.nowMs()).listeningPort((int)port);
            }
            else if (args.is(i, "ip-address"))
            {
                registry.handshake(client.id(), host(client), node.nowMs()).announcedIp(args.string(i + 1));
            }
            else if (args.is(i, "capa"))
            {
                final ReplicaInfo info = registry.handshake(client.id(), host(client), node.nowMs());
                if (args.is(i + 1, "eof"))
                {
                    info.addCapability(ReplicaInfo.CAPA_EOF);
                }
                else if (args.is(i + 1, "psync2"))
                {
                    info.addCapability(ReplicaInfo.CAPA_PSYNC2);
                }
            }
            else if (args.is(i, "ack"))
            {
                // no reply, ever: the master never reads one
                final ReplicaInfo info = registry.find(client.id());
                if (info != null && info.state() != ReplicaState.HANDSHAKE && args.isLong(i + 1))
                {
                    info.acknowledged(args.longValue(i + 1), node.nowMs());
                    serveWaiters();
                }
                return;
            }
            else if (args.is(i, "getack"))
            {
                // answered by the replica's sync state machine when it comes through the stream
                return;
            }
            else if (!args.is(i, "rdb-only") && !args.is(i, "rdb-filter-only"))
            {
                throw new CommandException("ERR Unrecognized REPLCONF option: " + args.string(i));
            }
        }
        out.ok();
    }

    /** PSYNC replid offset, and SYNC (an old replica: a snapshot with no +FULLRESYNC line, no CONTINUE). */
    void psync(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (isReplica(client))
        {
            return;
        }
        if (masterHost != null)
        {
            throw new CommandException("NOMASTERLINK Can't SYNC while not connected with my master");
        }
        final boolean psync = args.is(0, "psync");
        final ReplicaInfo info = registry.handshake(client.id(), host(client), node.nowMs());
        if (psync && log.decide(args.string(1), args.isLong(2) ? args.longValue(2) : -1) == PsyncDecision.CONTINUE)
        {
            final long from = args.longValue(2);
            out.simple(info.has(ReplicaInfo.CAPA_PSYNC2) ? "CONTINUE " + log.replid() : "CONTINUE");
            copyBacklog(from, out);
            attach(client, info);
            syncPartialOk++;
            LOG.info("Partial resynchronization request from {} accepted. Sending {} bytes of backlog starting " +
                "from offset {}.", client.address(), log.backlog().bytesFrom(from), from);
            return;
        }
        syncFull++;
        if (psync && !"?".equals(args.string(1)))
        {
            // a replica asked to continue a history this master cannot serve
            syncPartialErr++;
        }
        if (log.createBacklogForFirstReplica())
        {
            LOG.info("Replication backlog created, my new replication IDs are '{}' and '{}'", log.replid(),
                log.replid2());
        }
        // the snapshot does not say which db the stream writes to
        node.propagation().reselect();
        info.state(ReplicaState.WAIT_BGSAVE);
        if (psync)
        {
            out.simple("FULLRESYNC " + log.replid() + " " + log.offset());
        }
        info.state(ReplicaState.SEND_BULK);
        final byte[] rdb = FullSyncSnapshot.write(node, log.replid(), log.offset());
        out.raw(("$" + rdb.length + "\r\n").getBytes(StandardCharsets.US_ASCII), 0,
            Integer.toString(rdb.length).length() + 3);
        out.raw(rdb, 0, rdb.length);
        attach(client, info);
        LOG.info("Synchronization with replica {} succeeded", client.address());
    }

    private void attach(final Client client, final ReplicaInfo info)
    {
        info.state(ReplicaState.ONLINE);
        info.acknowledged(0, node.nowMs());
        if (replicaClients.isEmpty())
        {
            nextPingMs = node.nowMs() + node.config().replPingReplicaPeriodSeconds() * 1000;
        }
        replicaClients.add(client);
    }

    private void copyBacklog(final long from, final RespEncoder out)
    {
        final ReplicationBacklog backlog = log.backlog();
        long at = from;
        while (at <= backlog.endOffset())
        {
            final int copied = backlog.copyFrom(at, copyScratch, 0, copyScratch.length);
            out.raw(copyScratch, 0, copied);
            at += copied;
        }
    }

    /** The connection of {@code client} closed. */
    public void clientClosed(final Client client)
    {
        if (registry.remove(client.id()) && replicaClients.remove(client))
        {
            LOG.info("Connection with replica {} lost.", client.address());
            serveWaiters();
        }
        for (int i = waiters.size() - 1; i >= 0; i--)
        {
            if (waiters.get(i).client == client)
            {
                waiters.remove(i);
            }
        }
    }

    /** WAIT numreplicas timeout: see {@link ServerCommands}. */
    void await(final Client client, final CommandArgs args, final long replicas, final long deadlineMs,
        final CommandSpec spec)
    {
        if (masterHost != null)
        {
            throw new CommandException("ERR WAIT cannot be used with replica instances. Please also note that " +
                "since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to " +
                "replicas are just local and are not propagated.");
        }
        final long offset = client.writeOffset();
        final int acked = registry.countAcked(offset);
        if (acked >= replicas)
        {
            client.out().integer(acked);
            return;
        }
        final Waiter waiter = new Waiter(client, offset, replicas);
        waiters.add(waiter);
        node.blockedClients().blockWithoutKeys(client, spec, args, deadlineMs, timedOut ->
        {
            waiters.remove(waiter);
            timedOut.out().integer(registry.countAcked(waiter.offset));
        });
        getAckRequested = true;
    }

    private void serveWaiters()
    {
        for (int i = waiters.size() - 1; i >= 0; i--)
        {
            final Waiter waiter = waiters.get(i);
            final int acked = registry.countAcked(waiter.offset);
            if (acked >= waiter.replicas)
            {
                waiters.remove(i);
                node.blockedClients().unblock(waiter.client);
                waiter.client.out().integer(acked);
                node.blockedClients().wake(waiter.client);
            }
        }
    }

    /**
     * After each batch of commands: WAIT asked for acknowledgements, so ask every replica once (Redis does it in
     * beforeSleep, through the stream, so the GETACK counts in the offset).
     */
    public void beforeSleep()
    {
        if (getAckRequested)
        {
            getAckRequested = false;
            if (active())
            {
                append(GETACK, 0, GETACK.length);
            }
        }
    }

    /** Once a second or so: the master pings its replicas every repl-ping-replica-period seconds. */
    public void cron(final long nowMs)
    {
        // no PING during a manual failover's pause: the replica waits to reach a still offset (Redis does the same)
        if (active() && !replicaClients.isEmpty() && nowMs >= nextPingMs && !node.clientPause().failoverPaused(nowMs))
        {
            nextPingMs = nowMs + node.config().replPingReplicaPeriodSeconds() * 1000;
            append(PING, 0, PING.length);
        }
        if (sync != null)
        {
            sync.onTick(nowMs);
        }
    }


    /** REPLICAOF host port: become (or switch to being) a replica of that master. */
    public void replicaOf(final String host, final int port)
    {
        final boolean wasMaster = masterHost == null;
        masterHost = host;
        masterPort = port;
        masterLinkGeneration++;
        for (int i = replicaClients.size() - 1; i >= 0; i--)
        {
            // Redis disconnects its replicas so they resync with the new history
            node.kill(replicaClients.get(i));
        }
        sync = new ReplicaSync(log, this, node.config().replicaAnnouncePort() != 0 ?
            node.config().replicaAnnouncePort() : node.tcpPort(), node.config().replicaAnnounceIp(),
            node.config().masteruser(), node.config().masterauth(), node.config().replTimeoutSeconds() * 1000);
        // a former master offers its own history: it may continue where the new master (its old replica) is
        sync.continueOwnHistory(wasMaster ? log.backlog() != null : historyFromMaster);
        linkUp = false;
        linkDownSinceMs = node.nowMs();
        nextConnectMs = 0;
        LOG.info("Connecting to MASTER {}:{}", host, port);
    }

    /** REPLICAOF NO ONE: become a master, keeping the data and continuing its history under a new id. */
    public void promote()
    {
        if (masterHost == null)
        {
            return;
        }
        masterHost = null;
        masterPort = 0;
        masterLinkGeneration++;
        sync = null;
        linkUp = false;
        log.shiftReplicationId();
        LOG.info("MASTER MODE enabled; new replication id {}", log.replid());
    }

    public String masterHost()
    {
        return masterHost;
    }

    public int masterPort()
    {
        return masterPort;
    }

    /** Changes when the master (or the role) changes: the link compares it to drop a stale connection. */
    public int masterLinkGeneration()
    {
        return masterLinkGeneration;
    }

    /** The sync state machine of the current link attempt, or null when master. */
    public ReplicaSync sync()
    {
        return sync;
    }

    public boolean linkUp()
    {
        return linkUp;
    }

    public long linkDownSinceMs()
    {
        return linkDownSinceMs;
    }

    /** Whether a new connection to the master may be tried now (at most one a second, as Redis's cron). */
    public boolean mayConnect(final long nowMs)
    {
        return masterHost != null && nowMs >= nextConnectMs;
    }

    /** The link closed or an attempt failed: try again in a second, continuing our history. */
    public void linkLost(final String reason, final long nowMs)
    {
        if (sync != null && sync.state() != ReplicaSync.State.FAILED)
        {
            sync.onDisconnected(reason);
        }
        if (linkUp)
        {
            linkDownSinceMs = nowMs;
            LOG.info("Connection with master lost: {}", reason);
        }
        else
        {
            LOG.warn("Replication with master {}:{} failed: {}", masterHost, masterPort, reason);
        }
        if (sync != null)
        {
            sync.continueOwnHistory(historyFromMaster && log.backlog() != null);
        }
        linkUp = false;
        nextConnectMs = nowMs + RECONNECT_PERIOD_MS;
        masterClient = null;
    }

    /** Whether {@code client} is the master's client on this replica (its writes are allowed). */
    public boolean isMasterClient(final Client client)
    {
        return client == masterClient && client != null;
    }

    /** A write from a normal client while this node is a read-only replica. */
    boolean rejectsWrite(final Client client)
    {
        return masterHost != null && client != masterClient && node.config().replicaReadOnly();
    }

    @Override
    public void onFullResync(final String masterReplid, final long masterOffset)
    {
        LOG.info("Full resync from master: {}:{}", masterReplid, masterOffset);
        // the data set is about to be replaced: until the load completes it holds no history to continue
        historyFromMaster = false;
        snapshot.reset();
    }

    @Override
    public void onSnapshotBytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            snapshot.write(array, offset, length);
        }
        else
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            snapshot.write(copy, 0, length);
        }
    }

    @Override
    public String onSnapshotEnd()
    {
        try
        {
            FullSyncSnapshot.load(node, snapshot.toByteArray(), snapshot.size());
        }
        catch (final IOException | RuntimeException ex)
        {
            return ex.getMessage();
        }
        finally
        {
            snapshot.reset();
        }
        linkEstablished();
        LOG.info("MASTER <-> REPLICA sync: Finished with success");
        return null;
    }

    @Override
    public void onPartialResync(final String masterReplid)
    {
        LOG.info("Successful partial resynchronization with master.");
        linkEstablished();
    }

    private void linkEstablished()
    {
        linkUp = true;
        historyFromMaster = true;
        masterClient = new Client(node.nextClientId(), masterHost + ":" + masterPort, "", node.nowMs(),
            node.config().protoMaxBulkLenBytes(), true, null);
    }

    @Override
    public void onCommand(final DirectBuffer buffer, final int offset, final int length)
    {
        final Client client = masterClient;
        final byte[] array = buffer.byteArray();
        try
        {
            final int consumed = client.decoder().decode(array, offset, offset + length, client.args());
            if (consumed != length)
            {
                LOG.warn("Replication stream command of {} bytes decoded as {}", length, consumed);
                return;
            }
        }
        catch (final ProtocolException ex)
        {
            LOG.warn("Bad command in the replication stream: {}", ex.getMessage());
            return;
        }
        dispatcher.execute(client);
        // the master reads no replies
        client.out().truncate(0);
        node.blockedClients().serveReady();
    }

    private static String host(final Client client)
    {
        final String address = client.address();
        final int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    /** A client parked by WAIT. */
    private static final class Waiter
    {
        final Client client;
        final long offset;
        final long replicas;

        Waiter(final Client client, final long offset, final long replicas)
        {
            this.client = client;
            this.offset = offset;
            this.replicas = replicas;
        }
    }
}
