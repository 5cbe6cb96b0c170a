package io.krill.core.command;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Austin Appleby's MurmurHash2 in its 64-bit "A" variant, reading 8-byte blocks little-endian on every platform:
 * the hash Redis's HyperLogLog uses to pick a register and a run length, so Krill must compute it bit for bit.
 */
final class MurmurHash64A
{
    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;
    private static final VarHandle LONGS_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private MurmurHash64A()
    {
    }

    /** The hash of {@code length} bytes at {@code offset}; {@code seed} is taken as an unsigned 32-bit value. */
    static long hash(final byte[] data, final int offset, final int length, final int seed)
    {
        long h = (seed & 0xFFFFFFFFL) ^ (length * M);
        final int blocksEnd = offset + (length & ~7);
        for (int i = offset; i < blocksEnd; i += 8)
        {
            long k = (long)LONGS_LE.get(data, i);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        final int tail = length & 7;
        if (tail > 0)
        {
            // the last 1..7 bytes, little-endian, mixed in once
            for (int i = tail - 1; i >= 0; i--)
            {
                h ^= (data[blocksEnd + i] & 0xFFL) << (8 * i);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }
}
