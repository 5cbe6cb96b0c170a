package io.krill.core.cluster;

import io.krill.core.server.KrillServer;
import io.krill.slots.HashSlot;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisMovedDataException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: replication inside a cluster is real: the replicas redis-cli's layout makes hold their master's data,
 * show in CLUSTER SLOTS and CLUSTER SHARDS with their offsets, take over with the data when the master dies, and
 * a restarted old master comes back as a replica of its successor with the data; a manual failover under a
 * continuous writer loses no acknowledged write (held writes are delayed, then MOVED); after a takeover the other
 * replica of the old master continues with the new one (+CONTINUE, no full sync).
 * Method: in-process LocalCluster nodes (in-JVM bus, node timeout 1 s) over real client sockets; keys are written
 * through Jedis following MOVED; replicas are read with READONLY; INFO replication/stats and the CLUSTER replies
 * are polled until they show the expected state (bounded by a timeout).
 */
class ClusterReplicationTest
{
    private static final long TIMEOUT_MS = 20_000;
    private static final List<String> OPTIONS = List.of("--cluster-node-timeout", "1000");

    @Test
    void shouldReplicateEveryMastersKeysToItsReplicaWhenTheClusterIsFormed() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null, OPTIONS))
        {
            cluster.form(30_000);
            final List<String> keys = keys(300);
            for (final String key : keys)
            {
                assertEquals("OK", set(cluster, key, "v-" + key));
            }
            for (final KrillServer master : cluster.servers())
            {
                if (!myLine(master).contains("myself,master"))
                {
                    continue;
                }
                final String masterId = call(master, "CLUSTER", "MYID");
                final KrillServer replica = replicaOf(cluster, masterId);
                awaitTrue(() -> info(replica, "replication").contains("master_link_status:up"), "link up");
                final String replicationInfo = info(replica, "replication");
                assertTrue(replicationInfo.contains("role:slave"), replicationInfo);
                assertTrue(replicationInfo.contains("master_host:127.0.0.1\r\n"), replicationInfo);
                assertTrue(replicationInfo.contains("master_port:" + master.port() + "\r\n"), replicationInfo);
                final int first = firstSlot(myLine(master));
                final int last = lastSlot(myLine(master));
                try (Jedis jedis = new Jedis("127.0.0.1", replica.port()))
                {
                    assertEquals("OK", jedis.readonly());
                    int seen = 0;
                    for (final String key : keys)
                    {
                        final int slot = HashSlot.slot(key);
                        if (slot >= first && slot <= last)
                        {
                            final String expected = "v-" + key;
                            awaitTrue(() -> expected.equals(jedis.get(key)), "replica has " + key);
                            seen++;
                        }
                    }
                    assertTrue(seen > 50, "keys of this master: " + seen);
                }
            }
            // every node learns every replica's offset from the bus: CLUSTER SLOTS lists the replicas (Redis 7.0
            // hides replicas whose offset is 0) and CLUSTER SHARDS shows the offsets
            for (final KrillServer node : cluster.servers())
            {
                awaitTrue(() -> slotsListReplicas(cluster, node), "CLUSTER SLOTS lists each replica on " +
                    node.port());
                awaitTrue(() -> shardOffsetsPositive(node), "CLUSTER SHARDS offsets > 0 on " + node.port());
            }
        }
    }

    @Test
    void shouldServeTheMastersKeysFromThePromotedReplicaAndResyncTheRestartedMaster() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null, OPTIONS))
        {
            cluster.form(30_000);
            final KrillServer master = cluster.servers().get(0);
            final String masterId = call(master, "CLUSTER", "MYID");
            final KrillServer replica = replicaOf(cluster, masterId);
            final String replicaId = call(replica, "CLUSTER", "MYID");
            final int first = firstSlot(myLine(master));
            final int last = lastSlot(myLine(master));
            final List<String> keys = keysInRange(first, last, 500);
            try (Jedis jedis = new Jedis("127.0.0.1", master.port()))
            {
                for (final String key : keys)
                {
                    assertEquals("OK", jedis.set(key, "v-" + key));
                }
                assertEquals(1L, jedis.waitReplicas(1, 5000));
            }

            final long closedNs = System.nanoTime();
            master.close();
            awaitTrue(() -> myLine(replica).contains("myself,master"), "the replica is promoted");
            System.out.println("failover with data: promoted " + (System.nanoTime() - closedNs) / 1_000_000 +
                " ms after the master closed");
            final KrillServer other = cluster.servers().get(1);
            awaitTrue(() -> "OK".equals(set(other, keys.get(0), "v-" + keys.get(0))), "writes are served");
            for (final String key : keys)
            {
                assertEquals("v-" + key, get(other, key), key);
            }

            final KrillServer restarted = cluster.restart(0);
            awaitTrue(() -> myLine(restarted).contains("myself,slave " + replicaId), "the old master follows");
            awaitTrue(() -> info(restarted, "replication").contains("master_link_status:up"), "link up");
            final String replicationInfo = info(restarted, "replication");
            assertTrue(replicationInfo.contains("master_port:" + replica.port() + "\r\n"), replicationInfo);
            try (Jedis jedis = new Jedis("127.0.0.1", restarted.port()))
            {
                assertEquals("OK", jedis.readonly());
                for (final String key : keys)
                {
                    assertEquals("v-" + key, jedis.get(key), key);
                }
            }
            // the restart kept no RDB: the old master comes back empty, with a new history, so the sync is full
            // (PSYNC ? -1), as a restarted redis-server without a dump file would get
            final String stats = info(replica, "stats");
            assertEquals(1, field(stats, "sync_full"), stats);
            assertEquals(0, field(stats, "sync_partial_ok"), stats);
            assertEquals(0, field(stats, "sync_partial_err"), stats);
        }
    }

    @Test
    void shouldLoseNoAcknowledgedWriteWhenAManualFailoverRunsUnderLoad() throws Exception
    {
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null, OPTIONS))
        {
            cluster.form(30_000);
            final KrillServer master = cluster.servers().get(0);
            final String masterId = call(master, "CLUSTER", "MYID");
            final KrillServer replica = replicaOf(cluster, masterId);
            final String replicaId = call(replica, "CLUSTER", "MYID");
            awaitTrue(() -> info(replica, "replication").contains("master_link_status:up"), "link up");
            final List<String> keys = keysInRange(firstSlot(myLine(master)), lastSlot(myLine(master)), 100);
            final ContinuousWriter writer = new ContinuousWriter(master.port(), keys);
            final Thread thread = new Thread(writer, "writer");
            thread.start();
            try
            {
                awaitTrue(() -> writer.acknowledged() > 200, "writes flow");
                final long startNs = System.nanoTime();
                assertEquals("OK", call(replica, "CLUSTER", "FAILOVER"));
                awaitTrue(() -> myLine(master).contains("myself,slave " + replicaId), "the old master follows");
                System.out.println("manual failover under load: roles swapped " +
                    (System.nanoTime() - startNs) / 1_000_000 + " ms after CLUSTER FAILOVER");
                final long afterNs = writer.acknowledged();
                awaitTrue(() -> writer.acknowledged() > afterNs + 200, "writes flow to the new master");
            }
            finally
            {
                writer.stop();
                thread.join(10_000);
            }
            assertEquals(List.of(), writer.errors());
            assertTrue(writer.moved() > 0, "the writer was redirected to the new master");
            System.out.println("manual failover under load: " + writer.acknowledged() + " writes acknowledged, " +
                "longest write " + writer.longestMs() + " ms, " + writer.moved() + " MOVED");
            try (Jedis jedis = new Jedis("127.0.0.1", replica.port()))
            {
                for (int i = 0; i < keys.size(); i++)
                {
                    assertEquals(writer.lastValue(i), jedis.get(keys.get(i)), keys.get(i));
                }
            }
            awaitTrue(() -> info(master, "replication").contains("master_link_status:up"), "old master linked");
            final String replicationInfo = info(master, "replication");
            assertTrue(replicationInfo.contains("master_port:" + replica.port() + "\r\n"), replicationInfo);
            // the old master continued the new master's history (its own, under the promoted replica's new id)
            assertEquals(1, field(info(replica, "stats"), "sync_partial_ok"));
        }
    }

    /** SETs keys round-robin with increasing values, following MOVED, until stopped. */
    private static final class ContinuousWriter implements Runnable
    {
        private final List<String> keys;
        private final String[] lastValues;
        private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private volatile long acknowledged;
        private volatile long moved;
        private volatile long longestMs;
        private int port;

        ContinuousWriter(final int port, final List<String> keys)
        {
            this.port = port;
            this.keys = keys;
            this.lastValues = new String[keys.size()];
        }

        @Override
        public void run()
        {
            long sequence = 0;
            Jedis jedis = new Jedis("127.0.0.1", port);
            try
            {
                while (running)
                {
                    final int index = (int)(sequence % keys.size());
                    final String value = "v" + sequence;
                    final long startNs = System.nanoTime();
                    try
                    {
                        final String reply = jedis.set(keys.get(index), value);
                        if (!"OK".equals(reply))
                        {
                            errors.add(reply);
                            return;
                        }
                        lastValues[index] = value;
                        acknowledged++;
                        sequence++;
                        longestMs = Math.max(longestMs, (System.nanoTime() - startNs) / 1_000_000);
                    }
                    catch (final JedisMovedDataException redirect)
                    {
                        // a write held by the pause comes back as MOVED once the roles swapped
                        longestMs = Math.max(longestMs, (System.nanoTime() - startNs) / 1_000_000);
                        moved++;
                        port = redirect.getTargetNode().getPort();
                        jedis.close();
                        jedis = new Jedis("127.0.0.1", port);
                    }
                    catch (final RuntimeException ex)
                    {
                        errors.add(String.valueOf(ex));
                        return;
                    }
                }
            }
            finally
            {
                jedis.close();
            }
        }

        void stop()
        {
            running = false;
        }

        long acknowledged()
        {
            return acknowledged;
        }

        long moved()
        {
            return moved;
        }

        long longestMs()
        {
            return longestMs;
        }

        List<String> errors()
        {
            return errors;
        }

        String lastValue(final int index)
        {
            return lastValues[index];
        }
    }

    @Test
    void shouldContinueTheOtherReplicaWithTheNewMasterWhenItTakesOver() throws Exception
    {
        // one master and two replicas: no other master votes, so the takeover is CLUSTER FAILOVER TAKEOVER
        try (LocalCluster cluster = LocalCluster.start("127.0.0.1", new int[3], 2, null, OPTIONS))
        {
            cluster.form(30_000);
            final KrillServer master = cluster.servers().get(0);
            final KrillServer first = cluster.servers().get(1);
            final KrillServer second = cluster.servers().get(2);
            final List<String> keys = keys(200);
            try (Jedis jedis = new Jedis("127.0.0.1", master.port()))
            {
                for (final String key : keys)
                {
                    assertEquals("OK", jedis.set(key, "v-" + key));
                }
                assertEquals(2L, jedis.waitReplicas(2, 5000));
            }
            master.close();
            awaitTrue(() -> info(first, "replication").contains("master_link_status:down"), "link down");
            assertEquals("OK", call(first, "CLUSTER", "FAILOVER", "TAKEOVER"));
            awaitTrue(() -> myLine(first).contains("myself,master"), "the replica took over");
            final String firstId = call(first, "CLUSTER", "MYID");
            awaitTrue(() -> myLine(second).contains("myself,slave " + firstId), "the other replica follows");
            awaitTrue(() -> info(second, "replication").contains("master_port:" + first.port() +
                "\r\nmaster_link_status:up"), "linked to the new master");
            // the new master kept the old history as replid2: the other replica continued, no full sync
            final String stats = info(first, "stats");
            assertEquals(1, field(stats, "sync_partial_ok"), stats);
            assertEquals(0, field(stats, "sync_full"), stats);
            final String promoted = info(first, "replication");
            final String follower = info(second, "replication");
            assertEquals(value(promoted, "master_replid"), value(follower, "master_replid"));
            assertEquals(value(promoted, "master_replid2"), value(follower, "master_replid2"));
            try (Jedis jedis = new Jedis("127.0.0.1", first.port()))
            {
                assertEquals("OK", jedis.set("after", "takeover"));
                assertEquals(1L, jedis.waitReplicas(1, 5000));
            }
            try (Jedis jedis = new Jedis("127.0.0.1", second.port()))
            {
                assertEquals("OK", jedis.readonly());
                assertEquals("takeover", jedis.get("after"));
                for (final String key : keys)
                {
                    assertEquals("v-" + key, jedis.get(key), key);
                }
            }
        }
    }

    private static boolean slotsListReplicas(final LocalCluster cluster, final KrillServer node) throws IOException
    {
        try (Jedis jedis = new Jedis("127.0.0.1", node.port()))
        {
            final List<Object> ranges = jedis.clusterSlots();
            if (ranges.size() != 3)
            {
                return false;
            }
            for (final Object range : ranges)
            {
                final List<?> entry = (List<?>)range;
                if (entry.size() != 4)
                {
                    return false;
                }
                final long masterPort = (Long)((List<?>)entry.get(2)).get(1);
                final long replicaPort = (Long)((List<?>)entry.get(3)).get(1);
                final KrillServer master = byPort(cluster, (int)masterPort);
                final String masterId = call(master, "CLUSTER", "MYID");
                if (replicaOf(cluster, masterId).port() != replicaPort)
                {
                    return false;
                }
            }
            return true;
        }
    }

    private static boolean shardOffsetsPositive(final KrillServer node)
    {
        try (Jedis jedis = new Jedis("127.0.0.1", node.port()))
        {
            final Object reply = jedis.sendCommand(redis.clients.jedis.Protocol.Command.CLUSTER, "SHARDS");
            final String text = flatten(reply);
            int offsets = 0;
            final String[] words = text.split(" ");
            for (int i = 0; i + 1 < words.length; i++)
            {
                if (words[i].equals("replication-offset"))
                {
                    if (Long.parseLong(words[i + 1]) <= 0)
                    {
                        return false;
                    }
                    offsets++;
                }
            }
            lastSeen = text;
            return offsets == 6 && !text.contains("loading");
        }
    }

    private static String flatten(final Object reply)
    {
        if (reply instanceof List)
        {
            final StringBuilder text = new StringBuilder();
            for (final Object item : (List<?>)reply)
            {
                text.append(flatten(item)).append(' ');
            }
            return text.toString().trim();
        }
        if (reply instanceof byte[])
        {
            return new String((byte[])reply, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(reply);
    }

    static KrillServer byPort(final LocalCluster cluster, final int port)
    {
        for (final KrillServer node : cluster.servers())
        {
            if (node.port() == port)
            {
                return node;
            }
        }
        throw new AssertionError("no node on port " + port);
    }

    /** SET through any node, following MOVED. */
    static String set(final LocalCluster cluster, final String key, final String value) throws IOException
    {
        return set(cluster.servers().get(cluster.servers().size() - 1), key, value);
    }

    static String set(final KrillServer start, final String key, final String value)
    {
        int port = start.port();
        for (int hops = 0; hops < 3; hops++)
        {
            try (Jedis jedis = new Jedis("127.0.0.1", port))
            {
                return jedis.set(key, value);
            }
            catch (final JedisMovedDataException moved)
            {
                port = moved.getTargetNode().getPort();
            }
        }
        throw new AssertionError("too many redirects for " + key);
    }

    static String get(final KrillServer start, final String key)
    {
        int port = start.port();
        for (int hops = 0; hops < 3; hops++)
        {
            try (Jedis jedis = new Jedis("127.0.0.1", port))
            {
                return jedis.get(key);
            }
            catch (final JedisMovedDataException moved)
            {
                port = moved.getTargetNode().getPort();
            }
        }
        throw new AssertionError("too many redirects for " + key);
    }

    static List<String> keys(final int count)
    {
        final List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            keys.add("key:" + i);
        }
        return keys;
    }

    static List<String> keysInRange(final int first, final int last, final int count)
    {
        final List<String> keys = new ArrayList<>(count);
        for (int i = 0; keys.size() < count; i++)
        {
            final String key = "key:" + i;
            final int slot = HashSlot.slot(key);
            if (slot >= first && slot <= last)
            {
                keys.add(key);
            }
        }
        return keys;
    }

    static KrillServer replicaOf(final LocalCluster cluster, final String masterId) throws IOException
    {
        for (final KrillServer node : cluster.servers())
        {
            if (myLine(node).contains("myself,slave " + masterId))
            {
                return node;
            }
        }
        throw new AssertionError("no replica of " + masterId);
    }

    /** The first slot of a CLUSTER NODES line. */
    static int firstSlot(final String line)
    {
        final String range = line.trim().split(" ")[8];
        final int dash = range.indexOf('-');
        return Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
    }

    /** The last slot of a CLUSTER NODES line with one range. */
    static int lastSlot(final String line)
    {
        final String range = line.trim().split(" ")[8];
        final int dash = range.indexOf('-');
        return Integer.parseInt(dash < 0 ? range : range.substring(dash + 1));
    }

    static String myLine(final KrillServer server) throws IOException
    {
        for (final String line : call(server, "CLUSTER", "NODES").split("\n"))
        {
            if (line.contains("myself"))
            {
                return line;
            }
        }
        throw new AssertionError("no myself line");
    }

    static String info(final KrillServer server, final String section) throws IOException
    {
        return call(server, "INFO", section);
    }

    static long field(final String info, final String name)
    {
        for (final String line : info.split("\r\n"))
        {
            if (line.startsWith(name + ":"))
            {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + name + " in " + info);
    }

    static String value(final String info, final String name)
    {
        for (final String line : info.split("\r\n"))
        {
            if (line.startsWith(name + ":"))
            {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + info);
    }

    static String call(final KrillServer server, final String... args) throws IOException
    {
        try (AdminConnection connection = new AdminConnection("127.0.0.1", server.port()))
        {
            final Object reply = connection.callOk(args);
            assertNotNull(reply);
            return String.valueOf(reply);
        }
    }

    private static volatile String lastSeen;

    interface Check
    {
        boolean holds() throws IOException;
    }

    static void awaitTrue(final Check check, final String what) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < deadlineNs)
        {
            try
            {
                if (check.holds())
                {
                    return;
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                // a node that is closing or not ready yet: try again
                lastSeen = String.valueOf(ex);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting: " + what + "; last seen: " + lastSeen);
    }
}
