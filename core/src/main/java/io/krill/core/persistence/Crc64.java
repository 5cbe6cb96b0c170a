package io.krill.core.persistence;

/**
 * The CRC-64 Redis puts at the end of RDB files and DUMP payloads: the "Jones" polynomial (0xad93d23594c935a9),
 * reflected input and output, initial value 0, no final xor. Check value: "123456789" gives 0xe9c6d914c4b8d9ca.
 * <p>
 * Slicing-by-8 tables: an RDB of a large keyspace is checksummed as it is written and read, so this runs over
 * every byte of a full sync.
 */
public final class Crc64
{
    /** The reflected form of the Jones polynomial. */
    private static final long POLY = 0x95ac9329ac4bc9b5L;
    private static final long[][] TABLES = new long[8][256];

    static
    {
        for (int n = 0; n < 256; n++)
        {
            long crc = n;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLES[0][n] = crc;
        }
        for (int n = 0; n < 256; n++)
        {
            long crc = TABLES[0][n];
            for (int t = 1; t < 8; t++)
            {
                crc = TABLES[0][(int)(crc & 0xff)] ^ (crc >>> 8);
                TABLES[t][n] = crc;
            }
        }
    }

    private Crc64()
    {
    }

    /** Continues {@code crc} over {@code bytes[offset, offset + length)}. */
    public static long update(final long crc, final byte[] bytes, final int offset, final int length)
    {
        long c = crc;
        int i = offset;
        final int end = offset + length;
        final long[] t0 = TABLES[0];
        while (end - i >= 8)
        {
            c ^= (bytes[i] & 0xffL) | (bytes[i + 1] & 0xffL) << 8 | (bytes[i + 2] & 0xffL) << 16 |
                (bytes[i + 3] & 0xffL) << 24 | (bytes[i + 4] & 0xffL) << 32 | (bytes[i + 5] & 0xffL) << 40 |
                (bytes[i + 6] & 0xffL) << 48 | (bytes[i + 7] & 0xffL) << 56;
            c = TABLES[7][(int)(c & 0xff)] ^ TABLES[6][(int)(c >>> 8 & 0xff)] ^
                TABLES[5][(int)(c >>> 16 & 0xff)] ^ TABLES[4][(int)(c >>> 24 & 0xff)] ^
                TABLES[3][(int)(c >>> 32 & 0xff)] ^ TABLES[2][(int)(c >>> 40 & 0xff)] ^
                TABLES[1][(int)(c >>> 48 & 0xff)] ^ t0[(int)(c >>> 56)];
            i += 8;
        }
        while (i < end)
        {
            c = t0[(int)((c ^ bytes[i]) & 0xff)] ^ (c >>> 8);
            i++;
        }
        return c;
    }

    public static long of(final byte[] bytes, final int offset, final int length)
    {
        return update(0, bytes, offset, length);
    }
}
