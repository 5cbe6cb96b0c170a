package io.krill.gossip;

/**
 * Error texts of the CLUSTER subcommands as Redis 7.0.15 words them (checked against a live server), without
 * the {@code ERR } prefix. The ones with a raw argument are for core, which parses arguments.
 */
public final class ClusterErrors
{
    public static final String INVALID_SLOT = "Invalid or out of range slot";
    public static final String SETSLOT_ONLY_MASTERS = "Please use SETSLOT only with masters.";
    public static final String SETSLOT_SYNTAX =
        "Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP";

    private ClusterErrors()
    {
    }

    public static String unknownNode(final String nodeId)
    {
        return "Unknown node " + nodeId;
    }

    /**
     * MEET with a port that is not an integer.
     */
    public static String invalidBasePort(final String rawPort)
    {
        return "Invalid TCP base port specified: " + rawPort;
    }

    /**
     * MEET with a bus port that is not an integer.
     */
    public static String invalidBusPort(final String rawBusPort)
    {
        return "Invalid TCP bus port specified: " + rawBusPort;
    }

    /**
     * MEET with an address that is not an IP literal, or a port out of range (Redis prints the raw port).
     */
    public static String invalidNodeAddress(final String ip, final String rawPort)
    {
        return "Invalid node address specified: " + ip + ":" + rawPort;
    }

    public static String wrongArity(final String subcommand)
    {
        return "wrong number of arguments for 'cluster|" + subcommand + "' command";
    }
}
