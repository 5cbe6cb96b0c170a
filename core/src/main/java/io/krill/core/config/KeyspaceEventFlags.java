package io.krill.core.config;

/**
 * The classes of keyspace notifications selected by {@code notify-keyspace-events}, as bits, with Redis 7.0's
 * letters: {@code K} keyspace channel, {@code E} keyevent channel, {@code g} generic commands, {@code $} strings,
 * {@code l} lists, {@code s} sets, {@code h} hashes, {@code z} sorted sets, {@code x} expired, {@code e} evicted,
 * {@code t} streams, {@code m} key misses, {@code d} module, {@code n} new keys, and {@code A} for
 * {@code g$lshzxetd} (not {@code m} or {@code n}). Thread safe: constants and pure functions.
 */
public final class KeyspaceEventFlags
{
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 12;
    public static final int NEW = 1 << 13;
    /** What {@code A} selects. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    static final String INVALID = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

    // The order in which Redis prints the type letters when not all of A is selected.
    private static final String TYPE_LETTERS = "g$lshzxetdn";
    private static final int[] TYPE_BITS =
        {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE, NEW};

    private KeyspaceEventFlags()
    {
    }

    /**
     * Parses letters in any order and repetition.
     *
     * @return the bits, or -1 if a character is not a class letter.
     */
    public static int parse(final String letters)
    {
        int flags = 0;
        for (int i = 0; i < letters.length(); i++)
        {
            final char c = letters.charAt(i);
            switch (c)
            {
                case 'A':
                    flags |= ALL;
                    break;
                case 'K':
                    flags |= KEYSPACE;
                    break;
                case 'E':
                    flags |= KEYEVENT;
                    break;
                case 'm':
                    flags |= KEY_MISS;
                    break;
                default:
                    final int at = TYPE_LETTERS.indexOf(c);
                    if (at < 0)
                    {
                        return -1;
                    }
                    flags |= TYPE_BITS[at];
            }
        }
        return flags;
    }

    /**
     * The letters CONFIG GET prints: {@code A} or the type letters ({@code n} among them), then {@code K},
     * {@code E}, {@code m}.
     */
    public static String format(final int flags)
    {
        final StringBuilder out = new StringBuilder();
        if ((flags & ALL) == ALL)
        {
            // Redis 7.0 prints no 'n' after 'A' even when new-key events are on; clients see that text.
            out.append('A');
        }
        else
        {
            for (int i = 0; i < TYPE_BITS.length; i++)
            {
                if ((flags & TYPE_BITS[i]) != 0)
                {
                    out.append(TYPE_LETTERS.charAt(i));
                }
            }
        }
        if ((flags & KEYSPACE) != 0)
        {
            out.append('K');
        }
        if ((flags & KEYEVENT) != 0)
        {
            out.append('E');
        }
        if ((flags & KEY_MISS) != 0)
        {
            out.append('m');
        }
        return out.toString();
    }
}
