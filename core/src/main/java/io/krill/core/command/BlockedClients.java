package io.krill.core.command;

import io.krill.core.keyspace.KeyspaceListener;
import io.krill.core.resp.CommandArgs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Clients parked by a blocking command (BLPOP, BZPOPMIN, WAIT ...) until a key they wait on changes or their
 * timeout passes.
 * <p>
 * BEHAVIOR: a command that finds nothing to serve calls {@link #block}: it writes no reply, its arguments are
 * copied, and the client stops reading further requests. When a watched key changes, the key is marked ready;
 * after the current command, {@link #serveReady} runs the parked command again for each client waiting on a ready
 * key, oldest first (first blocked, first served); while it runs, {@link #readyKey} names the key that woke it,
 * so a command waiting on several keys can serve from that one, as Redis does. A command that still finds
 * nothing calls {@link #block} again, which leaves it parked as it was: its place in every key's line and its
 * original deadline. When the deadline has passed (strictly, as in Redis, so a client never waits less than its
 * timeout on a millisecond clock), {@link #expire} calls the block's timeout reply. All of this runs on the agent
 * thread, so a parked client never blocks the node.
 * <p>
 * Costs nothing while no client is blocked: the keyspace hook returns at once.
 */
public final class BlockedClients implements KeyspaceListener
{
    /** Writes a blocked client's reply when its timeout passes (e.g. a null array for BLPOP). */
    @FunctionalInterface
    public interface TimeoutReply
    {
        void onTimeout(Client client);
    }

    /** Told when a client can run again (its reply is written and its buffered input resumes). */
    @FunctionalInterface
    public interface Waker
    {
        void unblocked(Client client);
    }

    private final Map<Key, ArrayDeque<Client>> waitingByKey = new HashMap<>();
    private final PriorityQueue<Client> byDeadline =
        new PriorityQueue<>((a, b) -> Long.compare(a.block.deadlineMs, b.block.deadlineMs));
    private final List<Key> readyKeys = new ArrayList<>();
    private final Key probe = new Key();
    private CommandDispatcher dispatcher;
    private Waker waker = client -> { };
    private int blockedCount;
    private Client retrying;
    private byte[] retryingKey;
    private boolean reblocked;

    void dispatcher(final CommandDispatcher dispatcher)
    {
        this.dispatcher = dispatcher;
    }

    public void waker(final Waker waker)
    {
        this.waker = waker;
    }

    public int blockedCount()
    {
        return blockedCount;
    }

    /**
     * Parks {@code client} on {@code keys} (views into {@code args}) until one changes or {@code deadlineMs}
     * (0 = forever). The handler returns without a reply. Called while {@link #serveReady} re-runs this client's
     * command, it keeps the client parked as it was (same place in line, same deadline).
     */
    public void block(final Client client, final CommandSpec spec, final CommandArgs args, final int[] keyIndexes,
        final long deadlineMs, final TimeoutReply onTimeout)
    {
        if (client == retrying)
        {
            reblocked = true;
            return;
        }
        if (!mayBlock(client))
        {
            // inside EXEC nothing may wait: the command answers as if its timeout had passed (Redis 7.0)
            onTimeout.onTimeout(client);
            return;
        }
        final Block block = new Block();
        block.spec = spec;
        block.args = copy(args);
        block.deadlineMs = deadlineMs;
        block.onTimeout = onTimeout;
        block.keys = new Key[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++)
        {
            final Key key = new Key();
            key.bytes = args.copy(keyIndexes[i]);
            key.hash = Arrays.hashCode(key.bytes);
            block.keys[i] = key;
            waitingByKey.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(client);
        }
        client.block = block;
        blockedCount++;
        if (deadlineMs > 0)
        {
            byDeadline.add(client);
        }
    }

    /**
     * False while EXEC runs {@code client}'s queued commands: a blocking command must answer at once. {@link #block}
     * then writes the timeout reply itself; commands whose immediate answer differs from it check this first.
     */
    public boolean mayBlock(final Client client)
    {
        return client.transaction == null || !client.transaction.executing;
    }

    /** Parks {@code client} with no key, until {@link #unblock} or its deadline (WAIT). */
    public void blockWithoutKeys(final Client client, final CommandSpec spec, final CommandArgs args,
        final long deadlineMs, final TimeoutReply onTimeout)
    {
        block(client, spec, args, new int[0], deadlineMs, onTimeout);
    }

    /**
     * True while {@code client}'s parked command runs again because a key it waits on changed: commands that,
     * like Redis 7.0, keep waiting when a watched key turned into another type check this.
     */
    public boolean isRetrying(final Client client)
    {
        return client == retrying;
    }

    public boolean isBlocked(final Client client)
    {
        return client.block != null;
    }

    /** True if the command that just ran on {@code client} left it parked (it blocked, or blocked again). */
    public boolean parkedBy(final Client client)
    {
        return client == retrying ? reblocked : client.block != null;
    }

    /**
     * The key whose change is re-running {@code client}'s parked command, or null when the command runs as the
     * client sent it. Owned by this class: compare, never keep or change.
     */
    public byte[] readyKey(final Client client)
    {
        return client == retrying ? retryingKey : null;
    }

    /** Removes {@code client} without a reply (it disconnected, or the caller replied itself). */
    public void unblock(final Client client)
    {
        final Block block = client.block;
        if (block == null)
        {
            return;
        }
        for (final Key key : block.keys)
        {
            final ArrayDeque<Client> queue = waitingByKey.get(key);
            if (queue != null)
            {
                queue.remove(client);
                if (queue.isEmpty())
                {
                    waitingByKey.remove(key);
                }
            }
        }
        if (block.deadlineMs > 0)
        {
            byDeadline.remove(client);
        }
        client.block = null;
        blockedCount--;
    }

    /** {@code client}, unblocked and answered by its owner (WAIT), resumes its pipelined input. */
    public void wake(final Client client)
    {
        waker.unblocked(client);
    }

    /** Earliest deadline of a blocked client, or {@link Long#MAX_VALUE}. */
    public long nextDeadlineMs()
    {
        final Client first = byDeadline.peek();
        return first == null ? Long.MAX_VALUE : first.block.deadlineMs;
    }

    /** Answers every client whose deadline has passed (is before {@code nowMs}) with its timeout reply. */
    public int expire(final long nowMs)
    {
        int expired = 0;
        while (!byDeadline.isEmpty() && byDeadline.peek().block.deadlineMs < nowMs)
        {
            final Client client = byDeadline.peek();
            final TimeoutReply onTimeout = client.block.onTimeout;
            unblock(client);
            onTimeout.onTimeout(client);
            waker.unblocked(client);
            expired++;
        }
        return expired;
    }

    @Override
    public void onKeyChanged(final int slot, final byte[] key)
    {
        if (blockedCount == 0)
        {
            return;
        }
        probe.bytes = key;
        probe.hash = Arrays.hashCode(key);
        if (waitingByKey.containsKey(probe) && !readyKeys.contains(probe))
        {
            final Key ready = new Key();
            ready.bytes = key.clone();
            ready.hash = probe.hash;
            readyKeys.add(ready);
        }
    }

    /**
     * Runs the parked commands of clients waiting on keys that changed, oldest client first per key, until no
     * key is ready. Returns the number of clients served.
     */
    public int serveReady()
    {
        int served = 0;
        while (!readyKeys.isEmpty())
        {
            final Key key = readyKeys.remove(0);
            final ArrayDeque<Client> queue = waitingByKey.get(key);
            if (queue == null)
            {
                continue;
            }
            final List<Client> inLine = new ArrayList<>(queue);
            for (final Client client : inLine)
            {
                if (client.block == null)
                {
                    continue;
                }
                final Block block = client.block;
                retrying = client;
                retryingKey = key.bytes;
                reblocked = false;
                final int mark = client.out().mark();
                dispatcher.rerun(client, block.spec, block.args);
                retrying = null;
                retryingKey = null;
                if (reblocked)
                {
                    client.out().truncate(mark);
                    // still nothing for it: it keeps its place in line; the ones behind it may still be served
                    // (a BLPOP waiter queued behind a BZPOPMIN waiter on a key that is now a list), as Redis
                    // skips an unservable client instead of stopping at it
                    continue;
                }
                unblock(client);
                served++;
                waker.unblocked(client);
            }
        }
        return served;
    }

    /**
     * Cluster mode: answers, with the error {@code redirect} gives, every client parked on keys that this node no
     * longer serves, or all of them when the cluster is down (Redis's clusterRedirectBlockedClientIfNeeded: a
     * write that would wake them may never reach this node). Clients parked without keys (WAIT) stay.
     *
     * @return how many were answered.
     */
    int redirect(final ClusterRouter redirect)
    {
        if (blockedCount == 0)
        {
            return 0;
        }
        final List<Client> parked = new ArrayList<>();
        for (final ArrayDeque<Client> queue : waitingByKey.values())
        {
            parked.addAll(queue);
        }
        int answered = 0;
        for (final Client client : parked)
        {
            final Block block = client.block;
            if (block == null || block.keys.length == 0)
            {
                continue;
            }
            final String error = redirect.blockedClientError(client, block.spec, block.keys[0].bytes);
            if (error != null)
            {
                unblock(client);
                client.out().error(error);
                waker.unblocked(client);
                answered++;
            }
        }
        return answered;
    }

    private static CommandArgs copy(final CommandArgs args)
    {
        final byte[][] copies = new byte[args.count()][];
        for (int i = 0; i < copies.length; i++)
        {
            copies[i] = args.copy(i);
        }
        final CommandArgs copy = new CommandArgs();
        copy.set(copies);
        return copy;
    }

    /** What a blocked client waits for. */
    static final class Block
    {
        CommandSpec spec;
        CommandArgs args;
        Key[] keys;
        long deadlineMs;
        TimeoutReply onTimeout;
    }

    /** A key as a map key: bytes compared by content. */
    static final class Key
    {
        byte[] bytes;
        int hash;

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Key && Arrays.equals(bytes, ((Key)other).bytes);
        }

        @Override
        public int hashCode()
        {
            return hash;
        }
    }
}
