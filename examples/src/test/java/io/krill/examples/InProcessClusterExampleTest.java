package io.krill.examples;

import io.krill.core.cluster.LocalCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/*
 * Goal: the in-process cluster shown in the example serves an unmodified cluster client across all its masters.
 * Method: form six nodes on free ports in this JVM and write and read keys spread over the slots with JedisCluster.
 */
class InProcessClusterExampleTest
{
    @Test
    void shouldServeJedisClusterFromAnInProcessCluster() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null, List.of()))
        {
            cluster.form(30_000);
            try (JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.servers().get(0).port())))
            {
                for (int i = 0; i < 100; i++)
                {
                    assertEquals("OK", jedis.set("greeting:" + i, "hello " + i));
                }
                for (int i = 0; i < 100; i++)
                {
                    assertEquals("hello " + i, jedis.get("greeting:" + i));
                }
            }
        }
    }
}
