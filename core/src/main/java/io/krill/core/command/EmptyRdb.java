package io.krill.core.command;

import java.io.IOException;

/**
 * TEMPORARY, until the RDB codec (branch {@code rdb}, {@code io.krill.core.persistence}) is merged: the smallest
 * RDB file a Redis 7.0 replica loads, {@code REDIS0010}, the EOF opcode and a zero checksum (which tells Redis
 * the checksum is disabled), and a check that a received RDB holds no keys.
 * <p>
 * TODO(lead): delete this class when {@link FullSyncSnapshot} uses RdbWriter/RdbReader.
 */
final class EmptyRdb
{
    static final byte[] BYTES = {'R', 'E', 'D', 'I', 'S', '0', '0', '1', '0', (byte)0xFF, 0, 0, 0, 0, 0, 0, 0, 0};

    private static final int OPCODE_AUX = 0xFA;
    private static final int OPCODE_EOF = 0xFF;

    private EmptyRdb()
    {
    }

    /**
     * Accepts an RDB made only of aux fields (what a master with an empty data set sends); refuses anything that
     * holds data, since only the real reader can load it.
     */
    static void requireEmpty(final byte[] rdb, final int length) throws IOException
    {
        if (length < 9 || rdb[0] != 'R' || rdb[1] != 'E' || rdb[2] != 'D' || rdb[3] != 'I' || rdb[4] != 'S')
        {
            throw new IOException("not an RDB file");
        }
        int at = 9;
        while (at < length)
        {
            final int opcode = rdb[at++] & 0xFF;
            if (opcode == OPCODE_EOF)
            {
                return;
            }
            if (opcode != OPCODE_AUX)
            {
                throw new IOException("RDB with data (opcode 0x" + Integer.toHexString(opcode) + "): loading it " +
                    "needs the RDB reader (not merged yet)");
            }
            at = skipString(rdb, skipString(rdb, at, length), length);
        }
        throw new IOException("RDB ends without EOF opcode");
    }

    private static int skipString(final byte[] rdb, final int from, final int length) throws IOException
    {
        if (from >= length)
        {
            throw new IOException("truncated RDB");
        }
        final int first = rdb[from] & 0xFF;
        switch (first >> 6)
        {
            case 0:
                return from + 1 + (first & 0x3F);
            case 1:
                return from + 2 + ((first & 0x3F) << 8 | rdb[from + 1] & 0xFF);
            case 2:
                if (first == 0x80)
                {
                    return from + 5 + (int)readBigEndian(rdb, from + 1, 4);
                }
                return from + 9 + (int)readBigEndian(rdb, from + 1, 8);
            default:
                switch (first & 0x3F)
                {
                    case 0:
                        return from + 2;
                    case 1:
                        return from + 3;
                    case 2:
                        return from + 5;
                    default:
                        throw new IOException("compressed aux field: needs the RDB reader (not merged yet)");
                }
        }
    }

    private static long readBigEndian(final byte[] bytes, final int from, final int count)
    {
        long value = 0;
        for (int i = 0; i < count; i++)
        {
            value = value << 8 | bytes[from + i] & 0xFF;
        }
        return value;
    }
}
