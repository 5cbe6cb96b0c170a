package io.krill.gossip;

import java.nio.charset.StandardCharsets;

import org.agrona.MutableDirectBuffer;

/**
 * Node flag bits: the u16 {@code flags} of a bus header (the sender about itself) and of a gossip entry
 * (the sender's view of another node). The same bits, by name, make the flags field of CLUSTER NODES and
 * of {@code nodes.conf}.
 * <p>
 * The bit values are on the wire: append only. Only the eight flags that CLUSTER NODES prints have names;
 * MEET, MIGRATE_TO and EXTENSIONS_SUPPORTED are internal and are never printed.
 */
public final class NodeFlags
{
    public static final int MASTER = 1;
    /** A replica; the wire and CLUSTER NODES keep the old word ("slave"). */
    public static final int SLAVE = 1 << 1;
    /** Possibly failing: this node's own timeout verdict, not yet agreed (printed {@code fail?}). */
    public static final int PFAIL = 1 << 2;
    public static final int FAIL = 1 << 3;
    public static final int MYSELF = 1 << 4;
    public static final int HANDSHAKE = 1 << 5;
    public static final int NOADDR = 1 << 6;
    public static final int MEET = 1 << 7;
    /** A master that has had replicas, so it may receive a migrating replica. */
    public static final int MIGRATE_TO = 1 << 8;
    public static final int NOFAILOVER = 1 << 9;
    public static final int EXTENSIONS_SUPPORTED = 1 << 10;

    /** What CLUSTER NODES prints when no named flag is set. */
    public static final String NO_FLAGS_NAME = "noflags";

    /**
     * Longest output of {@link #putNames}: every printed flag set.
     */
    public static final int MAX_NAMES_LENGTH =
        "myself,master,slave,fail?,fail,handshake,noaddr,nofailover".length();

    // CLUSTER NODES prints the named flags in exactly this order, comma separated.
    private static final int[] PRINTED_BITS = { MYSELF, MASTER, SLAVE, PFAIL, FAIL, HANDSHAKE, NOADDR, NOFAILOVER };
    private static final String[] PRINTED_NAMES =
    {
        "myself", "master", "slave", "fail?", "fail", "handshake", "noaddr", "nofailover"
    };
    private static final byte[][] PRINTED_NAME_BYTES = new byte[PRINTED_NAMES.length][];
    private static final byte[] NO_FLAGS_BYTES = NO_FLAGS_NAME.getBytes(StandardCharsets.US_ASCII);

    static
    {
        for (int i = 0; i < PRINTED_NAMES.length; i++)
        {
            PRINTED_NAME_BYTES[i] = PRINTED_NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private NodeFlags()
    {
    }

    public static boolean isSet(final int flags, final int bit)
    {
        return (flags & bit) != 0;
    }

    /**
     * The CLUSTER NODES flags field for {@code flags}, such as {@code myself,master}; {@code noflags} when none
     * of the printed flags is set. Allocates: for replies and logs, see {@link #putNames} for the copy-free form.
     */
    public static String names(final int flags)
    {
        final StringBuilder out = new StringBuilder(32);
        for (int i = 0; i < PRINTED_BITS.length; i++)
        {
            if ((flags & PRINTED_BITS[i]) != 0)
            {
                if (out.length() > 0)
                {
                    out.append(',');
                }
                out.append(PRINTED_NAMES[i]);
            }
        }
        return out.length() == 0 ? NO_FLAGS_NAME : out.toString();
    }

    /**
     * Writes the CLUSTER NODES flags field for {@code flags} at {@code index}, allocating nothing.
     *
     * @return the number of bytes written (at most {@link #MAX_NAMES_LENGTH}).
     */
    public static int putNames(final int flags, final MutableDirectBuffer buffer, final int index)
    {
        int position = index;
        for (int i = 0; i < PRINTED_BITS.length; i++)
        {
            if ((flags & PRINTED_BITS[i]) != 0)
            {
                if (position != index)
                {
                    buffer.putByte(position++, (byte)',');
                }
                final byte[] name = PRINTED_NAME_BYTES[i];
                buffer.putBytes(position, name);
                position += name.length;
            }
        }
        if (position == index)
        {
            buffer.putBytes(position, NO_FLAGS_BYTES);
            position += NO_FLAGS_BYTES.length;
        }
        return position - index;
    }

    /**
     * The bit of one printed flag name (as CLUSTER NODES and {@code nodes.conf} write it), {@code 0} for
     * {@code noflags}, or {@code -1} if the name is not one of them.
     */
    public static int parseName(final CharSequence name)
    {
        if (NO_FLAGS_NAME.contentEquals(name))
        {
            return 0;
        }
        for (int i = 0; i < PRINTED_NAMES.length; i++)
        {
            if (PRINTED_NAMES[i].contentEquals(name))
            {
                return PRINTED_BITS[i];
            }
        }
        return -1;
    }

    /**
     * The flags of a comma-separated flags field such as {@code myself,master}, or {@code -1} if any name is
     * unknown or empty.
     */
    public static int parseNames(final CharSequence names)
    {
        int flags = 0;
        int start = 0;
        final int length = names.length();
        while (start <= length)
        {
            int end = start;
            while (end < length && names.charAt(end) != ',')
            {
                end++;
            }
            final int bit = parseName(names.subSequence(start, end));
            if (bit < 0)
            {
                return -1;
            }
            flags |= bit;
            start = end + 1;
        }
        return flags;
    }
}
