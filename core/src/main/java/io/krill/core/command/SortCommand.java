package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO: sort the elements of a list, set or sorted set numerically or (ALPHA) as strings, optionally
 * by weights from other keys (BY pattern, {@code *} replaced by the element, {@code ->field} reading a hash field),
 * then LIMIT, GET values from other keys, and reply or STORE the result as a list.
 * <p>
 * BEHAVIOR, as Redis 7.0:
 * <ul>
 * <li>A BY pattern without {@code *} means no sorting ("BY nosort"): lists and sorted sets keep their own order
 * (reversed by DESC), sets their iteration order; but with STORE a set is sorted ALPHA anyway, so the stored list
 * does not depend on hash order.</li>
 * <li>Numeric weights are read as C's strtod reads them ({@link Strtod#parseSortWeight}); a missing BY key weighs
 * 0; equal weights order the elements bytewise. A weight that is not a number fails the command with nothing
 * stored.</li>
 * <li>ALPHA compares as C's strcoll in the C/C.UTF-8 locale (bytewise, up to a NUL byte) when replying, and
 * bytewise over the whole string with STORE; a missing BY key sorts first.</li>
 * <li>GET {@code #} is the element itself; a missing key or field is nil in a reply and an empty string in STORE.</li>
 * </ul>
 * Redis 7.0 tests errno for ERANGE after strtod without clearing it first, so once a weight overflowed, its later
 * SORTs can refuse valid text weights until some system call happens to reset errno; Krill judges every weight on
 * its own. Krill's ALPHA order is the C locale's; Redis started under another LC_COLLATE would order differently. Redis in
 * cluster mode refuses BY and GET patterns whose keys may lie in other slots; Krill does not check that yet.
 * Equal ALPHA weights keep the elements' original order (a stable sort); Redis's partial sort for BY with LIMIT
 * may order such ties otherwise.
 */
final class SortCommand
{
    private static final CommandException NOT_A_DOUBLE =
        new CommandException("ERR One or more scores can't be converted into double");
    private static final byte[] EMPTY = new byte[0];

    private final NodeState node;
    private final Keyspace keyspace;
    private final Strtod strtod = new Strtod();

    SortCommand(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void register(final CommandTable table)
    {
        table.register("sort", (client, args, out) -> sort(args, out, false));
        table.register("sort_ro", (client, args, out) -> sort(args, out, true));
    }

    /** One element being sorted, with its numeric weight or its ALPHA weight (null when its BY key is missing). */
    private static final class Entry
    {
        final byte[] element;
        double score;
        byte[] weight;

        Entry(final byte[] element)
        {
            this.element = element;
        }
    }

    /** The parsed options; argument indexes stand for the patterns and keys. */
    private static final class Options
    {
        boolean desc;
        boolean alpha;
        boolean dontSort;
        long limitStart;
        long limitCount = -1;
        int byIndex = -1;
        int storeIndex = -1;
        final List<Integer> getIndexes = new ArrayList<>();
    }

    private void sort(final CommandArgs args, final RespEncoder out, final boolean readOnly)
    {
        final Options options = parse(args, readOnly);
        final boolean store = options.storeIndex >= 0;
        final boolean found = store ? keyspace.find(args.buffer(1), args.offset(1), args.length(1)) >= 0 :
            keyspace.findForRead(args.buffer(1), args.offset(1), args.length(1)) >= 0;
        Object value = found ? keyspace.value() : null;
        final int kind = value == null ? SortValues.LIST : SortValues.kind(value);
        if (kind == SortValues.NOT_SORTABLE)
        {
            throw CommandException.WRONG_TYPE;
        }
        final Object sortForm = value == null ? null : SortValues.sortForm(value);
        if (sortForm != value)
        {
            keyspace.replaceValue(sortForm);
            value = sortForm;
        }
        if (options.dontSort && kind == SortValues.SET && store)
        {
            // a stored result must not depend on the set's hash order
            options.dontSort = false;
            options.alpha = true;
            options.byIndex = -1;
        }
        final List<byte[]> elements = new ArrayList<>();
        if (value != null)
        {
            SortValues.elements(value, elements);
        }
        final int size = elements.size();
        long start = Math.min(Math.max(options.limitStart, 0), size);
        final long count = Math.min(Math.max(options.limitCount, -1), size);
        long end = count < 0 ? size - 1 : start + count - 1;
        if (start >= size)
        {
            start = size - 1;
            end = size - 2;
        }
        if (end >= size)
        {
            end = size - 1;
        }
        if (options.dontSort && options.desc && kind != SortValues.SET)
        {
            Collections.reverse(elements);
        }
        final Entry[] vector = new Entry[size];
        for (int i = 0; i < size; i++)
        {
            vector[i] = new Entry(elements.get(i));
        }
        if (!options.dontSort)
        {
            if (!weigh(args, options, vector))
            {
                throw NOT_A_DOUBLE;
            }
            Arrays.sort(vector, comparator(options, store));
        }
        final int gets = options.getIndexes.size();
        final int rows = (int)(end - start + 1);
        final int outputLength = gets > 0 ? gets * rows : rows;
        if (store)
        {
            store(args, options, vector, (int)start, (int)end, outputLength);
            out.integer(outputLength);
            return;
        }
        out.array(outputLength);
        for (int j = (int)start; j <= end; j++)
        {
            if (gets == 0)
            {
                out.bulk(vector[j].element);
            }
            for (int g = 0; g < gets; g++)
            {
                final byte[] got = lookup(args, options.getIndexes.get(g), vector[j].element);
                if (got == null)
                {
                    out.nullBulk();
                }
                else
                {
                    out.bulk(got);
                }
            }
        }
    }

    private static Options parse(final CommandArgs args, final boolean readOnly)
    {
        final Options options = new Options();
        final int count = args.count();
        for (int j = 2; j < count; j++)
        {
            final int left = count - j - 1;
            if (args.is(j, "asc"))
            {
                options.desc = false;
            }
            else if (args.is(j, "desc"))
            {
                options.desc = true;
            }
            else if (args.is(j, "alpha"))
            {
                options.alpha = true;
            }
            else if (args.is(j, "limit") && left >= 2)
            {
                options.limitStart = args.longValue(j + 1);
                options.limitCount = args.longValue(j + 2);
                j += 2;
            }
            else if (!readOnly && args.is(j, "store") && left >= 1)
            {
                options.storeIndex = ++j;
            }
            else if (args.is(j, "by") && left >= 1)
            {
                options.byIndex = ++j;
                // a constant pattern weighs every element the same: nothing to sort (and it sticks, as in Redis,
                // even if a later BY has a '*')
                options.dontSort |= indexOf(args.buffer(j), args.offset(j), cLength(args, j), (byte)'*') < 0;
            }
            else if (args.is(j, "get") && left >= 1)
            {
                options.getIndexes.add(++j);
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        return options;
    }

    /** Reads every element's weight; false if a numeric weight is not a number. */
    private boolean weigh(final CommandArgs args, final Options options, final Entry[] vector)
    {
        boolean numbers = true;
        for (final Entry entry : vector)
        {
            final byte[] weight = options.byIndex >= 0 ? lookup(args, options.byIndex, entry.element) : entry.element;
            if (weight == null)
            {
                continue;
            }
            if (options.alpha)
            {
                entry.weight = weight;
            }
            else
            {
                numbers &= strtod.parseSortWeight(weight, 0, weight.length);
                entry.score = strtod.value;
            }
        }
        return numbers;
    }

    private static Comparator<Entry> comparator(final Options options, final boolean store)
    {
        final boolean by = options.byIndex >= 0;
        final Comparator<Entry> ascending;
        if (!options.alpha)
        {
            ascending = (a, b) ->
            {
                // > and < rather than Double.compare: -0.0 and 0.0 weigh the same in C
                if (a.score > b.score)
                {
                    return 1;
                }
                return a.score < b.score ? -1 : bytewise(a.element, b.element);
            };
        }
        else if (by)
        {
            ascending = (a, b) ->
            {
                if (a.weight == null || b.weight == null)
                {
                    return a.weight == b.weight ? 0 : a.weight == null ? -1 : 1;
                }
                return store ? bytewise(a.weight, b.weight) : cStrings(a.weight, b.weight);
            };
        }
        else
        {
            ascending = (a, b) -> store ? bytewise(a.element, b.element) : cStrings(a.element, b.element);
        }
        return options.desc ? ascending.reversed() : ascending;
    }

    private void store(final CommandArgs args, final Options options, final Entry[] vector, final int start,
        final int end, final int outputLength)
    {
        final int storeIndex = options.storeIndex;
        if (outputLength == 0)
        {
            keyspace.delete(args.buffer(storeIndex), args.offset(storeIndex), args.length(storeIndex));
            return;
        }
        final List<byte[]> result = new ArrayList<>(outputLength);
        for (int j = start; j <= end; j++)
        {
            if (options.getIndexes.isEmpty())
            {
                result.add(vector[j].element);
            }
            for (final int getIndex : options.getIndexes)
            {
                final byte[] got = lookup(args, getIndex, vector[j].element);
                result.add(got == null ? EMPTY : got);
            }
        }
        keyspace.put(args.buffer(storeIndex), args.offset(storeIndex), args.length(storeIndex),
            SortValues.newList(result, node.config().listMaxListpackSize()), KeyTable.NO_EXPIRY, false);
    }

    /**
     * The value a BY or GET pattern names for {@code element}: the element itself for {@code #}; else the first
     * {@code *} is replaced by the element, and the key must hold a string, or with {@code ->field} after the
     * {@code *} a hash holding that field. Null if there is no such value, or no {@code *} in the pattern. The
     * pattern is searched as Redis searches it, as a C string (up to a NUL byte); the field runs to its end.
     */
    private byte[] lookup(final CommandArgs args, final int patternIndex, final byte[] element)
    {
        final byte[] pattern = args.buffer(patternIndex);
        final int offset = args.offset(patternIndex);
        final int length = args.length(patternIndex);
        final int cLength = cLength(args, patternIndex);
        if (cLength == 1 && pattern[offset] == '#')
        {
            return element;
        }
        final int star = indexOf(pattern, offset, cLength, (byte)'*');
        if (star < 0)
        {
            return null;
        }
        final int arrow = arrowAfter(pattern, star + 1, offset + cLength);
        final boolean hasField = arrow >= 0 && arrow + 2 < offset + length && pattern[arrow + 2] != 0;
        final int suffixEnd = hasField ? arrow : offset + length;
        final byte[] key = new byte[star - offset + element.length + suffixEnd - star - 1];
        System.arraycopy(pattern, offset, key, 0, star - offset);
        System.arraycopy(element, 0, key, star - offset, element.length);
        System.arraycopy(pattern, star + 1, key, star - offset + element.length, suffixEnd - star - 1);
        if (keyspace.findForRead(key, 0, key.length) < 0)
        {
            return null;
        }
        final Object value = keyspace.value();
        if (hasField)
        {
            return SortValues.hashField(value, Arrays.copyOfRange(pattern, arrow + 2, offset + length));
        }
        if (!StringValues.isString(value))
        {
            return null;
        }
        return Arrays.copyOf(StringValues.bytes(value), StringValues.length(value));
    }

    /** The length of the argument as a C string: up to its first NUL byte. */
    private static int cLength(final CommandArgs args, final int index)
    {
        final byte[] buffer = args.buffer(index);
        final int offset = args.offset(index);
        final int length = args.length(index);
        for (int i = 0; i < length; i++)
        {
            if (buffer[offset + i] == 0)
            {
                return i;
            }
        }
        return length;
    }

    private static int indexOf(final byte[] bytes, final int offset, final int length, final byte b)
    {
        for (int i = offset; i < offset + length; i++)
        {
            if (bytes[i] == b)
            {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first "->" in {@code [from, end)}, or -1. */
    private static int arrowAfter(final byte[] bytes, final int from, final int end)
    {
        for (int i = from; i + 1 < end; i++)
        {
            if (bytes[i] == '-' && bytes[i + 1] == '>')
            {
                return i;
            }
        }
        return -1;
    }

    /** memcmp over the common length, then the shorter first. */
    static int bytewise(final byte[] a, final byte[] b)
    {
        return Arrays.compareUnsigned(a, b);
    }

    /** C's strcmp: unsigned bytes up to the first NUL of either. */
    static int cStrings(final byte[] a, final byte[] b)
    {
        final int common = Math.min(a.length, b.length);
        for (int i = 0; i < common; i++)
        {
            final int x = a[i] & 0xFF;
            final int y = b[i] & 0xFF;
            if (x != y)
            {
                return x - y;
            }
            if (x == 0)
            {
                return 0;
            }
        }
        final int x = common < a.length ? a[common] & 0xFF : 0;
        final int y = common < b.length ? b[common] & 0xFF : 0;
        return x - y;
    }
}
