package io.krill.core.persistence;

/**
 * Walks a listpack blob (see {@link ListpackWriter} for the layout), validating its header, every entry's bounds
 * and back-length, and its terminator. Reusable: {@link #open} each blob.
 */
public final class ListpackReader extends PackedEntries
{
    private int declared;

    /** Starts a walk over {@code blob[0, blob.length)}. */
    public ListpackReader open(final byte[] blob) throws RdbFormatException
    {
        this.blob = blob;
        if (blob.length < ListpackWriter.HEADER_BYTES + 1)
        {
            throw corrupt("too short");
        }
        final long total = blob[0] & 0xffL | (blob[1] & 0xffL) << 8 | (blob[2] & 0xffL) << 16 |
            (blob[3] & 0xffL) << 24;
        if (total != blob.length || (blob[blob.length - 1] & 0xff) != 0xff)
        {
            throw corrupt("bad header or terminator");
        }
        declared = blob[4] & 0xff | (blob[5] & 0xff) << 8;
        position = ListpackWriter.HEADER_BYTES;
        end = blob.length - 1;
        return this;
    }

    @Override
    public int declaredCount()
    {
        return declared == 65535 ? -1 : declared;
    }

    @Override
    public boolean next() throws RdbFormatException
    {
        if (position == end)
        {
            return false;
        }
        final int start = position;
        final int b = blob[position] & 0xff;
        integerEntry = true;
        if (b < 0x80)
        {
            integer = b;
            position += 1;
        }
        else if (b < 0xc0)
        {
            integerEntry = false;
            length = b & 0x3f;
            offset = position + 1;
            position = offset;
            need(length);
            position += length;
        }
        else if (b < 0xe0)
        {
            need(2);
            final int v = (b & 0x1f) << 8 | blob[position + 1] & 0xff;
            integer = v >= 1 << 12 ? v - (1 << 13) : v;
            position += 2;
        }
        else if (b < 0xf0)
        {
            need(2);
            integerEntry = false;
            length = (b & 0x0f) << 8 | blob[position + 1] & 0xff;
            offset = position + 2;
            position = offset;
            need(length);
            position += length;
        }
        else
        {
            switch (b)
            {
                case 0xf0:
                    need(5);
                    final long len = littleEndian(position + 1, 4);
                    if (len > Integer.MAX_VALUE)
                    {
                        throw corrupt("string too long");
                    }
                    integerEntry = false;
                    length = (int)len;
                    offset = position + 5;
                    position = offset;
                    need(length);
                    position += length;
                    break;
                case 0xf1:
                    need(3);
                    integer = (short)littleEndian(position + 1, 2);
                    position += 3;
                    break;
                case 0xf2:
                    need(4);
                    integer = (int)(littleEndian(position + 1, 3) << 8) >> 8;
                    position += 4;
                    break;
                case 0xf3:
                    need(5);
                    integer = (int)littleEndian(position + 1, 4);
                    position += 5;
                    break;
                case 0xf4:
                    need(9);
                    integer = littleEndian(position + 1, 8);
                    position += 9;
                    break;
                default:
                    throw corrupt("bad entry encoding " + b);
            }
        }
        checkBackLength(position - start);
        return true;
    }

    /** The back-length must be the forward size, in Redis's layout (high bits first, continuation bits after). */
    private void checkBackLength(final int encodedBytes) throws RdbFormatException
    {
        final int bytes = encodedBytes <= 127 ? 1 : encodedBytes < 16383 ? 2 : encodedBytes < 2097151 ? 3 :
            encodedBytes < 268435455 ? 4 : 5;
        need(bytes);
        for (int i = 0; i < bytes; i++)
        {
            final int shift = 7 * (bytes - 1 - i);
            final int expected = (encodedBytes >>> shift & 127) | (i == 0 ? 0 : 128);
            if ((blob[position + i] & 0xff) != expected)
            {
                throw corrupt("back-length mismatch");
            }
        }
        position += bytes;
    }

    @Override
    protected String kind()
    {
        return "listpack";
    }
}
