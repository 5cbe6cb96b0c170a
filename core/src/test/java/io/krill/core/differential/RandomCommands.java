package io.krill.core.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws random commands of the string and keyspace families over a handful of keys, so that commands collide on
 * the same keys, values flip between integers, floats and text, and errors come up naturally.
 * <p>
 * Every command is chosen so that its reply does not depend on timing: relative expiry times are at least 1000
 * seconds (nothing expires during a run) or negative (the key is deleted at once), and GT/LT/NX/XX comparisons use
 * only fixed absolute timestamps, because two relative times set a few milliseconds apart would compare
 * differently from run to run. Replies that carry a remaining time are compared approximately; RANDOMKEY by
 * type; KEYS and SCAN as sets.
 * <p>
 * A quarter of the commands are list commands ({@link RandomListCommands}) on the same keys. With {@code types} on,
 * a few commands also create sets and hashes on the same keys, so the string commands meet more WRONGTYPE, and
 * {@link RandomCollectionCommands} adds the hash and set families. The bitmap and HyperLogLog commands
 * ({@link RandomBitCommands}) are drawn in both modes: they work on strings.
 */
final class RandomCommands
{
    private static final String[] KEYS = {"k0", "k1", "k2", "k3", "k4", "\u0000bin"};
    private static final String[] VALUES = {
        "0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808", "10.5", "-0.25", "1e3", "",
        "abc", "hello world", "\u0000\u00ff", "007", " 1", "3.0"};
    private static final String[] INCREMENTS = {"0", "1", "-1", "5", "100", "-100", "9223372036854775807",
        "-9223372036854775808", "abc", "1.5"};
    private static final String[] FLOAT_INCREMENTS = {"0", "1", "-1.5", "0.1", "2.5e2", "-1e3", "abc", "inf"};
    private static final String[] RELATIVE_SECONDS = {"1000", "5000", "100000", "0", "-1", "abc"};
    /**
     * For SET and GETEX. A time in the past is left out here: Redis keeps such a key until it is touched or the
     * active expiry cycle finds it, so DBSIZE would depend on timing.
     */
    private static final String[] FUTURE_SECONDS = {"4102444800", "4102448400", "4133980800"};
    /** For EXPIREAT and PEXPIREAT, which delete the key at once when the time has passed. */
    private static final String[] ABSOLUTE_SECONDS = {"4102444800", "4102448400", "4133980800", "1"};
    private static final String[] KEY_PATTERNS = {"*", "k*", "k[0-2]", "k?", "*bin", "nomatch"};
    private static final long TTL_DELTA_SECONDS = 1;
    private static final long TTL_DELTA_MS = 1_000;

    private final SplittableRandom random;
    private final boolean types;
    private final RandomListCommands lists;
    private final RandomCollectionCommands collections;
    private final RandomBitCommands bits;

    RandomCommands(final long seed, final boolean types)
    {
        this.random = new SplittableRandom(seed);
        this.types = types;
        this.lists = new RandomListCommands(random, KEYS);
        this.collections = new RandomCollectionCommands(random);
        this.bits = new RandomBitCommands(random);
    }

    Step next()
    {
        if (random.nextInt(4) == 0)
        {
            return exact(lists.next());
        }
        final int bound = (types ? 42 + RandomCollectionCommands.CHOICES : 39) + RandomBitCommands.CHOICES;
        final int choice = random.nextInt(bound);
        if (choice >= bound - RandomBitCommands.CHOICES)
        {
            return bits.next(key(), key());
        }
        return switch (choice)
        {
            case 0, 1, 2, 3 -> exact(set());
            case 4, 5 -> exact("GET", key());
            case 6 -> exact("GETSET", key(), value());
            case 7 -> exact("GETDEL", key());
            case 8 -> exact(getex());
            case 9 -> exact(multiKey("MGET", 1 + random.nextInt(4)));
            case 10 -> exact(pairs("MSET"));
            case 11 -> exact(pairs("MSETNX"));
            case 12 -> exact("SETNX", key(), value());
            case 13 -> exact(random.nextBoolean() ? "SETEX" : "PSETEX", key(), relativeTime(), value());
            case 14 -> exact("APPEND", key(), value());
            case 15 -> exact("STRLEN", key());
            case 16 -> exact(pick("INCR", "DECR"), key());
            case 17 -> exact(pick("INCRBY", "DECRBY"), key(), pick(INCREMENTS));
            case 18 -> exact("INCRBYFLOAT", key(), pick(FLOAT_INCREMENTS));
            case 19 -> exact(pick("GETRANGE", "SUBSTR"), key(), index(), index());
            case 20 -> exact("SETRANGE", key(), String.valueOf(random.nextInt(-1, 24)), value());
            case 21 -> exact(multiKey(pick("DEL", "UNLINK"), 1 + random.nextInt(3)));
            case 22 -> exact(multiKey(pick("EXISTS", "TOUCH"), 1 + random.nextInt(3)));
            case 23 -> exact("TYPE", key());
            case 24 -> exact(pick("RENAME", "RENAMENX"), key(), key());
            case 25 -> exact(copy());
            case 26 -> exact(expireRelative());
            case 27 -> exact(expireAbsolute());
            case 28 -> approx(TTL_DELTA_SECONDS, "TTL", key());
            case 29 -> approx(TTL_DELTA_MS, "PTTL", key());
            case 30 -> approx(TTL_DELTA_SECONDS, "EXPIRETIME", key());
            case 31 -> approx(TTL_DELTA_MS, "PEXPIRETIME", key());
            case 32 -> exact("PERSIST", key());
            case 33 -> step(Step.Mode.UNORDERED, 0, "KEYS", pick(KEY_PATTERNS));
            case 34 -> step(Step.Mode.SCANALL, 0, scan());
            case 35 -> step(Step.Mode.TYPE, 0, "RANDOMKEY");
            case 36 -> exact("DBSIZE");
            case 37 -> exact("OBJECT", "ENCODING", key());
            case 38 -> exact(wrongArity());
            case 39 -> exact("RPUSH", key(), value());
            case 40 -> exact("SADD", key(), value());
            case 41 -> exact("HSET", key(), "f", value());
            default -> collections.next(key(), key());
        };
    }

    private String[] set()
    {
        final List<String> args = new ArrayList<>(List.of("SET", key(), value()));
        switch (random.nextInt(7))
        {
            case 0 -> args.addAll(List.of("EX", relativeTime()));
            case 1 -> args.addAll(List.of("PX", relativeTime() + "000"));
            case 2 -> args.addAll(List.of("EXAT", pick(FUTURE_SECONDS)));
            case 3 -> args.addAll(List.of("PXAT", pick(FUTURE_SECONDS) + "000"));
            case 4 -> args.add("KEEPTTL");
            default ->
            {
                // no expiry option
            }
        }
        if (random.nextInt(4) == 0)
        {
            args.add(pick("NX", "XX"));
        }
        if (random.nextInt(4) == 0)
        {
            args.add("GET");
        }
        if (random.nextInt(20) == 0)
        {
            // An invalid combination now and then: the syntax-error path.
            args.add(pick("EX", "PX", "KEEPTTL", "NX", "FOO"));
        }
        return args.toArray(new String[0]);
    }

    private String[] getex()
    {
        return switch (random.nextInt(6))
        {
            case 0 -> new String[] {"GETEX", key(), "EX", relativeTime()};
            case 1 -> new String[] {"GETEX", key(), "PX", relativeTime() + "000"};
            case 2 -> new String[] {"GETEX", key(), "EXAT", pick(FUTURE_SECONDS)};
            case 3 -> new String[] {"GETEX", key(), "PERSIST"};
            case 4 -> new String[] {"GETEX", key(), "PXAT", pick(FUTURE_SECONDS) + "000"};
            default -> new String[] {"GETEX", key()};
        };
    }

    private String[] copy()
    {
        return random.nextBoolean() ? new String[] {"COPY", key(), key()} :
            new String[] {"COPY", key(), key(), "REPLACE"};
    }

    /** EXPIRE/PEXPIRE with a relative time; NX and XX only, since GT and LT would compare two clock readings. */
    private String[] expireRelative()
    {
        final boolean millis = random.nextBoolean();
        final String time = relativeTime();
        final List<String> args = new ArrayList<>(List.of(millis ? "PEXPIRE" : "EXPIRE", key(),
            millis && !time.equals("abc") ? time + "000" : time));
        if (random.nextInt(3) == 0)
        {
            args.add(pick("NX", "XX"));
        }
        return args.toArray(new String[0]);
    }

    private String[] expireAbsolute()
    {
        final boolean millis = random.nextBoolean();
        final String time = pick(ABSOLUTE_SECONDS);
        final List<String> args = new ArrayList<>(List.of(millis ? "PEXPIREAT" : "EXPIREAT", key(),
            millis ? time + "000" : time));
        if (random.nextInt(2) == 0)
        {
            args.add(pick("NX", "XX", "GT", "LT"));
        }
        return args.toArray(new String[0]);
    }

    private String[] scan()
    {
        final List<String> args = new ArrayList<>(List.of("SCAN", "0"));
        if (random.nextBoolean())
        {
            args.addAll(List.of("MATCH", pick(KEY_PATTERNS)));
        }
        if (random.nextBoolean())
        {
            args.addAll(List.of("COUNT", String.valueOf(1 + random.nextInt(5))));
        }
        if (random.nextInt(4) == 0)
        {
            args.addAll(List.of("TYPE", pick("string", "list", "set", "hash")));
        }
        return args.toArray(new String[0]);
    }

    private String[] wrongArity()
    {
        return switch (random.nextInt(5))
        {
            case 0 -> new String[] {"GET"};
            case 1 -> new String[] {"SET", key()};
            case 2 -> new String[] {"INCRBY", key()};
            case 3 -> new String[] {"MSET", key()};
            default -> new String[] {"EXPIRE", key()};
        };
    }

    private String[] multiKey(final String command, final int count)
    {
        final String[] args = new String[count + 1];
        args[0] = command;
        for (int i = 1; i <= count; i++)
        {
            args[i] = key();
        }
        return args;
    }

    private String[] pairs(final String command)
    {
        final int count = 1 + random.nextInt(3);
        final String[] args = new String[1 + 2 * count];
        args[0] = command;
        for (int i = 0; i < count; i++)
        {
            args[1 + 2 * i] = key();
            args[2 + 2 * i] = value();
        }
        return args;
    }

    private String key()
    {
        return pick(KEYS);
    }

    private String value()
    {
        return random.nextInt(4) == 0 ? "v" + random.nextInt(100) : pick(VALUES);
    }

    private String relativeTime()
    {
        return pick(RELATIVE_SECONDS);
    }

    private String index()
    {
        return String.valueOf(random.nextInt(-12, 13));
    }

    private String pick(final String... choices)
    {
        return choices[random.nextInt(choices.length)];
    }

    static Step exact(final String... args)
    {
        return step(Step.Mode.EXACT, 0, args);
    }

    private static Step approx(final long delta, final String... args)
    {
        return step(Step.Mode.APPROX, delta, args);
    }

    static Step step(final Step.Mode mode, final long delta, final String... args)
    {
        final List<byte[]> bytes = new ArrayList<>(args.length);
        for (final String arg : args)
        {
            // Keys and values are written as code points 0-255 so "\u00ff" is the single byte 0xff.
            bytes.add(arg.getBytes(StandardCharsets.ISO_8859_1));
        }
        final String source = QuotedArgs.describe(bytes);
        return new Step(0, source, List.copyOf(bytes), mode, delta, null, Set.of(), null, -1, null);
    }
}
