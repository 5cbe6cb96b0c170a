package io.krill.core.command;

/**
 * A string value with spare capacity, grown by APPEND and SETRANGE (Redis's "raw" encoding).
 */
final class MutableString
{
    byte[] bytes;
    int length;

    MutableString(final byte[] bytes, final int length)
    {
        this.bytes = bytes;
        this.length = length;
    }

    /** Makes room for {@code newLength} bytes, doubling like Redis's sds up to 1 MB, then growing by 1 MB. */
    void ensureCapacity(final int newLength)
    {
        if (newLength > bytes.length)
        {
            final int capacity = newLength < 1024 * 1024 ? newLength * 2 : newLength + 1024 * 1024;
            bytes = java.util.Arrays.copyOf(bytes, Math.max(newLength, capacity));
        }
    }
}
