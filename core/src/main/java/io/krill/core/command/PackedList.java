package io.krill.core.command;

import io.krill.core.resp.CommandException;
import io.krill.core.resp.Numbers;

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
 * out). An entry is {@code [header varint][payload][header varint reversed]}: the leading varint lets a walk go
 * forward, the trailing one backward (as listpack's back-length does). The header is the payload length shifted
 * left once; its low bit marks a payload that is an integer (1 to 8 bytes, little-endian two's complement)
 * standing for an element whose text is a canonical 64-bit decimal ("123", "-5", never "007" or "+1"), so
 * "1234567" costs 5 bytes instead of 9, as listpack packs integers; walks format it back to the same text in a
 * scratch buffer. A node takes new entries until it reaches the limit set by {@code list-max-listpack-size}
 * (negative: bytes per node, -1..-5 = 4..64 kB; positive: entries per node, at most 8 kB), then a new node
 * starts; an element larger than the limit gets a node of its own. Index operations walk nodes by their entry
 * counts from the nearer end, then entries within one node: O(n), as in Redis. Middle insertions and replacements
 * shift the shorter side of their node and split a node that grows past the limit. Elements are limited to
 * {@link #MAX_ELEMENT_BYTES} (Redis's default proto-max-bulk-len is half that).
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
    private static final int INTEGER_FLAG = 1;
    /** A node array grows by a quarter of what it needs (see makeRoom). */
    private static final int GROWTH_DIVISOR = 4;
    /** The header holds the length shifted left once in an int. */
    static final int MAX_ELEMENT_BYTES = (1 << 30) - 1;
    private static final CommandException ELEMENT_TOO_LARGE =
        new CommandException("ERR list element larger than " + MAX_ELEMENT_BYTES + " bytes");

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
        final int header = header(source, offset, length);
        final int entryBytes = (header >>> 1) + 2 * varintBytes(header);
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
        writeEntry(node.data, node.start, header, source, offset, length);
        node.count++;
        size++;
    }

    void pushTail(final byte[] source, final int offset, final int length)
    {
        final int header = header(source, offset, length);
        final int entryBytes = (header >>> 1) + 2 * varintBytes(header);
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
        writeEntry(node.data, node.end, header, source, offset, length);
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
     * an array of exactly its size instead of one grown by a quarter at each step.
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
        final int header = header(source, offset, length);
        final int newBytes = (header >>> 1) + 2 * varintBytes(header);
        final int position = splice(node, cursor.position, cursor.entryBytes(), newBytes);
        writeEntry(node.data, position, header, source, offset, length);
        splitIfOversized(node);
    }

    /**
     * Inserts an element next to the one under {@code cursor} (after it if {@code after}). The cursor is invalid
     * afterwards.
     */
    void insert(final Cursor cursor, final boolean after, final byte[] source, final int offset, final int length)
    {
        final Node node = cursor.node;
        final int at = after ? cursor.position + cursor.entryBytes() : cursor.position;
        final int header = header(source, offset, length);
        final int newBytes = (header >>> 1) + 2 * varintBytes(header);
        final int position = splice(node, at, 0, newBytes);
        writeEntry(node.data, position, header, source, offset, length);
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
        final int header = header(value, offset, length);
        final long integer = (header & INTEGER_FLAG) != 0 ? integerValue(value, offset, length) : 0;
        Node node = fromTail ? tail : head;
        while (node != null && (limit == 0 || removed < limit))
        {
            final Node following = fromTail ? node.prev : node.next;
            final long budget = limit == 0 ? Long.MAX_VALUE : limit - removed;
            final int dropped = fromTail ? compactBackward(node, header, integer, value, offset, budget) :
                compactForward(node, header, integer, value, offset, budget);
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
     * array when that leaves room for a quarter as much again (so a slide costs a few bytes moved per byte pushed,
     * and a queue that pushes at one end and pops at the other settles into never allocating), otherwise by a new
     * array a quarter larger than needed, capped at the node limit. A node's first entry gets an exact fit: most
     * lists are short. A quarter, not the usual half: a list's room is memory held for as long as the list lives,
     * and a few more copies while a node grows to its 8 kB are cheap.
     */
    private void makeRoom(final Node node, final int bytes, final boolean atHead)
    {
        final int used = node.end - node.start;
        final int capacity = node.data.length;
        if (capacity - used - bytes >= used / GROWTH_DIVISOR)
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
            final long grown = (long)needed + needed / GROWTH_DIVISOR;
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

    private static int compactForward(final Node node, final int header, final long integer, final byte[] value,
        final int offset, final long budget)
    {
        final byte[] data = node.data;
        int read = node.start;
        int write = node.start;
        int dropped = 0;
        while (read < node.end)
        {
            final int entryHeader = readVarint(data, read);
            final int entryBytes = (entryHeader >>> 1) + 2 * varintBytes(entryHeader);
            if (dropped < budget && payloadEquals(data, read, entryHeader, header, integer, value, offset))
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

    private static int compactBackward(final Node node, final int header, final long integer, final byte[] value,
        final int offset, final long budget)
    {
        final byte[] data = node.data;
        int read = node.end;
        int write = node.end;
        int dropped = 0;
        while (read > node.start)
        {
            final int entryHeader = readVarintBackward(data, read);
            final int entryBytes = (entryHeader >>> 1) + 2 * varintBytes(entryHeader);
            final int entryStart = read - entryBytes;
            if (dropped < budget && payloadEquals(data, entryStart, entryHeader, header, integer, value, offset))
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

    static int varintBytes(final int value)
    {
        if (value < 1 << 7)
        {
            return 1;
        }
        if (value < 1 << 14)
        {
            return 2;
        }
        if (value < 1 << 21)
        {
            return 3;
        }
        return value < 1 << 28 ? 4 : 5;
    }

    /** What the element takes in a node once packed: its payload and the header at each end. */
    static int entryBytes(final byte[] source, final int offset, final int length)
    {
        final int header = header(source, offset, length);
        return (header >>> 1) + 2 * varintBytes(header);
    }

    /**
     * The header of an element: an integer entry's when its text is a canonical 64-bit decimal, one that formats
     * back to the same bytes (no sign but '-', no leading zero, not "-0"), else a text entry's.
     */
    private static int header(final byte[] source, final int offset, final int length)
    {
        if (length > MAX_ELEMENT_BYTES)
        {
            throw ELEMENT_TOO_LARGE;
        }
        if (length > 0 && length <= 20 && source[offset] != '+' &&
            (Numbers.parseLong(source, offset, length) != Numbers.INVALID ||
            Numbers.isLongMinValue(source, offset, length)))
        {
            return (integerBytes(integerValue(source, offset, length)) << 1) | INTEGER_FLAG;
        }
        return length << 1;
    }

    /** The value of text that {@link #header} found to be an integer. */
    private static long integerValue(final byte[] source, final int offset, final int length)
    {
        final long value = Numbers.parseLong(source, offset, length);
        return value == Numbers.INVALID ? Long.MIN_VALUE : value;
    }

    /** Bytes of the shortest two's complement form of {@code value}. */
    private static int integerBytes(final long value)
    {
        final long magnitude = value < 0 ? ~value : value;
        return (64 - Long.numberOfLeadingZeros(magnitude)) / 8 + 1;
    }

    /** Writes an entry at {@code position}: header in 7-bit groups low first, payload, header groups reversed. */
    private static void writeEntry(final byte[] data, final int position, final int header, final byte[] source,
        final int offset, final int length)
    {
        final int headerBytes = varintBytes(header);
        int rest = header;
        for (int i = 0; i < headerBytes; i++)
        {
            data[position + i] = (byte)((rest & 0x7f) | (i < headerBytes - 1 ? 0x80 : 0));
            rest >>>= 7;
        }
        final int payload = header >>> 1;
        final int at = position + headerBytes;
        if ((header & INTEGER_FLAG) != 0)
        {
            long bits = integerValue(source, offset, length);
            for (int i = 0; i < payload; i++)
            {
                data[at + i] = (byte)bits;
                bits >>= 8;
            }
        }
        else
        {
            System.arraycopy(source, offset, data, at, payload);
        }
        final int trailer = at + payload;
        for (int i = 0; i < headerBytes; i++)
        {
            data[trailer + i] = data[position + headerBytes - 1 - i];
        }
    }

    /** Whether the entry at {@code position} (with {@code entryHeader}) holds the probe described by the rest. */
    private static boolean payloadEquals(final byte[] data, final int position, final int entryHeader,
        final int header, final long integer, final byte[] value, final int offset)
    {
        if (entryHeader != header)
        {
            return false;
        }
        final int at = position + varintBytes(header);
        if ((header & INTEGER_FLAG) != 0)
        {
            return readInteger(data, at, header >>> 1) == integer;
        }
        return Arrays.equals(data, at, at + (header >>> 1), value, offset, offset + (header >>> 1));
    }

    private static long readInteger(final byte[] data, final int at, final int bytes)
    {
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--)
        {
            value = (value << 8) | (data[at + i] & 0xff);
        }
        final int unused = 64 - 8 * bytes;
        return unused == 0 ? value : value << unused >> unused;
    }

    static int readVarint(final byte[] data, final int position)
    {
        int value = 0;
        int shift = 0;
        int i = position;
        int b;
        do
        {
            b = data[i++];
            value |= (b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return value;
    }

    /** The header of the entry that ends just before {@code end}, read from its trailer. */
    static int readVarintBackward(final byte[] data, final int end)
    {
        int value = 0;
        int shift = 0;
        int i = end - 1;
        int b;
        do
        {
            b = data[i--];
            value |= (b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return value;
    }

    static int nextEntry(final byte[] data, final int position)
    {
        final int header = readVarint(data, position);
        return position + (header >>> 1) + 2 * varintBytes(header);
    }

    static int previousEntry(final byte[] data, final int end)
    {
        final int header = readVarintBackward(data, end);
        return end - (header >>> 1) - 2 * varintBytes(header);
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
     * slice ({@link #buffer}, {@link #offset}, {@link #length}): of a node's array for text, of the cursor's own
     * scratch array for an integer entry formatted back to text. Valid until the list changes or the cursor moves.
     * Reused: one per command family.
     */
    static final class Cursor
    {
        Node node;
        int position;
        private int header;
        private int headerBytes;
        private int length;
        private final byte[] digits = new byte[20];

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
            position += entryBytes();
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
            return (header & INTEGER_FLAG) != 0 ? digits : node.data;
        }

        int offset()
        {
            return (header & INTEGER_FLAG) != 0 ? digits.length - length : position + headerBytes;
        }

        /** Length of the element's text. */
        int length()
        {
            return length;
        }

        boolean matches(final byte[] value, final int offset, final int length)
        {
            final int at = offset();
            return this.length == length && Arrays.equals(buffer(), at, at + length, value, offset, offset + length);
        }

        /** Bytes the entry under the cursor takes in its node. */
        int entryBytes()
        {
            return (header >>> 1) + 2 * headerBytes;
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
            header = readVarint(node.data, position);
            headerBytes = varintBytes(header);
            if ((header & INTEGER_FLAG) == 0)
            {
                length = header >>> 1;
                return;
            }
            // formatted right-aligned in the scratch array
            final long value = readInteger(node.data, position + headerBytes, header >>> 1);
            long rest = value;
            int at = digits.length;
            do
            {
                final long quotient = rest / 10;
                digits[--at] = (byte)('0' + Math.abs((int)(rest - quotient * 10)));
                rest = quotient;
            }
            while (rest != 0);
            if (value < 0)
            {
                digits[--at] = '-';
            }
            length = digits.length - at;
        }
    }
}
