package io.krill.core.resp;

import java.nio.charset.StandardCharsets;

/**
 * The arguments of one decoded command, as views into the bytes they were decoded from.
 * <p>
 * A view is valid only while the command runs: the connection reuses the bytes afterwards, so a command that
 * keeps an argument (a key or value it stores) copies it with {@link #copy(int)}. Reused for every command on a
 * connection, so decoding allocates nothing once the arrays have grown to the widest command seen.
 */
public final class CommandArgs
{
    private byte[][] buffers = new byte[8][];
    private int[] offsets = new int[8];
    private int[] lengths = new int[8];
    private int count;

    public int count()
    {
        return count;
    }

    public byte[] buffer(final int index)
    {
        return buffers[index];
    }

    public int offset(final int index)
    {
        return offsets[index];
    }

    public int length(final int index)
    {
        return lengths[index];
    }

    public byte[] copy(final int index)
    {
        final byte[] copy = new byte[lengths[index]];
        System.arraycopy(buffers[index], offsets[index], copy, 0, copy.length);
        return copy;
    }

    /** The argument as a Java string (bytes taken as UTF-8). Allocates: not for hot paths. */
    public String string(final int index)
    {
        return new String(buffers[index], offsets[index], lengths[index], StandardCharsets.UTF_8);
    }

    /** True if the argument equals {@code lowerCaseAscii} ignoring ASCII case. */
    public boolean is(final int index, final byte[] lowerCaseAscii)
    {
        final int length = lengths[index];
        if (length != lowerCaseAscii.length)
        {
            return false;
        }
        final byte[] buffer = buffers[index];
        final int offset = offsets[index];
        for (int i = 0; i < length; i++)
        {
            final int b = buffer[offset + i];
            final int lower = b >= 'A' && b <= 'Z' ? b + 32 : b;
            if (lower != lowerCaseAscii[i])
            {
                return false;
            }
        }
        return true;
    }

    /** True if the argument equals {@code lowerCaseAscii} ignoring ASCII case; allocation free for literals. */
    public boolean is(final int index, final String lowerCaseAscii)
    {
        final int length = lengths[index];
        if (length != lowerCaseAscii.length())
        {
            return false;
        }
        final byte[] buffer = buffers[index];
        final int offset = offsets[index];
        for (int i = 0; i < length; i++)
        {
            final int b = buffer[offset + i];
            final int lower = b >= 'A' && b <= 'Z' ? b + 32 : b;
            if (lower != lowerCaseAscii.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses the argument as a signed 64-bit decimal the way Redis's {@code string2ll} does: no leading '+',
     * no leading zeros (except "0"), no spaces, no overflow.
     *
     * @throws CommandException {@code ERR value is not an integer or out of range} otherwise.
     */
    public long longValue(final int index)
    {
        final long value = Numbers.parseLong(buffers[index], offsets[index], lengths[index]);
        if (value == Numbers.INVALID && !Numbers.isLongMinValue(buffers[index], offsets[index], lengths[index]))
        {
            throw CommandException.NOT_AN_INTEGER;
        }
        return value;
    }

    /** Like {@link #longValue(int)}, with {@code error} thrown when the argument is not a valid integer. */
    public long longValue(final int index, final CommandException error)
    {
        final long value = Numbers.parseLong(buffers[index], offsets[index], lengths[index]);
        if (value == Numbers.INVALID && !Numbers.isLongMinValue(buffers[index], offsets[index], lengths[index]))
        {
            throw error;
        }
        return value;
    }

    /** True if the argument is a valid {@code string2ll} integer. */
    public boolean isLong(final int index)
    {
        return Numbers.parseLong(buffers[index], offsets[index], lengths[index]) != Numbers.INVALID ||
            Numbers.isLongMinValue(buffers[index], offsets[index], lengths[index]);
    }

    /** Empties the arguments (keeps the arrays). */
    public void clear()
    {
        count = 0;
    }

    /** Adds a view of {@code length} bytes of {@code buffer}; the bytes are referenced, not copied. */
    public void add(final byte[] buffer, final int offset, final int length)
    {
        if (count == buffers.length)
        {
            final int capacity = count * 2;
            buffers = java.util.Arrays.copyOf(buffers, capacity);
            offsets = java.util.Arrays.copyOf(offsets, capacity);
            lengths = java.util.Arrays.copyOf(lengths, capacity);
        }
        buffers[count] = buffer;
        offsets[count] = offset;
        lengths[count] = length;
        count++;
    }

    /** Builds arguments from Java values; for tests and the in-process API (allocates). */
    public static CommandArgs of(final String... args)
    {
        final CommandArgs commandArgs = new CommandArgs();
        for (final String arg : args)
        {
            final byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            commandArgs.add(bytes, 0, bytes.length);
        }
        return commandArgs;
    }

    /** Replaces the arguments with {@code args}; the arrays are referenced, not copied. */
    public void set(final byte[]... args)
    {
        clear();
        for (final byte[] arg : args)
        {
            add(arg, 0, arg.length);
        }
    }

    /** Drops the first {@code n} arguments (used to run {@code COMMAND ...} style wrappers' inner commands). */
    public void shift(final int n)
    {
        System.arraycopy(buffers, n, buffers, 0, count - n);
        System.arraycopy(offsets, n, offsets, 0, count - n);
        System.arraycopy(lengths, n, lengths, 0, count - n);
        count -= n;
    }
}
