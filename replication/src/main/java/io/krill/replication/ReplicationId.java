package io.krill.replication;

/**
 * Replication ids: 40 lower-case hex characters naming one history of the data set (Redis's {@code replid}).
 * A master draws a new one when its history forks from the one its replicas knew: at start, and when a replica
 * is promoted (the old id is kept as {@code replid2}, see {@link ReplicationLog#shiftReplicationId}).
 */
public final class ReplicationId
{
    public static final int LENGTH = 40;
    /** What INFO prints as {@code master_replid2} when there is no previous id. */
    public static final String NONE = "0000000000000000000000000000000000000000";

    private ReplicationId()
    {
    }

    /** A fresh id: 160 random bits drawn from {@code random}, in hex. */
    public static String random(final RandomSource random)
    {
        final StringBuilder hex = new StringBuilder(LENGTH);
        long bits = 0;
        for (int i = 0; i < LENGTH; i++)
        {
            if ((i & 15) == 0)
            {
                bits = random.nextLong();
            }
            hex.append(Character.forDigit((int)(bits & 15), 16));
            bits >>>= 4;
        }
        return hex.toString();
    }

    /** Whether {@code text} has the shape of an id (any 40 characters pass in Redis; we ask for hex). */
    public static boolean isValid(final CharSequence text)
    {
        if (text == null || text.length() != LENGTH)
        {
            return false;
        }
        for (int i = 0; i < LENGTH; i++)
        {
            if (Character.digit(text.charAt(i), 16) < 0)
            {
                return false;
            }
        }
        return true;
    }
}
