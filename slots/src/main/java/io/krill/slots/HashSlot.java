package io.krill.slots;

/**
 * Placeholder until the slots module lands: CRC16/XMODEM and the hash-tag rule.
 */
public final class HashSlot
{
    public static final int SLOT_COUNT = 16384;
    private static final int[] TABLE = new int[256];

    static
    {
        for (int i = 0; i < 256; i++)
        {
            int crc = i << 8;
            for (int j = 0; j < 8; j++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private HashSlot()
    {
    }

    public static int crc16(final byte[] bytes, final int offset, final int length)
    {
        int crc = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    public static int slot(final byte[] key)
    {
        return slot(key, 0, key.length);
    }

    public static int slot(final byte[] key, final int offset, final int length)
    {
        final int end = offset + length;
        for (int s = offset; s < end; s++)
        {
            if (key[s] == '{')
            {
                for (int e = s + 1; e < end; e++)
                {
                    if (key[e] == '}')
                    {
                        if (e == s + 1)
                        {
                            break;
                        }
                        return crc16(key, s + 1, e - s - 1) & 0x3FFF;
                    }
                }
                break;
            }
        }
        return crc16(key, offset, length) & 0x3FFF;
    }
}
