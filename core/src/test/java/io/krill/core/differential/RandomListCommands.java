package io.krill.core.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws random list commands for {@link RandomCommands}, on the same keys as the string commands, so lists grow,
 * shrink, vanish when emptied and meet WRONGTYPE both ways. Arguments stay near the edges: indexes around the list
 * length and past it, negative counts, zero, unparsable numbers, elements that repeat (so LREM, LPOS and LINSERT
 * find matches) and one element long enough to need a two-byte length.
 * <p>
 * Blocking commands are drawn rarely and only with a 10 ms timeout: each either finds an element at once or times
 * out with a null array on both servers, whatever the timing.
 */
final class RandomListCommands
{
    private static final String[] ELEMENTS = {
        "a", "b", "c", "a", "1", "-1", "", "\u0000\u00ff", "hello world", "x".repeat(200)};
    private static final String[] COUNTS = {"0", "1", "2", "3", "10", "-1", "-2", "x"};

    private final SplittableRandom random;
    private final String[] keys;

    RandomListCommands(final SplittableRandom random, final String[] keys)
    {
        this.random = random;
        this.keys = keys;
    }

    String[] next()
    {
        return switch (random.nextInt(40))
        {
            case 0, 1, 2, 3 -> withElements(pick("LPUSH", "RPUSH"), key());
            case 4, 5 -> withElements(pick("LPUSHX", "RPUSHX"), key());
            case 6, 7 -> new String[] {pick("LPOP", "RPOP"), key()};
            case 8, 9 -> new String[] {pick("LPOP", "RPOP"), key(), pick(COUNTS)};
            case 10 -> new String[] {"LLEN", key()};
            case 11, 12, 13 -> new String[] {"LRANGE", key(), index(), index()};
            case 14, 15 -> new String[] {"LINDEX", key(), index()};
            case 16, 17 -> new String[] {"LSET", key(), index(), element()};
            case 18, 19 -> new String[] {"LINSERT", key(), pick("BEFORE", "AFTER"), element(), element()};
            case 20, 21 -> new String[] {"LREM", key(), pick(COUNTS), element()};
            case 22, 23 -> new String[] {"LTRIM", key(), index(), index()};
            case 24, 25, 26 -> lpos();
            case 27, 28 -> new String[] {"LMOVE", key(), key(), side(), side()};
            case 29 -> new String[] {"RPOPLPUSH", key(), key()};
            case 30, 31 -> lmpop(false);
            case 32 -> new String[] {pick("BLPOP", "BRPOP"), key(), key(), "0.01"};
            case 33 -> new String[] {"BLMOVE", key(), key(), side(), side(), "0.01"};
            case 34 -> lmpop(true);
            case 35 -> new String[] {"TYPE", key()};
            case 36 -> new String[] {"OBJECT", "ENCODING", key()};
            case 37 -> new String[] {"COPY", key(), key(), "REPLACE"};
            default -> new String[] {"LRANGE", key(), "0", "-1"};
        };
    }

    private String[] withElements(final String command, final String key)
    {
        final int count = 1 + random.nextInt(4);
        final String[] args = new String[2 + count];
        args[0] = command;
        args[1] = key;
        for (int i = 0; i < count; i++)
        {
            args[2 + i] = element();
        }
        return args;
    }

    private String[] lpos()
    {
        final List<String> args = new ArrayList<>(List.of("LPOS", key(), element()));
        if (random.nextInt(3) == 0)
        {
            args.addAll(List.of("RANK", pick("1", "2", "-1", "-2", "0", "3")));
        }
        if (random.nextInt(3) == 0)
        {
            args.addAll(List.of("COUNT", pick("0", "1", "2", "-1")));
        }
        if (random.nextInt(3) == 0)
        {
            args.addAll(List.of("MAXLEN", pick("0", "1", "3", "-1")));
        }
        return args.toArray(new String[0]);
    }

    private String[] lmpop(final boolean blocking)
    {
        final List<String> args = new ArrayList<>();
        args.add(blocking ? "BLMPOP" : "LMPOP");
        if (blocking)
        {
            args.add("0.01");
        }
        final int count = 1 + random.nextInt(3);
        args.add(random.nextInt(15) == 0 ? pick("0", "-1", "9") : Integer.toString(count));
        for (int i = 0; i < count; i++)
        {
            args.add(key());
        }
        args.add(side());
        if (random.nextBoolean())
        {
            args.addAll(List.of("COUNT", pick("1", "2", "5", "0")));
        }
        return args.toArray(new String[0]);
    }

    private String key()
    {
        return keys[random.nextInt(keys.length)];
    }

    private String element()
    {
        return pick(ELEMENTS);
    }

    private String side()
    {
        return random.nextInt(10) == 0 ? "UP" : pick("LEFT", "RIGHT");
    }

    private String index()
    {
        return random.nextInt(20) == 0 ? "x" : String.valueOf(random.nextInt(-6, 7));
    }

    private String pick(final String... choices)
    {
        return choices[random.nextInt(choices.length)];
    }
}
