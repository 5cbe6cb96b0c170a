package io.krill.core.command;

import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.util.Arrays;

/**
 * BLPOP, BRPOP, BLMPOP, BLMOVE and BRPOPLPUSH: the list pops and moves that wait for an element.
 * <p>
 * BEHAVIOR: with an element available each acts at once as its non-blocking form. Otherwise it parks the client
 * in {@link BlockedClients} on its keys and returns without a reply; the node goes on serving everyone else. A
 * push onto a watched key makes {@link BlockedClients} run the command again for the clients waiting on it, first
 * blocked first served, each seeing the list as the previous one left it, so one LPUSH of three elements serves
 * three waiters, and a BLMOVE served this way can in turn serve a client waiting on its destination. As in Redis
 * 7.0, a re-run serves only from the key that woke it, and keeps waiting if that key holds something other than a
 * list (only the first call answers WRONGTYPE); a BLMOVE whose destination has the wrong type gets WRONGTYPE
 * when served. A timeout answers a null array, for the moves too (Redis 7.0 replies the same for every
 * list-blocking command).
 */
final class BlockingListCommands
{
    private static final BlockedClients.TimeoutReply NULL_ARRAY = client -> client.out().nullArray();
    private static final int[] FIRST_KEY = {1};

    private final NodeState node;
    private final Keyspace keyspace;
    private final ListCommands lists;
    private final BlockedClients blocked;
    private final ListCommands.MultiPop multiPop = new ListCommands.MultiPop();
    private CommandSpec blpopSpec;
    private CommandSpec brpopSpec;
    private CommandSpec blmpopSpec;
    private CommandSpec blmoveSpec;
    private CommandSpec brpoplpushSpec;

    BlockingListCommands(final NodeState node, final ListCommands lists)
    {
        this.node = node;
        this.keyspace = node.keyspace();
        this.lists = lists;
        this.blocked = node.blockedClients();
    }

    void register(final CommandTable table)
    {
        blpopSpec = table.register("blpop", (client, args, out) -> pop(client, args, out, true));
        brpopSpec = table.register("brpop", (client, args, out) -> pop(client, args, out, false));
        blmpopSpec = table.register("blmpop", this::blmpop);
        blmoveSpec = table.register("blmove", (client, args, out) ->
            move(client, args, out, ListCommands.position(args, 3), ListCommands.position(args, 4), 5));
        brpoplpushSpec = table.register("brpoplpush", (client, args, out) -> move(client, args, out, false, true, 3));
    }

    /** BLPOP/BRPOP key... timeout: {@code [key, element]} from the first key holding a list. */
    private void pop(final Client client, final CommandArgs args, final RespEncoder out, final boolean head)
    {
        final int timeoutIndex = args.count() - 1;
        final long deadlineMs = deadlineMs(args, timeoutIndex);
        final byte[] readyKey = blocked.readyKey(client);
        for (int i = 1; i < timeoutIndex; i++)
        {
            if ((readyKey != null && !argEquals(args, i, readyKey)) ||
                keyspace.find(args.buffer(i), args.offset(i), args.length(i)) < 0)
            {
                continue;
            }
            final Object value = keyspace.value();
            if (readyKey != null && !(value instanceof PackedList))
            {
                break;
            }
            final PackedList list = ListCommands.requireList(value);
            out.array(2);
            out.bulk(args.buffer(i), args.offset(i), args.length(i));
            lists.writeEnds(list, head, 1, out);
            list.remove(head, 1);
            lists.removed(list);
            if (node.propagation().active())
            {
                node.propagation().rewrite(2).arg(head ? "LPOP" : "RPOP").arg(args, i);
            }
            return;
        }
        blocked.block(client, head ? blpopSpec : brpopSpec, args, keyRange(1, timeoutIndex - 1), deadlineMs,
            NULL_ARRAY);
    }

    /** BLMPOP timeout numkeys key... LEFT|RIGHT [COUNT count]: arguments checked before the timeout, as Redis. */
    private void blmpop(final Client client, final CommandArgs args, final RespEncoder out)
    {
        multiPop.parse(args, 2);
        final long deadlineMs = deadlineMs(args, 1);
        if (!lists.popFirstNonEmpty(args, multiPop, blocked.readyKey(client), out))
        {
            blocked.block(client, blmpopSpec, args, keyRange(multiPop.firstKey, multiPop.keyCount), deadlineMs,
                NULL_ARRAY);
        }
    }

    /** Replicas run the non-blocking form, which cannot block on their side. */
    private void propagateMove(final CommandArgs args, final int timeoutIndex)
    {
        final Propagation propagation = node.propagation();
        if (!propagation.active())
        {
            return;
        }
        if (timeoutIndex == 5)
        {
            propagation.rewrite(5).arg("LMOVE").arg(args, 1).arg(args, 2).arg(args, 3).arg(args, 4);
        }
        else
        {
            propagation.rewrite(3).arg("RPOPLPUSH").arg(args, 1).arg(args, 2);
        }
    }

    /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout, and BRPOPLPUSH source destination timeout. */
    private void move(final Client client, final CommandArgs args, final RespEncoder out, final boolean fromHead,
        final boolean toHead, final int timeoutIndex)
    {
        final long deadlineMs = deadlineMs(args, timeoutIndex);
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) >= 0)
        {
            final Object value = keyspace.value();
            if (value instanceof PackedList)
            {
                lists.moveFrom((PackedList)value, args, out, fromHead, toHead);
                propagateMove(args, timeoutIndex);
                return;
            }
            if (blocked.readyKey(client) == null)
            {
                throw CommandException.WRONG_TYPE;
            }
        }
        if (!blocked.mayBlock(client))
        {
            // inside EXEC Redis answers at once with a null bulk, not the null array of a timeout
            out.nullBulk();
            return;
        }
        blocked.block(client, timeoutIndex == 5 ? blmoveSpec : brpoplpushSpec, args, FIRST_KEY, deadlineMs,
            NULL_ARRAY);
    }

    private long deadlineMs(final CommandArgs args, final int index)
    {
        return BlockingTimeout.deadlineMs(args.buffer(index), args.offset(index), args.length(index), node.nowMs());
    }

    private static int[] keyRange(final int first, final int count)
    {
        final int[] indexes = new int[count];
        for (int i = 0; i < count; i++)
        {
            indexes[i] = first + i;
        }
        return indexes;
    }

    static boolean argEquals(final CommandArgs args, final int index, final byte[] bytes)
    {
        return args.length(index) == bytes.length &&
            Arrays.equals(args.buffer(index), args.offset(index), args.offset(index) + bytes.length, bytes, 0,
                bytes.length);
    }
}
