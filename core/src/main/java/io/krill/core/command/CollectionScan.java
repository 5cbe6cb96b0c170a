package io.krill.core.command;

import io.krill.core.glob.GlobPattern;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;
import org.agrona.collections.IntArrayList;

/**
 * The options and reply of HSCAN and SSCAN ({@code [MATCH pattern] [COUNT count]}), parsed as Redis 7.0's
 * scanGenericCommand does: COUNT must be a positive integer, an option without its argument or an unknown one is a
 * syntax error, repeats are allowed (the last wins). Also holds the positions one call collects. Reused by every
 * call of a command family.
 */
final class CollectionScan
{
    static final int DEFAULT_COUNT = 10;
    private static final byte[] EMPTY_SCAN_CURSOR = {'0'};

    final IntArrayList positions = new IntArrayList();
    private long count;
    private int patternArg;

    /** Parses the options from argument {@code from} on. */
    void parse(final CommandArgs args, final int from)
    {
        count = DEFAULT_COUNT;
        patternArg = -1;
        positions.clear();
        for (int i = from; i < args.count(); i += 2)
        {
            if (i + 1 >= args.count())
            {
                throw CommandException.SYNTAX;
            }
            if (args.is(i, "count"))
            {
                count = args.longValue(i + 1);
                if (count < 1)
                {
                    throw CommandException.SYNTAX;
                }
            }
            else if (args.is(i, "match"))
            {
                // MATCH * filters nothing: skip the matcher, as Redis does
                patternArg = args.length(i + 1) == 1 && args.buffer(i + 1)[args.offset(i + 1)] == '*' ? -1 : i + 1;
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }
    }

    long count()
    {
        return count;
    }

    boolean matches(final CommandArgs args, final byte[] bytes, final int offset, final int length)
    {
        return patternArg < 0 || GlobPattern.matches(args.buffer(patternArg), args.offset(patternArg),
            args.length(patternArg), bytes, offset, length, false);
    }

    /** The reply to a scan of a missing key: cursor 0, no elements. */
    static void emptyReply(final RespEncoder out)
    {
        out.array(2);
        out.bulk(EMPTY_SCAN_CURSOR);
        out.array(0);
    }
}
