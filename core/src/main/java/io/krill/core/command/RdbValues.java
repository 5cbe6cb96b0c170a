package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.persistence.Crc64;
import io.krill.core.persistence.ListpackReader;
import io.krill.core.persistence.ListpackWriter;
import io.krill.core.persistence.PackedEntries;
import io.krill.core.persistence.RdbConstants;
import io.krill.core.persistence.RdbFormatException;
import io.krill.core.persistence.RdbInput;
import io.krill.core.persistence.RdbOutput;
import io.krill.core.persistence.ZiplistReader;
import io.krill.core.persistence.ZipmapReader;
import io.krill.core.resp.Numbers;

import java.io.IOException;
import java.util.Arrays;

/**
 * The one value codec of RDB files and DUMP payloads: a keyspace value to its RDB type byte and serialized form,
 * and back. It lives beside the value classes because it walks and builds their internals.
 * <p>
 * Writing chooses what Redis 7.0 writes for the same data: strings integer-encoded or LZF-compressed as
 * rdbSaveRawString does; lists as quicklist 2, cut into listpack nodes the way RPUSH fills a Redis quicklist
 * (so a list built by appends serializes byte for byte as in Redis; other histories may cut nodes elsewhere);
 * small hashes and sorted sets as listpacks; intsets as intset blobs; tables as plain element lists (their
 * order is Krill's table order, as Redis's is its dict order); skip lists as ZSET_2 from the highest score down.
 * <p>
 * Reading accepts every encoding Redis 7.0 can load (plain, ziplist, zipmap, intset, listpack, quicklist 1 and
 * 2), then picks Krill's encoding by the node's thresholds, as Redis converts on load. Streams and module
 * values are refused. A collection that turns out empty reads as {@code null}: an RDB load skips it, RESTORE
 * rejects it.
 * <p>
 * Not thread safe: one instance per thread (the agent's, or a loader's).
 */
public final class RdbValues
{
    /** Redis's quicklist node sizes for list-max-listpack-size -1 .. -5. */
    private static final int[] NODE_LIMIT_BYTES = {4096, 8192, 16384, 32768, 65536};
    private static final int SIZE_SAFETY_LIMIT_BYTES = 8192;
    /** Redis 7.0 estimates an element's listpack cost as its length plus this (an overestimate). */
    private static final int SIZE_ESTIMATE_OVERHEAD_BYTES = 8;
    private static final double LISTPACK_INTEGRAL_LIMIT = 4611686018427387904d;
    private static final int DUMP_FOOTER_BYTES = 10;

    private final ServerConfig config;
    private final ListpackWriter listpack = new ListpackWriter();
    private final ListpackReader listpackReader = new ListpackReader();
    private final ZiplistReader ziplistReader = new ZiplistReader();
    private final ZipmapReader zipmapReader = new ZipmapReader();
    private final PackedList.Cursor listCursor = new PackedList.Cursor();
    private final SortedSet.Cursor setCursor = new SortedSet.Cursor();
    private final Strtod strtod = new Strtod();

    /** @param config the thresholds that choose encodings when reading (list node size, listpack limits). */
    public RdbValues(final ServerConfig config)
    {
        this.config = config;
    }

    // ---------------------------------------------------------------------------------------------- writing

    /** The RDB type byte {@link #write} uses for {@code value}. */
    public static int typeOf(final Object value)
    {
        if (StringValues.isString(value))
        {
            return RdbConstants.TYPE_STRING;
        }
        if (value instanceof PackedList)
        {
            return RdbConstants.TYPE_LIST_QUICKLIST_2;
        }
        if (value instanceof ListpackHash)
        {
            return RdbConstants.TYPE_HASH_LISTPACK;
        }
        if (value instanceof TableHash)
        {
            return RdbConstants.TYPE_HASH;
        }
        if (Intset.isIntset(value))
        {
            return RdbConstants.TYPE_SET_INTSET;
        }
        if (value instanceof TableSet)
        {
            return RdbConstants.TYPE_SET;
        }
        if (value instanceof PackedSortedSet)
        {
            return RdbConstants.TYPE_ZSET_LISTPACK;
        }
        if (value instanceof SkipListSortedSet)
        {
            return RdbConstants.TYPE_ZSET_2;
        }
        throw new IllegalStateException("no RDB type for " + value.getClass().getName());
    }

    /** Writes the value's serialized form, without its type byte. */
    public void writeValue(final RdbOutput out, final Object value)
    {
        if (StringValues.isString(value))
        {
            out.writeString(StringValues.bytes(value), 0, StringValues.length(value));
        }
        else if (value instanceof PackedList)
        {
            writeList(out, (PackedList)value);
        }
        else if (value instanceof ListpackHash)
        {
            final HashValue hash = (HashValue)value;
            listpack.reset();
            for (int p = hash.first(); p >= 0; p = hash.next(p))
            {
                listpack.append(hash.fieldBytes(p), hash.fieldOffset(p), hash.fieldLength(p));
                listpack.append(hash.valueBytes(p), hash.valueOffset(p), hash.valueLength(p));
            }
            writeListpack(out);
        }
        else if (value instanceof TableHash)
        {
            final TableHash hash = (TableHash)value;
            out.writeLength(hash.size());
            for (int p = hash.first(); p >= 0; p = hash.next(p))
            {
                out.writeString(hash.fieldBytes(p), hash.fieldOffset(p), hash.fieldLength(p));
                out.writeString(hash.valueBytes(p), hash.valueOffset(p), hash.valueLength(p));
            }
        }
        else if (Intset.isIntset(value))
        {
            writeIntset(out, value);
        }
        else if (value instanceof TableSet)
        {
            final TableSet set = (TableSet)value;
            out.writeLength(set.size());
            for (int p = set.first(); p >= 0; p = set.nextOccupied(p + 1))
            {
                final byte[] member = set.keyAt(p);
                out.writeString(member, 0, member.length);
            }
        }
        else if (value instanceof PackedSortedSet)
        {
            writePackedSortedSet(out, (PackedSortedSet)value);
        }
        else if (value instanceof SkipListSortedSet)
        {
            final SkipListSortedSet set = (SkipListSortedSet)value;
            out.writeLength(set.size());
            // highest first, as Redis walks its skip list from the tail (loading then inserts at the head)
            set.open(setCursor, set.size() - 1, true);
            while (setCursor.next())
            {
                out.writeString(setCursor.member, setCursor.memberOffset, setCursor.memberLength);
                out.writeBinaryDouble(setCursor.score);
            }
        }
        else
        {
            throw new IllegalStateException("no RDB type for " + value.getClass().getName());
        }
    }

    /** Type byte and value. */
    public void write(final RdbOutput out, final Object value)
    {
        out.writeByte(typeOf(value));
        writeValue(out, value);
    }

    /** A DUMP payload: type, value, RDB version (2 bytes LE), CRC-64 (8 bytes LE) of all that precedes. */
    public byte[] dump(final Object value, final RdbOutput scratch)
    {
        scratch.reset();
        write(scratch, value);
        scratch.writeLittleEndian(RdbConstants.VERSION, 2);
        scratch.writeLittleEndian(Crc64.of(scratch.buffer(), 0, scratch.size()), 8);
        return scratch.toByteArray();
    }

    /**
     * Quicklist 2 with packed nodes, cut as Redis 7.0's RPUSH cuts them (_quicklistNodeAllowInsert): an element
     * joins the tail node while the node's listpack bytes plus the element's length plus 8 stay within the size
     * limit (negative fill), or within 8 kB and the entry count (positive fill).
     */
    private void writeList(final RdbOutput out, final PackedList list)
    {
        final int fill = list.fill();
        int nodes = 0;
        // first pass: count nodes (the count precedes them)
        if (list.size() > 0)
        {
            listCursor.first(list);
            int nodeBytes = -1;
            int nodeCount = 0;
            do
            {
                final int length = listCursor.length();
                if (nodeBytes < 0 || !allowInsert(fill, nodeBytes, nodeCount, length))
                {
                    nodes++;
                    nodeBytes = ListpackWriter.HEADER_AND_END_BYTES;
                    nodeCount = 0;
                }
                nodeBytes += listpackEntryBytes();
                nodeCount++;
            }
            while (listCursor.next());
        }
        out.writeLength(nodes);
        if (nodes == 0)
        {
            return;
        }
        listCursor.first(list);
        listpack.reset();
        boolean open = false;
        do
        {
            final int length = listCursor.length();
            if (open && !allowInsert(fill, listpack.bytes(), listpack.count(), length))
            {
                out.writeLength(RdbConstants.QUICKLIST_NODE_PACKED);
                writeListpack(out);
                listpack.reset();
            }
            open = true;
            listpack.append(listCursor.buffer(), listCursor.offset(), length);
        }
        while (listCursor.next());
        out.writeLength(RdbConstants.QUICKLIST_NODE_PACKED);
        writeListpack(out);
    }

    private int listpackEntryBytes()
    {
        return ListpackWriter.entryBytes(listCursor.buffer(), listCursor.offset(), listCursor.length());
    }

    private static boolean allowInsert(final int fill, final int nodeBytes, final int nodeCount, final int length)
    {
        final long newBytes = (long)nodeBytes + length + SIZE_ESTIMATE_OVERHEAD_BYTES;
        if (fill < 0)
        {
            final int level = -fill - 1;
            if (level < NODE_LIMIT_BYTES.length && newBytes <= NODE_LIMIT_BYTES[level])
            {
                return true;
            }
        }
        if (newBytes > SIZE_SAFETY_LIMIT_BYTES)
        {
            return false;
        }
        return nodeCount < fill;
    }

    private void writeListpack(final RdbOutput out)
    {
        final byte[] bytes = listpack.finish();
        out.writeString(bytes, 0, listpack.bytes());
    }

    private static void writeIntset(final RdbOutput out, final Object set)
    {
        final int width = Intset.width(set);
        final int size = Intset.size(set);
        final byte[] blob = new byte[8 + width * size];
        putLittleEndian(blob, 0, width, 4);
        putLittleEndian(blob, 4, size, 4);
        for (int i = 0; i < size; i++)
        {
            putLittleEndian(blob, 8 + i * width, Intset.get(set, i), width);
        }
        out.writeString(blob, 0, blob.length);
    }

    private static void putLittleEndian(final byte[] to, final int at, final long value, final int width)
    {
        for (int i = 0; i < width; i++)
        {
            to[at + i] = (byte)(value >>> (8 * i));
        }
    }

    /** Members and scores alternate; a score is an integer entry when Redis's double2ll accepts it. */
    private void writePackedSortedSet(final RdbOutput out, final PackedSortedSet set)
    {
        listpack.reset();
        set.open(setCursor, 0, false);
        while (setCursor.next())
        {
            listpack.append(setCursor.member, setCursor.memberOffset, setCursor.memberLength);
            final double score = setCursor.score;
            if (score == (double)(long)score && Math.abs(score) <= LISTPACK_INTEGRAL_LIMIT)
            {
                listpack.appendInteger((long)score);
            }
            else
            {
                final byte[] text =
                    SortedSets.listpackScore(score).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                listpack.append(text, 0, text.length);
            }
        }
        writeListpack(out);
    }

    // ---------------------------------------------------------------------------------------------- reading

    /**
     * Checks a DUMP payload's footer: at least 10 bytes, an RDB version this codec reads, and the CRC-64 of the
     * rest (a CRC of zero is accepted as "not computed" only when {@code checksumRequired} is false).
     */
    public static boolean verifyDumpPayload(final byte[] payload, final int offset, final int length)
    {
        if (length < DUMP_FOOTER_BYTES)
        {
            return false;
        }
        final int footer = offset + length - DUMP_FOOTER_BYTES;
        final int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > RdbConstants.VERSION)
        {
            return false;
        }
        long stored = 0;
        for (int i = 0; i < 8; i++)
        {
            stored |= (payload[footer + 2 + i] & 0xffL) << (8 * i);
        }
        return Crc64.of(payload, offset, length - 8) == stored;
    }

    /**
     * Decodes a verified DUMP payload's value; the payload must be consumed exactly up to its footer.
     *
     * @return the value, or null for an empty collection.
     */
    public Object restore(final byte[] payload, final int offset, final int length) throws IOException
    {
        final RdbInput in = new RdbInput(payload, offset, length - DUMP_FOOTER_BYTES);
        final int type = in.readByte();
        final Object value = read(type, in);
        if (in.consumed() != length - DUMP_FOOTER_BYTES)
        {
            throw new RdbFormatException("DUMP payload has trailing bytes");
        }
        return value;
    }

    /** Whether {@code type} is a value type byte (as opposed to an opcode). */
    public static boolean isValueType(final int type)
    {
        return type >= RdbConstants.TYPE_STRING && type <= RdbConstants.TYPE_STREAM_LISTPACKS_2 && type != 8;
    }

    /**
     * Reads one value of RDB {@code type}.
     *
     * @return the value, or null for a collection with no elements.
     * @throws RdbFormatException on corrupt data or an unsupported type (streams, modules).
     */
    public Object read(final int type, final RdbInput in) throws IOException
    {
        switch (type)
        {
            case RdbConstants.TYPE_STRING:
                return in.readString();
            case RdbConstants.TYPE_LIST:
                return readPlainList(in);
            case RdbConstants.TYPE_LIST_ZIPLIST:
            {
                final PackedList list = newList();
                appendAll(list, ziplistReader.open(in.readString()));
                return list.isEmpty() ? null : list;
            }
            case RdbConstants.TYPE_LIST_QUICKLIST:
            case RdbConstants.TYPE_LIST_QUICKLIST_2:
                return readQuicklist(in, type == RdbConstants.TYPE_LIST_QUICKLIST_2);
            case RdbConstants.TYPE_SET:
                return readPlainSet(in);
            case RdbConstants.TYPE_SET_INTSET:
                return readIntset(in.readString());
            case RdbConstants.TYPE_ZSET:
            case RdbConstants.TYPE_ZSET_2:
                return readPlainSortedSet(in, type == RdbConstants.TYPE_ZSET_2);
            case RdbConstants.TYPE_ZSET_ZIPLIST:
                return readPackedSortedSet(ziplistReader.open(in.readString()));
            case RdbConstants.TYPE_ZSET_LISTPACK:
                return readPackedSortedSet(listpackReader.open(in.readString()));
            case RdbConstants.TYPE_HASH:
                return readPlainHash(in);
            case RdbConstants.TYPE_HASH_ZIPMAP:
                return readPackedHash(zipmapReader.open(in.readString()));
            case RdbConstants.TYPE_HASH_ZIPLIST:
                return readPackedHash(ziplistReader.open(in.readString()));
            case RdbConstants.TYPE_HASH_LISTPACK:
                return readPackedHash(listpackReader.open(in.readString()));
            case RdbConstants.TYPE_STREAM_LISTPACKS:
            case RdbConstants.TYPE_STREAM_LISTPACKS_2:
                throw new RdbFormatException("Stream values are not supported by Krill");
            case RdbConstants.TYPE_MODULE_PRE_GA:
            case RdbConstants.TYPE_MODULE_2:
                throw new RdbFormatException("Module values are not supported by Krill");
            default:
                throw new RdbFormatException("Unknown RDB value type " + type);
        }
    }

    /**
     * Reads past a stream value (RDB types 15 and 19) without keeping it, for loaders told to skip what Krill
     * cannot hold: listpack nodes, length and ids, then consumer groups with their pending entries and consumers.
     */
    public static void skipStream(final int type, final RdbInput in) throws IOException
    {
        final boolean version2 = type == RdbConstants.TYPE_STREAM_LISTPACKS_2;
        final long nodes = in.readLength();
        for (long i = 0; i < nodes; i++)
        {
            in.readString();
            in.readString();
        }
        // length, last id; version 2 adds first id, max deleted id and entries added
        final int numbers = version2 ? 8 : 3;
        for (int i = 0; i < numbers; i++)
        {
            in.readLength();
        }
        final byte[] streamId = new byte[16];
        final long groups = in.readLength();
        for (long g = 0; g < groups; g++)
        {
            in.readString();
            in.readLength();
            in.readLength();
            if (version2)
            {
                in.readLength();
            }
            final long pending = in.readLength();
            for (long p = 0; p < pending; p++)
            {
                in.readFully(streamId, 0, 16);
                in.readLittleEndian(8);
                in.readLength();
            }
            final long consumers = in.readLength();
            for (long c = 0; c < consumers; c++)
            {
                in.readString();
                in.readLittleEndian(8);
                final long owned = in.readLength();
                for (long p = 0; p < owned; p++)
                {
                    in.readFully(streamId, 0, 16);
                }
            }
        }
    }

    private PackedList newList()
    {
        return new PackedList(config.listMaxListpackSize());
    }

    private Object readPlainList(final RdbInput in) throws IOException
    {
        final int count = in.readCount();
        final PackedList list = newList();
        for (int i = 0; i < count; i++)
        {
            final byte[] element = in.readString();
            list.pushTail(element, 0, element.length);
        }
        return list.isEmpty() ? null : list;
    }

    private Object readQuicklist(final RdbInput in, final boolean version2) throws IOException
    {
        final int nodes = in.readCount();
        final PackedList list = newList();
        for (int i = 0; i < nodes; i++)
        {
            int container = RdbConstants.QUICKLIST_NODE_PACKED;
            if (version2)
            {
                final long read = in.readLength();
                if (read != RdbConstants.QUICKLIST_NODE_PACKED && read != RdbConstants.QUICKLIST_NODE_PLAIN)
                {
                    throw new RdbFormatException("Quicklist integrity check failed: unknown container " + read);
                }
                container = (int)read;
            }
            final byte[] blob = in.readString();
            if (container == RdbConstants.QUICKLIST_NODE_PLAIN)
            {
                list.pushTail(blob, 0, blob.length);
                continue;
            }
            // empty nodes are skipped, as Redis does
            appendAll(list, version2 ? listpackReader.open(blob) : ziplistReader.open(blob));
        }
        return list.isEmpty() ? null : list;
    }

    private static void appendAll(final PackedList list, final PackedEntries entries) throws RdbFormatException
    {
        while (entries.next())
        {
            if (entries.isInteger())
            {
                final byte[] text = entries.text();
                list.pushTail(text, 0, text.length);
            }
            else
            {
                list.pushTail(entries.bytes(), entries.offset(), entries.length());
            }
        }
    }

    private Object readPlainSet(final RdbInput in) throws IOException
    {
        final int count = in.readCount();
        if (count == 0)
        {
            return null;
        }
        Object set = count > config.setMaxIntsetEntries() ? new TableSet(Math.min(count, 1 << 16)) : Intset.EMPTY;
        for (int i = 0; i < count; i++)
        {
            final byte[] member = in.readString();
            if (!(set instanceof TableSet) && SetValues.isInteger(member, 0, member.length))
            {
                final long value = Numbers.parseLong(member, 0, member.length);
                final long integer = value == Numbers.INVALID ? Long.MIN_VALUE : value;
                final int before = Intset.size(set);
                set = Intset.add(set, integer);
                if (Intset.size(set) == before)
                {
                    throw duplicate("set");
                }
                continue;
            }
            if (!(set instanceof TableSet))
            {
                set = SetValues.toTable(set, Math.min(count, 1 << 16));
            }
            if (!((TableSet)set).add(member, 0, member.length))
            {
                throw duplicate("set");
            }
        }
        return set;
    }

    private static RdbFormatException duplicate(final String type)
    {
        return new RdbFormatException("Duplicate " + type + " members detected");
    }

    private Object readIntset(final byte[] blob) throws RdbFormatException
    {
        if (blob.length < 8)
        {
            throw new RdbFormatException("Intset integrity check failed");
        }
        final int width = (int)littleEndian(blob, 0, 4);
        final long size = littleEndian(blob, 4, 4) & 0xffffffffL;
        if (width != 2 && width != 4 && width != 8 || 8 + size * width != blob.length)
        {
            throw new RdbFormatException("Intset integrity check failed");
        }
        final int count = (int)size;
        if (count == 0)
        {
            return null;
        }
        final Object set = width == 2 ? new short[count] : width == 4 ? new int[count] : new long[count];
        long previous = 0;
        for (int i = 0; i < count; i++)
        {
            final long raw = littleEndian(blob, 8 + i * width, width);
            final long value = raw << (64 - 8 * width) >> (64 - 8 * width);
            if (i > 0 && value <= previous)
            {
                throw new RdbFormatException("Intset integrity check failed: not sorted or duplicate");
            }
            previous = value;
            if (set instanceof short[])
            {
                ((short[])set)[i] = (short)value;
            }
            else if (set instanceof int[])
            {
                ((int[])set)[i] = (int)value;
            }
            else
            {
                ((long[])set)[i] = value;
            }
        }
        if (count > config.setMaxIntsetEntries())
        {
            return SetValues.toTable(set, count);
        }
        return set;
    }

    private static long littleEndian(final byte[] bytes, final int at, final int width)
    {
        long value = 0;
        for (int i = 0; i < width; i++)
        {
            value |= (bytes[at + i] & 0xffL) << (8 * i);
        }
        return value;
    }

    private Object readPlainSortedSet(final RdbInput in, final boolean binaryScores) throws IOException
    {
        final int count = in.readCount();
        if (count == 0)
        {
            return null;
        }
        byte[][] members = new byte[Math.min(count, 1 << 12)][];
        double[] scores = new double[members.length];
        int maxLength = 0;
        for (int i = 0; i < count; i++)
        {
            if (i == members.length)
            {
                members = Arrays.copyOf(members, (int)Math.min(count, 2L * members.length));
                scores = Arrays.copyOf(scores, members.length);
            }
            members[i] = in.readString();
            scores[i] = binaryScores ? in.readBinaryDouble() : readTextScore(in);
            if (Double.isNaN(scores[i]))
            {
                throw new RdbFormatException("Zset with NAN score detected");
            }
            maxLength = Math.max(maxLength, members[i].length);
        }
        return buildSortedSet(members, scores, count,
            count <= config.zsetMaxListpackEntries() && maxLength <= config.zsetMaxListpackValueBytes());
    }

    /** RDB type 3's scores: a length byte (253 nan, 254 +inf, 255 -inf) then that many characters of %.17g. */
    private double readTextScore(final RdbInput in) throws IOException
    {
        final int length = in.readByte();
        switch (length)
        {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                final byte[] text = new byte[length];
                in.readFully(text, 0, length);
                return parseScore(text, 0, length);
        }
    }

    private double parseScore(final byte[] text, final int offset, final int length) throws RdbFormatException
    {
        strtod.parse(text, offset, length);
        if (length == 0 || strtod.end != offset + length)
        {
            throw new RdbFormatException("Invalid score");
        }
        return strtod.value;
    }

    private Object readPackedSortedSet(final PackedEntries entries) throws RdbFormatException
    {
        final int declared = entries.declaredCount();
        byte[][] members = new byte[declared > 0 ? Math.min(declared / 2 + 1, 1 << 12) : 16][];
        double[] scores = new double[members.length];
        int count = 0;
        while (entries.next())
        {
            if (count == members.length)
            {
                members = Arrays.copyOf(members, 2 * members.length);
                scores = Arrays.copyOf(scores, members.length);
            }
            members[count] = entries.text();
            if (!entries.next())
            {
                throw new RdbFormatException("Sorted set listpack with a member and no score");
            }
            scores[count] = entries.isInteger() ? entries.integer() :
                parseScore(entries.bytes(), entries.offset(), entries.length());
            if (Double.isNaN(scores[count]))
            {
                throw new RdbFormatException("Zset with NAN score detected");
            }
            count++;
        }
        if (count == 0)
        {
            return null;
        }
        // Redis keeps a loaded listpack unless it has too many entries
        return buildSortedSet(members, scores, count, count <= config.zsetMaxListpackEntries());
    }

    private static SortedSet buildSortedSet(final byte[][] members, final double[] scores, final int count,
        final boolean packed) throws RdbFormatException
    {
        if (packed)
        {
            SortedSets.sort(members, scores, count);
            if (hasDuplicate(members, count))
            {
                throw duplicate("zset");
            }
            return PackedSortedSet.ofSorted(members, scores, count);
        }
        final SkipListSortedSet set = new SkipListSortedSet(count);
        for (int i = 0; i < count; i++)
        {
            if (!Double.isNaN(set.score(members[i], 0, members[i].length)))
            {
                throw duplicate("zset");
            }
            set.insert(members[i], 0, members[i].length, scores[i]);
        }
        return set;
    }

    private static boolean hasDuplicate(final byte[][] members, final int count)
    {
        final TableSet seen = new TableSet(count);
        for (int i = 0; i < count; i++)
        {
            if (!seen.add(members[i], 0, members[i].length))
            {
                return true;
            }
        }
        return false;
    }

    private Object readPlainHash(final RdbInput in) throws IOException
    {
        final int count = in.readCount();
        if (count == 0)
        {
            return null;
        }
        HashValue hash = count > config.hashMaxListpackEntries() ?
            new TableHash(Math.min(count, 1 << 16)) : new ListpackHash();
        final long valueLimit = config.hashMaxListpackValueBytes();
        for (int i = 0; i < count; i++)
        {
            final byte[] field = in.readString();
            final byte[] value = in.readString();
            if (hash instanceof ListpackHash && (field.length > valueLimit || value.length > valueLimit))
            {
                hash = TableHash.of(hash);
            }
            if (!hash.put(field, 0, field.length, value, 0, value.length))
            {
                throw duplicate("hash");
            }
        }
        return hash;
    }

    private Object readPackedHash(final PackedEntries entries) throws RdbFormatException
    {
        final long valueLimit = config.hashMaxListpackValueBytes();
        final long entryLimit = config.hashMaxListpackEntries();
        HashValue hash = new ListpackHash();
        while (entries.next())
        {
            final byte[] field = entries.text();
            if (!entries.next())
            {
                throw new RdbFormatException("Hash blob with a field and no value");
            }
            final byte[] value = entries.text();
            if (hash instanceof ListpackHash &&
                (field.length > valueLimit || value.length > valueLimit || hash.size() + 1 > entryLimit))
            {
                hash = TableHash.of(hash);
            }
            if (!hash.put(field, 0, field.length, value, 0, value.length))
            {
                throw duplicate("hash");
            }
        }
        return hash.size() == 0 ? null : hash;
    }
}
