package io.krill.core.command;

import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.RespEncoder;

import java.nio.charset.StandardCharsets;

/**
 * Turns executed commands into the replication stream, with Redis 7.0's rules (checked against a real
 * 7.0.15 master with a raw PSYNC):
 * <ul>
 *   <li>a command is propagated when it changed the keyspace (the keyspace's dirty counter moved), as sent,
 *   unless its handler {@link #rewrite rewrote} it into what a replica must run to end up identical (relative
 *   expiries become absolute, INCRBYFLOAT becomes SET, SPOP becomes SREM, blocking pops their plain forms...);
 *   several rewrites of one command are wrapped in MULTI/EXEC;</li>
 *   <li>{@link #force} propagates a command that changed nothing (PUBLISH outside cluster mode);</li>
 *   <li>a key found expired is propagated at once as {@code DEL key}, before the command that found it;</li>
 *   <li>the stream starts with {@code SELECT 0} (again after every full resync, as the snapshot says no db).</li>
 * </ul>
 * With no {@link ReplicationFeed#active() active} feed every call returns at once, and handlers skip building
 * rewrites ({@link #active()}), so the hot path allocates nothing.
 * <p>
 * Not thread safe: owned by the node's agent.
 */
public final class Propagation
{
    private static final byte[] SELECT_0 = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MULTI = "*1\r\n$5\r\nMULTI\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "*1\r\n$4\r\nEXEC\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private final Keyspace keyspace;
    private final RespEncoder rewrites = new RespEncoder();
    private final RespEncoder encoder = new RespEncoder();
    /** What the commands of a running EXEC propagate, sent as one unit at its end. */
    private final RespEncoder transaction = new RespEncoder();
    private boolean inTransaction;
    private int transactionOps;
    private ReplicationFeed feed;
    private int rewriteCount;
    private int argsLeft;
    private boolean forced;
    private boolean suppressed;
    private boolean selected;

    Propagation(final Keyspace keyspace)
    {
        this.keyspace = keyspace;
    }

    /** Connects the stream (null: none). */
    public void feed(final ReplicationFeed feed)
    {
        this.feed = feed;
    }

    /** Whether commands are being propagated; handlers build rewrites only then. */
    public boolean active()
    {
        return feed != null && feed.active();
    }

    /** The next command propagated is preceded by SELECT 0 (a new full resync started). */
    public void reselect()
    {
        selected = false;
    }

    /** Starts one replacement command of {@code argc} arguments; add them with the {@code arg} methods. */
    public Propagation rewrite(final int argc)
    {
        if (argsLeft != 0)
        {
            throw new IllegalStateException("previous rewrite lacks " + argsLeft + " arguments");
        }
        rewrites.array(argc);
        argsLeft = argc;
        rewriteCount++;
        return this;
    }

    public Propagation arg(final String text)
    {
        rewrites.bulk(text);
        argsLeft--;
        return this;
    }

    public Propagation arg(final byte[] bytes)
    {
        rewrites.bulk(bytes);
        argsLeft--;
        return this;
    }

    public Propagation arg(final byte[] bytes, final int offset, final int length)
    {
        rewrites.bulk(bytes, offset, length);
        argsLeft--;
        return this;
    }

    public Propagation arg(final long value)
    {
        rewrites.bulkDecimal(value);
        argsLeft--;
        return this;
    }

    /** Adds argument {@code index} of the running command as sent. */
    public Propagation arg(final CommandArgs args, final int index)
    {
        return arg(args.buffer(index), args.offset(index), args.length(index));
    }

    /** Adds arguments {@code from..count-1} of the running command as sent. */
    public Propagation args(final CommandArgs args, final int from)
    {
        for (int i = from; i < args.count(); i++)
        {
            arg(args, i);
        }
        return this;
    }

    /** The running command is propagated even if it changed nothing. */
    public void force()
    {
        forced = true;
    }

    /** The running command is not propagated, whatever it changed. */
    public void suppress()
    {
        suppressed = true;
    }

    /** The dispatcher calls this before a command runs; returns the dirty count to pass to {@link #after}. */
    long before()
    {
        return keyspace.dirty();
    }

    /** The dispatcher calls this after a command ran (also after it failed: a partial change still counts). */
    void after(final Client client, final CommandArgs args, final long dirtyBefore)
    {
        if (!active())
        {
            clear();
            return;
        }
        final boolean changed = keyspace.dirty() != dirtyBefore;
        if (!suppressed && rewriteCount > 0 && argsLeft == 0)
        {
            if (inTransaction)
            {
                // the EXEC's MULTI ... EXEC wraps these too
                transaction.raw(rewrites.buffer(), 0, rewrites.limit());
                transactionOps += rewriteCount;
                clear();
                return;
            }
            selectIfNeeded();
            if (rewriteCount > 1)
            {
                feed.append(MULTI, 0, MULTI.length);
            }
            feed.append(rewrites.buffer(), 0, rewrites.limit());
            if (rewriteCount > 1)
            {
                feed.append(EXEC, 0, EXEC.length);
            }
        }
        else if (!suppressed && rewriteCount == 0 && (changed || forced))
        {
            final RespEncoder target = inTransaction ? transaction : encoder;
            if (!inTransaction)
            {
                selectIfNeeded();
                encoder.truncate(0);
            }
            target.array(args.count());
            for (int i = 0; i < args.count(); i++)
            {
                target.bulk(args.buffer(i), args.offset(i), args.length(i));
            }
            if (inTransaction)
            {
                transactionOps++;
                clear();
                return;
            }
            feed.append(encoder.buffer(), 0, encoder.limit());
        }
        if (!suppressed && (rewriteCount > 0 || changed || forced))
        {
            // what WAIT from this client waits for (Redis's c->woff)
            client.writeOffset(feed.offset());
        }
        clear();
    }

    /**
     * EXEC starts running its queued commands: what they propagate is collected and sent by
     * {@link #endTransaction}, so replicas apply the transaction as one unit.
     */
    void beginTransaction()
    {
        inTransaction = true;
        transactionOps = 0;
        transaction.truncate(0);
    }

    /**
     * EXEC is done: as Redis 7.0, what its commands changed is propagated wrapped in MULTI ... EXEC if it is more
     * than one command, as is if it is one (a single command is atomic anyway), not at all if none. The EXEC
     * itself is then not propagated again.
     */
    void endTransaction(final Client client)
    {
        inTransaction = false;
        suppressed = true;
        if (transactionOps == 0 || !active())
        {
            transaction.truncate(0);
            return;
        }
        selectIfNeeded();
        if (transactionOps > 1)
        {
            feed.append(MULTI, 0, MULTI.length);
        }
        feed.append(transaction.buffer(), 0, transaction.limit());
        if (transactionOps > 1)
        {
            feed.append(EXEC, 0, EXEC.length);
        }
        client.writeOffset(feed.offset());
        transaction.truncate(0);
    }

    /** A key was found expired and deleted: replicas delete it too, before whatever command found it. */
    public void expired(final byte[] key)
    {
        if (!active())
        {
            return;
        }
        selectIfNeeded();
        encoder.truncate(0);
        encoder.array(2);
        encoder.bulk(DEL);
        encoder.bulk(key);
        feed.append(encoder.buffer(), 0, encoder.limit());
    }

    /** Appends a command built by the caller (the master's periodic PING, REPLCONF GETACK). */
    public void raw(final byte[] bytes, final int offset, final int length)
    {
        if (active())
        {
            feed.append(bytes, offset, length);
        }
    }

    private void selectIfNeeded()
    {
        if (!selected)
        {
            selected = true;
            feed.append(SELECT_0, 0, SELECT_0.length);
        }
    }

    private void clear()
    {
        if (rewriteCount > 0)
        {
            rewrites.truncate(0);
            rewriteCount = 0;
            argsLeft = 0;
        }
        forced = false;
        suppressed = false;
    }
}
