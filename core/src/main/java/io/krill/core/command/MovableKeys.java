package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.Numbers;

/**
 * Key positions of the Redis 7.0 commands flagged {@code movablekeys}, whose keys depend on their arguments (a
 * {@code numkeys} count, a {@code STREAMS} or {@code STORE} keyword), so the first/last/step metadata cannot
 * give them. Cluster routing needs every key of a command; a command whose arguments are malformed yields the
 * keys Redis would find (often none) and then fails in its own handler.
 * <p>
 * Allocation free: positions are written into the caller's array, which must hold {@code args.count()} entries.
 */
final class MovableKeys
{
    private MovableKeys()
    {
    }

    /**
     * @return how many key positions were written into {@code out}.
     */
    static int find(final String command, final CommandArgs args, final int[] out)
    {
        switch (command)
        {
            case "zunionstore":
            case "zinterstore":
            case "zdiffstore":
                // destination, numkeys, keys...
                return storeAndCounted(args, out);
            case "zunion":
            case "zinter":
            case "zdiff":
            case "sintercard":
            case "zintercard":
            case "lmpop":
            case "zmpop":
                return counted(args, 1, 0, out);
            case "blmpop":
            case "bzmpop":
                // timeout, numkeys, keys...
                return counted(args, 2, 0, out);
            case "eval":
            case "eval_ro":
            case "evalsha":
            case "evalsha_ro":
            case "fcall":
            case "fcall_ro":
                // script or function, numkeys, keys..., args...
                return counted(args, 2, 0, out);
            case "sort":
                return sort(args, out);
            case "sort_ro":
                out[0] = 1;
                return 1;
            case "georadius":
            case "georadiusbymember":
                return geoRadius(args, out);
            case "xread":
            case "xreadgroup":
                return streams(args, out);
            case "migrate":
                return migrate(args, out);
            default:
                return 0;
        }
    }

    /** {@code numkeys} at {@code countIndex}, keys right after it. */
    private static int counted(final CommandArgs args, final int countIndex, final int written, final int[] out)
    {
        if (countIndex >= args.count())
        {
            return written;
        }
        final long keys = Numbers.parseLong(args.buffer(countIndex), args.offset(countIndex), args.length(countIndex));
        if (keys < 1 || keys > args.count() - countIndex - 1)
        {
            return written;
        }
        int count = written;
        for (int i = 0; i < keys; i++)
        {
            out[count++] = countIndex + 1 + i;
        }
        return count;
    }

    private static int storeAndCounted(final CommandArgs args, final int[] out)
    {
        final int keys = counted(args, 2, 1, out);
        if (keys == 1)
        {
            // Redis finds no key at all when numkeys is wrong, not even the destination
            return 0;
        }
        out[0] = 1;
        return keys;
    }

    /** SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination]. */
    private static int sort(final CommandArgs args, final int[] out)
    {
        out[0] = 1;
        int store = -1;
        for (int i = 2; i < args.count(); i++)
        {
            if (args.is(i, "limit"))
            {
                i += 2;
            }
            else if (args.is(i, "get") || args.is(i, "by"))
            {
                i++;
            }
            else if (args.is(i, "store") && i + 1 < args.count())
            {
                store = i + 1;
                i++;
            }
        }
        if (store < 0)
        {
            return 1;
        }
        out[1] = store;
        return 2;
    }

    /** The key, plus the STORE or STOREDIST destination (Redis looks for them from argument 5 on). */
    private static int geoRadius(final CommandArgs args, final int[] out)
    {
        out[0] = 1;
        int store = -1;
        for (int i = 5; i < args.count(); i++)
        {
            if ((args.is(i, "store") || args.is(i, "storedist")) && i + 1 < args.count())
            {
                store = i + 1;
                i++;
            }
        }
        if (store < 0)
        {
            return 1;
        }
        out[1] = store;
        return 2;
    }

    /** The stream names after STREAMS: the first half of what follows it. */
    private static int streams(final CommandArgs args, final int[] out)
    {
        int streamsAt = -1;
        for (int i = 1; i < args.count(); i++)
        {
            if (args.is(i, "block") || args.is(i, "count"))
            {
                i++;
            }
            else if (args.is(i, "group"))
            {
                i += 2;
            }
            else if (args.is(i, "streams"))
            {
                streamsAt = i;
                break;
            }
        }
        if (streamsAt < 0)
        {
            return 0;
        }
        final int rest = args.count() - streamsAt - 1;
        if (rest == 0 || rest % 2 != 0)
        {
            return 0;
        }
        for (int i = 0; i < rest / 2; i++)
        {
            out[i] = streamsAt + 1 + i;
        }
        return rest / 2;
    }

    /** MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS key ...]. */
    private static int migrate(final CommandArgs args, final int[] out)
    {
        if (args.count() > 3 && args.length(3) > 0)
        {
            out[0] = 3;
            return 1;
        }
        for (int i = 6; i < args.count(); i++)
        {
            if (args.is(i, "auth"))
            {
                i++;
            }
            else if (args.is(i, "auth2"))
            {
                i += 2;
            }
            else if (args.is(i, "keys"))
            {
                int count = 0;
                for (int k = i + 1; k < args.count(); k++)
                {
                    out[count++] = k;
                }
                return count;
            }
        }
        return 0;
    }
}
