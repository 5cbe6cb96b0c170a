package io.krill.core.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws random bitmap and HyperLogLog commands for {@link RandomCommands}, on the same few keys as the string
 * commands: bit edits meet integers, floats, text and HLL values, and HLL commands meet plain strings (WRONGTYPE
 * for a non-HLL string) and HLLs edited by string commands (APPEND, SETRANGE) that may corrupt them.
 * <p>
 * Offsets stay small, so strings stay short; every reply is deterministic and compared exactly.
 */
final class RandomBitCommands
{
    /** How many kinds of command {@link #next} draws from. */
    static final int CHOICES = 8;

    private static final String[] INDEXES = {"0", "1", "2", "-1", "-2", "5", "-100", "100", "x"};
    private static final String[] UNITS = {"BIT", "BYTE", "bit", "FOO"};
    private static final String[] TYPES = {"u1", "i1", "u4", "i5", "u8", "i8", "i16", "u63", "i64", "u64", "x8"};
    private static final String[] OFFSETS = {"0", "3", "7", "13", "#0", "#1", "#3", "-1"};
    private static final String[] OPERANDS = {"0", "1", "-1", "100", "-300", "9223372036854775807", "x"};
    private static final String[] ELEMENTS = {"a", "b", "c", "", "\u0000", "p0009793106", "el1", "el2", "el3"};

    private final SplittableRandom random;

    RandomBitCommands(final SplittableRandom random)
    {
        this.random = random;
    }

    /** A command on {@code key}, and on {@code other} for the commands of two keys. */
    Step next(final String key, final String other)
    {
        return switch (random.nextInt(CHOICES))
        {
            case 0 -> RandomCommands.exact("SETBIT", key, String.valueOf(random.nextInt(-1, 70)),
                pick("0", "1", "1", "2"));
            case 1 -> RandomCommands.exact("GETBIT", key, String.valueOf(random.nextInt(0, 70)));
            case 2 -> RandomCommands.exact(range("BITCOUNT", key, null));
            case 3 -> RandomCommands.exact(range("BITPOS", key, pick("0", "1")));
            case 4 -> RandomCommands.exact(bitop(key, other));
            case 5 -> RandomCommands.exact(bitfield(key));
            case 6 -> RandomCommands.exact(pfadd(key));
            default -> random.nextBoolean() ? RandomCommands.exact("PFCOUNT", key) :
                RandomCommands.exact(random.nextBoolean() ? "PFCOUNT" : "PFMERGE", key, other);
        };
    }

    private String[] range(final String command, final String key, final String bit)
    {
        final List<String> args = new ArrayList<>(List.of(command, key));
        if (bit != null)
        {
            args.add(bit);
        }
        final int parts = random.nextInt(4);
        for (int i = 0; i < parts && i < 2; i++)
        {
            args.add(pick(INDEXES));
        }
        if (parts == 3)
        {
            args.add(pick(UNITS));
        }
        return args.toArray(new String[0]);
    }

    private String[] bitop(final String key, final String other)
    {
        final String op = pick("AND", "OR", "XOR", "NOT", "and");
        if (op.equals("NOT") && random.nextInt(4) != 0)
        {
            return new String[] {"BITOP", op, key, other};
        }
        return new String[] {"BITOP", op, key, other, key};
    }

    private String[] bitfield(final String key)
    {
        final List<String> args = new ArrayList<>(List.of(random.nextInt(5) == 0 ? "BITFIELD_RO" : "BITFIELD", key));
        final int ops = 1 + random.nextInt(3);
        for (int i = 0; i < ops; i++)
        {
            switch (random.nextInt(4))
            {
                case 0 -> args.addAll(List.of("GET", pick(TYPES), pick(OFFSETS)));
                case 1 -> args.addAll(List.of("SET", pick(TYPES), pick(OFFSETS), pick(OPERANDS)));
                case 2 -> args.addAll(List.of("INCRBY", pick(TYPES), pick(OFFSETS), pick(OPERANDS)));
                default -> args.addAll(List.of("OVERFLOW", pick("WRAP", "SAT", "FAIL", "fail", "BAD")));
            }
        }
        return args.toArray(new String[0]);
    }

    private String[] pfadd(final String key)
    {
        final List<String> args = new ArrayList<>(List.of("PFADD", key));
        final int count = random.nextInt(4);
        for (int i = 0; i < count; i++)
        {
            args.add(pick(ELEMENTS));
        }
        return args.toArray(new String[0]);
    }

    private String pick(final String... choices)
    {
        return choices[random.nextInt(choices.length)];
    }
}
