package io.krill.core.command;

import java.util.Arrays;

/**
 * The "hashtable" encoding of a hash: fields and values in a {@link FieldTable}. Used once a hash outgrows
 * hash-max-listpack-entries or holds a string longer than hash-max-listpack-value; never converted back.
 * Positions are bucket indexes; iteration order is the table's (Redis leaves it unspecified too).
 */
final class TableHash extends FieldTable implements HashValue
{
    TableHash(final int expectedSize)
    {
        super(expectedSize, true);
    }

    private TableHash(final TableHash source)
    {
        super(source);
    }

    /** The same entries as {@code source}, in a table. */
    static TableHash of(final HashValue source)
    {
        final TableHash table = new TableHash(source.size());
        for (int p = source.first(); p >= 0; p = source.next(p))
        {
            table.insert(
                Arrays.copyOfRange(source.fieldBytes(p), source.fieldOffset(p),
                    source.fieldOffset(p) + source.fieldLength(p)),
                Arrays.copyOfRange(source.valueBytes(p), source.valueOffset(p),
                    source.valueOffset(p) + source.valueLength(p)));
        }
        return table;
    }

    @Override
    public int next(final int position)
    {
        return nextOccupied(position + 1);
    }

    @Override
    public byte[] fieldBytes(final int position)
    {
        return keyAt(position);
    }

    @Override
    public int fieldOffset(final int position)
    {
        return 0;
    }

    @Override
    public int fieldLength(final int position)
    {
        return keyAt(position).length;
    }

    @Override
    public byte[] valueBytes(final int position)
    {
        return valueAt(position);
    }

    @Override
    public int valueOffset(final int position)
    {
        return 0;
    }

    @Override
    public int valueLength(final int position)
    {
        return valueAt(position).length;
    }

    @Override
    public boolean put(final byte[] field, final int fieldOffset, final int fieldLength, final byte[] value,
        final int valueOffset, final int valueLength)
    {
        final byte[] copy = Arrays.copyOfRange(value, valueOffset, valueOffset + valueLength);
        final int position = find(field, fieldOffset, fieldLength);
        if (position >= 0)
        {
            // a new array, never an overwrite: stored elements are immutable, so copies may share them
            valueAt(position, copy);
            return false;
        }
        insert(Arrays.copyOfRange(field, fieldOffset, fieldOffset + fieldLength), copy);
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
        removeAt(position);
        return true;
    }

    @Override
    public String encoding()
    {
        return "hashtable";
    }

    @Override
    public HashValue copy()
    {
        return new TableHash(this);
    }
}
