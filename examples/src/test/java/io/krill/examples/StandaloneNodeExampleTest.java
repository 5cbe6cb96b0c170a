package io.krill.examples;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.junit.jupiter.api.Assertions.assertEquals;

/*
 * Goal: the embedding shown in the example works with an unmodified Redis client.
 * Method: start a node on a free port in this JVM and use Jedis against it.
 */
class StandaloneNodeExampleTest
{
    @Test
    void shouldServeJedisFromAnEmbeddedNode() throws Exception
    {
        try (KrillServer node = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
            Jedis jedis = new Jedis("127.0.0.1", node.port()))
        {
            assertEquals("OK", jedis.set("greeting", "hello"));
            assertEquals("hello", jedis.get("greeting"));
            assertEquals(1L, jedis.del("greeting"));
            assertEquals(null, jedis.get("greeting"));
        }
    }
}
