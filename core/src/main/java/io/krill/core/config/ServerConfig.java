package io.krill.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of one node, named as {@code redis-server} names them.
 * <p>
 * Not thread safe: read and changed (CONFIG SET) on the node's agent thread only.
 * This is a placeholder with the typed getters the server uses; the full option table
 * (validation, CONFIG GET/SET) replaces its internals.
 */
public final class ServerConfig
{
    private final Map<String, String> values = new LinkedHashMap<>();

    private ServerConfig()
    {
        values.put("port", "6379");
        values.put("bind", "* -::*");
        values.put("dir", ".");
        values.put("cluster-enabled", "no");
        values.put("requirepass", "");
        values.put("proto-max-bulk-len", "536870912");
        values.put("client-query-buffer-limit", "1073741824");
        values.put("maxclients", "10000");
        values.put("hz", "10");
    }

    public static ServerConfig defaults()
    {
        return new ServerConfig();
    }

    /**
     * Parses {@code redis-server} style arguments: an optional config file first, then {@code --name value...}.
     */
    public static ServerConfig parse(final String... args) throws ConfigException
    {
        final ServerConfig config = new ServerConfig();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length)
            {
                throw new ConfigException("Bad directive or wrong number of arguments: " + arg);
            }
            config.values.put(arg.substring(2).toLowerCase(), args[++i]);
        }
        return config;
    }

    public String get(final String name)
    {
        return values.get(name);
    }

    public int port()
    {
        return Integer.parseInt(values.get("port"));
    }

    public String[] bind()
    {
        return values.get("bind").trim().split("\\s+");
    }

    public boolean clusterEnabled()
    {
        return "yes".equalsIgnoreCase(values.get("cluster-enabled"));
    }

    public String requirepass()
    {
        return values.get("requirepass");
    }

    public long protoMaxBulkLenBytes()
    {
        return Long.parseLong(values.get("proto-max-bulk-len"));
    }

    public long clientQueryBufferLimitBytes()
    {
        return Long.parseLong(values.get("client-query-buffer-limit"));
    }

    public int maxclients()
    {
        return Integer.parseInt(values.get("maxclients"));
    }

    public int hz()
    {
        return Integer.parseInt(values.get("hz"));
    }
}
