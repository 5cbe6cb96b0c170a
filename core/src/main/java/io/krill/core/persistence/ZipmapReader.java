package io.krill.core.persistence;

/**
 * Walks a zipmap blob (RDB type HASH_ZIPMAP, Redis 2.x small hashes): alternately a key and a value entry.
 * <pre>
 *   zipmap = count(1 byte, 254+ = unknown) (length key length free value free-bytes)* 0xFF
 *   length = 1 byte below 254, or 254 + u32 LE
 * </pre>
 */
public final class ZipmapReader extends PackedEntries
{
    private boolean atValue;
    private int declared;

    public ZipmapReader open(final byte[] blob) throws RdbFormatException
    {
        this.blob = blob;
        if (blob.length < 2 || (blob[blob.length - 1] & 0xff) != 0xff)
        {
            throw corrupt("bad terminator");
        }
        declared = blob[0] & 0xff;
        position = 1;
        end = blob.length - 1;
        atValue = false;
        return this;
    }

    @Override
    public int declaredCount()
    {
        return declared >= 254 ? -1 : declared * 2;
    }

    @Override
    public boolean next() throws RdbFormatException
    {
        if (position == end)
        {
            if (atValue)
            {
                throw corrupt("key without value");
            }
            return false;
        }
        integerEntry = false;
        need(1);
        final int first = blob[position] & 0xff;
        if (first < 254)
        {
            length = first;
            position += 1;
        }
        else if (first == 254)
        {
            need(5);
            final long len = littleEndian(position + 1, 4);
            if (len > Integer.MAX_VALUE)
            {
                throw corrupt("string too long");
            }
            length = (int)len;
            position += 5;
        }
        else
        {
            throw corrupt("unexpected end marker");
        }
        int free = 0;
        if (atValue)
        {
            need(1);
            free = blob[position] & 0xff;
            position += 1;
        }
        offset = position;
        need(length + free);
        position += length + free;
        atValue = !atValue;
        return true;
    }

    @Override
    protected String kind()
    {
        return "zipmap";
    }
}
