package io.krill.core.command;

/**
 * The versions Krill announces.
 * <p>
 * BACKGROUND: clients gate features on the server version they read from HELLO and INFO (Lettuce and Jedis
 * choose RESP3 and newer commands by it, redis-cli its hints). Krill serves Redis 7.0.15's commands, replies and
 * errors, taken from that release's metadata, so it announces that version and adds its own in a separate INFO
 * field.
 */
final class ServerVersion
{
    static final String REDIS = "7.0.15";
    static final String KRILL = "0.1.0";

    private ServerVersion()
    {
    }
}
