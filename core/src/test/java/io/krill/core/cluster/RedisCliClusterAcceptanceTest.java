package io.krill.core.cluster;

import io.krill.core.server.KrillServer;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RBuckets;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: real Redis tooling assembles and checks a cluster of Krill nodes, and real cluster clients route over it
 * (digest 4.1, 4.2, 4.6): redis-cli --cluster create and check succeed with full coverage and no error or warning,
 * redis-cli -c follows a MOVED, and Jedis's JedisCluster, Lettuce's RedisClusterClient and Redisson's cluster mode
 * (one by one, and as a pipelined batch) each write and read 10,000 keys spread over all slots (Redisson reads
 * them from the replicas, its default, once the replicas acknowledged the writes). Also measures how
 * long after the start of create every node's CLUSTER NODES has the same slot signature (redis-cli's own agreement
 * test) and prints it.
 * Method: six in-process KrillServer nodes on free ports with default cluster options; redis-cli runs as a child
 * process (the test is skipped when it is absent) while a watcher thread polls every node's CLUSTER NODES every
 * few milliseconds over its own connections.
 */
class RedisCliClusterAcceptanceTest
{
    private static final String HOST = "127.0.0.1";
    private static final int KEYS = 10_000;

    private static LocalCluster cluster;
    private static RedisCli.Result create;
    private static FormationWatch watch;

    @BeforeAll
    static void createClusterWithRedisCli() throws Exception
    {
        RedisCli.assumeInstalled();
        cluster = LocalCluster.start(HOST, new int[6], 1, null, List.of());
        final List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        for (final KrillServer server : cluster.servers())
        {
            args.add(HOST + ":" + server.port());
        }
        args.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        watch = new FormationWatch(cluster);
        watch.start();
        create = RedisCli.run(120, args.toArray(new String[0]));
        watch.join(30_000);
        awaitStateOk();
        System.out.println("redis-cli --cluster create " + String.join(" ", args.subList(2, args.size())) +
            ": exit " + create.exitCode + "; first MEET seen after " + watch.firstMeetMs +
            " ms; all six CLUSTER NODES slot signatures equal " + watch.agreedMs + " ms after create started (" +
            (watch.agreedMs - watch.firstMeetMs) + " ms after the first MEET)");
    }

    /**
     * Slot agreement is not yet a writable cluster: clients may write once every node says cluster_state:ok, which
     * a master does no sooner than 2 s after its first evaluation (the writable delay that protects a restarted
     * master, Redis's too), so agreement may come earlier. Waited for once here, before any client starts.
     */
    private static void awaitStateOk() throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + 30_000_000_000L;
        for (final KrillServer server : cluster.servers())
        {
            try (AdminConnection connection = new AdminConnection(HOST, server.port()))
            {
                while (!String.valueOf(connection.callOk("CLUSTER", "INFO")).startsWith("cluster_state:ok"))
                {
                    assertTrue(System.nanoTime() - deadlineNs < 0, "cluster_state never became ok");
                    Thread.sleep(10);
                }
            }
        }
    }

    @AfterAll
    static void stop() throws InterruptedException
    {
        if (watch != null)
        {
            watch.interrupt();
            watch.join(5_000);
        }
        if (cluster != null)
        {
            cluster.close();
        }
    }

    @Test
    void shouldBeCreatedByRedisCliWithFullCoverage()
    {
        assertEquals(0, create.exitCode, create.toString());
        assertTrue(create.output.contains("[OK] All nodes agree about slots configuration."), create.output);
        assertTrue(create.output.contains("[OK] All 16384 slots covered."), create.output);
        assertFalse(create.output.contains("[ERR]"), create.output);
        assertTrue(watch.agreedMs >= 0, "the watcher never saw the nodes agree");
    }

    @Test
    void shouldPassRedisCliClusterCheckWithoutErrorsOrWarnings() throws Exception
    {
        final RedisCli.Result check = RedisCli.run(60, "--cluster", "check", HOST + ":" + port(0));
        assertEquals(0, check.exitCode, check.toString());
        assertTrue(check.output.contains("[OK] All nodes agree about slots configuration."), check.output);
        assertTrue(check.output.contains("[OK] All 16384 slots covered."), check.output);
        assertFalse(check.output.contains("[ERR]"), check.output);
        assertFalse(check.output.contains("[WARNING]"), check.output);
        assertTrue(check.output.contains("3 masters"), check.output);
    }

    @Test
    void shouldLetRedisCliFollowMovedWhenClusterModeIsOn() throws Exception
    {
        final int port = portNotServing("foo");
        final RedisCli.Result plain = RedisCli.run(30, "-p", Integer.toString(port), "GET", "foo");
        assertTrue(plain.output.startsWith("MOVED 12182 127.0.0.1:"), plain.output);
        final RedisCli.Result set = RedisCli.run(30, "-c", "-p", Integer.toString(port), "SET", "foo", "bar");
        assertEquals("OK\n", set.output);
        final RedisCli.Result get = RedisCli.run(30, "-c", "-p", Integer.toString(port), "GET", "foo");
        assertEquals("bar\n", get.output);
    }

    @Test
    void shouldWriteAndReadTenThousandKeysWithJedisCluster()
    {
        try (JedisCluster jedis = new JedisCluster(new HostAndPort(HOST, port(0))))
        {
            for (int i = 0; i < KEYS; i++)
            {
                jedis.set("jedis:" + i, "value-" + i);
            }
            for (int i = 0; i < KEYS; i++)
            {
                assertEquals("value-" + i, jedis.get("jedis:" + i));
            }
        }
    }

    @Test
    void shouldWriteAndReadTenThousandKeysWithLettuceClusterClient() throws Exception
    {
        final RedisClusterClient client = RedisClusterClient.create(RedisURI.create(HOST, port(0)));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect())
        {
            // asynchronous, as Lettuce is mostly used: the commands to each node are pipelined on its connection
            final RedisAdvancedClusterAsyncCommands<String, String> commands = connection.async();
            final List<RedisFuture<String>> sets = new ArrayList<>(KEYS);
            for (int i = 0; i < KEYS; i++)
            {
                sets.add(commands.set("lettuce:" + i, "value-" + i));
            }
            for (final RedisFuture<String> set : sets)
            {
                assertEquals("OK", set.get(30, TimeUnit.SECONDS));
            }
            final List<RedisFuture<String>> gets = new ArrayList<>(KEYS);
            for (int i = 0; i < KEYS; i++)
            {
                gets.add(commands.get("lettuce:" + i));
            }
            for (int i = 0; i < KEYS; i++)
            {
                assertEquals("value-" + i, gets.get(i).get(30, TimeUnit.SECONDS));
            }
            assertEquals("value-7", connection.sync().get("lettuce:7"));
        }
        finally
        {
            client.shutdown();
        }
    }

    @Test
    void shouldWriteAndReadTenThousandKeysWithRedissonClusterMode() throws Exception
    {
        final RedissonClient redisson = redisson();
        try
        {
            // the topology Redisson read from CLUSTER NODES: the three masters redis-cli made
            assertEquals(3, redisson.getRedisNodes(RedisNodes.CLUSTER).getMasters().size());
            // RBucket maps to SET and GET, each routed by the key's slot to one of the three masters; asynchronous,
            // so the commands spread over Redisson's pool of connections to each master
            final List<RFuture<Void>> sets = new ArrayList<>(KEYS);
            for (int i = 0; i < KEYS; i++)
            {
                sets.add(redisson.<String>getBucket("redisson:" + i, StringCodec.INSTANCE).setAsync("value-" + i));
            }
            sets.forEach(set -> set.toCompletableFuture().join());
            // replication is asynchronous, as in Redis: read the replicas once they acknowledged every write
            awaitReplicasCaughtUp();
            final long replicaGetsBefore = replicaGetCalls();
            final List<RFuture<String>> gets = new ArrayList<>(KEYS);
            for (int i = 0; i < KEYS; i++)
            {
                gets.add(redisson.<String>getBucket("redisson:" + i, StringCodec.INSTANCE).getAsync());
            }
            for (int i = 0; i < KEYS; i++)
            {
                assertEquals("value-" + i, gets.get(i).toCompletableFuture().join());
            }
            // Redisson's default read mode sent the GETs to the replicas
            assertTrue(replicaGetCalls() - replicaGetsBefore >= KEYS, "GETs served by replicas");
            final RBucket<String> bucket = redisson.getBucket("redisson:7", StringCodec.INSTANCE);
            assertEquals("value-7", bucket.get());
            // RBuckets splits a multi-key MSET / MGET into one command per slot
            final RBuckets buckets = redisson.getBuckets(StringCodec.INSTANCE);
            final Map<String, Object> values = new HashMap<>();
            for (int i = 0; i < 1000; i++)
            {
                values.put("redisson-many:" + i, "many-" + i);
            }
            buckets.set(values);
            awaitReplicasCaughtUp();
            final Map<String, Object> read = buckets.get(values.keySet().toArray(new String[0]));
            assertEquals(values, read);
        }
        finally
        {
            redisson.shutdown();
        }
    }

    @Test
    void shouldWriteAndReadTenThousandKeysWithRedissonPipelinedBatch() throws Exception
    {
        final RedissonClient redisson = redisson();
        try
        {
            // a batch is split per master and sent as one pipeline to each
            final RBatch writes = redisson.createBatch(BatchOptions.defaults());
            for (int i = 0; i < KEYS; i++)
            {
                writes.<String>getBucket("redisson-batch:" + i, StringCodec.INSTANCE).setAsync("value-" + i);
            }
            assertEquals(KEYS, writes.execute().getResponses().size());
            awaitReplicasCaughtUp();
            final RBatch reads = redisson.createBatch(BatchOptions.defaults());
            final List<RFuture<String>> gets = new ArrayList<>(KEYS);
            for (int i = 0; i < KEYS; i++)
            {
                gets.add(reads.<String>getBucket("redisson-batch:" + i, StringCodec.INSTANCE).getAsync());
            }
            final BatchResult<?> result = reads.execute();
            assertEquals(KEYS, result.getResponses().size());
            for (int i = 0; i < KEYS; i++)
            {
                assertEquals("value-" + i, gets.get(i).toCompletableFuture().join());
            }
        }
        finally
        {
            redisson.shutdown();
        }
    }

    /**
     * Redisson in cluster mode, seeded with one node: it discovers the others from CLUSTER NODES. Its default read
     * mode (ReadMode.SLAVE) sends reads to the replicas, after READONLY.
     */
    private static RedissonClient redisson()
    {
        final Config config = new Config();
        config.useClusterServers().addNodeAddress("redis://" + HOST + ":" + port(0));
        return Redisson.create(config);
    }

    /** Until every master's replicas acknowledged its whole stream (INFO replication: offsets equal). */
    private static void awaitReplicasCaughtUp() throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + 30_000_000_000L;
        for (final KrillServer server : cluster.servers())
        {
            try (AdminConnection connection = new AdminConnection(HOST, server.port()))
            {
                while (!caughtUp(String.valueOf(connection.callOk("INFO", "replication"))))
                {
                    assertTrue(System.nanoTime() - deadlineNs < 0, "replicas never caught up");
                    Thread.sleep(10);
                }
            }
        }
    }

    private static boolean caughtUp(final String info)
    {
        if (!info.contains("role:master"))
        {
            return true;
        }
        String masterOffset = null;
        final List<String> replicaOffsets = new ArrayList<>();
        for (final String line : info.split("\r\n"))
        {
            if (line.startsWith("master_repl_offset:"))
            {
                masterOffset = line.substring("master_repl_offset:".length());
            }
            else if (line.startsWith("slave") && line.contains(",offset="))
            {
                final int start = line.indexOf(",offset=") + ",offset=".length();
                replicaOffsets.add(line.substring(start, line.indexOf(',', start)));
            }
        }
        if (replicaOffsets.isEmpty())
        {
            return false;
        }
        for (final String offset : replicaOffsets)
        {
            if (!offset.equals(masterOffset))
            {
                return false;
            }
        }
        return true;
    }

    /** GET calls served by the replicas so far (INFO commandstats). */
    private static long replicaGetCalls() throws IOException
    {
        long calls = 0;
        for (final KrillServer server : cluster.servers())
        {
            try (AdminConnection connection = new AdminConnection(HOST, server.port()))
            {
                if (!String.valueOf(connection.callOk("INFO", "replication")).contains("role:slave"))
                {
                    continue;
                }
                for (final String line : String.valueOf(connection.callOk("INFO", "commandstats")).split("\r\n"))
                {
                    if (line.startsWith("cmdstat_get:calls="))
                    {
                        calls += Long.parseLong(line.substring("cmdstat_get:calls=".length(), line.indexOf(',')));
                    }
                }
            }
        }
        return calls;
    }

    private static int port(final int index)
    {
        return cluster.servers().get(index).port();
    }

    /** A node that does not own the key's slot (so a plain GET there is redirected). */
    private static int portNotServing(final String key) throws IOException
    {
        for (final KrillServer server : cluster.servers())
        {
            try (AdminConnection connection = new AdminConnection(HOST, server.port()))
            {
                final Object reply = connection.call("GET", key);
                if (reply instanceof AdminConnection.ErrorReply && reply.toString().startsWith("MOVED"))
                {
                    return server.port();
                }
            }
        }
        throw new AssertionError("every node serves " + key);
    }

    /**
     * Polls every node's CLUSTER NODES until all six slot signatures are equal and name three masters, as
     * redis-cli's "Waiting for the cluster to join" checks, and notes when the first MEET arrived.
     */
    private static final class FormationWatch extends Thread
    {
        private final LocalCluster cluster;
        private final long startNs = System.nanoTime();
        volatile long firstMeetMs = -1;
        volatile long agreedMs = -1;

        FormationWatch(final LocalCluster cluster)
        {
            super("formation-watch");
            setDaemon(true);
            this.cluster = cluster;
        }

        @Override
        public void run()
        {
            final List<AdminConnection> connections = new ArrayList<>();
            try
            {
                for (final KrillServer server : cluster.servers())
                {
                    connections.add(new AdminConnection(HOST, server.port()));
                }
                while (!isInterrupted() && System.nanoTime() - startNs < 60_000_000_000L)
                {
                    final List<String> signatures = new ArrayList<>();
                    boolean met = false;
                    for (final AdminConnection connection : connections)
                    {
                        final String nodes = String.valueOf(connection.callOk("CLUSTER", "NODES"));
                        met |= nodes.lines().count() > 1;
                        signatures.add(LocalCluster.signature(nodes));
                    }
                    final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
                    if (met && firstMeetMs < 0)
                    {
                        firstMeetMs = elapsedMs;
                    }
                    if (signatures.stream().distinct().count() == 1 && signatures.get(0).split("\\|").length == 3)
                    {
                        agreedMs = elapsedMs;
                        return;
                    }
                    Thread.sleep(2);
                }
            }
            catch (final IOException ex)
            {
                System.out.println("formation watch failed: " + ex);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                for (final AdminConnection connection : connections)
                {
                    try
                    {
                        connection.close();
                    }
                    catch (final IOException ignore)
                    {
                        // closing anyway
                    }
                }
            }
        }
    }
}
