package io.krill.examples;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;

/**
 * Starts one Krill node inside this JVM and serves RESP until SHUTDOWN.
 * <p>
 * Run it, then {@code redis-cli -p 7000 set greeting hello}. Any {@code redis-server} option may be passed, for
 * example {@code --port 7001 --requirepass secret}.
 */
public final class StandaloneNodeExample
{
    private StandaloneNodeExample()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String[] options = args.length > 0 ? args : new String[] {"--port", "7000"};
        try (KrillServer node = KrillServer.start(ServerConfig.parse(options)))
        {
            System.out.println("Krill node ready on port " + node.port() + "; stop it with redis-cli shutdown");
            node.awaitTermination();
        }
    }
}
