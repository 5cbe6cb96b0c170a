package io.krill.core.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws random sorted set commands over three score-ordered keys and one lex key, so that writes, reads, pops and
 * set algebra collide on the same members, scores tie often, and the encodings change under them.
 * <p>
 * Scores come from a small set with duplicates, negatives, fractions, -0, ±inf and a hexadecimal form, so ties,
 * infinities and the listpack's -0 all come up. The lex key only ever receives score 0: lex ranges over mixed
 * scores in a skip list depend on Redis's random node levels and are not comparable. Everything else is
 * deterministic, except ZRANDMEMBER with fewer members than the set holds (compared by type) and ZSCAN over a skip
 * list (compared as a set of pairs after a full iteration). The caller picks zset-max-listpack-entries per sequence
 * so that both encodings are exercised.
 */
final class RandomSortedSetCommands
{
    private static final String[] KEYS = {"z0", "z1", "z2"};
    private static final String LEX_KEY = "zl";
    private static final String[] MEMBERS = {"a", "b", "c", "d", "e", "f", "g", "", "\u00ff", "aa",
        "a-member-name-longer-than-the-sixty-four-bytes-of-zset-max-listpack-value-xxxxxxxx"};
    private static final String[] SCORES = {"0", "1", "-1", "2.5", "-2.5", "0.1", "1e300", "inf", "-inf", "+inf",
        "3", "3", "-0", "1e-5", "100", "0x10", "7", "7"};
    private static final String[] BAD_SCORES = {"nan", "abc", " 1", "1e400"};
    private static final String[] SCORE_BOUNDS = {"-inf", "+inf", "(1", "1", "0", "(0", "2.5", "(2.5", "-1", "100",
        "(inf", "(-inf", "3", "(3"};
    private static final String[] LEX_BOUNDS = {"-", "+", "[a", "(a", "[c", "(c", "[", "(", "[\u00ff", "[b", "(e"};
    private static final String[] RANKS = {"0", "1", "2", "-1", "-2", "5", "-100", "100"};

    private final SplittableRandom random;

    RandomSortedSetCommands(final long seed)
    {
        this.random = new SplittableRandom(seed);
    }

    Step next()
    {
        return switch (random.nextInt(40))
        {
            case 0, 1, 2, 3, 4, 5 -> exact(zadd());
            case 6, 7 -> exact("ZINCRBY", key(), score(), member());
            case 8, 9 -> exact(multi("ZREM", key(), 1 + random.nextInt(3)));
            case 10 -> exact("ZSCORE", key(), member());
            case 11 -> exact(multi("ZMSCORE", key(), 1 + random.nextInt(3)));
            case 12 -> exact("ZCARD", key());
            case 13 -> exact(pick("ZRANK", "ZREVRANK"), key(), member());
            case 14 -> exact("ZCOUNT", key(), pick(SCORE_BOUNDS), pick(SCORE_BOUNDS));
            case 15, 16 -> exact(zrangeByRank());
            case 17, 18 -> exact(zrangeByScore());
            case 19 -> exact(zrangeByLex());
            case 20 -> exact("ZLEXCOUNT", LEX_KEY, pick(LEX_BOUNDS), pick(LEX_BOUNDS));
            case 21 -> exact("ZADD", LEX_KEY, "0", member(), "0", member());
            case 22, 23 -> exact(pop());
            case 24 -> exact("ZMPOP", "2", key(), key(), pick("MIN", "MAX"), "COUNT", count());
            case 25 -> exact("ZREMRANGEBYRANK", key(), pick(RANKS), pick(RANKS));
            case 26 -> exact("ZREMRANGEBYSCORE", key(), pick(SCORE_BOUNDS), pick(SCORE_BOUNDS));
            case 27 -> exact("ZREMRANGEBYLEX", LEX_KEY, pick(LEX_BOUNDS), pick(LEX_BOUNDS));
            case 28, 29 -> exact(algebra());
            case 30 -> exact("ZINTERCARD", "2", key(), key(), "LIMIT", String.valueOf(random.nextInt(3)));
            case 31 -> exact(zrangestore());
            case 32 -> exact("ZRANDMEMBER", key(), "100", "WITHSCORES");
            case 33 -> step(Step.Mode.TYPE, "ZRANDMEMBER", key(), String.valueOf(random.nextInt(-3, 3)));
            case 34 -> step(Step.Mode.SCANALL, "ZSCAN", key(), "0", "COUNT", String.valueOf(1 + random.nextInt(5)));
            case 35 -> exact("OBJECT", "ENCODING", key());
            case 36 -> exact(pick("BZPOPMIN", "BZPOPMAX"), key(), key(), "0.01");
            case 37 -> exact("ZRANGE", key(), "0", "-1", "WITHSCORES");
            case 38 -> exact("ZADD", key(), pick(BAD_SCORES), member());
            default -> exact("DEL", key());
        };
    }

    private String[] zadd()
    {
        final List<String> args = new ArrayList<>(List.of("ZADD", key()));
        if (random.nextInt(3) == 0)
        {
            args.add(pick("NX", "XX", "GT", "LT"));
        }
        if (random.nextInt(4) == 0)
        {
            args.add("CH");
        }
        if (random.nextInt(6) == 0)
        {
            args.add("INCR");
            args.add(score());
            args.add(member());
            return args.toArray(new String[0]);
        }
        final int pairs = 1 + random.nextInt(4);
        for (int i = 0; i < pairs; i++)
        {
            args.add(score());
            args.add(member());
        }
        return args.toArray(new String[0]);
    }

    private String[] zrangeByRank()
    {
        final List<String> args = new ArrayList<>(List.of(pick("ZRANGE", "ZREVRANGE"), key(), pick(RANKS),
            pick(RANKS)));
        if (args.get(0).equals("ZRANGE") && random.nextBoolean())
        {
            args.add("REV");
        }
        if (random.nextBoolean())
        {
            args.add("WITHSCORES");
        }
        return args.toArray(new String[0]);
    }

    private String[] zrangeByScore()
    {
        final List<String> args = new ArrayList<>();
        switch (random.nextInt(3))
        {
            case 0 -> args.addAll(List.of("ZRANGEBYSCORE", key(), pick(SCORE_BOUNDS), pick(SCORE_BOUNDS)));
            case 1 -> args.addAll(List.of("ZREVRANGEBYSCORE", key(), pick(SCORE_BOUNDS), pick(SCORE_BOUNDS)));
            default ->
            {
                args.addAll(List.of("ZRANGE", key(), pick(SCORE_BOUNDS), pick(SCORE_BOUNDS), "BYSCORE"));
                if (random.nextBoolean())
                {
                    args.add("REV");
                }
            }
        }
        if (random.nextBoolean())
        {
            args.add("WITHSCORES");
        }
        if (random.nextInt(3) == 0)
        {
            args.addAll(limit());
        }
        return args.toArray(new String[0]);
    }

    private String[] zrangeByLex()
    {
        final List<String> args = new ArrayList<>();
        if (random.nextBoolean())
        {
            args.addAll(List.of(pick("ZRANGEBYLEX", "ZREVRANGEBYLEX"), LEX_KEY, pick(LEX_BOUNDS), pick(LEX_BOUNDS)));
        }
        else
        {
            args.addAll(List.of("ZRANGE", LEX_KEY, pick(LEX_BOUNDS), pick(LEX_BOUNDS), "BYLEX"));
            if (random.nextBoolean())
            {
                args.add("REV");
            }
        }
        if (random.nextInt(3) == 0)
        {
            args.addAll(limit());
        }
        return args.toArray(new String[0]);
    }

    /** LIMIT with an offset and a count from -1 to 3: negative offsets and counts are part of the semantics. */
    private List<String> limit()
    {
        return List.of("LIMIT", String.valueOf(random.nextInt(-1, 4)), String.valueOf(random.nextInt(-1, 4)));
    }

    private String count()
    {
        return String.valueOf(1 + random.nextInt(3));
    }

    private String[] pop()
    {
        final String command = pick("ZPOPMIN", "ZPOPMAX");
        return random.nextBoolean() ? new String[] {command, key()} :
            new String[] {command, key(), String.valueOf(random.nextInt(-1, 4))};
    }

    private String[] algebra()
    {
        final String command = pick("ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE");
        final boolean store = command.endsWith("STORE");
        final List<String> args = new ArrayList<>(List.of(command));
        if (store)
        {
            args.add(key());
        }
        final int keys = 1 + random.nextInt(3);
        args.add(String.valueOf(keys));
        for (int i = 0; i < keys; i++)
        {
            args.add(key());
        }
        if (!command.startsWith("ZDIFF"))
        {
            if (random.nextBoolean())
            {
                args.add("WEIGHTS");
                for (int i = 0; i < keys; i++)
                {
                    args.add(pick("1", "2", "-1", "0", "0.5", "inf"));
                }
            }
            if (random.nextBoolean())
            {
                args.addAll(List.of("AGGREGATE", pick("SUM", "MIN", "MAX")));
            }
        }
        if (!store && random.nextBoolean())
        {
            args.add("WITHSCORES");
        }
        return args.toArray(new String[0]);
    }

    private String[] zrangestore()
    {
        return switch (random.nextInt(3))
        {
            case 0 -> new String[] {"ZRANGESTORE", key(), key(), pick(RANKS), pick(RANKS)};
            case 1 -> new String[] {"ZRANGESTORE", key(), key(), pick(SCORE_BOUNDS), pick(SCORE_BOUNDS), "BYSCORE"};
            default -> new String[] {"ZRANGESTORE", key(), LEX_KEY, pick(LEX_BOUNDS), pick(LEX_BOUNDS), "BYLEX"};
        };
    }

    private String[] multi(final String command, final String key, final int members)
    {
        final List<String> args = new ArrayList<>(List.of(command, key));
        for (int i = 0; i < members; i++)
        {
            args.add(member());
        }
        return args.toArray(new String[0]);
    }

    private String key()
    {
        return KEYS[random.nextInt(KEYS.length)];
    }

    private String member()
    {
        return MEMBERS[random.nextInt(MEMBERS.length)];
    }

    private String score()
    {
        return SCORES[random.nextInt(SCORES.length)];
    }

    private String pick(final String... choices)
    {
        return choices[random.nextInt(choices.length)];
    }

    private static Step exact(final String... args)
    {
        return step(Step.Mode.EXACT, args);
    }

    private static Step step(final Step.Mode mode, final String... args)
    {
        final List<byte[]> bytes = new ArrayList<>(args.length);
        for (final String arg : args)
        {
            // code points 0-255 so "\u00ff" is the single byte 0xff
            bytes.add(arg.getBytes(StandardCharsets.ISO_8859_1));
        }
        return new Step(0, QuotedArgs.describe(bytes), List.copyOf(bytes), mode, 0, null, Set.of(), null, -1, null);
    }
}
