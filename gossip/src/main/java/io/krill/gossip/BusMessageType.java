package io.krill.gossip;

/**
 * Cluster bus message type ids (the u16 {@code type} field of the header), as Redis 7.x numbers them.
 * <p>
 * ONLY APPEND TO THIS LIST. The ids are on the wire and shared with every Redis 7.x node: an id is never
 * reused or renumbered. A new type gets the next free id, and {@link #COUNT} grows with it.
 * Unknown ids are legal on the wire: a receiver accepts them as well formed and ignores them.
 */
public final class BusMessageType
{
    public static final int PING = 0;
    public static final int PONG = 1;
    public static final int MEET = 2;
    public static final int FAIL = 3;
    public static final int PUBLISH = 4;
    public static final int FAILOVER_AUTH_REQUEST = 5;
    public static final int FAILOVER_AUTH_ACK = 6;
    public static final int UPDATE = 7;
    public static final int MFSTART = 8;
    public static final int MODULE = 9;
    public static final int PUBLISHSHARD = 10;

    /**
     * Number of known types; ids {@code 0 .. COUNT - 1} are known.
     */
    public static final int COUNT = 11;

    // The names CLUSTER INFO uses for cluster_stats_messages_<name>_sent/received, indexed by id.
    private static final String[] STATS_NAMES =
    {
        "ping", "pong", "meet", "fail", "publish", "auth-req", "auth-ack", "update", "mfstart", "module",
        "publishshard"
    };

    private static final String[] NAMES =
    {
        "PING", "PONG", "MEET", "FAIL", "PUBLISH", "FAILOVER_AUTH_REQUEST", "FAILOVER_AUTH_ACK", "UPDATE",
        "MFSTART", "MODULE", "PUBLISHSHARD"
    };

    private BusMessageType()
    {
    }

    public static boolean isKnown(final int type)
    {
        return type >= 0 && type < COUNT;
    }

    /**
     * PING, PONG and MEET share one layout: a gossip section then ping extensions.
     */
    public static boolean isHeartbeat(final int type)
    {
        return type == PING || type == PONG || type == MEET;
    }

    /**
     * Upper-case constant name such as {@code FAILOVER_AUTH_REQUEST}, or {@code UNKNOWN} for an unknown id.
     * Returns a constant: no allocation.
     */
    public static String name(final int type)
    {
        return isKnown(type) ? NAMES[type] : "UNKNOWN";
    }

    /**
     * The name CLUSTER INFO prints in {@code cluster_stats_messages_<name>_sent}, such as {@code auth-req},
     * or {@code unknown} for an unknown id.
     */
    public static String statsName(final int type)
    {
        return isKnown(type) ? STATS_NAMES[type] : "unknown";
    }
}
