package io.krill.core.command;

import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.util.Arrays;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence of two strings.
 * <p>
 * BACKGROUND: Redis fills the whole (m+1) x (n+1) table of LCS lengths, 4 bytes a cell, refusing tables larger
 * than proto-max-bulk-len, then walks back from the end: on equal bytes it takes the byte, otherwise it steps
 * towards the larger of the two neighbouring lengths, preferring to drop a byte of the second string on a tie.
 * Which subsequence (and which match ranges) it reports depends on that walk, so it is reproduced exactly.
 * <p>
 * BEHAVIOR: the walk needs, for each cell where the bytes differ, only which neighbour is larger. So the lengths
 * are computed a row at a time and that choice is kept as one bit per cell: 1/32 of Redis's memory for the same
 * answer. The size limit is still Redis's, computed on Redis's table, so the same commands are refused.
 */
final class LcsCommand
{
    private static final CommandException NOT_STRINGS =
        new CommandException("ERR The specified keys must contain string values");
    private static final CommandException LEN_AND_IDX =
        new CommandException("ERR If you want both the length and indexes, please just use IDX.");
    private static final CommandException TOO_LONG = new CommandException("ERR String too long for LCS");
    private static final CommandException TABLE_TOO_LARGE =
        new CommandException("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    private static final CommandException NO_MEMORY =
        new CommandException("ERR Insufficient memory, failed allocating transient memory for LCS");
    /** Redis keeps lengths in 32-bit cells and refuses strings whose length would not fit. */
    private static final long MAX_LENGTH = 0xFFFFFFFFL - 1;
    private static final byte[] EMPTY = new byte[0];

    private final NodeState node;
    private final Keyspace keyspace;

    LcsCommand(final NodeState node)
    {
        this.node = node;
        this.keyspace = node.keyspace();
    }

    void execute(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final Object first = lookup(args, 1);
        final Object second = lookup(args, 2);
        if ((first != null && !StringValues.isString(first)) || (second != null && !StringValues.isString(second)))
        {
            throw NOT_STRINGS;
        }
        boolean idx = false;
        boolean len = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int i = 3; i < args.count(); i++)
        {
            if (args.is(i, "idx"))
            {
                idx = true;
            }
            else if (args.is(i, "len"))
            {
                len = true;
            }
            else if (args.is(i, "withmatchlen"))
            {
                withMatchLen = true;
            }
            else if (args.is(i, "minmatchlen") && i + 1 < args.count())
            {
                minMatchLen = Math.max(args.longValue(++i), 0);
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
        if (idx && len)
        {
            throw LEN_AND_IDX;
        }
        final byte[] a = first == null ? EMPTY : StringValues.bytes(first);
        final int aLength = first == null ? 0 : StringValues.length(first);
        final byte[] b = second == null ? EMPTY : StringValues.bytes(second);
        final int bLength = second == null ? 0 : StringValues.length(second);
        if (aLength >= MAX_LENGTH || bLength >= MAX_LENGTH)
        {
            throw TOO_LONG;
        }
        final long redisTableBytes = (aLength + 1L) * (bLength + 1L) * Integer.BYTES;
        if (redisTableBytes > node.config().protoMaxBulkLenBytes())
        {
            throw TABLE_TOO_LARGE;
        }
        final Walk walk = new Walk(a, aLength, b, bLength, !len || idx);
        if (idx)
        {
            replyRanges(out, walk, minMatchLen, withMatchLen);
        }
        else if (len)
        {
            out.integer(walk.length);
        }
        else
        {
            out.bulk(walk.common, 0, walk.common.length);
        }
    }

    private Object lookup(final CommandArgs args, final int i)
    {
        return keyspace.findForRead(args.buffer(i), args.offset(i), args.length(i)) < 0 ? null : keyspace.value();
    }

    private static void replyRanges(final RespEncoder out, final Walk walk, final long minMatchLen,
        final boolean withMatchLen)
    {
        int kept = 0;
        for (int r = 0; r < walk.rangeCount; r++)
        {
            if (walk.rangeLength(r) >= minMatchLen)
            {
                kept++;
            }
        }
        out.map(2);
        out.bulk("matches");
        out.array(kept);
        for (int r = 0; r < walk.rangeCount; r++)
        {
            final int length = walk.rangeLength(r);
            if (length < minMatchLen)
            {
                continue;
            }
            out.array(withMatchLen ? 3 : 2);
            out.array(2);
            out.integer(walk.ranges[4 * r]);
            out.integer(walk.ranges[4 * r] + length - 1);
            out.array(2);
            out.integer(walk.ranges[4 * r + 1]);
            out.integer(walk.ranges[4 * r + 1] + length - 1);
            if (withMatchLen)
            {
                out.integer(length);
            }
        }
        out.bulk("len");
        out.integer(walk.length);
    }

    /**
     * The LCS of two byte strings and the walk that picks it: the common bytes and the runs of consecutive
     * matches, from the end of the strings towards their start.
     */
    private static final class Walk
    {
        final int length;
        byte[] common;
        /** Per range: start in a, start in b, length, unused. */
        int[] ranges = new int[16];
        int rangeCount;

        Walk(final byte[] a, final int aLength, final byte[] b, final int bLength, final boolean needPath)
        {
            final long words = ((long)aLength * bLength + 63) >>> 6;
            final long[] upBits;
            try
            {
                // like Redis's failed allocation, a table the JVM cannot hold is an error reply, not a crash
                if (needPath && words > Integer.MAX_VALUE - 8)
                {
                    throw new OutOfMemoryError();
                }
                upBits = needPath ? new long[(int)words] : null;
            }
            catch (final OutOfMemoryError ex)
            {
                throw NO_MEMORY;
            }
            length = fill(a, aLength, b, bLength, upBits);
            if (needPath)
            {
                walkBack(a, aLength, b, bLength, upBits);
            }
        }

        int rangeLength(final int r)
        {
            return ranges[4 * r + 2];
        }

        /**
         * Computes LCS lengths row by row; where the bytes differ, records in {@code upBits} (if not null)
         * whether dropping a byte of {@code a} keeps a strictly longer LCS than dropping one of {@code b}.
         */
        private static int fill(final byte[] a, final int aLength, final byte[] b, final int bLength,
            final long[] upBits)
        {
            int[] previous = new int[bLength + 1];
            int[] current = new int[bLength + 1];
            for (int i = 1; i <= aLength; i++)
            {
                final byte ai = a[i - 1];
                final long rowBit = (long)(i - 1) * bLength;
                for (int j = 1; j <= bLength; j++)
                {
                    if (ai == b[j - 1])
                    {
                        current[j] = previous[j - 1] + 1;
                    }
                    else
                    {
                        final int up = previous[j];
                        final int left = current[j - 1];
                        if (up > left)
                        {
                            current[j] = up;
                            if (upBits != null)
                            {
                                final long bit = rowBit + j - 1;
                                upBits[(int)(bit >>> 6)] |= 1L << bit;
                            }
                        }
                        else
                        {
                            current[j] = left;
                        }
                    }
                }
                final int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[bLength];
        }

        private void walkBack(final byte[] a, final int aLength, final byte[] b, final int bLength,
            final long[] upBits)
        {
            common = new byte[length];
            int next = length;
            int i = aLength;
            int j = bLength;
            int runLength = 0;
            while (i > 0 && j > 0)
            {
                if (a[i - 1] == b[j - 1])
                {
                    common[--next] = a[i - 1];
                    runLength++;
                    i--;
                    j--;
                    continue;
                }
                closeRun(i, j, runLength);
                runLength = 0;
                final long bit = (long)(i - 1) * bLength + j - 1;
                if ((upBits[(int)(bit >>> 6)] & (1L << bit)) != 0)
                {
                    i--;
                }
                else
                {
                    j--;
                }
            }
            closeRun(i, j, runLength);
        }

        /** Records the run of {@code runLength} matches that starts at {@code i}, {@code j} (0-based). */
        private void closeRun(final int i, final int j, final int runLength)
        {
            if (runLength == 0)
            {
                return;
            }
            if (4 * rangeCount == ranges.length)
            {
                ranges = Arrays.copyOf(ranges, ranges.length * 2);
            }
            ranges[4 * rangeCount] = i;
            ranges[4 * rangeCount + 1] = j;
            ranges[4 * rangeCount + 2] = runLength;
            rangeCount++;
        }
    }
}
