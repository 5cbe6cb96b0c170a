package io.krill.core.command;

import java.util.Arrays;

/**
 * A string value that is not a plain exact-length {@code byte[]}: either grown in place by APPEND and SETRANGE
 * (spare capacity, Redis's "raw" encoding), or the text INCRBYFLOAT wrote, which Redis never stores as "int"
 * even when it looks like one.
 */
final class MutableString
{
    byte[] bytes;
    int length;
    /**
     * True once the string was edited in place (APPEND, SETRANGE): Redis then reports "raw" at any length.
     * False for whole text written by INCRBYFLOAT: "embstr" up to 44 bytes, "raw" beyond.
     */
    boolean edited;

    MutableString(final byte[] bytes, final int length)
    {
        this(bytes, length, true);
    }

    MutableString(final byte[] bytes, final int length, final boolean edited)
    {
        this.bytes = bytes;
        this.length = length;
        this.edited = edited;
    }

    /** Makes room for {@code newLength} bytes, doubling like Redis's sds up to 1 MB, then growing by 1 MB. */
    void ensureCapacity(final int newLength)
    {
        if (newLength > bytes.length)
        {
            final long capacity = newLength < 1024 * 1024 ? newLength * 2L : newLength + 1024L * 1024;
            bytes = Arrays.copyOf(bytes, (int)Math.min(capacity, Integer.MAX_VALUE - 8));
        }
    }
}
