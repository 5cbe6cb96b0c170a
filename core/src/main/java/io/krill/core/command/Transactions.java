package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;
import io.krill.slots.HashSlot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH, and the node's register of watched keys, with Redis 7.0's rules
 * (checked against 7.0.15):
 * <ul>
 *   <li>inside MULTI the dispatcher {@link #queue queues} every command but EXEC, DISCARD, MULTI, WATCH, QUIT and
 *   RESET, after its usual checks; a command refused by those checks (unknown, arity, no-multi flag, redirect ...)
 *   {@link #abort aborts} the transaction: EXEC then answers EXECABORT. A nested MULTI or a WATCH inside MULTI is
 *   an error that does not abort.</li>
 *   <li>EXEC runs the queued commands one after the other with nothing in between, their replies in one array;
 *   a blocking command does not block (it gets its timeout reply at once, see {@link BlockedClients#block}).
 *   Propagated as one MULTI ... EXEC when it changed more than one thing (see {@link Propagation}).</li>
 *   <li>a watched key is touched (EXEC answers a null array) when it is written, deleted or flushed, by anyone
 *   (the watching client included), or when it expires after WATCH; a key that was already expired when WATCHed
 *   is not touched by its deletion, only by a new value. EXEC, DISCARD, UNWATCH, RESET and disconnecting
 *   forget the client's watched keys.</li>
 * </ul>
 * The keyspace hooks return at once while no client watches a key.
 * <p>
 * Not thread safe: the node's agent thread.
 */
public final class Transactions
{
    static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    private static final CommandException NESTED = new CommandException("ERR MULTI calls can not be nested");
    private static final CommandException EXEC_WITHOUT_MULTI = new CommandException("ERR EXEC without MULTI");
    private static final CommandException DISCARD_WITHOUT_MULTI = new CommandException("ERR DISCARD without MULTI");
    private static final CommandException WATCH_INSIDE_MULTI =
        new CommandException("ERR WATCH inside MULTI is not allowed");
    private static final CommandException ABORTED = new CommandException(EXECABORT);
    private static final byte[] QUEUED = "+QUEUED\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final NodeState node;
    private final Map<BlockedClients.Key, List<Client>> watchers = new HashMap<>();
    private final BlockedClients.Key probe = new BlockedClients.Key();
    private CommandDispatcher dispatcher;

    Transactions(final NodeState node)
    {
        this.node = node;
    }

    void dispatcher(final CommandDispatcher dispatcher)
    {
        this.dispatcher = dispatcher;
    }

    void register(final CommandTable table)
    {
        table.register("multi", this::multi);
        table.register("exec", this::exec);
        table.register("discard", this::discard);
        table.register("watch", this::watch);
        table.register("unwatch", this::unwatch);
    }

    /** Whether {@code client} is between MULTI and EXEC/DISCARD. */
    static boolean inMulti(final Client client)
    {
        return client.transaction != null && client.transaction.queuing();
    }

    /** Commands that run at once inside MULTI instead of being queued. */
    static boolean runsInsideMulti(final CommandSpec spec)
    {
        switch (spec.fullName)
        {
            case "exec":
            case "discard":
            case "multi":
            case "watch":
            case "quit":
            case "reset":
                return true;
            default:
                return false;
        }
    }

    /** A command was refused while {@code client} queues: its EXEC will answer EXECABORT. */
    static void abort(final Client client)
    {
        if (client.transaction != null)
        {
            client.transaction.abort();
        }
    }

    /** The EXECABORT error of an EXEC refused before it ran; Redis drops an error's {@code ERR} code here. */
    static String execAbort(final String error)
    {
        return "EXECABORT Transaction discarded because of: " + (error.startsWith("ERR ") ? error.substring(4) : error);
    }

    /** Whether {@code client} is in MULTI with a queued command that {@code test} accepts. */
    static boolean queuedAny(final Client client, final java.util.function.Predicate<CommandSpec> test)
    {
        if (!inMulti(client))
        {
            return false;
        }
        final Transaction transaction = client.transaction;
        for (int i = 0; i < transaction.count(); i++)
        {
            if (test.test(transaction.spec(i)))
            {
                return true;
            }
        }
        return false;
    }

    /** Queues the command in {@code args} (copied) and answers QUEUED. */
    static void queue(final Client client, final CommandSpec spec, final CommandArgs args, final RespEncoder out)
    {
        client.transaction.queue(spec, args);
        out.raw(QUEUED, 0, QUEUED.length);
    }

    /** Drops the client's transaction and watched keys (RESET, disconnect). */
    public void forget(final Client client)
    {
        final Transaction transaction = client.transaction;
        if (transaction != null)
        {
            transaction.end();
            unwatchAll(client);
        }
    }

    private static Transaction transaction(final Client client)
    {
        if (client.transaction == null)
        {
            client.transaction = new Transaction();
        }
        return client.transaction;
    }

    private void multi(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Transaction transaction = transaction(client);
        if (transaction.queuing())
        {
            throw NESTED;
        }
        transaction.begin();
        out.ok();
    }

    private void discard(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (!inMulti(client))
        {
            throw DISCARD_WITHOUT_MULTI;
        }
        forget(client);
        out.ok();
    }

    private void exec(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (!inMulti(client))
        {
            throw EXEC_WITHOUT_MULTI;
        }
        final Transaction transaction = client.transaction;
        if (transaction.aborted())
        {
            forget(client);
            throw ABORTED;
        }
        if (transaction.touched || watchedKeyExpired(transaction))
        {
            forget(client);
            out.nullArray();
            return;
        }
        // a watched key changed by the transaction itself must not matter any more
        unwatchAll(client);
        final int count = transaction.count();
        final Propagation propagation = node.propagation();
        out.array(count);
        propagation.beginTransaction();
        transaction.executing = true;
        try
        {
            for (int i = 0; i < count; i++)
            {
                dispatcher.runQueued(client, transaction.spec(i), transaction.args(i), out);
            }
        }
        finally
        {
            transaction.executing = false;
            propagation.endTransaction(client);
            transaction.end();
        }
    }

    private void watch(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (inMulti(client))
        {
            throw WATCH_INSIDE_MULTI;
        }
        final Transaction transaction = transaction(client);
        for (int i = 1; i < args.count(); i++)
        {
            watch(client, transaction, args, i);
        }
        out.ok();
    }

    private void watch(final Client client, final Transaction transaction, final CommandArgs args, final int index)
    {
        probe.bytes = args.copy(index);
        probe.hash = Arrays.hashCode(probe.bytes);
        for (final Transaction.Watched watched : transaction.watched)
        {
            if (watched.key.equals(probe))
            {
                return;
            }
        }
        final BlockedClients.Key key = new BlockedClients.Key();
        key.bytes = probe.bytes;
        key.hash = probe.hash;
        final boolean expired = state(key.bytes) == KeyState.EXPIRED;
        transaction.watched.add(new Transaction.Watched(key, expired));
        watchers.computeIfAbsent(key, k -> new ArrayList<>(2)).add(client);
    }

    private void unwatch(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (client.transaction != null)
        {
            unwatchAll(client);
        }
        out.ok();
    }

    private void unwatchAll(final Client client)
    {
        final Transaction transaction = client.transaction;
        transaction.touched = false;
        final List<Transaction.Watched> keys = transaction.watched;
        for (int i = 0; i < keys.size(); i++)
        {
            final Transaction.Watched watched = keys.get(i);
            final List<Client> clients = watchers.get(watched.key);
            if (clients != null)
            {
                clients.remove(client);
                if (clients.isEmpty())
                {
                    watchers.remove(watched.key);
                }
            }
        }
        transaction.watched.clear();
    }

    /** A key alive when WATCHed and logically expired now touches the transaction, even if not yet deleted. */
    private boolean watchedKeyExpired(final Transaction transaction)
    {
        final List<Transaction.Watched> keys = transaction.watched;
        for (int i = 0; i < keys.size(); i++)
        {
            final Transaction.Watched watched = keys.get(i);
            if (!watched.expiredAtWatch && state(watched.key.bytes) == KeyState.EXPIRED)
            {
                return true;
            }
        }
        return false;
    }

    private enum KeyState
    {
        MISSING, LIVE, EXPIRED
    }

    /** Looks at a key without lazy expiry or statistics. */
    private KeyState state(final byte[] key)
    {
        final Keyspace keyspace = node.keyspace();
        final KeyTable table = keyspace.table(HashSlot.slot(key, 0, key.length));
        if (table == null)
        {
            return KeyState.MISSING;
        }
        final int index = table.find(key, 0, key.length);
        if (index < 0)
        {
            return KeyState.MISSING;
        }
        final long expiresAtMs = table.expiryAt(index);
        return expiresAtMs == KeyTable.NO_EXPIRY || expiresAtMs > keyspace.nowMs() ? KeyState.LIVE :
            KeyState.EXPIRED;
    }

    /** Keyspace hook: the key got a new value or was deleted. */
    void onKeyTouched(final byte[] key)
    {
        if (watchers.isEmpty())
        {
            return;
        }
        final List<Client> clients = find(key);
        if (clients != null)
        {
            for (int i = 0; i < clients.size(); i++)
            {
                clients.get(i).transaction.touched = true;
            }
        }
    }

    /** Keyspace hook: the key was found expired and deleted. */
    void onKeyExpired(final byte[] key)
    {
        if (watchers.isEmpty())
        {
            return;
        }
        final List<Client> clients = find(key);
        if (clients == null)
        {
            return;
        }
        for (int i = 0; i < clients.size(); i++)
        {
            final Transaction transaction = clients.get(i).transaction;
            final Transaction.Watched watched = watchedEntry(transaction, key);
            if (watched != null && watched.expiredAtWatch)
            {
                // already expired when watched: its deletion changes nothing a client could have seen
                watched.expiredAtWatch = false;
            }
            else
            {
                transaction.touched = true;
            }
        }
    }

    /** Keyspace hook, called before a flush drops the keys: every watched key that exists is touched. */
    void onFlush()
    {
        if (watchers.isEmpty())
        {
            return;
        }
        for (final Map.Entry<BlockedClients.Key, List<Client>> entry : watchers.entrySet())
        {
            if (state(entry.getKey().bytes) == KeyState.MISSING)
            {
                continue;
            }
            for (final Client client : entry.getValue())
            {
                final Transaction.Watched watched = watchedEntry(client.transaction, entry.getKey().bytes);
                if (watched != null && watched.expiredAtWatch)
                {
                    watched.expiredAtWatch = false;
                }
                else
                {
                    client.transaction.touched = true;
                }
            }
        }
    }

    private List<Client> find(final byte[] key)
    {
        probe.bytes = key;
        probe.hash = Arrays.hashCode(key);
        final List<Client> clients = watchers.get(probe);
        probe.bytes = null;
        return clients;
    }

    private static Transaction.Watched watchedEntry(final Transaction transaction, final byte[] key)
    {
        final List<Transaction.Watched> keys = transaction.watched;
        for (int i = 0; i < keys.size(); i++)
        {
            final Transaction.Watched watched = keys.get(i);
            if (Arrays.equals(watched.key.bytes, key))
            {
                return watched;
            }
        }
        return null;
    }
}
