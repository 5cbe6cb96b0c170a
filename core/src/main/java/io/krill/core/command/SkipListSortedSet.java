package io.krill.core.command;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A large sorted set: a skip list with spans (Pugh's skip list, with Redis's per-link rank counts) for O(log n)
 * rank and range operations, plus an open-addressing hash table from member to node for O(1) ZSCORE.
 * <p>
 * BACKGROUND: each link of level 1 and up records how many level-0 steps it skips, so the rank of a node is the
 * sum of the spans walked to reach it, and the node of a given rank is found by walking while the sum stays
 * within it. Level-0 links always skip exactly one node, so only the upper links store a span, and a node of
 * level 1 (three nodes in four, with p = 1/4) carries no arrays at all.
 * <p>
 * The member table places a member by the top bits of its 32-bit hash, probing linearly, so the table is ordered
 * by hash value whatever its size: a ZSCAN cursor is a hash value, and a scan returns each member present for the
 * whole iteration exactly once, across resizes too.
 */
final class SkipListSortedSet extends SortedSet
{
    static final int MAX_LEVEL = 32;
    private static final int MIN_TABLE_CAPACITY = 16;
    /** p = 1/4: a node gets another level when a 16-bit draw falls in its lowest quarter. */
    private static final int LEVEL_THRESHOLD = 0xFFFF >> 2;
    private static final long HASH_SPACE = 1L << 32;

    /** A member in the list. Level-0 links are {@link #next}; levels 1 and up live in {@link #upper}. */
    static final class Node
    {
        final byte[] member;
        final double score;
        Node backward;
        Node next;
        Node[] upper;
        int[] upperSpan;

        Node(final byte[] member, final double score, final int level)
        {
            this.member = member;
            this.score = score;
            if (level > 1)
            {
                upper = new Node[level - 1];
                upperSpan = new int[level - 1];
            }
        }

        Node forward(final int level)
        {
            return level == 0 ? next : upper[level - 1];
        }

        void forward(final int level, final Node node)
        {
            if (level == 0)
            {
                next = node;
            }
            else
            {
                upper[level - 1] = node;
            }
        }

        int span(final int level)
        {
            return level == 0 ? 1 : upperSpan[level - 1];
        }

        void span(final int level, final int span)
        {
            if (level > 0)
            {
                upperSpan[level - 1] = span;
            }
        }
    }

    private final Node header = new Node(null, 0, MAX_LEVEL);
    private Node tail;
    private int level = 1;
    private int length;
    private Node[] table;
    private int shift;

    SkipListSortedSet(final int expectedSize)
    {
        int capacity = MIN_TABLE_CAPACITY;
        while (capacity * 3 < expectedSize * 4)
        {
            capacity <<= 1;
        }
        table = new Node[capacity];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
    }

    @Override
    int size()
    {
        return length;
    }

    @Override
    double score(final byte[] member, final int offset, final int length)
    {
        final Node node = lookup(member, offset, length);
        return node == null ? Double.NaN : node.score;
    }

    @Override
    void insert(final byte[] member, final int offset, final int length, final double score)
    {
        final Node node = link(Arrays.copyOfRange(member, offset, offset + length), score);
        tableAdd(node);
    }

    @Override
    void rescore(final byte[] member, final int offset, final int length, final double score)
    {
        final Node old = lookup(member, offset, length);
        unlink(old);
        tableRemove(old);
        tableAdd(link(old.member, score));
    }

    @Override
    boolean remove(final byte[] member, final int offset, final int length)
    {
        final Node node = lookup(member, offset, length);
        if (node == null)
        {
            return false;
        }
        unlink(node);
        tableRemove(node);
        return true;
    }

    @Override
    long rank(final byte[] member, final int offset, final int length)
    {
        final Node node = lookup(member, offset, length);
        if (node == null)
        {
            return -1;
        }
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--)
        {
            Node f;
            while ((f = x.forward(i)) != null && notAfter(f, node.score, node.member))
            {
                traversed += x.span(i);
                x = f;
            }
            if (x == node)
            {
                return traversed - 1;
            }
        }
        throw new IllegalStateException("member in table but not in list");
    }

    @Override
    long countBelow(final double bound, final boolean inclusive)
    {
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--)
        {
            Node f;
            while ((f = x.forward(i)) != null && (inclusive ? f.score <= bound : f.score < bound))
            {
                traversed += x.span(i);
                x = f;
            }
        }
        return traversed;
    }

    /** Redis's {@code zslIsInLexRange}: not an empty range, last member at or above min, first at or below max. */
    private boolean mayHoldLexRange(final LexRange range)
    {
        if (length == 0 || range.isEmpty())
        {
            return false;
        }
        return range.aboveMin(tail.member, 0, tail.member.length) &&
            range.belowMax(header.next.member, 0, header.next.member.length);
    }

    @Override
    long firstInLexRange(final LexRange range)
    {
        if (!mayHoldLexRange(range))
        {
            return -1;
        }
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--)
        {
            Node f;
            while ((f = x.forward(i)) != null && !range.aboveMin(f.member, 0, f.member.length))
            {
                traversed += x.span(i);
                x = f;
            }
        }
        final Node first = x.next;
        return first != null && range.belowMax(first.member, 0, first.member.length) ? traversed : -1;
    }

    @Override
    long lastInLexRange(final LexRange range)
    {
        if (!mayHoldLexRange(range))
        {
            return -1;
        }
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--)
        {
            Node f;
            while ((f = x.forward(i)) != null && range.belowMax(f.member, 0, f.member.length))
            {
                traversed += x.span(i);
                x = f;
            }
        }
        return x != header && range.aboveMin(x.member, 0, x.member.length) ? traversed - 1 : -1;
    }

    @Override
    long lexCount(final LexRange range)
    {
        final long first = firstInLexRange(range);
        if (first < 0)
        {
            return 0;
        }
        final long last = lastInLexRange(range);
        return last < 0 ? length - first : last - first + 1;
    }

    @Override
    void removeRanks(final long start, final long end)
    {
        if (start >= end)
        {
            return;
        }
        final Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--)
        {
            Node f;
            while ((f = x.forward(i)) != null && traversed + x.span(i) <= start)
            {
                traversed += x.span(i);
                x = f;
            }
            update[i] = x;
        }
        x = x.next;
        for (long rank = start; rank < end && x != null; rank++)
        {
            final Node next = x.next;
            unlink(x, update);
            tableRemove(x);
            x = next;
        }
    }

    @Override
    void open(final Cursor cursor, final long rank, final boolean reverse)
    {
        cursor.skipList = true;
        cursor.data = null;
        cursor.node = rank >= 0 && rank < length ? nodeAt(rank) : null;
        cursor.reverse = reverse;
    }

    /** The node of 0-based {@code rank}, which must exist. */
    private Node nodeAt(final long rank)
    {
        final long target = rank + 1;
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--)
        {
            Node f;
            while ((f = x.forward(i)) != null && traversed + x.span(i) <= target)
            {
                traversed += x.span(i);
                x = f;
            }
            if (traversed == target)
            {
                return x;
            }
        }
        throw new IllegalStateException("rank " + rank + " of " + length);
    }

    @Override
    int maxMemberLength()
    {
        int max = 0;
        for (Node x = header.next; x != null; x = x.next)
        {
            max = Math.max(max, x.member.length);
        }
        return max;
    }

    @Override
    String encoding()
    {
        return "skiplist";
    }

    @Override
    SortedSet copy()
    {
        final SkipListSortedSet copy = new SkipListSortedSet(length);
        for (Node x = header.next; x != null; x = x.next)
        {
            copy.insert(x.member, 0, x.member.length, x.score);
        }
        return copy;
    }

    /**
     * Visits the members whose hash is at least {@code cursor}, in hash order, and stops at the first empty bucket
     * once {@code count} were visited; the next cursor is the first hash value of the bucket after it.
     * <p>
     * Linear probing keeps every member between its home bucket and the first empty bucket after it, so the
     * members with a hash below the returned cursor all lie before that empty bucket and were visited (or were
     * visited by an earlier step), and none is visited twice. Members whose probe run wrapped past the end of the
     * table to its start are visited in the last step.
     */
    @Override
    long scan(final long cursor, final long count, final ScanOutput out)
    {
        final Node[] table = this.table;
        final int capacity = table.length;
        final long start = cursor & (HASH_SPACE - 1);
        long visited = 0;
        for (int i = (int)(start >>> shift); i < capacity; i++)
        {
            final Node node = table[i];
            if (node == null)
            {
                if (visited >= count)
                {
                    final long next = (long)(i + 1) << shift;
                    return next >= HASH_SPACE ? 0 : next;
                }
                continue;
            }
            final long hash = hash(node.member, 0, node.member.length) & (HASH_SPACE - 1);
            // a member whose home bucket lies after this one wrapped around the end: visited last
            if (hash >= start && (int)(hash >>> shift) <= i)
            {
                out.member(node.member, 0, node.member.length, node.score);
                visited++;
            }
        }
        for (int i = 0; i < capacity && table[i] != null; i++)
        {
            final Node node = table[i];
            final long hash = hash(node.member, 0, node.member.length) & (HASH_SPACE - 1);
            if (hash >= start && (int)(hash >>> shift) > i)
            {
                out.member(node.member, 0, node.member.length, node.score);
            }
        }
        return 0;
    }

    // ----- skip list -----

    /** True when {@code node} sorts before ({@code score}, {@code member}). */
    private static boolean before(final Node node, final double score, final byte[] member)
    {
        return node.score < score || (node.score == score && Arrays.compareUnsigned(node.member, member) < 0);
    }

    private static boolean notAfter(final Node node, final double score, final byte[] member)
    {
        return node.score < score || (node.score == score && Arrays.compareUnsigned(node.member, member) <= 0);
    }

    private static int randomLevel()
    {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        int level = 1;
        while (level < MAX_LEVEL && (random.nextInt() & 0xFFFF) < LEVEL_THRESHOLD)
        {
            level++;
        }
        return level;
    }

    /** Inserts a new node for a member known to be absent. */
    private Node link(final byte[] member, final double score)
    {
        final Node[] update = new Node[MAX_LEVEL];
        final long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--)
        {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            Node f;
            while ((f = x.forward(i)) != null && before(f, score, member))
            {
                rank[i] += x.span(i);
                x = f;
            }
            update[i] = x;
        }
        final int nodeLevel = randomLevel();
        if (nodeLevel > level)
        {
            for (int i = level; i < nodeLevel; i++)
            {
                rank[i] = 0;
                update[i] = header;
                header.span(i, length);
            }
            level = nodeLevel;
        }
        final Node node = new Node(member, score, nodeLevel);
        for (int i = 0; i < nodeLevel; i++)
        {
            node.forward(i, update[i].forward(i));
            update[i].forward(i, node);
            if (i > 0)
            {
                node.span(i, (int)(update[i].span(i) - (rank[0] - rank[i])));
                update[i].span(i, (int)(rank[0] - rank[i] + 1));
            }
        }
        for (int i = nodeLevel; i < level; i++)
        {
            update[i].span(i, update[i].span(i) + 1);
        }
        node.backward = update[0] == header ? null : update[0];
        if (node.next != null)
        {
            node.next.backward = node;
        }
        else
        {
            tail = node;
        }
        length++;
        return node;
    }

    /** Removes {@code node} from the list (not from the table). */
    private void unlink(final Node node)
    {
        final Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--)
        {
            Node f;
            while ((f = x.forward(i)) != null && before(f, node.score, node.member))
            {
                x = f;
            }
            update[i] = x;
        }
        unlink(node, update);
    }

    private void unlink(final Node node, final Node[] update)
    {
        for (int i = 0; i < level; i++)
        {
            if (update[i].forward(i) == node)
            {
                if (i > 0)
                {
                    update[i].span(i, update[i].span(i) + node.span(i) - 1);
                }
                update[i].forward(i, node.forward(i));
            }
            else if (i > 0)
            {
                update[i].span(i, update[i].span(i) - 1);
            }
        }
        if (node.next != null)
        {
            node.next.backward = node.backward;
        }
        else
        {
            tail = node.backward;
        }
        while (level > 1 && header.forward(level - 1) == null)
        {
            level--;
        }
        length--;
    }

    // ----- member table -----

    static int hash(final byte[] bytes, final int offset, final int length)
    {
        int h = 0x9E3779B9 ^ length;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
        }
        // murmur3's finaliser: the table uses the top bits, which must depend on every byte
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private Node lookup(final byte[] member, final int offset, final int length)
    {
        final Node[] table = this.table;
        final int mask = table.length - 1;
        int i = hash(member, offset, length) >>> shift;
        Node node;
        while ((node = table[i]) != null)
        {
            final byte[] candidate = node.member;
            if (candidate.length == length && Arrays.equals(candidate, 0, length, member, offset, offset + length))
            {
                return node;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private void tableAdd(final Node node)
    {
        if (length * 4L > table.length * 3L)
        {
            resize(table.length << 1);
        }
        place(table, shift, node);
    }

    private static void place(final Node[] table, final int shift, final Node node)
    {
        final int mask = table.length - 1;
        int i = hash(node.member, 0, node.member.length) >>> shift;
        while (table[i] != null)
        {
            i = (i + 1) & mask;
        }
        table[i] = node;
    }

    private void tableRemove(final Node node)
    {
        final Node[] table = this.table;
        final int mask = table.length - 1;
        int i = hash(node.member, 0, node.member.length) >>> shift;
        while (table[i] != node)
        {
            i = (i + 1) & mask;
        }
        // backward shift: pull later members of the run into the hole when their home allows it, so lookups
        // never need tombstones
        table[i] = null;
        int j = i;
        while (true)
        {
            j = (j + 1) & mask;
            final Node moved = table[j];
            if (moved == null)
            {
                break;
            }
            final int home = hash(moved.member, 0, moved.member.length) >>> shift;
            if (((j - home) & mask) >= ((j - i) & mask))
            {
                table[i] = moved;
                table[j] = null;
                i = j;
            }
        }
        if (table.length > MIN_TABLE_CAPACITY && length * 8L < table.length)
        {
            resize(table.length >> 1);
        }
    }

    private void resize(final int capacity)
    {
        final Node[] old = table;
        final Node[] grown = new Node[capacity];
        final int newShift = 32 - Integer.numberOfTrailingZeros(capacity);
        for (final Node node : old)
        {
            if (node != null)
            {
                place(grown, newShift, node);
            }
        }
        table = grown;
        shift = newShift;
    }
}
