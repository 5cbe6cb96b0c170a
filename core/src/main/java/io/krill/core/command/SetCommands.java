package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.Numbers;
import io.krill.core.resp.RespEncoder;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The set commands of Redis 7.0, with its reply shapes, errors and encoding rules.
 * <p>
 * A set is an {@link Intset} array while all its members are integers and there are at most
 * set-max-intset-entries of them, a {@link TableSet} otherwise (for good). Results that Redis builds in a fresh
 * set (SUNION, SDIFF, the STORE variants, SPOP of the whole set) are built the same way by {@link SetBuilder}, so
 * their encoding and, for intsets, their order match. A set whose last member is removed is deleted. A command
 * that fails changes nothing: every key's type is checked before anything is written.
 */
final class SetCommands
{
    private static final CommandException COUNT_NOT_POSITIVE =
        new CommandException("ERR value is out of range, must be positive");
    private static final CommandException NUMKEYS_NOT_POSITIVE =
        new CommandException("ERR numkeys should be greater than 0");
    private static final CommandException TOO_MANY_NUMKEYS =
        new CommandException("ERR Number of keys can't be greater than number of args");
    private static final CommandException LIMIT_NEGATIVE = new CommandException("ERR LIMIT can't be negative");
    /** SPOP rebuilds the set from the members it keeps once it pops more than this many times what stays. */
    private static final int SPOP_KEEP_SHARE = 5;

    private final Keyspace keyspace;
    private final ServerConfig config;
    private final SplittableRandom random = new SplittableRandom();
    private final CollectionScan scan = new CollectionScan();
    private final SetView view = new SetView();
    private long[] scratchInts = new long[16];
    private final Propagation propagation;

    SetCommands(final NodeState node)
    {
        this.propagation = node.propagation();
        this.keyspace = node.keyspace();
        this.config = node.config();
    }

    void register(final CommandTable table)
    {
        table.register("sadd", this::sadd);
        table.register("srem", this::srem);
        table.register("sismember", this::sismember);
        table.register("smismember", this::smismember);
        table.register("smembers", this::smembers);
        table.register("scard", this::scard);
        table.register("spop", this::spop);
        table.register("srandmember", this::srandmember);
        table.register("smove", this::smove);
        table.register("sinter", (client, args, out) -> sinter(args, out, 1, args.count(), -1, false, 0));
        table.register("sinterstore", (client, args, out) -> sinter(args, out, 2, args.count(), 1, false, 0));
        table.register("sintercard", this::sintercard);
        table.register("sunion", (client, args, out) -> sunionDiff(args, out, 1, -1, false));
        table.register("sunionstore", (client, args, out) -> sunionDiff(args, out, 2, 1, false));
        table.register("sdiff", (client, args, out) -> sunionDiff(args, out, 1, -1, true));
        table.register("sdiffstore", (client, args, out) -> sunionDiff(args, out, 2, 1, true));
        table.register("sscan", this::sscan);
    }

    private void sadd(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Object before = findForWrite(args, 1);
        // measured first: a table grows in place
        final int sizeBefore = before != null ? SetValues.size(before) : 0;
        final Object after = addAll(before != null ? before : Intset.EMPTY, args, 2);
        final int addedCount = SetValues.size(after) - sizeBefore;
        if (before == null)
        {
            keyspace.insert(args.copy(1), after, KeyTable.NO_EXPIRY);
        }
        else if (after != before)
        {
            keyspace.replaceValue(after);
        }
        else if (addedCount > 0)
        {
            keyspace.modified();
        }
        out.integer(addedCount);
    }

    private void srem(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Object before = findForWrite(args, 1);
        if (before == null)
        {
            out.integer(0);
            return;
        }
        Object set = before;
        int removed = 0;
        for (int i = 2; i < args.count() && SetValues.size(set) > 0; i++)
        {
            final byte[] member = args.buffer(i);
            final int offset = args.offset(i);
            final int length = args.length(i);
            if (set instanceof TableSet)
            {
                removed += ((TableSet)set).remove(member, offset, length) ? 1 : 0;
            }
            else if (SetValues.isInteger(member, offset, length))
            {
                final Object after = Intset.remove(set, Numbers.parseLong(member, offset, length));
                removed += after != set ? 1 : 0;
                set = after;
            }
        }
        storeChanged(before, set, removed > 0);
        out.integer(removed);
    }

    private void sismember(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Object set = findForRead(args, 1);
        out.integer(set != null && SetValues.contains(set, args.buffer(2), args.offset(2), args.length(2)) ? 1 : 0);
    }

    private void smismember(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Object set = findForRead(args, 1);
        out.array(args.count() - 2);
        for (int i = 2; i < args.count(); i++)
        {
            out.integer(set != null && SetValues.contains(set, args.buffer(i), args.offset(i), args.length(i)) ? 1 : 0);
        }
    }

    private void smembers(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Object set = findForRead(args, 1);
        if (set == null)
        {
            out.set(0);
            return;
        }
        writeAll(out, view.wrap(set), true);
    }

    private void scard(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Object set = findForRead(args, 1);
        out.integer(set == null ? 0 : SetValues.size(set));
    }

    /** SPOP key [count]. */
    private void spop(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() > 3)
        {
            throw CommandException.SYNTAX;
        }
        if (args.count() == 3)
        {
            spopCount(args, out);
            return;
        }
        final Object set = findForWrite(args, 1);
        if (set == null)
        {
            out.nullBulk();
            return;
        }
        final SetView view = this.view.wrap(set);
        final int p = view.random(random);
        view.write(out, p);
        propagateSrem(args, view, p);
        if (set instanceof TableSet)
        {
            ((TableSet)set).removeAt(p);
            storeChanged(set, set, true);
        }
        else
        {
            storeChanged(set, Intset.removeAt(set, p), true);
        }
    }

    private void spopCount(final CommandArgs args, final RespEncoder out)
    {
        final long count = args.longValue(2, COUNT_NOT_POSITIVE);
        if (count < 0)
        {
            throw COUNT_NOT_POSITIVE;
        }
        final Object set = findForWrite(args, 1);
        if (set == null || count == 0)
        {
            out.set(0);
            return;
        }
        final int size = SetValues.size(set);
        if (count >= size)
        {
            // the whole set, replied as Redis does: through a union of the one set, then the key is deleted
            final SetBuilder union = new SetBuilder(config.setMaxIntsetEntries());
            final SetView all = view.wrap(set);
            for (int p = all.first(); p >= 0; p = all.next(p))
            {
                union.add(all, p);
            }
            writeAll(out, new SetView().wrap(union.build()), true);
            keyspace.delete();
            if (propagation.active())
            {
                propagation.rewrite(2).arg("DEL").arg(args, 1);
            }
            return;
        }
        final int[] picked = RandomPositions.distinct(view.wrap(set), (int)count, random);
        Arrays.sort(picked);
        final long remaining = size - count;
        out.set((int)count);
        final SetView source = view.wrap(set);
        for (final int p : picked)
        {
            source.write(out, p);
            // Redis 7.0 sends one SREM per popped member, wrapped in MULTI/EXEC
            propagateSrem(args, source, p);
        }
        if (remaining * SPOP_KEEP_SHARE > count)
        {
            storeChanged(set, removePositions(set, picked), true);
        }
        else
        {
            // most of the set goes: Redis rebuilds it from what stays, which may turn a table into an intset
            final SetBuilder kept = new SetBuilder(config.setMaxIntsetEntries());
            int next = 0;
            for (int p = source.first(); p >= 0; p = source.next(p))
            {
                if (next < picked.length && picked[next] == p)
                {
                    next++;
                }
                else
                {
                    kept.add(source, p);
                }
            }
            keyspace.replaceValue(kept.build());
        }
    }

    /** Replicas remove the member SPOP drew rather than drawing their own. */
    private void propagateSrem(final CommandArgs args, final SetView view, final int position)
    {
        if (propagation.active())
        {
            propagation.rewrite(3).arg("SREM").arg(args, 1).arg(view.bytes(position), 0, view.length(position));
        }
    }

    /** SRANDMEMBER key [count]. */
    private void srandmember(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() > 3)
        {
            throw CommandException.SYNTAX;
        }
        if (args.count() == 2)
        {
            final Object set = findForRead(args, 1);
            if (set == null)
            {
                out.nullBulk();
                return;
            }
            final SetView view = this.view.wrap(set);
            view.write(out, view.random(random));
            return;
        }
        final long count = HashCommands.randomCount(args, 2);
        final Object set = findForRead(args, 1);
        if (set == null || count == 0)
        {
            out.array(0);
            return;
        }
        final SetView view = this.view.wrap(set);
        if (count < 0 || count == 1)
        {
            final long draws = Math.abs(count);
            if (draws > HashCommands.MAX_REPLY_ELEMENTS)
            {
                throw HashCommands.OUT_OF_RANGE;
            }
            out.array((int)draws);
            for (long i = 0; i < draws; i++)
            {
                view.write(out, view.random(random));
            }
            return;
        }
        if (count >= view.size())
        {
            writeAll(out, view, false);
            return;
        }
        final int[] picked = RandomPositions.distinct(view, (int)count, random);
        out.array(picked.length);
        for (final int p : picked)
        {
            view.write(out, p);
        }
    }

    /** SMOVE source destination member. */
    private void smove(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Object source = findForWrite(args, 1);
        final boolean destinationExists = keyspace.find(args.buffer(2), args.offset(2), args.length(2)) >= 0;
        final Object destination = destinationExists ? keyspace.value() : null;
        if (source == null)
        {
            out.integer(0);
            return;
        }
        if (destination != null)
        {
            SetValues.requireSet(destination);
        }
        final byte[] member = args.buffer(3);
        final int offset = args.offset(3);
        final int length = args.length(3);
        if (source == destination)
        {
            out.integer(SetValues.contains(source, member, offset, length) ? 1 : 0);
            return;
        }
        if (!SetValues.contains(source, member, offset, length))
        {
            out.integer(0);
            return;
        }
        keyspace.find(args.buffer(1), args.offset(1), args.length(1));
        storeChanged(source, remove(source, member, offset, length), true);
        final Object before = findForWrite(args, 2);
        final Object after = add(before != null ? before : Intset.EMPTY, member, offset, length);
        if (before == null)
        {
            keyspace.insert(args.copy(2), after, KeyTable.NO_EXPIRY);
        }
        else
        {
            storeChanged(before, after, true);
        }
        out.integer(1);
    }

    /**
     * SINTER, SINTERSTORE and SINTERCARD over the keys at arguments {@code [from, to)}; {@code destinationArg} is
     * -1 but for SINTERSTORE; {@code limit} 0 is no limit.
     */
    private void sinter(final CommandArgs args, final RespEncoder out, final int from, final int to,
        final int destinationArg, final boolean cardinalityOnly, final long limit)
    {
        final Object[] sets = lookupAll(args, from, to);
        if (Arrays.asList(sets).contains(null))
        {
            if (destinationArg >= 0)
            {
                keyspace.delete(args.buffer(destinationArg), args.offset(destinationArg), args.length(destinationArg));
                out.integer(0);
            }
            else if (cardinalityOnly)
            {
                out.integer(0);
            }
            else
            {
                out.set(0);
            }
            return;
        }
        // smallest first, stable for equal sizes (glibc's qsort is a merge sort)
        Arrays.sort(sets, (a, b) -> Integer.compare(SetValues.size(a), SetValues.size(b)));
        final SetView[] views = new SetView[sets.length];
        for (int j = 0; j < sets.length; j++)
        {
            views[j] = new SetView().wrap(sets[j]);
        }
        final SetView smallest = views[0];
        final SetBuilder result = destinationArg >= 0 ? new SetBuilder(config.setMaxIntsetEntries()) : null;
        final int[] found = destinationArg < 0 && !cardinalityOnly ? new int[smallest.size()] : null;
        long cardinality = 0;
        for (int p = smallest.first(); p >= 0; p = smallest.next(p))
        {
            if (!inAll(sets, views, p))
            {
                continue;
            }
            if (result != null)
            {
                result.add(smallest, p);
            }
            else if (found != null)
            {
                found[(int)cardinality] = p;
            }
            cardinality++;
            if (cardinalityOnly && limit > 0 && cardinality >= limit)
            {
                break;
            }
        }
        if (result != null)
        {
            storeResult(args, destinationArg, result, out);
        }
        else if (cardinalityOnly)
        {
            out.integer(cardinality);
        }
        else
        {
            out.set((int)cardinality);
            for (int i = 0; i < cardinality; i++)
            {
                smallest.write(out, found[i]);
            }
        }
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit]. */
    private void sintercard(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long numkeys = args.longValue(1, NUMKEYS_NOT_POSITIVE);
        if (numkeys < 1)
        {
            throw NUMKEYS_NOT_POSITIVE;
        }
        if (numkeys > args.count() - 2)
        {
            throw TOO_MANY_NUMKEYS;
        }
        long limit = 0;
        for (int i = 2 + (int)numkeys; i < args.count(); i++)
        {
            if (args.is(i, "limit") && i + 1 < args.count())
            {
                limit = args.longValue(++i, LIMIT_NEGATIVE);
                if (limit < 0)
                {
                    throw LIMIT_NEGATIVE;
                }
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        sinter(args, out, 2, 2 + (int)numkeys, -1, true, limit);
    }

    /** SUNION, SDIFF and their STORE variants over the keys from argument {@code from} on. */
    private void sunionDiff(final CommandArgs args, final RespEncoder out, final int from, final int destinationArg,
        final boolean diff)
    {
        final Object[] sets = lookupAll(args, from, args.count());
        final SetBuilder result = new SetBuilder(config.setMaxIntsetEntries());
        if (!diff)
        {
            for (final Object set : sets)
            {
                addAllTo(result, set);
            }
        }
        else if (sets[0] != null)
        {
            diff(sets, result);
        }
        if (destinationArg >= 0)
        {
            storeResult(args, destinationArg, result, out);
        }
        else
        {
            writeAll(out, new SetView().wrap(result.build()), true);
        }
    }

    /**
     * SDIFF with Redis's choice of algorithm, which can decide the result's encoding: the first (test each member
     * of the first set against the others) unless half its work exceeds the second's (add the first set, then
     * remove every other set's members), whose result may have become a table on the way.
     */
    private static void diff(final Object[] sets, final SetBuilder result)
    {
        long oneWork = 0;
        long twoWork = 0;
        for (final Object set : sets)
        {
            if (set != null)
            {
                oneWork += SetValues.size(sets[0]);
                twoWork += SetValues.size(set);
            }
        }
        final SetView[] views = new SetView[sets.length];
        for (int j = 0; j < sets.length; j++)
        {
            views[j] = sets[j] == null ? null : new SetView().wrap(sets[j]);
        }
        final SetView first = views[0];
        if (oneWork / 2 <= twoWork)
        {
            for (int p = first.first(); p >= 0; p = first.next(p))
            {
                boolean elsewhere = false;
                for (int j = 1; j < sets.length && !elsewhere; j++)
                {
                    elsewhere = sets[j] != null && (sets[j] == sets[0] || views[j].containsMemberOf(first, p));
                }
                if (!elsewhere)
                {
                    result.add(first, p);
                }
            }
            return;
        }
        addAllTo(result, sets[0]);
        for (int j = 1; j < sets.length && result.size() > 0; j++)
        {
            if (sets[j] != null)
            {
                final SetView other = views[j];
                for (int p = other.first(); p >= 0; p = other.next(p))
                {
                    result.remove(other, p);
                }
            }
        }
    }

    /** SSCAN key cursor [MATCH pattern] [COUNT count]: an intset is returned whole, with cursor 0. */
    private void sscan(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final long cursor = KeyCommands.parseCursor(args, 2);
        final Object set = findForRead(args, 1);
        if (set == null)
        {
            CollectionScan.emptyReply(out);
            return;
        }
        final CollectionScan scan = this.scan;
        scan.parse(args, 3);
        final SetView view = this.view.wrap(set);
        long next = 0;
        if (set instanceof TableSet)
        {
            next = ((TableSet)set).scan(cursor, scan.count(), scan.positions);
        }
        else
        {
            for (int p = view.first(); p >= 0; p = view.next(p))
            {
                scan.positions.addInt(p);
            }
        }
        int kept = 0;
        for (int i = 0; i < scan.positions.size(); i++)
        {
            final int p = scan.positions.getInt(i);
            if (scan.matches(args, view.bytes(p), 0, view.length(p)))
            {
                scan.positions.setInt(kept++, p);
            }
        }
        out.array(2);
        out.bulkDecimal(next);
        out.array(kept);
        for (int i = 0; i < kept; i++)
        {
            view.write(out, scan.positions.getInt(i));
        }
        scan.positions.clear();
    }

    /** True if the member at {@code p} of {@code views[0]} is in every other set. */
    private static boolean inAll(final Object[] sets, final SetView[] views, final int p)
    {
        for (int j = 1; j < sets.length; j++)
        {
            if (sets[j] != sets[0] && !views[j].containsMemberOf(views[0], p))
            {
                return false;
            }
        }
        return true;
    }

    private static void addAllTo(final SetBuilder builder, final Object set)
    {
        if (set == null)
        {
            return;
        }
        final SetView view = new SetView().wrap(set);
        for (int p = view.first(); p >= 0; p = view.next(p))
        {
            builder.add(view, p);
        }
    }

    /** Stores a STORE variant's result (dropping any TTL and old value), or deletes the destination if empty. */
    private void storeResult(final CommandArgs args, final int destinationArg, final SetBuilder result,
        final RespEncoder out)
    {
        final byte[] key = args.buffer(destinationArg);
        final int offset = args.offset(destinationArg);
        final int length = args.length(destinationArg);
        if (result.size() == 0)
        {
            keyspace.delete(key, offset, length);
            out.integer(0);
            return;
        }
        keyspace.put(key, offset, length, result.build(), KeyTable.NO_EXPIRY, false);
        out.integer(result.size());
    }

    /** The whole set, as a set reply (RESP3 {@code ~}) or an array. */
    private static void writeAll(final RespEncoder out, final SetView view, final boolean asSet)
    {
        if (asSet)
        {
            out.set(view.size());
        }
        else
        {
            out.array(view.size());
        }
        for (int p = view.first(); p >= 0; p = view.next(p))
        {
            view.write(out, p);
        }
    }

    /**
     * The keys at arguments {@code [from, to)} as sets (null for a missing key), looked up as reads; WRONGTYPE if
     * any is of another type, whatever the others are.
     */
    private Object[] lookupAll(final CommandArgs args, final int from, final int to)
    {
        final Object[] sets = new Object[to - from];
        for (int i = from; i < to; i++)
        {
            sets[i - from] = findForRead(args, i);
        }
        return sets;
    }

    /**
     * {@code set} with the members at arguments {@code from..} added: the same table, or a new intset or a
     * conversion. An intset takes all its new members in one new array.
     */
    private Object addAll(final Object set, final CommandArgs args, final int from)
    {
        final int members = args.count() - from;
        if (Intset.isIntset(set))
        {
            if (scratchInts.length < members)
            {
                scratchInts = new long[Math.max(members, scratchInts.length * 2)];
            }
            boolean allIntegers = true;
            for (int i = 0; i < members && allIntegers; i++)
            {
                final int arg = from + i;
                allIntegers = SetValues.isInteger(args.buffer(arg), args.offset(arg), args.length(arg));
                if (allIntegers)
                {
                    scratchInts[i] = Numbers.parseLong(args.buffer(arg), args.offset(arg), args.length(arg));
                }
            }
            if (allIntegers)
            {
                final Object merged = Intset.addAll(set, scratchInts, members);
                if (Intset.size(merged) <= config.setMaxIntsetEntries())
                {
                    return merged;
                }
            }
        }
        final TableSet table = set instanceof TableSet ? (TableSet)set :
            SetValues.toTable(set, Intset.size(set) + members);
        for (int i = from; i < args.count(); i++)
        {
            table.add(args.buffer(i), args.offset(i), args.length(i));
        }
        return table;
    }

    /** {@code set} with one member added, by SADD's rules. */
    private Object add(final Object set, final byte[] member, final int offset, final int length)
    {
        if (Intset.isIntset(set))
        {
            if (SetValues.isInteger(member, offset, length))
            {
                final Object added = Intset.add(set, Numbers.parseLong(member, offset, length));
                if (Intset.size(added) <= config.setMaxIntsetEntries())
                {
                    return added;
                }
            }
            final TableSet table = SetValues.toTable(set, Intset.size(set) + 1);
            table.add(member, offset, length);
            return table;
        }
        ((TableSet)set).add(member, offset, length);
        return set;
    }

    /** {@code set} with one member removed: the same table, or a new intset. */
    private static Object remove(final Object set, final byte[] member, final int offset, final int length)
    {
        if (set instanceof TableSet)
        {
            ((TableSet)set).remove(member, offset, length);
            return set;
        }
        return Intset.remove(set, Numbers.parseLong(member, offset, length));
    }

    /** The set without the members at the (ascending) {@code positions}. */
    private static Object removePositions(final Object set, final int[] positions)
    {
        if (set instanceof TableSet)
        {
            final TableSet table = (TableSet)set;
            // positions move as members are removed: remove by value
            final byte[][] members = new byte[positions.length][];
            for (int i = 0; i < positions.length; i++)
            {
                members[i] = table.keyAt(positions[i]);
            }
            for (final byte[] member : members)
            {
                table.remove(member, 0, member.length);
            }
            return table;
        }
        Object result = set;
        for (int i = positions.length - 1; i >= 0; i--)
        {
            result = Intset.removeAt(result, positions[i]);
        }
        return result;
    }

    /**
     * Records the change of the set of the keyspace's last lookup from {@code before} to {@code after}: deletes the
     * key if the set is now empty, replaces a new array, or reports an in-place change.
     */
    private void storeChanged(final Object before, final Object after, final boolean changed)
    {
        if (SetValues.size(after) == 0)
        {
            keyspace.delete();
        }
        else if (after != before)
        {
            keyspace.replaceValue(after);
        }
        else if (changed)
        {
            keyspace.modified();
        }
    }

    private Object findForWrite(final CommandArgs args, final int keyArg)
    {
        if (keyspace.find(args.buffer(keyArg), args.offset(keyArg), args.length(keyArg)) < 0)
        {
            return null;
        }
        final Object value = keyspace.value();
        SetValues.requireSet(value);
        return value;
    }

    private Object findForRead(final CommandArgs args, final int keyArg)
    {
        if (keyspace.findForRead(args.buffer(keyArg), args.offset(keyArg), args.length(keyArg)) < 0)
        {
            return null;
        }
        final Object value = keyspace.value();
        SetValues.requireSet(value);
        return value;
    }
}
