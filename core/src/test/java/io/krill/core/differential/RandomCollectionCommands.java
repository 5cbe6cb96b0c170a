package io.krill.core.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws random hash and set commands for {@link RandomCommands}' types mode, on the same few keys as the string
 * commands, so hashes and sets are created, grown, emptied (and so deleted), converted between encodings and met
 * by commands of the other types.
 * <p>
 * Only commands whose effect is deterministic are drawn: SPOP always pops the whole set (a partial pop would leave
 * the two servers with different members), and random reads (HRANDFIELD, SRANDMEMBER) are compared by shape.
 * Replies whose order Redis leaves to its hash table are compared as multisets (or pairs, or whole scans).
 */
final class RandomCollectionCommands
{
    /** How many kinds of command {@link #next} draws from. */
    static final int CHOICES = 32;

    private static final String[] FIELDS = {"f", "g", "h", "", "007", "\u0000"};
    private static final String[] HASH_VALUES = {"0", "1", "-7", "10.5", "abc", "", "9223372036854775807", "1e3"};
    private static final String[] MEMBERS = {"1", "2", "-3", "42", "007", "a", "b", "", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "1.5"};
    private static final String[] INCREMENTS = {"1", "-1", "100", "x", "9223372036854775807"};
    private static final String[] FLOAT_INCREMENTS = {"0.1", "-2.5", "1e2", "x", "inf"};
    private static final String[] COUNTS = {"0", "1", "2", "5", "-1", "-4", "x"};
    private static final String[] PATTERNS = {"*", "f*", "[0-9]*", "a"};

    private final SplittableRandom random;

    RandomCollectionCommands(final SplittableRandom random)
    {
        this.random = random;
    }

    /** A command on {@code key}, and on {@code other} for the commands of two keys. */
    Step next(final String key, final String other)
    {
        return switch (random.nextInt(CHOICES))
        {
            case 0, 1 -> RandomCommands.exact(pairs("HSET", key));
            case 2 -> RandomCommands.exact(pairs("HMSET", key));
            case 3 -> RandomCommands.exact("HSETNX", key, field(), pick(HASH_VALUES));
            case 4 -> RandomCommands.exact("HGET", key, field());
            case 5 -> RandomCommands.exact("HMGET", key, field(), field());
            case 6 -> RandomCommands.exact("HDEL", key, field(), field());
            case 7 -> random.nextInt(3) == 0 ? RandomCommands.exact("HLEN", key) :
                RandomCommands.exact(pick("HEXISTS", "HSTRLEN"), key, field());
            case 8 -> RandomCommands.step(Step.Mode.UNORDERED, 0, pick("HKEYS", "HVALS"), key);
            case 9 -> RandomCommands.step(Step.Mode.PAIRS, 0, "HGETALL", key);
            case 10 -> RandomCommands.exact("HINCRBY", key, field(), pick(INCREMENTS));
            case 11 -> RandomCommands.exact("HINCRBYFLOAT", key, field(), pick(FLOAT_INCREMENTS));
            case 12 -> random.nextBoolean() ? RandomCommands.step(Step.Mode.TYPE, 0, "HRANDFIELD", key) :
                RandomCommands.step(Step.Mode.SHAPE, 0, withValues("HRANDFIELD", key));
            case 13 -> RandomCommands.step(Step.Mode.SCANALL, 0, scan("HSCAN", key));
            case 14, 15, 16 -> RandomCommands.exact(members("SADD", key));
            case 17 -> RandomCommands.exact(members("SREM", key));
            case 18 -> RandomCommands.exact("SISMEMBER", key, member());
            case 19 -> RandomCommands.exact("SMISMEMBER", key, member(), member());
            case 20 -> RandomCommands.step(Step.Mode.UNORDERED, 0, "SMEMBERS", key);
            case 21 -> RandomCommands.exact("SCARD", key);
            case 22 -> RandomCommands.step(Step.Mode.UNORDERED, 0, "SPOP", key, "100");
            case 23 -> random.nextBoolean() ? RandomCommands.step(Step.Mode.TYPE, 0, "SRANDMEMBER", key) :
                RandomCommands.step(Step.Mode.SHAPE, 0, "SRANDMEMBER", key, pick(COUNTS));
            case 24 -> RandomCommands.exact("SMOVE", key, other, member());
            case 25, 26 -> RandomCommands.step(Step.Mode.UNORDERED, 0, pick("SINTER", "SUNION", "SDIFF"), key,
                other);
            case 27, 28 -> RandomCommands.exact(pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), key, other, key);
            case 29 -> random.nextBoolean() ? RandomCommands.exact("SINTERCARD", "2", key, other) :
                RandomCommands.exact("SINTERCARD", "2", key, other, "LIMIT", pick("0", "1", "-1"));
            case 30 -> RandomCommands.step(Step.Mode.SCANALL, 0, scan("SSCAN", key));
            default -> RandomCommands.exact("OBJECT", "ENCODING", key);
        };
    }

    private String[] pairs(final String command, final String key)
    {
        final List<String> args = new ArrayList<>(List.of(command, key));
        for (int i = 1 + random.nextInt(3); i > 0; i--)
        {
            args.add(field());
            args.add(pick(HASH_VALUES));
        }
        if (random.nextInt(15) == 0)
        {
            // the odd-arguments error path
            args.remove(args.size() - 1);
        }
        return args.toArray(new String[0]);
    }

    private String[] members(final String command, final String key)
    {
        final List<String> args = new ArrayList<>(List.of(command, key));
        for (int i = 1 + random.nextInt(4); i > 0; i--)
        {
            args.add(member());
        }
        return args.toArray(new String[0]);
    }

    private String[] withValues(final String command, final String key)
    {
        return random.nextBoolean() ? new String[] {command, key, pick(COUNTS)} :
            new String[] {command, key, pick(COUNTS), "WITHVALUES"};
    }

    private String[] scan(final String command, final String key)
    {
        final List<String> args = new ArrayList<>(List.of(command, key, "0"));
        if (random.nextBoolean())
        {
            args.addAll(List.of("MATCH", pick(PATTERNS)));
        }
        if (random.nextBoolean())
        {
            args.addAll(List.of("COUNT", String.valueOf(1 + random.nextInt(3))));
        }
        return args.toArray(new String[0]);
    }

    private String field()
    {
        return pick(FIELDS);
    }

    private String member()
    {
        return random.nextInt(4) == 0 ? String.valueOf(random.nextInt(-5, 600)) : pick(MEMBERS);
    }

    private String pick(final String... choices)
    {
        return choices[random.nextInt(choices.length)];
    }
}
