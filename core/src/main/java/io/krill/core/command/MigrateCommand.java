package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.persistence.RdbOutput;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.io.IOException;

/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password] [AUTH2 username password]
 * [KEYS key ...]: moves keys to another node as Redis 7.0 does, which is what {@code redis-cli --cluster reshard}
 * moves slots with.
 * <p>
 * BEHAVIOR: the keys present here are DUMP-serialized and sent in one pipeline ({@code AUTH}, {@code SELECT db}
 * when the cached connection's database differs, then one {@code RESTORE} per key with its remaining TTL, and
 * REPLACE if asked; {@code RESTORE-ASKING} in cluster mode so an importing target accepts it), then one reply
 * line per command is read. Each key the target acknowledged is deleted here (unless COPY) and the command is
 * propagated as {@code DEL} of exactly those keys. The first target error is the reply
 * ({@code ERR Target instance replied with error: ...}); a socket error on a reused connection, before anything
 * was acknowledged and not a timeout, is retried once on a fresh connection; otherwise the reply is an IOERR.
 * No key present: {@code +NOKEY}. A timeout of 0 or less means 1000 ms; it bounds each step (connect, each 64 KiB
 * written, each reply line), not the whole transfer.
 * <p>
 * The I/O runs synchronously on the node's agent thread, as Redis runs it on its main thread: the node serves
 * nobody else until the target answered or the timeout passed. This keeps MIGRATE atomic with respect to other
 * commands (no client can touch a key between its serialization and its deletion), which redis-cli's slot moves
 * rely on, at the cost of stalling the node for one round trip per batch. Connections are cached
 * ({@link MigrateSockets}).
 */
final class MigrateCommand
{
    private static final CommandException KEYS_NEED_EMPTY_KEY = new CommandException(
        "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string");
    private static final CommandException IOERR_CONNECT =
        new CommandException("IOERR error or timeout connecting to the client");
    private static final CommandException IOERR_WRITE =
        new CommandException("IOERR error or timeout writing to target instance");
    private static final CommandException IOERR_READ =
        new CommandException("IOERR error or timeout reading to target instance");
    private static final long DEFAULT_TIMEOUT_MS = 1000;
    /** A request buffer grown past this by a batch of large values is dropped afterwards, not kept for good. */
    private static final int KEPT_REQUEST_BYTES = 1 << 20;

    private final NodeState node;
    private final Keyspace keyspace;
    private final MigrateSockets sockets;
    private final RdbValues values;
    private RespEncoder request = new RespEncoder();

    MigrateCommand(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
        this.sockets = node.migrateSockets();
        this.values = new RdbValues(node.config());
    }

    void register(final CommandTable table)
    {
        table.register("migrate", this::migrate);
    }

    private void migrate(final Client client, final CommandArgs args, final RespEncoder out)
    {
        boolean copy = false;
        boolean replace = false;
        byte[] username = null;
        byte[] password = null;
        int firstKey = 3;
        int keyCount = 1;
        for (int i = 6; i < args.count(); i++)
        {
            final int more = args.count() - 1 - i;
            if (args.is(i, "copy"))
            {
                copy = true;
            }
            else if (args.is(i, "replace"))
            {
                replace = true;
            }
            else if (args.is(i, "auth") && more >= 1)
            {
                password = args.copy(++i);
            }
            else if (args.is(i, "auth2") && more >= 2)
            {
                username = args.copy(++i);
                password = args.copy(++i);
            }
            else if (args.is(i, "keys"))
            {
                if (args.length(3) != 0)
                {
                    throw KEYS_NEED_EMPTY_KEY;
                }
                firstKey = i + 1;
                keyCount = args.count() - firstKey;
                break;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        long timeoutMs = args.longValue(5);
        final long db = args.longValue(4);
        if (timeoutMs <= 0)
        {
            timeoutMs = DEFAULT_TIMEOUT_MS;
        }

        // the keys present, with their values (looked up once: nothing else runs until MIGRATE returns)
        final int[] keyIndexes = new int[keyCount];
        final Object[] found = new Object[keyCount];
        final long[] expiries = new long[keyCount];
        int present = 0;
        for (int k = 0; k < keyCount; k++)
        {
            final int index = firstKey + k;
            if (keyspace.findForRead(args.buffer(index), args.offset(index), args.length(index)) >= 0)
            {
                keyIndexes[present] = index;
                found[present] = keyspace.value();
                expiries[present] = keyspace.expiry();
                present++;
            }
        }
        if (present == 0)
        {
            out.simple("NOKEY");
            return;
        }

        final String host = args.string(1);
        final String port = args.string(2);
        final Transfer transfer = new Transfer(args, keyIndexes, found, expiries, present, db, timeoutMs, copy,
            replace, username, password);
        transfer.run(host, port);
        if (request.buffer().length > KEPT_REQUEST_BYTES)
        {
            request = new RespEncoder();
        }
        if (!copy && transfer.acknowledged > 0 && node.propagation().active())
        {
            final Propagation propagation = node.propagation().rewrite(transfer.acknowledged + 1).arg("DEL");
            for (int k = 0; k < transfer.acknowledged; k++)
            {
                propagation.arg(args, transfer.deleted[k]);
            }
        }
        if (transfer.failure != null)
        {
            throw transfer.failure;
        }
        out.ok();
    }

    /** One MIGRATE's exchange with its target, with the single retry; leaves its outcome in its fields. */
    private final class Transfer
    {
        private final CommandArgs args;
        private final int[] keyIndexes;
        private final Object[] found;
        private final long[] expiries;
        private final int present;
        private final long db;
        private final long timeoutMs;
        private final boolean copy;
        private final boolean replace;
        private final byte[] username;
        private final byte[] password;
        /** Argument indexes of the keys the target acknowledged (and deleted here unless COPY). */
        final int[] deleted;
        int acknowledged;
        CommandException failure;

        Transfer(final CommandArgs args, final int[] keyIndexes, final Object[] found, final long[] expiries,
            final int present, final long db, final long timeoutMs, final boolean copy, final boolean replace,
            final byte[] username, final byte[] password)
        {
            this.args = args;
            this.keyIndexes = keyIndexes;
            this.found = found;
            this.expiries = expiries;
            this.present = present;
            this.db = db;
            this.timeoutMs = timeoutMs;
            this.copy = copy;
            this.replace = replace;
            this.username = username;
            this.password = password;
            this.deleted = new int[present];
        }

        void run(final String host, final String port)
        {
            boolean mayRetry = true;
            while (true)
            {
                final MigrateSockets.Target target;
                try
                {
                    target = sockets.get(host, port, timeoutMs, node.nowMs());
                }
                catch (final MigrateSockets.ConnectException ex)
                {
                    failure = IOERR_CONNECT;
                    return;
                }
                catch (final IOException ex)
                {
                    // refused or reset while connecting: Redis meets this on its first write, and retries
                    if (mayRetry)
                    {
                        mayRetry = false;
                        continue;
                    }
                    failure = IOERR_WRITE;
                    return;
                }
                final boolean select = target.lastDb() != db;
                buildRequest(select);
                boolean writing = true;
                try
                {
                    target.write(request.buffer(), 0, request.limit(), timeoutMs);
                    writing = false;
                    final String authReply = password != null ? target.readLine(timeoutMs) : null;
                    final String selectReply = select ? target.readLine(timeoutMs) : null;
                    final String setupError =
                        isError(authReply) ? authReply : isError(selectReply) ? selectReply : null;
                    readRestoreReplies(target, setupError, mayRetry, host, port);
                    return;
                }
                catch (final IOException ex)
                {
                    sockets.close(host, port);
                    if (mayRetry && !(ex instanceof MigrateSockets.TimeoutException))
                    {
                        mayRetry = false;
                        continue;
                    }
                    failure = writing ? IOERR_WRITE : IOERR_READ;
                    return;
                }
            }
        }

        /**
         * Reads one reply per RESTORE sent, deleting each acknowledged key unless COPY. A socket error before the
         * first reply that may be retried is thrown (the caller retries on a fresh connection); any later one
         * closes the connection and fails the command.
         */
        private void readRestoreReplies(final MigrateSockets.Target target, final String setupError,
            final boolean mayRetry, final String host, final String port) throws IOException
        {
            boolean targetFailed = false;
            for (int k = 0; k < present; k++)
            {
                final String reply;
                try
                {
                    reply = target.readLine(timeoutMs);
                }
                catch (final IOException ex)
                {
                    if (!targetFailed && k == 0 && mayRetry && !(ex instanceof MigrateSockets.TimeoutException))
                    {
                        throw ex;
                    }
                    sockets.close(host, port);
                    if (!targetFailed)
                    {
                        failure = IOERR_READ;
                    }
                    return;
                }
                final String error = setupError != null ? setupError : isError(reply) ? reply : null;
                if (error != null)
                {
                    if (!targetFailed)
                    {
                        targetFailed = true;
                        target.lastDb(-1);
                        failure = new CommandException("ERR Target instance replied with error: " + error.substring(1));
                    }
                }
                else if (!copy)
                {
                    final int index = keyIndexes[k];
                    keyspace.delete(args.buffer(index), args.offset(index), args.length(index));
                    deleted[acknowledged++] = index;
                }
            }
            if (!targetFailed)
            {
                target.lastDb(db);
            }
        }

        /** Encodes AUTH, SELECT and the RESTOREs into {@link #request}. */
        private void buildRequest(final boolean select)
        {
            request.truncate(0);
            if (password != null)
            {
                request.array(username != null ? 3 : 2);
                request.bulk("AUTH");
                if (username != null)
                {
                    request.bulk(username);
                }
                request.bulk(password);
            }
            if (select)
            {
                request.array(2);
                request.bulk("SELECT");
                request.bulkDecimal(db);
            }
            final String restore = node.config().clusterEnabled() ? "RESTORE-ASKING" : "RESTORE";
            final long nowMs = keyspace.nowMs();
            final RdbOutput scratch = new RdbOutput(node.config().rdbcompression());
            for (int k = 0; k < present; k++)
            {
                // the lookup dropped expired keys and the clock stands still until MIGRATE returns
                final long ttlMs = expiries[k] == KeyTable.NO_EXPIRY ? 0 : Math.max(1, expiries[k] - nowMs);
                request.array(replace ? 5 : 4);
                request.bulk(restore);
                request.bulk(args.buffer(keyIndexes[k]), args.offset(keyIndexes[k]), args.length(keyIndexes[k]));
                request.bulkDecimal(ttlMs);
                final byte[] payload = values.dump(found[k], scratch);
                request.bulk(payload, 0, payload.length);
                if (replace)
                {
                    request.bulk("REPLACE");
                }
            }
        }
    }

    private static boolean isError(final String reply)
    {
        return reply != null && !reply.isEmpty() && reply.charAt(0) == '-';
    }
}
