package io.krill.core.command;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The "listpack" encoding of a small hash: every entry packed, in insertion order, into one exact-size
 * {@code byte[]}.
 * <p>
 * BACKGROUND: most hashes are small (an object's few attributes), and per-entry objects would cost several times
 * the data. Like Redis's listpack, this keeps a small hash in one allocation: one 16-byte object and one array,
 * with one or two bytes of overhead per string. Lookups scan the entries, which is fast for the at most
 * hash-max-listpack-entries entries (512 by default, 128 in the stock redis.conf) of at most
 * hash-max-listpack-value bytes (64) a listpack may hold; past either limit the command layer converts it to a
 * {@link TableHash}.
 * <pre>
 *   data = count entry*        count: unsigned LEB128 varint, number of fields
 *   entry = field value        field, value: varint length, then the bytes
 * </pre>
 * A position is the offset of an entry's field. Changing the size of an entry builds a new array (as Redis
 * reallocates its listpack), so a hash never carries spare capacity; a value rewritten with the same length is
 * overwritten in place.
 */
final class ListpackHash implements HashValue
{
    private static final byte[] EMPTY = {0};

    private byte[] data;

    ListpackHash()
    {
        data = EMPTY;
    }

    private ListpackHash(final byte[] data)
    {
        this.data = data;
    }

    @Override
    public int size()
    {
        return (int)Varint.read(data, 0);
    }

    @Override
    public int find(final byte[] field, final int offset, final int length)
    {
        final byte[] data = this.data;
        for (int p = first(); p >= 0; p = next(p))
        {
            if (Varint.read(data, p) == length)
            {
                final int start = p + Varint.size(length);
                if (Arrays.equals(data, start, start + length, field, offset, offset + length))
                {
                    return p;
                }
            }
        }
        return -1;
    }

    @Override
    public int first()
    {
        final int header = Varint.size(data, 0);
        return header < data.length ? header : -1;
    }

    @Override
    public int next(final int position)
    {
        final int next = skip(skip(position));
        return next < data.length ? next : -1;
    }

    @Override
    public int random(final SplittableRandom random)
    {
        int p = first();
        for (int i = random.nextInt(size()); i > 0; i--)
        {
            p = next(p);
        }
        return p;
    }

    @Override
    public byte[] fieldBytes(final int position)
    {
        return data;
    }

    @Override
    public int fieldOffset(final int position)
    {
        return position + Varint.size(data, position);
    }

    @Override
    public int fieldLength(final int position)
    {
        return (int)Varint.read(data, position);
    }

    @Override
    public byte[] valueBytes(final int position)
    {
        return data;
    }

    @Override
    public int valueOffset(final int position)
    {
        final int value = skip(position);
        return value + Varint.size(data, value);
    }

    @Override
    public int valueLength(final int position)
    {
        return (int)Varint.read(data, skip(position));
    }

    @Override
    public boolean put(final byte[] field, final int fieldOffset, final int fieldLength, final byte[] value,
        final int valueOffset, final int valueLength)
    {
        final int position = find(field, fieldOffset, fieldLength);
        if (position >= 0)
        {
            final int valueAt = skip(position);
            if (Varint.read(data, valueAt) == valueLength)
            {
                System.arraycopy(value, valueOffset, data, valueAt + Varint.size(valueLength), valueLength);
            }
            else
            {
                data = splice(size(), valueAt, skip(valueAt), null, 0, 0, value, valueOffset, valueLength);
            }
            return false;
        }
        data = splice(size() + 1, data.length, data.length, field, fieldOffset, fieldLength, value, valueOffset,
            valueLength);
        return true;
    }

    @Override
    public boolean remove(final byte[] field, final int offset, final int length)
    {
        final int position = find(field, offset, length);
        if (position < 0)
        {
            return false;
        }
        data = splice(size() - 1, position, skip(skip(position)), null, 0, 0, null, 0, 0);
        return true;
    }

    @Override
    public String encoding()
    {
        return "listpack";
    }

    @Override
    public HashValue copy()
    {
        return new ListpackHash(data.clone());
    }

    /** Bytes used by the entries, for tests. */
    int dataLength()
    {
        return data.length;
    }

    /** Offset just past the string (length and bytes) at {@code offset}. */
    private int skip(final int offset)
    {
        final long length = Varint.read(data, offset);
        return offset + Varint.size(length) + (int)length;
    }

    /**
     * A new data array: count {@code count}, the entries before {@code cutStart}, then the field (if
     * {@code field} is not null) and the value (if {@code value} is not null) as strings, then the entries from
     * {@code cutEnd} on.
     */
    private byte[] splice(final int count, final int cutStart, final int cutEnd, final byte[] field,
        final int fieldOffset, final int fieldLength, final byte[] value, final int valueOffset,
        final int valueLength)
    {
        final int oldHeader = Varint.size(data, 0);
        final int header = Varint.size(count);
        int inserted = 0;
        if (field != null)
        {
            inserted += Varint.size(fieldLength) + fieldLength;
        }
        if (value != null)
        {
            inserted += Varint.size(valueLength) + valueLength;
        }
        final byte[] result =
            new byte[header + (cutStart - oldHeader) + inserted + (data.length - cutEnd)];
        int at = Varint.write(result, 0, count);
        System.arraycopy(data, oldHeader, result, at, cutStart - oldHeader);
        at += cutStart - oldHeader;
        if (field != null)
        {
            at = Varint.write(result, at, fieldLength);
            System.arraycopy(field, fieldOffset, result, at, fieldLength);
            at += fieldLength;
        }
        if (value != null)
        {
            at = Varint.write(result, at, valueLength);
            System.arraycopy(value, valueOffset, result, at, valueLength);
            at += valueLength;
        }
        System.arraycopy(data, cutEnd, result, at, data.length - cutEnd);
        return result;
    }
}
