package io.krill.core.command;

import io.krill.core.resp.Numbers;
import io.krill.core.resp.RespEncoder;

import java.util.SplittableRandom;

/**
 * A reusable view of a set value of either encoding, so that the set algebra (SINTER, SUNION, SDIFF, ...) and the
 * replies walk intsets and tables alike. Positions are array indexes in an intset (ascending order, as Redis
 * replies) and buckets in a table. Valid until the set is modified.
 */
final class SetView implements ElementWalk
{
    static final int MAX_DIGITS = 20;

    private final byte[] digits = new byte[MAX_DIGITS];
    private Object set;
    private TableSet table;

    SetView wrap(final Object set)
    {
        this.set = set;
        this.table = set instanceof TableSet ? (TableSet)set : null;
        return this;
    }

    Object set()
    {
        return set;
    }

    boolean isIntset()
    {
        return table == null;
    }

    @Override
    public int size()
    {
        return table != null ? table.size() : Intset.size(set);
    }

    @Override
    public int first()
    {
        if (table != null)
        {
            return table.first();
        }
        return Intset.size(set) > 0 ? 0 : -1;
    }

    @Override
    public int next(final int position)
    {
        if (table != null)
        {
            return table.nextOccupied(position + 1);
        }
        return position + 1 < Intset.size(set) ? position + 1 : -1;
    }

    @Override
    public int random(final SplittableRandom random)
    {
        return table != null ? table.random(random) : random.nextInt(Intset.size(set));
    }

    /** The member at {@code position} of an intset. */
    long intAt(final int position)
    {
        return Intset.get(set, position);
    }

    /** The member's bytes, from offset 0; for an intset a scratch array overwritten by the next call. */
    byte[] bytes(final int position)
    {
        if (table != null)
        {
            return table.keyAt(position);
        }
        writeDecimal(digits, Intset.get(set, position));
        return digits;
    }

    int length(final int position)
    {
        if (table != null)
        {
            return table.keyAt(position).length;
        }
        return Numbers.decimalLength(Intset.get(set, position));
    }

    boolean contains(final byte[] member, final int offset, final int length)
    {
        return SetValues.contains(set, member, offset, length);
    }

    /** True if the member at {@code position} of {@code other} is in this set. */
    boolean containsMemberOf(final SetView other, final int position)
    {
        if (table == null && other.table == null)
        {
            return Intset.contains(set, other.intAt(position));
        }
        if (table == null)
        {
            // a table member that is not an integer cannot be in an intset
            final byte[] member = other.bytes(position);
            return contains(member, 0, member.length);
        }
        return table.find(other.bytes(position), 0, other.length(position)) >= 0;
    }

    void write(final RespEncoder out, final int position)
    {
        if (table != null)
        {
            out.bulk(table.keyAt(position));
        }
        else
        {
            out.bulkDecimal(Intset.get(set, position));
        }
    }

    /** Writes the decimal form of {@code value} at the start of {@code to}; returns its length. */
    static int writeDecimal(final byte[] to, final long value)
    {
        final int length = Numbers.decimalLength(value);
        if (value == Long.MIN_VALUE)
        {
            final byte[] min = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, to, 0, length);
            return length;
        }
        long v = Math.abs(value);
        int i = length;
        do
        {
            to[--i] = (byte)('0' + v % 10);
            v /= 10;
        }
        while (v != 0);
        if (value < 0)
        {
            to[0] = '-';
        }
        return length;
    }
}
