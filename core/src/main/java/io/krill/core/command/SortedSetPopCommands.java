package io.krill.core.command;

import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

/**
 * Popping the lowest or highest members: ZPOPMIN ZPOPMAX ZMPOP, and their blocking forms BZPOPMIN BZPOPMAX BZMPOP.
 * <p>
 * BEHAVIOR: a blocking pop that finds every key missing parks the client (see {@link BlockedClients}); when one
 * of its keys is written, the command runs again and pops, or parks again. As in Redis 7.0, a key that turns into
 * another type while a client waits on it does not answer that client with an error: it keeps waiting. Timeouts are
 * seconds with a fraction, rounded up to whole milliseconds; 0 waits forever.
 */
final class SortedSetPopCommands
{
    private static final CommandException NOT_POSITIVE =
        new CommandException("ERR value is out of range, must be positive");
    private static final CommandException NUMKEYS = new CommandException("ERR numkeys should be greater than 0");
    private static final CommandException COUNT = new CommandException("ERR count should be greater than 0");
    private static final CommandException TIMEOUT_NOT_FLOAT =
        new CommandException("ERR timeout is not a float or out of range");
    private static final CommandException TIMEOUT_NEGATIVE = new CommandException("ERR timeout is negative");
    /** 2^63 as a double: C's conversion of anything at or beyond it gives LLONG_MIN on x86. */
    private static final double TWO_TO_63 = 9.223372036854775807E18;

    private final NodeState node;
    private final Keyspace keyspace;
    private final Strtod strtod = new Strtod();
    private final SortedSet.Cursor cursor = new SortedSet.Cursor();
    private final BlockedClients.TimeoutReply nullArrayOnTimeout = client -> client.out().nullArray();
    private CommandSpec bzpopminSpec;
    private CommandSpec bzpopmaxSpec;
    private CommandSpec bzmpopSpec;

    SortedSetPopCommands(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void register(final CommandTable table)
    {
        table.register("zpopmin", (client, args, out) -> zpop(args, out, false));
        table.register("zpopmax", (client, args, out) -> zpop(args, out, true));
        table.register("zmpop", (client, args, out) -> zmpop(client, args, out, false));
        bzpopminSpec = table.register("bzpopmin", (client, args, out) -> bzpop(client, args, out, false));
        bzpopmaxSpec = table.register("bzpopmax", (client, args, out) -> bzpop(client, args, out, true));
        bzmpopSpec = table.register("bzmpop", (client, args, out) -> zmpop(client, args, out, true));
    }

    /** ZPOPMIN / ZPOPMAX key [count]. */
    private void zpop(final CommandArgs args, final RespEncoder out, final boolean max)
    {
        if (args.count() > 3)
        {
            throw CommandException.SYNTAX;
        }
        long count = -1;
        if (args.count() == 3)
        {
            count = args.isLong(2) ? args.longValue(2) : -1;
            if (count < 0)
            {
                throw NOT_POSITIVE;
            }
        }
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.array(0);
            return;
        }
        final SortedSet set = SortedSets.require(keyspace.value());
        if (count == 0)
        {
            out.array(0);
            return;
        }
        // RESP3 nests [member, score] pairs once a count is given, even a count of 1
        final boolean nested = out.resp3() && count != -1;
        final long popped = Math.min(count == -1 ? 1 : count, set.size());
        out.array((int)(nested ? popped : popped * 2));
        popFound(set, popped, max, nested, out);
    }

    /**
     * Writes and removes the {@code popped} lowest (or highest) members of the last found key's set, deleting the
     * key if it empties.
     */
    private void popFound(final SortedSet set, final long popped, final boolean max, final boolean nested,
        final RespEncoder out)
    {
        final long size = set.size();
        set.open(cursor, max ? size - 1 : 0, max);
        for (long i = 0; i < popped && cursor.next(); i++)
        {
            if (nested)
            {
                out.array(2);
            }
            out.bulk(cursor.member, cursor.memberOffset, cursor.memberLength);
            out.dbl(cursor.score);
        }
        cursor.clear();
        if (max)
        {
            set.removeRanks(size - popped, size);
        }
        else
        {
            set.removeRanks(0, popped);
        }
        if (set.size() == 0)
        {
            keyspace.delete();
        }
        else
        {
            keyspace.modified();
        }
    }

    /** BZPOPMIN / BZPOPMAX key [key ...] timeout. */
    private void bzpop(final Client client, final CommandArgs args, final RespEncoder out, final boolean max)
    {
        final long timeoutMs = timeoutMs(args, args.count() - 1);
        final boolean retrying = node.blockedClients().isRetrying(client);
        for (int i = 1; i < args.count() - 1; i++)
        {
            final SortedSet set = findWritable(args, i, retrying);
            if (set != null)
            {
                out.array(3);
                out.bulk(args.buffer(i), args.offset(i), args.length(i));
                popFound(set, 1, max, false, out);
                if (node.propagation().active())
                {
                    node.propagation().rewrite(2).arg(max ? "ZPOPMAX" : "ZPOPMIN").arg(args, i);
                }
                return;
            }
        }
        final int[] keyIndexes = new int[args.count() - 2];
        for (int i = 0; i < keyIndexes.length; i++)
        {
            keyIndexes[i] = i + 1;
        }
        block(client, max ? bzpopmaxSpec : bzpopminSpec, args, keyIndexes, timeoutMs);
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]; BZMPOP with a timeout before numkeys. */
    private void zmpop(final Client client, final CommandArgs args, final RespEncoder out, final boolean blocking)
    {
        final int numkeysIndex = blocking ? 2 : 1;
        final long numkeys = args.isLong(numkeysIndex) ? args.longValue(numkeysIndex) : 0;
        if (numkeys < 1)
        {
            throw NUMKEYS;
        }
        final int firstKey = numkeysIndex + 1;
        if (numkeys >= args.count() - firstKey)
        {
            throw CommandException.SYNTAX;
        }
        final int whereIndex = firstKey + (int)numkeys;
        final boolean max;
        if (args.is(whereIndex, "max"))
        {
            max = true;
        }
        else if (args.is(whereIndex, "min"))
        {
            max = false;
        }
        else
        {
            throw CommandException.SYNTAX;
        }
        long count = -1;
        for (int j = whereIndex + 1; j < args.count(); j++)
        {
            final boolean moreArgs = j + 1 < args.count();
            if (count == -1 && args.is(j, "count") && moreArgs)
            {
                j++;
                count = args.isLong(j) ? args.longValue(j) : 0;
                if (count < 1)
                {
                    throw COUNT;
                }
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        if (count == -1)
        {
            count = 1;
        }
        final long timeoutMs = blocking ? timeoutMs(args, 1) : 0;
        final boolean retrying = blocking && node.blockedClients().isRetrying(client);
        for (int i = firstKey; i < whereIndex; i++)
        {
            final SortedSet set = findWritable(args, i, retrying);
            if (set != null)
            {
                final long popped = Math.min(count, set.size());
                out.array(2);
                out.bulk(args.buffer(i), args.offset(i), args.length(i));
                out.array((int)popped);
                popFound(set, popped, max, true, out);
                if (node.propagation().active())
                {
                    // ZMPOP and BZMPOP reach replicas as the plain pop of what was taken
                    node.propagation().rewrite(3).arg(max ? "ZPOPMAX" : "ZPOPMIN").arg(args, i).arg(popped);
                }
                return;
            }
        }
        if (!blocking)
        {
            out.nullArray();
            return;
        }
        final int[] keyIndexes = new int[(int)numkeys];
        for (int i = 0; i < keyIndexes.length; i++)
        {
            keyIndexes[i] = firstKey + i;
        }
        block(client, bzmpopSpec, args, keyIndexes, timeoutMs);
    }

    /**
     * The sorted set at {@code args[index]}, or null if the key is missing. A key of another type is WRONGTYPE,
     * except when a parked command runs again: then it is passed over, and the client keeps waiting.
     */
    private SortedSet findWritable(final CommandArgs args, final int index, final boolean retrying)
    {
        if (keyspace.find(args.buffer(index), args.offset(index), args.length(index)) < 0)
        {
            return null;
        }
        final Object value = keyspace.value();
        if (retrying && !SortedSets.isSortedSet(value))
        {
            return null;
        }
        return SortedSets.require(value);
    }

    private void block(final Client client, final CommandSpec spec, final CommandArgs args, final int[] allKeyIndexes,
        final long timeoutMs)
    {
        final int[] keyIndexes = distinctKeys(args, allKeyIndexes);
        long deadlineMs = 0;
        if (timeoutMs > 0)
        {
            // a deadline beyond the clock's range never comes: wait forever
            deadlineMs = timeoutMs > Long.MAX_VALUE - node.nowMs() ? 0 : node.nowMs() + timeoutMs;
        }
        node.blockedClients().block(client, spec, args, keyIndexes, deadlineMs, nullArrayOnTimeout);
    }

    /** The key indexes without repeats (BZPOPMIN k k 0 waits on k once, so it holds one place in k's line). */
    private static int[] distinctKeys(final CommandArgs args, final int[] keyIndexes)
    {
        int distinct = 0;
        final int[] kept = new int[keyIndexes.length];
        for (final int index : keyIndexes)
        {
            boolean seen = false;
            for (int k = 0; k < distinct && !seen; k++)
            {
                final int other = kept[k];
                seen = java.util.Arrays.equals(args.buffer(index), args.offset(index),
                    args.offset(index) + args.length(index), args.buffer(other), args.offset(other),
                    args.offset(other) + args.length(other));
            }
            if (!seen)
            {
                kept[distinct++] = index;
            }
        }
        return distinct == keyIndexes.length ? keyIndexes : java.util.Arrays.copyOf(kept, distinct);
    }

    /**
     * A blocking timeout in seconds, as Redis 7.0 reads it: a long double, times 1000, rounded up, converted as C
     * converts (out-of-range values, infinity included, become negative).
     */
    private long timeoutMs(final CommandArgs args, final int index)
    {
        if (!strtod.parseLongDouble(args.buffer(index), args.offset(index), args.length(index)))
        {
            throw TIMEOUT_NOT_FLOAT;
        }
        final double ms = Math.ceil(strtod.value * 1000.0);
        final long timeoutMs = ms >= TWO_TO_63 || ms < -TWO_TO_63 ? Long.MIN_VALUE : (long)ms;
        if (timeoutMs < 0)
        {
            throw TIMEOUT_NEGATIVE;
        }
        return timeoutMs;
    }
}
