package io.krill.gossip.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.UnsafeBuffer;

import io.krill.gossip.GossipConfig;
import io.krill.gossip.Outbox;

/**
 * A deterministic in-memory cluster bus for {@link SimNode}s, in one thread.
 * <p>
 * Virtual time jumps to the next event (a delivery, a connect outcome, a close notification, a node's 100 ms
 * tick). Each connection delivers in FIFO order per direction with a seeded delay; a message may be dropped
 * or duplicated per {@link SimFaults}. Partitions black-hole messages and make connects fail, per direction,
 * so both symmetric and asymmetric cuts are possible; {@link #isolate} cuts one node from all others. The
 * same seed and the same calls give the same run: every random choice comes from the seed, every collection
 * that is iterated is ordered, and {@link #trafficHash()} fingerprints every byte sent.
 */
public final class SimNetwork
{
    private static final long TICK_MS = 100;

    private final SimClock clock = new SimClock();
    private final SplittableRandom random;
    private final SimFaults faults;
    private final List<SimNode> nodes = new ArrayList<>();
    private final PriorityQueue<SimEvent> queue = new PriorityQueue<>();
    private final Map<Long, SimConnection> connectionsByEnd = new HashMap<>();
    private final List<Runnable> checkers = new ArrayList<>();
    private final List<java.util.function.BiConsumer<SimNode, byte[]>> sendObservers = new ArrayList<>();
    private final java.util.Set<Long> abandonedConnects = new java.util.HashSet<>();
    private boolean[][] blocked = new boolean[0][0];
    private long sequence;
    private long trafficHash = 0xcbf29ce484222325L;
    private long messagesSent;
    private long messagesDropped;

    public SimNetwork(final long seed, final SimFaults faults)
    {
        this.random = new SplittableRandom(seed);
        this.faults = faults;
    }

    public SimClock clock()
    {
        return clock;
    }

    public List<SimNode> nodes()
    {
        return nodes;
    }

    public SimNode node(final int index)
    {
        return nodes.get(index);
    }

    /**
     * Adds a node listening on 127.0.0.(i+1):7000+i (bus 17000+i) with a child seed of the run seed.
     */
    public SimNode addNode(final GossipConfig config)
    {
        final int index = nodes.size();
        config.port(7000 + index).cport(17000 + index);
        final long skewMs = faults.maxSkewMs == 0 ? 0 : random.nextLong(-faults.maxSkewMs, faults.maxSkewMs + 1);
        final SimNode node = new SimNode(index, config, random.nextLong(), skewMs, clock.nowMs());
        nodes.add(node);
        growBlocked();
        drain(node);
        schedule(clock.nowMs() + random.nextInt((int)TICK_MS), index, new SimEvent.Tick(index));
        return node;
    }

    /**
     * Runs {@code check} after every event (safety invariants).
     */
    public void addChecker(final Runnable check)
    {
        checkers.add(check);
    }

    /**
     * Shows {@code observer} every message a node sends (before loss or partitions apply), for invariants
     * about what nodes say, such as one vote per epoch.
     */
    public void addSendObserver(final java.util.function.BiConsumer<SimNode, byte[]> observer)
    {
        sendObservers.add(observer);
    }

    /**
     * The node's own view of now (virtual time plus its skew).
     */
    public long nowMs(final SimNode node)
    {
        return clock.nowMs() + node.skewMs;
    }

    public void runFor(final long durationMs)
    {
        runUntil(() -> false, durationMs);
    }

    /**
     * Runs events until {@code condition} holds (checked after each event) or {@code maxMs} pass.
     *
     * @return true if the condition was met.
     */
    public boolean runUntil(final BooleanSupplier condition, final long maxMs)
    {
        final long deadlineMs = clock.nowMs() + maxMs;
        while (!queue.isEmpty() && queue.peek().timeMs <= deadlineMs)
        {
            step();
            if (condition.getAsBoolean())
            {
                return true;
            }
        }
        clock.advanceTo(Math.max(clock.nowMs(), deadlineMs));
        return condition.getAsBoolean();
    }

    /**
     * Blocks traffic and connects from {@code from} to {@code to} (one direction).
     */
    public void block(final int from, final int to)
    {
        blocked[from][to] = true;
    }

    /**
     * Splits the nodes into {@code side} and the rest, both directions.
     */
    public void partition(final int... side)
    {
        final boolean[] inSide = new boolean[nodes.size()];
        for (final int index : side)
        {
            inSide[index] = true;
        }
        for (int a = 0; a < nodes.size(); a++)
        {
            for (int b = 0; b < nodes.size(); b++)
            {
                if (inSide[a] != inSide[b])
                {
                    blocked[a][b] = true;
                }
            }
        }
    }

    public void isolate(final int index)
    {
        partition(index);
    }

    public void heal()
    {
        for (final boolean[] row : blocked)
        {
            java.util.Arrays.fill(row, false);
        }
    }

    /**
     * Stops a node as a process exit would: no more ticks or deliveries; its connections close, and peers
     * learn it after the usual delay.
     */
    public void stop(final int index)
    {
        final SimNode node = nodes.get(index);
        node.running = false;
        for (final SimConnection connection : new ArrayList<>(orderedConnections()))
        {
            if (connection.involves(node))
            {
                closeFrom(connection, node);
            }
        }
    }

    /**
     * FNV-1a over every message sent (sender, link, bytes) in order: equal for equal runs.
     */
    public long trafficHash()
    {
        return trafficHash;
    }

    public long messagesSent()
    {
        return messagesSent;
    }

    public long messagesDropped()
    {
        return messagesDropped;
    }

    /**
     * Runs {@code action} on a node at the current time and drains its outbox (for CLUSTER commands).
     */
    public <T> T command(final SimNode node, final java.util.function.LongFunction<T> action)
    {
        final T result = action.apply(nowMs(node));
        drain(node);
        return result;
    }

    void step()
    {
        final SimEvent event = queue.poll();
        clock.advanceTo(event.timeMs);
        event.run(this);
        for (final Runnable checker : checkers)
        {
            checker.run();
        }
    }

    void tick(final int index)
    {
        final SimNode node = nodes.get(index);
        if (!node.running)
        {
            return;
        }
        node.gossip.onTick(nowMs(node));
        drain(node);
        schedule(clock.nowMs() + TICK_MS, index, new SimEvent.Tick(index));
    }

    void deliver(final SimConnection connection, final SimNode to, final byte[] message)
    {
        if (!to.running || connection.isClosedAt(to))
        {
            return;
        }
        to.gossip.onMessage(connection.linkAt(to), new UnsafeBuffer(message), 0, message.length, nowMs(to));
        drain(to);
    }

    void completeConnect(final SimNode from, final long linkId, final SimNode to)
    {
        if (!from.running || abandonedConnects.remove(key(from, linkId)))
        {
            return;
        }
        if (!to.running || blocked[from.index][to.index] || blocked[to.index][from.index])
        {
            from.gossip.onLinkClosed(linkId, nowMs(from));
            drain(from);
            return;
        }
        final long acceptedId = to.gossip.onLinkAccepted(from.ip, to.ip, nowMs(to));
        final SimConnection connection = new SimConnection(from, linkId, to, acceptedId);
        connectionsByEnd.put(key(from, linkId), connection);
        connectionsByEnd.put(key(to, acceptedId), connection);
        drain(to);
        from.gossip.onLinkConnected(linkId, from.ip, nowMs(from));
        drain(from);
    }

    void notifyClosed(final SimConnection connection, final SimNode node)
    {
        if (!node.running || connection.isClosedAt(node))
        {
            return;
        }
        connection.closeAt(node);
        node.gossip.onLinkClosed(connection.linkAt(node), nowMs(node));
        drain(node);
    }

    /**
     * Carries out a node's outbox.
     */
    void drain(final SimNode node)
    {
        final Outbox outbox = node.gossip.outbox();
        if (outbox.saveConfigRequested())
        {
            node.recordSave(outbox.fsyncRequested());
        }
        for (int i = 0; i < outbox.size(); i++)
        {
            switch (outbox.kind(i))
            {
                case Outbox.SEND -> send(node, outbox, i);
                case Outbox.CONNECT -> connect(node, outbox.linkId(i), outbox.text(i), outbox.port(i));
                case Outbox.CLOSE -> close(node, outbox.linkId(i));
                default -> node.recordEvent(outbox, i, clock.nowMs());
            }
        }
        outbox.clear();
    }

    private void send(final SimNode node, final Outbox outbox, final int index)
    {
        final byte[] message = new byte[outbox.length(index)];
        outbox.buffer().getBytes(outbox.offset(index), message);
        messagesSent++;
        hash(node.index);
        hash(outbox.linkId(index));
        for (final byte b : message)
        {
            hash(b);
        }
        for (final java.util.function.BiConsumer<SimNode, byte[]> observer : sendObservers)
        {
            observer.accept(node, message);
        }
        final SimConnection connection = connectionsByEnd.get(key(node, outbox.linkId(index)));
        if (connection == null || connection.isClosedAt(node))
        {
            return;
        }
        final SimNode to = connection.peerOf(node);
        if (blocked[node.index][to.index] || random.nextDouble() < faults.dropProbability)
        {
            messagesDropped++;
            return;
        }
        final long deliverAtMs = connection.nextDeliveryMs(node, clock.nowMs() + delayMs());
        schedule(deliverAtMs, to.index, new SimEvent.Deliver(connection, to, message));
        if (random.nextDouble() < faults.duplicateProbability)
        {
            final long againMs = connection.nextDeliveryMs(node, deliverAtMs + delayMs());
            schedule(againMs, to.index, new SimEvent.Deliver(connection, to, message));
        }
    }

    private void connect(final SimNode from, final long linkId, final String ip, final int cport)
    {
        SimNode target = null;
        for (final SimNode candidate : nodes)
        {
            if (candidate.ip.equals(ip) && candidate.cport == cport)
            {
                target = candidate;
            }
        }
        if (target == null)
        {
            schedule(clock.nowMs() + faults.connectDelayMs, from.index, new SimEvent.ConnectFailed(from, linkId));
            return;
        }
        schedule(clock.nowMs() + faults.connectDelayMs, from.index, new SimEvent.Connect(from, linkId, target));
    }

    private void close(final SimNode node, final long linkId)
    {
        final SimConnection connection = connectionsByEnd.get(key(node, linkId));
        if (connection != null)
        {
            closeFrom(connection, node);
        }
        else
        {
            // Closed while still connecting: the connect must not complete later.
            abandonedConnects.add(key(node, linkId));
        }
    }

    /**
     * {@code node} closed its end: the peer is told after any data already in flight (a FIN follows data).
     */
    private void closeFrom(final SimConnection connection, final SimNode node)
    {
        if (connection.isClosedAt(node))
        {
            return;
        }
        connection.closeAt(node);
        final SimNode peer = connection.peerOf(node);
        if (!blocked[node.index][peer.index])
        {
            final long atMs = connection.nextDeliveryMs(node, clock.nowMs() + delayMs());
            schedule(atMs, peer.index, new SimEvent.Closed(connection, peer));
        }
    }

    private List<SimConnection> orderedConnections()
    {
        final List<SimConnection> ordered = new ArrayList<>();
        for (final SimConnection connection : connectionsByEnd.values())
        {
            if (!ordered.contains(connection))
            {
                ordered.add(connection);
            }
        }
        ordered.sort((a, b) -> Long.compare(a.order, b.order));
        return ordered;
    }

    private long delayMs()
    {
        return faults.minDelayMs + random.nextLong(faults.maxDelayMs - faults.minDelayMs + 1);
    }

    private void schedule(final long timeMs, final int nodeIndex, final SimEvent event)
    {
        event.timeMs = timeMs;
        event.sequence = ++sequence;
        queue.add(event);
    }

    private void growBlocked()
    {
        final int size = nodes.size();
        final boolean[][] grown = new boolean[size][size];
        for (int i = 0; i < blocked.length; i++)
        {
            System.arraycopy(blocked[i], 0, grown[i], 0, blocked[i].length);
        }
        blocked = grown;
    }

    private void hash(final long value)
    {
        trafficHash = (trafficHash ^ value) * 0x100000001b3L;
    }

    private static long key(final SimNode node, final long linkId)
    {
        return ((long)node.index << 48) | linkId;
    }
}
