package io.krill.core.persistence;

/**
 * Walks a ziplist blob, the packed encoding of RDB files before version 10 (types LIST_ZIPLIST, ZSET_ZIPLIST,
 * HASH_ZIPLIST and quicklist version 1 nodes), so older RDB files and DUMP payloads still load.
 * <pre>
 *   ziplist = total-bytes(u32 LE) tail-offset(u32 LE) count(u16 LE) entry* 0xFF
 *   entry   = previous-length(1 byte, or 0xFE + u32 LE) encoding data
 * </pre>
 */
public final class ZiplistReader extends PackedEntries
{
    private static final int HEADER_BYTES = 10;
    private int declared;

    public ZiplistReader open(final byte[] blob) throws RdbFormatException
    {
        this.blob = blob;
        if (blob.length < HEADER_BYTES + 1)
        {
            throw corrupt("too short");
        }
        final long total = blob[0] & 0xffL | (blob[1] & 0xffL) << 8 | (blob[2] & 0xffL) << 16 |
            (blob[3] & 0xffL) << 24;
        if (total != blob.length || (blob[blob.length - 1] & 0xff) != 0xff)
        {
            throw corrupt("bad header or terminator");
        }
        declared = blob[8] & 0xff | (blob[9] & 0xff) << 8;
        position = HEADER_BYTES;
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
        need(1);
        position += (blob[position] & 0xff) < 254 ? 1 : 5;
        need(1);
        final int b = blob[position] & 0xff;
        integerEntry = false;
        switch (b >>> 6)
        {
            case 0:
                length = b & 0x3f;
                offset = position + 1;
                break;
            case 1:
                need(2);
                length = (b & 0x3f) << 8 | blob[position + 1] & 0xff;
                offset = position + 2;
                break;
            case 2:
                need(5);
                final long len = (blob[position + 1] & 0xffL) << 24 | (blob[position + 2] & 0xffL) << 16 |
                    (blob[position + 3] & 0xffL) << 8 | blob[position + 4] & 0xffL;
                if (len > Integer.MAX_VALUE)
                {
                    throw corrupt("string too long");
                }
                length = (int)len;
                offset = position + 5;
                break;
            default:
                integerEntry = true;
                readInteger(b);
                return true;
        }
        position = offset;
        need(length);
        position += length;
        return true;
    }

    private void readInteger(final int b) throws RdbFormatException
    {
        final int width;
        switch (b)
        {
            case 0xc0:
                width = 2;
                break;
            case 0xd0:
                width = 4;
                break;
            case 0xe0:
                width = 8;
                break;
            case 0xf0:
                width = 3;
                break;
            case 0xfe:
                width = 1;
                break;
            default:
                if (b >= 0xf1 && b <= 0xfd)
                {
                    integer = (b & 0x0f) - 1;
                    position += 1;
                    return;
                }
                throw corrupt("bad entry encoding " + b);
        }
        need(1 + width);
        final long raw = littleEndian(position + 1, width);
        integer = raw << (64 - 8 * width) >> (64 - 8 * width);
        position += 1 + width;
    }

    @Override
    protected String kind()
    {
        return "ziplist";
    }
}
