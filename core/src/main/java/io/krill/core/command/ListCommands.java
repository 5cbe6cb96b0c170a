package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

/**
 * The list commands (LPUSH ... LMPOP) over {@link PackedList} values; the blocking ones are in
 * {@link BlockingListCommands}, which shares the pop and move steps here.
 * <p>
 * BEHAVIOR, as Redis 7.0: a list that loses its last element is deleted, so an empty list never exists; arguments
 * are checked in Redis's order (some before the key is looked up, some after), because that order decides which
 * error, or which empty reply, a bad call on a missing key gets. Replies stream elements straight from the list's
 * nodes: a range costs no allocation beyond the reply buffer.
 */
final class ListCommands
{
    static final CommandException MUST_BE_POSITIVE =
        new CommandException("ERR value is out of range, must be positive");
    static final CommandException NUMKEYS = new CommandException("ERR numkeys should be greater than 0");
    static final CommandException COUNT_NOT_POSITIVE = new CommandException("ERR count should be greater than 0");
    private static final CommandException INDEX_OUT_OF_RANGE = new CommandException("ERR index out of range");
    private static final CommandException RANK_ZERO = new CommandException("ERR RANK can't be zero: use 1 to start " +
        "from the first match, 2 from the second ... or use negative to start from the end of the list");
    private static final CommandException COUNT_NEGATIVE = new CommandException("ERR COUNT can't be negative");
    private static final CommandException MAXLEN_NEGATIVE = new CommandException("ERR MAXLEN can't be negative");

    private final NodeState node;
    private final Keyspace keyspace;
    private final PackedList.Cursor cursor = new PackedList.Cursor();
    private final MultiPop multiPop = new MultiPop();

    ListCommands(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void register(final CommandTable table)
    {
        table.register("lpush", (client, args, out) -> push(args, out, true, false));
        table.register("rpush", (client, args, out) -> push(args, out, false, false));
        table.register("lpushx", (client, args, out) -> push(args, out, true, true));
        table.register("rpushx", (client, args, out) -> push(args, out, false, true));
        table.register("lpop", (client, args, out) -> pop(args, out, true));
        table.register("rpop", (client, args, out) -> pop(args, out, false));
        table.register("llen", this::llen);
        table.register("lrange", this::lrange);
        table.register("lindex", this::lindex);
        table.register("lset", this::lset);
        table.register("linsert", this::linsert);
        table.register("lrem", this::lrem);
        table.register("ltrim", this::ltrim);
        table.register("lpos", this::lpos);
        table.register("lmove", (client, args, out) -> move(args, out, position(args, 3), position(args, 4)));
        table.register("rpoplpush", (client, args, out) -> move(args, out, false, true));
        table.register("lmpop", this::lmpop);
        new BlockingListCommands(node, this).register(table);
    }

    /** The list held by {@code value}, or WRONGTYPE. */
    static PackedList requireList(final Object value)
    {
        if (value instanceof PackedList)
        {
            return (PackedList)value;
        }
        throw CommandException.WRONG_TYPE;
    }

    /** LEFT or RIGHT (any case): true for LEFT, the head; otherwise a syntax error. */
    static boolean position(final CommandArgs args, final int index)
    {
        if (args.is(index, "left"))
        {
            return true;
        }
        if (args.is(index, "right"))
        {
            return false;
        }
        throw CommandException.SYNTAX;
    }

    private PackedList newList()
    {
        return new PackedList(node.config().listMaxListpackSize());
    }

    /** LPUSH/RPUSH key element..., and the X forms that push only onto an existing list. */
    private void push(final CommandArgs args, final RespEncoder out, final boolean head, final boolean onlyIfExists)
    {
        final int index = keyspace.find(args.buffer(1), args.offset(1), args.length(1));
        final PackedList list;
        if (index >= 0)
        {
            list = requireList(keyspace.value());
        }
        else if (onlyIfExists)
        {
            out.integer(0);
            return;
        }
        else
        {
            list = newList();
        }
        if (args.count() > 3)
        {
            long bytes = 0;
            for (int i = 2; i < args.count(); i++)
            {
                bytes += PackedList.entryBytes(args.buffer(i), args.offset(i), args.length(i));
            }
            list.reserve(head, bytes);
        }
        for (int i = 2; i < args.count(); i++)
        {
            list.push(head, args.buffer(i), args.offset(i), args.length(i));
        }
        if (index >= 0)
        {
            keyspace.modified();
        }
        else
        {
            keyspace.insert(args.copy(1), list, KeyTable.NO_EXPIRY);
        }
        out.integer(list.size());
    }

    /**
     * LPOP/RPOP key [count]: without a count a bulk string (null when missing); with one an array (a null array
     * when missing, an empty one for count 0).
     */
    private void pop(final CommandArgs args, final RespEncoder out, final boolean head)
    {
        if (args.count() > 3)
        {
            throw new CommandException("ERR wrong number of arguments for '" + (head ? "lpop" : "rpop") +
                "' command");
        }
        final boolean hasCount = args.count() == 3;
        final long count = hasCount ? nonNegative(args, 2, MUST_BE_POSITIVE) : 1;
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            if (hasCount)
            {
                out.nullArray();
            }
            else
            {
                out.nullBulk();
            }
            return;
        }
        final PackedList list = requireList(keyspace.value());
        if (!hasCount)
        {
            writeEnds(list, head, 1, out);
        }
        else
        {
            final long popped = Math.min(count, list.size());
            out.array((int)popped);
            writeEnds(list, head, popped, out);
        }
        list.remove(head, count);
        removed(list);
    }

    /** Writes {@code count} elements from one end of {@code list} as bulk strings, in popping order. */
    void writeEnds(final PackedList list, final boolean head, final long count, final RespEncoder out)
    {
        if (count == 0)
        {
            return;
        }
        if (head)
        {
            cursor.first(list);
        }
        else
        {
            cursor.last(list);
        }
        for (long i = 0; i < count; i++)
        {
            out.bulk(cursor.buffer(), cursor.offset(), cursor.length());
            if (!cursor.move(head))
            {
                break;
            }
        }
    }

    /** After elements left the list of the last found key: delete the key if it emptied, else signal it. */
    void removed(final PackedList list)
    {
        if (list.isEmpty())
        {
            keyspace.delete();
        }
        else
        {
            keyspace.modified();
        }
    }

    private void llen(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        out.integer(requireList(keyspace.value()).size());
    }

    private void lrange(final Client client, final CommandArgs args, final RespEncoder out)
    {
        long start = args.longValue(2);
        long end = args.longValue(3);
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.array(0);
            return;
        }
        final PackedList list = requireList(keyspace.value());
        final long size = list.size();
        start = RankRange.start(start, size);
        end = RankRange.end(end, size);
        if (RankRange.isEmpty(start, end))
        {
            out.array(0);
            return;
        }
        final long count = end - start + 1;
        out.array((int)count);
        cursor.seek(list, start);
        for (long i = 0; i < count; i++)
        {
            out.bulk(cursor.buffer(), cursor.offset(), cursor.length());
            cursor.next();
        }
    }

    private void lindex(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.nullBulk();
            return;
        }
        final PackedList list = requireList(keyspace.value());
        final long index = normalizedIndex(args.longValue(2), list.size());
        if (index < 0)
        {
            out.nullBulk();
            return;
        }
        cursor.seek(list, index);
        out.bulk(cursor.buffer(), cursor.offset(), cursor.length());
    }

    private void lset(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            throw CommandException.NO_SUCH_KEY;
        }
        final PackedList list = requireList(keyspace.value());
        final long index = normalizedIndex(args.longValue(2), list.size());
        if (index < 0)
        {
            throw INDEX_OUT_OF_RANGE;
        }
        list.set(index, args.buffer(3), args.offset(3), args.length(3), cursor);
        keyspace.modified();
        out.ok();
    }

    /** LINSERT key BEFORE|AFTER pivot element: the new length, 0 for a missing key, -1 when no pivot is found. */
    private void linsert(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final boolean after;
        if (args.is(2, "after"))
        {
            after = true;
        }
        else if (args.is(2, "before"))
        {
            after = false;
        }
        else
        {
            throw CommandException.SYNTAX;
        }
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        final PackedList list = requireList(keyspace.value());
        cursor.first(list);
        do
        {
            if (cursor.matches(args.buffer(3), args.offset(3), args.length(3)))
            {
                list.insert(cursor, after, args.buffer(4), args.offset(4), args.length(4));
                keyspace.modified();
                out.integer(list.size());
                return;
            }
        }
        while (cursor.next());
        out.integer(-1);
    }

    /** LREM key count element: count > 0 removes the first matches, < 0 the last ones, 0 all of them. */
    private void lrem(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long count = args.longValue(2);
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.integer(0);
            return;
        }
        final PackedList list = requireList(keyspace.value());
        // Long.MIN_VALUE has no positive counterpart: Redis's negation leaves it negative and it removes them all
        final long limit = count == Long.MIN_VALUE ? 0 : Math.abs(count);
        final long removed = list.removeEqual(args.buffer(3), args.offset(3), args.length(3), limit, count < 0);
        if (removed > 0)
        {
            removed(list);
        }
        out.integer(removed);
    }

    private void ltrim(final Client client, final CommandArgs args, final RespEncoder out)
    {
        long start = args.longValue(2);
        long end = args.longValue(3);
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.ok();
            return;
        }
        final PackedList list = requireList(keyspace.value());
        final long size = list.size();
        start = RankRange.start(start, size);
        end = RankRange.end(end, size);
        if (RankRange.isEmpty(start, end))
        {
            keyspace.delete();
        }
        else
        {
            list.trim(start, end);
            keyspace.modified();
        }
        out.ok();
    }

    /**
     * LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. Options are all checked before the key is
     * looked up. Without COUNT: the index of the match (null if none); with it: an array of up to that many (0:
     * all) indexes, empty for a missing key.
     */
    private void lpos(final Client client, final CommandArgs args, final RespEncoder out)
    {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < args.count(); j++)
        {
            final boolean more = j + 1 < args.count();
            if (more && args.is(j, "rank"))
            {
                rank = args.longValue(++j);
                if (rank == 0)
                {
                    throw RANK_ZERO;
                }
            }
            else if (more && args.is(j, "count"))
            {
                count = nonNegative(args, ++j, COUNT_NEGATIVE);
            }
            else if (more && args.is(j, "maxlen"))
            {
                maxlen = nonNegative(args, ++j, MAXLEN_NEGATIVE);
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        boolean fromTail = false;
        if (rank < 0)
        {
            // as in Redis, Long.MIN_VALUE stays negative here, which makes every match count as ranked
            rank = -rank;
            fromTail = true;
        }
        if (keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            if (count != -1)
            {
                out.array(0);
            }
            else
            {
                out.nullBulk();
            }
            return;
        }
        writePositions(requireList(keyspace.value()), args, rank, count, maxlen, fromTail, out);
    }

    /** LPOS's scan, from the head or {@code fromTail}; {@code rank} is positive here (or Long.MIN_VALUE). */
    private void writePositions(final PackedList list, final CommandArgs args, final long rank, final long count,
        final long maxlen, final boolean fromTail, final RespEncoder out)
    {
        final int mark = out.mark();
        int found = 0;
        long matchIndex = -1;
        long matches = 0;
        final long size = list.size();
        if (fromTail)
        {
            cursor.last(list);
        }
        else
        {
            cursor.first(list);
        }
        for (long index = 0; maxlen == 0 || index < maxlen; index++)
        {
            if (cursor.matches(args.buffer(2), args.offset(2), args.length(2)))
            {
                matches++;
                matchIndex = fromTail ? size - index - 1 : index;
                if (matches >= rank)
                {
                    if (count == -1)
                    {
                        break;
                    }
                    found++;
                    out.integer(matchIndex);
                    if (count != 0 && matches - rank + 1 >= count)
                    {
                        break;
                    }
                }
            }
            matchIndex = -1;
            if (!cursor.move(!fromTail))
            {
                break;
            }
        }
        if (count != -1)
        {
            out.insertArray(mark, found);
        }
        else if (matchIndex != -1)
        {
            out.integer(matchIndex);
        }
        else
        {
            out.nullBulk();
        }
    }

    /**
     * LMOVE/RPOPLPUSH: pops from one end of the source and pushes onto the destination, replying with the element
     * (null when the source is missing). A destination of the wrong type fails before anything moves.
     */
    private void move(final CommandArgs args, final RespEncoder out, final boolean fromHead, final boolean toHead)
    {
        if (keyspace.find(args.buffer(1), args.offset(1), args.length(1)) < 0)
        {
            out.nullBulk();
            return;
        }
        moveFrom(requireList(keyspace.value()), args, out, fromHead, toHead);
    }

    /** The move once the source (args[1]) is known to be a list; args[2] is the destination. */
    void moveFrom(final PackedList source, final CommandArgs args, final RespEncoder out, final boolean fromHead,
        final boolean toHead)
    {
        final int found = keyspace.find(args.buffer(2), args.offset(2), args.length(2));
        final PackedList destination = found >= 0 ? requireList(keyspace.value()) : null;
        if (destination == source)
        {
            // the same list: copy the element out before the pop frees its bytes
            if (fromHead)
            {
                cursor.first(source);
            }
            else
            {
                cursor.last(source);
            }
            final byte[] element = java.util.Arrays.copyOfRange(cursor.buffer(), cursor.offset(),
                cursor.offset() + cursor.length());
            source.remove(fromHead, 1);
            source.push(toHead, element, 0, element.length);
            keyspace.modified();
            out.bulk(element);
            return;
        }
        if (fromHead)
        {
            cursor.first(source);
        }
        else
        {
            cursor.last(source);
        }
        out.bulk(cursor.buffer(), cursor.offset(), cursor.length());
        final PackedList target = destination != null ? destination : newList();
        target.push(toHead, cursor.buffer(), cursor.offset(), cursor.length());
        if (destination != null)
        {
            keyspace.modified();
        }
        else
        {
            keyspace.insert(args.copy(2), target, KeyTable.NO_EXPIRY);
        }
        source.remove(fromHead, 1);
        keyspace.find(args.buffer(1), args.offset(1), args.length(1));
        removed(source);
    }

    private void lmpop(final Client client, final CommandArgs args, final RespEncoder out)
    {
        multiPop.parse(args, 1);
        if (!popFirstNonEmpty(args, multiPop, null, out))
        {
            out.nullArray();
        }
    }

    /**
     * LMPOP's work, shared with BLMPOP: pops up to {@code count} elements from the first key (of those named by
     * {@code keys}; only {@code onlyKey} when not null) holding a list, replying {@code [key, [elements]]}.
     *
     * @return false if no key held a list: nothing was written.
     */
    boolean popFirstNonEmpty(final CommandArgs args, final MultiPop keys, final byte[] onlyKey, final RespEncoder out)
    {
        for (int i = keys.firstKey; i < keys.firstKey + keys.keyCount; i++)
        {
            if (onlyKey != null && !BlockingListCommands.argEquals(args, i, onlyKey))
            {
                continue;
            }
            if (keyspace.find(args.buffer(i), args.offset(i), args.length(i)) < 0)
            {
                continue;
            }
            final Object value = keyspace.value();
            if (onlyKey != null && !(value instanceof PackedList))
            {
                return false;
            }
            final PackedList list = requireList(value);
            final long popped = Math.min(keys.count, list.size());
            out.array(2);
            out.bulk(args.buffer(i), args.offset(i), args.length(i));
            out.array((int)popped);
            writeEnds(list, keys.head, popped, out);
            list.remove(keys.head, popped);
            removed(list);
            if (node.propagation().active())
            {
                // LMPOP and BLMPOP reach replicas as the plain pop of what was taken
                node.propagation().rewrite(3).arg(keys.head ? "LPOP" : "RPOP").arg(args, i).arg(popped);
            }
            return true;
        }
        return false;
    }

    /** -1 if {@code index} (negative: from the end) is outside a list of {@code size}, else the index from 0. */
    private static long normalizedIndex(final long index, final long size)
    {
        final long normalized = index < 0 ? index + size : index;
        return normalized < 0 || normalized >= size ? -1 : normalized;
    }

    /** An integer >= 0; {@code error} for anything else, unparsable included (Redis's getPositiveLong). */
    static long nonNegative(final CommandArgs args, final int index, final CommandException error)
    {
        final long value = args.longValue(index, error);
        if (value < 0)
        {
            throw error;
        }
        return value;
    }

    /** The parsed shape of {@code [B]LMPOP ... numkeys key... LEFT|RIGHT [COUNT count]}; reused, never shared. */
    static final class MultiPop
    {
        int firstKey;
        int keyCount;
        boolean head;
        long count;

        /** Parses from {@code numkeysIndex}, in Redis's order: numkeys, the position word, then COUNT. */
        void parse(final CommandArgs args, final int numkeysIndex)
        {
            final long numkeys = args.longValue(numkeysIndex, NUMKEYS);
            if (numkeys < 1)
            {
                throw NUMKEYS;
            }
            if (numkeys > args.count() - numkeysIndex - 2)
            {
                throw CommandException.SYNTAX;
            }
            firstKey = numkeysIndex + 1;
            keyCount = (int)numkeys;
            final int whereIndex = firstKey + keyCount;
            head = position(args, whereIndex);
            count = -1;
            for (int j = whereIndex + 1; j < args.count(); j++)
            {
                if (count == -1 && j + 1 < args.count() && args.is(j, "count"))
                {
                    count = args.longValue(++j, COUNT_NOT_POSITIVE);
                    if (count < 1)
                    {
                        throw COUNT_NOT_POSITIVE;
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
        }
    }
}
