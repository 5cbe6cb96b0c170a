package io.krill.core.command;

import java.util.Arrays;

/**
 * A list value: byte strings packed back to back into chunks ("nodes") of a few kilobytes, the nodes linked in
 * order, as Redis's quicklist packs listpacks.
 * <p>
 * BACKGROUND: a list of small elements held as one {@code byte[]} per element costs a 16-byte array header,
 * padding and a reference per element, several times the data itself for the short strings lists usually hold
 * (ids, small JSON). Packed, an element costs its bytes plus two length bytes, and the per-node objects are
 * shared by hundreds of elements.
 * <p>
 * BEHAVIOR: each node holds its entries in {@code data[start, end)} with free room on both sides, so pushing or
 * popping at either end of the list only moves the node's bounds (O(1), allocation free until a node's room runs
 * out). An entry is {@code [length varint][bytes][length varint reversed]}: the leading varint lets a walk go
 * forward, the trailing one backward (as listpack's back-length does). A node takes new entries until it reaches
 * the limit set by {@code list-max-listpack-size} (negative: bytes per node, -1..-5 = 4..64 kB; positive: entries
 * per node, at most 8 kB), then a new node starts; an element larger than the limit gets a node of its own.
 * Index operations walk nodes by their entry counts from the nearer end, then entries within one node: O(n), as in
 * Redis. Middle insertions and replacements shift the shorter side of their node and split a node that grows past
 * the limit.
 * <p>
 * Not thread safe: owned by the node's agent thread like every keyspace value.
 */
final class PackedList
{
    /** A node limited by entry count still stops at this many bytes (Redis's SIZE_SAFETY_LIMIT). */
    static final int SAFETY_LIMIT_BYTES = 8192;
    private static final int[] NODE_BYTES_BY_LEVEL = {4096, 8192, 16384, 32768, 65536};
    private static final int MIN_FILL = -5;
    private static final int MAX_FILL = 1 << 15;
    private static final byte[] EMPTY = new byte[0];

    private Node head;
    private Node tail;
    private long size;
    private final int fill;

    /** @param fill the value of {@code list-max-listpack-size} when the list is created, as Redis keeps it. */
    PackedList(final int fill)
    {
        this.fill = Math.max(MIN_FILL, Math.min(MAX_FILL, fill));
    }

    long size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    int fill()
    {
        return fill;
    }

    /** The first node, or null when empty: for tests that check the node structure. */
    Node headNode()
    {
        return head;
    }

    /** Number of nodes: for tests and memory reports. */
    int nodeCount()
    {
        int count = 0;
        for (Node node = head; node != null; node = node.next)
        {
            count++;
        }
        return count;
    }

    /** Bytes held by the nodes' arrays, free room included: for tests and memory reports. */
    long capacityBytes()
    {
        long bytes = 0;
        for (Node node = head; node != null; node = node.next)
        {
            bytes += node.data.length;
        }
        return bytes;
    }

    void pushHead(final byte[] source, final int offset, final int length)
    {
        final int entryBytes = entryBytes(length);
        Node node = head;
        if (node == null || !accepts(node, entryBytes))
        {
            node = new Node();
            linkBefore(node, head);
        }
        if (node.start < entryBytes)
        {
            makeRoom(node, entryBytes, true);
        }
        node.start -= entryBytes;
        writeEntry(node.data, node.start, source, offset, length);
        node.count++;
        size++;
    }

    void pushTail(final byte[] source, final int offset, final int length)
    {
        final int entryBytes = entryBytes(length);
        Node node = tail;
        if (node == null || !accepts(node, entryBytes))
        {
            node = new Node();
            linkAfter(node, tail);
        }
        if (node.data.length - node.end < entryBytes)
        {
            makeRoom(node, entryBytes, false);
        }
        writeEntry(node.data, node.end, source, offset, length);
        node.end += entryBytes;
        node.count++;
        size++;
    }

    void push(final boolean atHead, final byte[] source, final int offset, final int length)
    {
        if (atHead)
        {
            pushHead(source, offset, length);
        }
        else
        {
            pushTail(source, offset, length);
        }
    }

    /**
     * Makes room at one end for {@code bytes} of entries about to be pushed there (see {@link #entryBytes}), as far
     * as the end node may take them: a push of many elements (a list created by one RPUSH, most often) then gets
     * an array of exactly its size instead of one grown by half again at each step.
     */
    void reserve(final boolean atHead, final long bytes)
    {
        final Node node = atHead ? head : tail;
        if (node == null)
        {
            final Node first = new Node();
            first.data = new byte[(int)Math.min(bytes, limitBytes())];
            first.start = atHead ? first.data.length : 0;
            first.end = first.start;
            linkBefore(first, null);
            return;
        }
        final int room = atHead ? node.start : node.data.length - node.end;
        final long wanted = Math.min(bytes, (long)limitBytes() - (node.end - node.start));
        if (wanted > room && (fill < 0 || node.count < fill))
        {
            final int used = node.end - node.start;
            final int other = atHead ? node.data.length - node.end : node.start;
            final byte[] data = new byte[(int)(used + wanted + other)];
            final int newStart = atHead ? (int)wanted : other;
            System.arraycopy(node.data, node.start, data, newStart, used);
            node.data = data;
            node.start = newStart;
            node.end = newStart + used;
        }
    }

    /** Removes the first {@code count} elements (all of them if fewer). */
    void removeHead(final long count)
    {
        long left = Math.min(count, size);
        while (left > 0)
        {
            final Node node = head;
            if (node.count <= left)
            {
                left -= node.count;
                size -= node.count;
                unlink(node);
                continue;
            }
            int position = node.start;
            for (long i = 0; i < left; i++)
            {
                position = nextEntry(node.data, position);
            }
            node.start = position;
            node.count -= (int)left;
            size -= left;
            left = 0;
        }
    }

    /** Removes the last {@code count} elements (all of them if fewer). */
    void removeTail(final long count)
    {
        long left = Math.min(count, size);
        while (left > 0)
        {
            final Node node = tail;
            if (node.count <= left)
            {
                left -= node.count;
                size -= node.count;
                unlink(node);
                continue;
            }
            int position = node.end;
            for (long i = 0; i < left; i++)
            {
                position = previousEntry(node.data, position);
            }
            node.end = position;
            node.count -= (int)left;
            size -= left;
            left = 0;
        }
    }

    void remove(final boolean atHead, final long count)
    {
        if (atHead)
        {
            removeHead(count);
        }
        else
        {
            removeTail(count);
        }
    }

    /** Replaces the element at {@code index} (0 <= index < size). */
    void set(final long index, final byte[] source, final int offset, final int length, final Cursor cursor)
    {
        cursor.seek(this, index);
        final Node node = cursor.node;
        final int oldBytes = entryBytes(cursor.length);
        final int newBytes = entryBytes(length);
        final int position = splice(node, cursor.position, oldBytes, newBytes);
        writeEntry(node.data, position, source, offset, length);
        splitIfOversized(node);
    }

    /**
     * Inserts an element next to the one under {@code cursor} (after it if {@code after}). The cursor is invalid
     * afterwards.
     */
    void insert(final Cursor cursor, final boolean after, final byte[] source, final int offset, final int length)
    {
        final Node node = cursor.node;
        final int at = after ? cursor.position + entryBytes(cursor.length) : cursor.position;
        final int newBytes = entryBytes(length);
        final int position = splice(node, at, 0, newBytes);
        writeEntry(node.data, position, source, offset, length);
        node.count++;
        size++;
        splitIfOversized(node);
    }

    /**
     * Removes elements equal to the given bytes: at most {@code limit} of them (0: all), the first ones from the
     * head, or from the tail if {@code fromTail}.
     *
     * @return how many were removed.
     */
    long removeEqual(final byte[] value, final int offset, final int length, final long limit, final boolean fromTail)
    {
        long removed = 0;
        Node node = fromTail ? tail : head;
        while (node != null && (limit == 0 || removed < limit))
        {
            final Node following = fromTail ? node.prev : node.next;
            final long budget = limit == 0 ? Long.MAX_VALUE : limit - removed;
            final int dropped = fromTail ? compactBackward(node, value, offset, length, budget) :
                compactForward(node, value, offset, length, budget);
            removed += dropped;
            size -= dropped;
            if (node.count == 0)
            {
                unlink(node);
            }
            else if (dropped > 0)
            {
                shrinkIfSparse(node);
            }
            node = following;
        }
        return removed;
    }

    /** Keeps elements {@code start..end} (inclusive, 0 <= start <= end < size) and drops the rest. */
    void trim(final long start, final long end)
    {
        removeTail(size - 1 - end);
        removeHead(start);
    }

    /** A deep copy, each node trimmed to its entries. */
    PackedList copy()
    {
        final PackedList copy = new PackedList(fill);
        for (Node node = head; node != null; node = node.next)
        {
            final Node clone = new Node();
            clone.data = Arrays.copyOfRange(node.data, node.start, node.end);
            clone.start = 0;
            clone.end = clone.data.length;
            clone.count = node.count;
            copy.linkAfter(clone, copy.tail);
        }
        copy.size = size;
        return copy;
    }

    private boolean accepts(final Node node, final int entryBytes)
    {
        if (node.count == 0)
        {
            return true;
        }
        final long bytes = (long)node.end - node.start + entryBytes;
        if (fill < 0)
        {
            return bytes <= NODE_BYTES_BY_LEVEL[-fill - 1];
        }
        return node.count < fill && bytes <= SAFETY_LIMIT_BYTES;
    }

    private int limitBytes()
    {
        return fill < 0 ? NODE_BYTES_BY_LEVEL[-fill - 1] : SAFETY_LIMIT_BYTES;
    }

    /**
     * Gives {@code node} at least {@code bytes} of free room at its head or tail: by sliding its entries within the
     * array when that leaves room for half as much again (so a slide costs at most a few bytes moved per byte pushed,
     * and a queue that pushes at one end and pops at the other settles into never allocating), otherwise by a new
     * array with half again the room, capped at the node limit. A node's first entry gets an exact fit: most lists
     * are short.
     */
    private void makeRoom(final Node node, final int bytes, final boolean atHead)
    {
        final int used = node.end - node.start;
        final int capacity = node.data.length;
        if (capacity - used - bytes >= used / 2)
        {
            final int spare = capacity - used - bytes;
            final int newStart = atHead ? bytes + spare - spare / 4 : spare / 4;
            System.arraycopy(node.data, node.start, node.data, newStart, used);
            node.start = newStart;
            node.end = newStart + used;
            return;
        }
        final int needed = used + bytes;
        int newCapacity = needed;
        if (node.count > 0)
        {
            final long grown = (long)needed + needed / 2;
            newCapacity = (int)Math.max(needed, Math.min(grown, limitBytes()));
        }
        final int spare = newCapacity - needed;
        final int newStart = atHead ? bytes + spare - spare / 4 : spare / 4;
        final byte[] data = new byte[newCapacity];
        System.arraycopy(node.data, node.start, data, newStart, used);
        node.data = data;
        node.start = newStart;
        node.end = newStart + used;
    }

    /**
     * Replaces {@code removeBytes} at {@code position} with a gap of {@code insertBytes}, moving the shorter side of
     * the node (or reallocating when neither side has room). Returns where the gap now starts.
     */
    private static int splice(final Node node, final int position, final int removeBytes, final int insertBytes)
    {
        final int delta = insertBytes - removeBytes;
        final int before = position - node.start;
        final int after = node.end - position - removeBytes;
        final byte[] data = node.data;
        if (delta == 0)
        {
            return position;
        }
        if (delta < 0)
        {
            if (before < after)
            {
                System.arraycopy(data, node.start, data, node.start - delta, before);
                node.start -= delta;
                return position - delta;
            }
            System.arraycopy(data, position + removeBytes, data, position + insertBytes, after);
            node.end += delta;
            return position;
        }
        final boolean roomAfter = data.length - node.end >= delta;
        final boolean roomBefore = node.start >= delta;
        if (roomAfter && (after <= before || !roomBefore))
        {
            System.arraycopy(data, position + removeBytes, data, position + insertBytes, after);
            node.end += delta;
            return position;
        }
        if (roomBefore)
        {
            System.arraycopy(data, node.start, data, node.start - delta, before);
            node.start -= delta;
            return position - delta;
        }
        final int newUsed = node.end - node.start + delta;
        final int spare = newUsed / 4;
        final byte[] grown = new byte[newUsed + spare];
        final int newStart = spare / 2;
        System.arraycopy(data, node.start, grown, newStart, before);
        System.arraycopy(data, position + removeBytes, grown, newStart + before + insertBytes, after);
        node.data = grown;
        node.start = newStart;
        node.end = newStart + newUsed;
        return newStart + before;
    }

    /** Splits a node grown past the limit by a middle insertion or replacement into two halves. */
    private void splitIfOversized(final Node node)
    {
        final int used = node.end - node.start;
        final boolean tooMany = fill >= 0 && node.count > Math.max(1, fill);
        if (node.count < 2 || (used <= limitBytes() && !tooMany))
        {
            return;
        }
        int position = node.start;
        int kept = 0;
        final int half = tooMany ? node.count / 2 : Integer.MAX_VALUE;
        while (kept < node.count - 1 && position - node.start < used / 2 && kept < half)
        {
            position = nextEntry(node.data, position);
            kept++;
        }
        if (kept == 0)
        {
            position = nextEntry(node.data, position);
            kept = 1;
        }
        final Node second = new Node();
        second.data = Arrays.copyOfRange(node.data, position, node.end);
        second.start = 0;
        second.end = second.data.length;
        second.count = node.count - kept;
        node.end = position;
        node.count = kept;
        linkAfter(second, node);
        shrinkIfSparse(node);
    }

    /** Gives back the array room of a node mostly emptied from the middle (LREM), keeping a little slack. */
    private static void shrinkIfSparse(final Node node)
    {
        final int used = node.end - node.start;
        if (node.data.length > 2 * used + 64)
        {
            final int spare = used / 4;
            final byte[] data = new byte[used + spare];
            System.arraycopy(node.data, node.start, data, spare / 2, used);
            node.data = data;
            node.start = spare / 2;
            node.end = node.start + used;
        }
    }

    private static int compactForward(final Node node, final byte[] value, final int offset, final int length,
        final long budget)
    {
        final byte[] data = node.data;
        int read = node.start;
        int write = node.start;
        int dropped = 0;
        while (read < node.end)
        {
            final int entryLength = readLength(data, read);
            final int header = varintBytes(entryLength);
            final int entryBytes = entryLength + 2 * header;
            if (dropped < budget && entryLength == length &&
                Arrays.equals(data, read + header, read + header + length, value, offset, offset + length))
            {
                dropped++;
            }
            else
            {
                if (write != read)
                {
                    System.arraycopy(data, read, data, write, entryBytes);
                }
                write += entryBytes;
            }
            read += entryBytes;
        }
        node.end = write;
        node.count -= dropped;
        return dropped;
    }

    private static int compactBackward(final Node node, final byte[] value, final int offset, final int length,
        final long budget)
    {
        final byte[] data = node.data;
        int read = node.end;
        int write = node.end;
        int dropped = 0;
        while (read > node.start)
        {
            final int entryLength = readLengthBackward(data, read);
            final int header = varintBytes(entryLength);
            final int entryBytes = entryLength + 2 * header;
            final int entryStart = read - entryBytes;
            if (dropped < budget && entryLength == length &&
                Arrays.equals(data, entryStart + header, entryStart + header + length, value, offset, offset + length))
            {
                dropped++;
            }
            else
            {
                write -= entryBytes;
                if (write != entryStart)
                {
                    System.arraycopy(data, entryStart, data, write, entryBytes);
                }
            }
            read = entryStart;
        }
        node.start = write;
        node.count -= dropped;
        return dropped;
    }

    private void linkBefore(final Node node, final Node successor)
    {
        node.next = successor;
        if (successor == null)
        {
            node.prev = tail;
            if (tail != null)
            {
                tail.next = node;
            }
            tail = node;
            if (head == null)
            {
                head = node;
            }
            return;
        }
        node.prev = successor.prev;
        if (successor.prev == null)
        {
            head = node;
        }
        else
        {
            successor.prev.next = node;
        }
        successor.prev = node;
    }

    private void linkAfter(final Node node, final Node predecessor)
    {
        if (predecessor == null)
        {
            linkBefore(node, head);
            return;
        }
        node.prev = predecessor;
        node.next = predecessor.next;
        if (predecessor.next == null)
        {
            tail = node;
        }
        else
        {
            predecessor.next.prev = node;
        }
        predecessor.next = node;
    }

    private void unlink(final Node node)
    {
        if (node.prev == null)
        {
            head = node.next;
        }
        else
        {
            node.prev.next = node.next;
        }
        if (node.next == null)
        {
            tail = node.prev;
        }
        else
        {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
    }

    static int varintBytes(final int length)
    {
        if (length < 1 << 7)
        {
            return 1;
        }
        if (length < 1 << 14)
        {
            return 2;
        }
        if (length < 1 << 21)
        {
            return 3;
        }
        return length < 1 << 28 ? 4 : 5;
    }

    static int entryBytes(final int length)
    {
        return length + 2 * varintBytes(length);
    }

    /** Writes an entry at {@code position}: 7-bit groups low first, then the bytes, then the groups reversed. */
    private static void writeEntry(final byte[] data, final int position, final byte[] source, final int offset,
        final int length)
    {
        final int header = varintBytes(length);
        int rest = length;
        for (int i = 0; i < header; i++)
        {
            data[position + i] = (byte)((rest & 0x7f) | (i < header - 1 ? 0x80 : 0));
            rest >>>= 7;
        }
        System.arraycopy(source, offset, data, position + header, length);
        final int trailer = position + header + length;
        for (int i = 0; i < header; i++)
        {
            data[trailer + i] = data[position + header - 1 - i];
        }
    }

    static int readLength(final byte[] data, final int position)
    {
        int length = 0;
        int shift = 0;
        int i = position;
        int b;
        do
        {
            b = data[i++];
            length |= (b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return length;
    }

    /** The length of the entry that ends just before {@code end}, read from its trailer. */
    static int readLengthBackward(final byte[] data, final int end)
    {
        int length = 0;
        int shift = 0;
        int i = end - 1;
        int b;
        do
        {
            b = data[i--];
            length |= (b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return length;
    }

    static int nextEntry(final byte[] data, final int position)
    {
        return position + entryBytes(readLength(data, position));
    }

    static int previousEntry(final byte[] data, final int end)
    {
        return end - entryBytes(readLengthBackward(data, end));
    }

    /** A run of entries in one array; see the class comment for the layout. */
    static final class Node
    {
        byte[] data = EMPTY;
        int start;
        int end;
        int count;
        Node prev;
        Node next;
    }

    /**
     * A position in a list, walked forward or backward without allocating, exposing the element under it as a
     * slice of a node's array ({@link #buffer}, {@link #offset}, {@link #length}) that is valid until the list
     * changes. Reused: one per command family.
     */
    static final class Cursor
    {
        Node node;
        int position;
        int length;
        private int header;

        /** Moves to element {@code index} (0 <= index < size), walking from the nearer end. */
        void seek(final PackedList list, final long index)
        {
            if (index < list.size / 2)
            {
                long skip = index;
                Node at = list.head;
                while (skip >= at.count)
                {
                    skip -= at.count;
                    at = at.next;
                }
                node = at;
                seekInNode((int)skip);
            }
            else
            {
                long skip = list.size - 1 - index;
                Node at = list.tail;
                while (skip >= at.count)
                {
                    skip -= at.count;
                    at = at.prev;
                }
                node = at;
                seekInNode(at.count - 1 - (int)skip);
            }
        }

        void first(final PackedList list)
        {
            node = list.head;
            position = node.start;
            load();
        }

        void last(final PackedList list)
        {
            node = list.tail;
            position = previousEntry(node.data, node.end);
            load();
        }

        /** Moves one element towards the tail; false (and undefined) past the last one. */
        boolean next()
        {
            position += length + 2 * header;
            if (position == node.end)
            {
                node = node.next;
                if (node == null)
                {
                    return false;
                }
                position = node.start;
            }
            load();
            return true;
        }

        /** Moves one element towards the head; false (and undefined) before the first one. */
        boolean previous()
        {
            if (position == node.start)
            {
                node = node.prev;
                if (node == null)
                {
                    return false;
                }
                position = node.end;
            }
            position = previousEntry(node.data, position);
            load();
            return true;
        }

        boolean move(final boolean forward)
        {
            return forward ? next() : previous();
        }

        byte[] buffer()
        {
            return node.data;
        }

        int offset()
        {
            return position + header;
        }

        int length()
        {
            return length;
        }

        boolean matches(final byte[] value, final int offset, final int length)
        {
            final int at = position + header;
            return this.length == length && Arrays.equals(node.data, at, at + length, value, offset, offset + length);
        }

        private void seekInNode(final int local)
        {
            if (local < node.count / 2)
            {
                position = node.start;
                for (int i = 0; i < local; i++)
                {
                    position = nextEntry(node.data, position);
                }
            }
            else
            {
                position = node.end;
                for (int i = node.count - 1; i >= local; i--)
                {
                    position = previousEntry(node.data, position);
                }
            }
            load();
        }

        private void load()
        {
            length = readLength(node.data, position);
            header = varintBytes(length);
        }
    }
}
