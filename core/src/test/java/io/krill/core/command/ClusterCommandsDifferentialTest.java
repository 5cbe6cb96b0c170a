package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: on a single cluster node, every CLUSTER subcommand, READONLY, READWRITE, ASKING and the routing errors of
 * a lone node give Redis 7.0.15's exact reply bytes: argument parsing and its errors, the order of checks, slot
 * assignment, epochs, CLUSTER INFO/NODES/SLOTS/SHARDS text and shapes (RESP2 and RESP3), key counts per slot, the
 * CLUSTERDOWN and CROSSSLOT errors, announced addresses (cluster-announce-ip/-port/-bus-port/-hostname) under each
 * cluster-preferred-endpoint-type, and what a non-cluster node says; a wildcard announce-ip is never announced.
 * Method: the same command script runs on an in-process Krill node and on a real redis-server started with
 * --cluster-enabled yes (skipped when absent); each node's own id, client port and bus port are replaced by
 * placeholders, then the replies must be equal byte for byte. All mismatches are reported together.
 */
class ClusterCommandsDifferentialTest
{
    private Path dir;
    private KrillServer krill;
    private RealRedisServer redis;
    private WireClient krillClient;
    private WireClient redisClient;
    private final List<String> mismatches = new ArrayList<>();

    @BeforeEach
    void start() throws Exception
    {
        dir = Files.createTempDirectory("krill-cluster-commands");
        krill = KrillServer.start(ServerConfig.parse("--port", "0", "--cluster-enabled", "yes", "--dir",
            dir.toString()));
        redis = RealRedisServer.start("--cluster-enabled", "yes", "--cluster-port",
            Integer.toString(RealRedisServer.freePort()));
        krillClient = new WireClient(krill.port());
        redisClient = new WireClient(redis.port());
    }

    @AfterEach
    void stop() throws Exception
    {
        krillClient.close();
        redisClient.close();
        krill.close();
        redis.close();
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void shouldRejectBadArgumentsLikeRedis() throws Exception
    {
        same("CLUSTER");
        same("CLUSTER", "FOO");
        // no MYSHARDID here: Krill serves it as Redis 7.2 does (ClusterShardIdTest), 7.0.15 does not know it
        same("CLUSTER", "KEYSLOT");
        same("CLUSTER", "MYID", "extra");
        same("CLUSTER", "INFO", "extra");
        same("CLUSTER", "COUNTKEYSINSLOT", "x");
        same("CLUSTER", "COUNTKEYSINSLOT", "16384");
        same("CLUSTER", "COUNTKEYSINSLOT", "-1");
        same("CLUSTER", "GETKEYSINSLOT", "1", "x");
        same("CLUSTER", "GETKEYSINSLOT", "x", "1");
        same("CLUSTER", "GETKEYSINSLOT", "1", "-1");
        same("CLUSTER", "GETKEYSINSLOT", "16384", "1");
        same("CLUSTER", "SETSLOT", "1");
        same("CLUSTER", "SETSLOT", "x", "node");
        same("CLUSTER", "SETSLOT", "1", "foo");
        same("CLUSTER", "SETSLOT", "1", "node");
        same("CLUSTER", "SETSLOT", "1", "stable", "x");
        same("CLUSTER", "SETSLOT", "1", "migrating", "x");
        same("CLUSTER", "SETSLOT", "1", "importing", "x");
        same("CLUSTER", "SETSLOT", "1", "node", "x");
        same("CLUSTER", "SETSLOT", "16384", "stable");
        same("CLUSTER", "ADDSLOTS", "x");
        same("CLUSTER", "ADDSLOTS", "16384");
        same("CLUSTER", "ADDSLOTS", "-1");
        same("CLUSTER", "ADDSLOTSRANGE", "1", "2", "3");
        same("CLUSTER", "ADDSLOTSRANGE", "1", "x");
        same("CLUSTER", "ADDSLOTSRANGE", "5", "1");
        same("CLUSTER", "ADDSLOTS", "1", "1");
        same("CLUSTER", "ADDSLOTSRANGE", "1", "3", "2", "4");
        same("CLUSTER", "DELSLOTS", "x");
        same("CLUSTER", "DELSLOTS", "1");
        same("CLUSTER", "DELSLOTSRANGE", "1", "2");
        same("CLUSTER", "MEET", "1.2.3.4", "x");
        same("CLUSTER", "MEET", "1.2.3.4", "+7000");
        same("CLUSTER", "MEET", "1.2.3.4", "1", "x");
        same("CLUSTER", "MEET", "foo", "7000");
        same("CLUSTER", "MEET", "1.2.3.4", "70000");
        same("CLUSTER", "MEET", "1.2.3.4", "1", "2", "3");
        same("CLUSTER", "SET-CONFIG-EPOCH", "x");
        same("CLUSTER", "SET-CONFIG-EPOCH", "-1");
        same("CLUSTER", "FORGET", "x");
        same("CLUSTER", "REPLICATE", "x");
        same("CLUSTER", "REPLICAS", "x");
        same("CLUSTER", "SLAVES", "x");
        same("CLUSTER", "COUNT-FAILURE-REPORTS", "x");
        same("CLUSTER", "RESET", "foo");
        same("CLUSTER", "RESET", "hard", "x");
        same("CLUSTER", "FAILOVER", "foo");
        same("CLUSTER", "FAILOVER", "force", "x");
        same("CLUSTER", "FAILOVER");
        same("CLUSTER", "FAILOVER", "takeover");
        same("READONLY", "x");
        same("READONLY");
        same("READWRITE");
        same("ASKING");
        assertNoMismatch();
    }

    @Test
    void shouldManageSlotsEpochsAndKeysLikeRedis() throws Exception
    {
        same("CLUSTER", "SLOTS");
        same("CLUSTER", "LINKS");
        same("CLUSTER", "SHARDS");
        same("CLUSTER", "NODES");
        same("CLUSTER", "INFO");
        same("CLUSTER", "KEYSLOT", "foo");
        same("CLUSTER", "KEYSLOT", "{a}b");
        same("CLUSTER", "KEYSLOT", "");
        same("CLUSTER", "ADDSLOTS", "0", "1", "2");
        same("CLUSTER", "ADDSLOTS", "3", "1");
        same("CLUSTER", "ADDSLOTSRANGE", "100", "200", "12182", "12182");
        same("CLUSTER", "DELSLOTSRANGE", "150", "160");
        same("CLUSTER", "DELSLOTSRANGE", "150", "151");
        same("CLUSTER", "SET-CONFIG-EPOCH", "5");
        same("CLUSTER", "SET-CONFIG-EPOCH", "6");
        same("CLUSTER", "BUMPEPOCH");
        same("CLUSTER", "MYID");
        same("CLUSTER", "COUNT-FAILURE-REPORTS", "<myid>");
        same("CLUSTER", "REPLICAS", "<myid>");
        same("CLUSTER", "FORGET", "<myid>");
        same("CLUSTER", "REPLICATE", "<myid>");
        same("CLUSTER", "SETSLOT", "0", "migrating", "<myid>");
        same("CLUSTER", "SETSLOT", "0", "importing", "<myid>");
        same("CLUSTER", "SLOTS");
        same("CLUSTER", "SHARDS");
        same("CLUSTER", "NODES");
        same("CLUSTER", "INFO");
        same("SET", "foo", "bar");
        same("GET", "x");
        same("MSET", "foo", "1", "x", "2");
        same("MSET", "x", "1", "foo", "2");
        same("CONFIG", "SET", "cluster-allow-reads-when-down", "yes");
        same("GET", "foo");
        same("SET", "foo", "bar");
        same("GET", "x");
        same("CONFIG", "SET", "cluster-allow-reads-when-down", "no");
        same("CONFIG", "SET", "cluster-require-full-coverage", "no");
        awaitStateOk();
        same("SET", "foo", "bar");
        same("GET", "foo");
        same("GET", "x");
        same("MSET", "foo", "1", "x", "2");
        same("CLUSTER", "COUNTKEYSINSLOT", "12182");
        same("CLUSTER", "GETKEYSINSLOT", "12182", "10");
        same("CLUSTER", "GETKEYSINSLOT", "12182", "0");
        same("CLUSTER", "FLUSHSLOTS");
        same("CLUSTER", "RESET");
        same("CLUSTER", "SETSLOT", "12182", "node", "<myid>");
        same("SELECT", "1");
        same("DEL", "foo");
        same("CLUSTER", "SAVECONFIG");
        same("CLUSTER", "INFO");
        same("CLUSTER", "RESET", "soft");
        same("CLUSTER", "NODES");
        same("CLUSTER", "INFO");
        same("CLUSTER", "FLUSHSLOTS");
        assertNoMismatch();
    }

    @Test
    void shouldAnswerInResp3LikeRedis() throws Exception
    {
        krillClient.call("HELLO", "3");
        redisClient.call("HELLO", "3");
        same("CLUSTER", "ADDSLOTSRANGE", "0", "5", "10", "20");
        same("CLUSTER", "INFO");
        same("CLUSTER", "NODES");
        same("CLUSTER", "SLOTS");
        same("CLUSTER", "SHARDS");
        same("CLUSTER", "LINKS");
        same("CLUSTER", "MYID");
        same("CLUSTER", "GETKEYSINSLOT", "0", "10");
        same("CLUSTER", "HELP", "x");
        assertNoMismatch();
    }

    @Test
    void shouldShowAnnouncedAddressesPerPreferredEndpointTypeLikeRedis() throws Exception
    {
        final String[] announce = {"--cluster-announce-ip", "10.1.2.3", "--cluster-announce-port", "7777",
            "--cluster-announce-bus-port", "17777", "--cluster-announce-hostname", "node-a.example"};
        final String[] krillArgs = {"--port", "0", "--cluster-enabled", "yes", "--dir", dir.resolve("a").toString()};
        Files.createDirectories(dir.resolve("a"));
        try (KrillServer announcingKrill = KrillServer.start(ServerConfig.parse(concat(krillArgs, announce)));
            RealRedisServer announcingRedis = RealRedisServer.start(concat(new String[] {"--cluster-enabled", "yes",
                "--cluster-port", Integer.toString(RealRedisServer.freePort())}, announce)))
        {
            krillClient.close();
            redisClient.close();
            krillClient = new WireClient(announcingKrill.port());
            redisClient = new WireClient(announcingRedis.port());
            for (final WireClient client : List.of(krillClient, redisClient))
            {
                // the announced IP becomes myself's at the next cluster tick
                final long deadlineNs = System.nanoTime() + 5_000_000_000L;
                while (!client.callText("CLUSTER", "NODES").contains(" 10.1.2.3:7777@17777,node-a.example "))
                {
                    assertTrue(System.nanoTime() - deadlineNs < 0, client.callText("CLUSTER", "NODES"));
                    Thread.sleep(20);
                }
            }
            same("CLUSTER", "ADDSLOTSRANGE", "0", "100");
            same("CLUSTER", "NODES");
            for (final String type : new String[] {"ip", "hostname", "unknown-endpoint"})
            {
                same("CONFIG", "SET", "cluster-preferred-endpoint-type", type);
                same("CLUSTER", "SLOTS");
                same("CLUSTER", "SHARDS");
            }
            same("CONFIG", "SET", "cluster-announce-ip", "");
            assertNoMismatch();
        }
    }

    @Test
    void shouldNeverAnnounceAWildcardAddress() throws Exception
    {
        Files.createDirectories(dir.resolve("w"));
        try (KrillServer wildcard = KrillServer.start(ServerConfig.parse("--port", "0", "--cluster-enabled", "yes",
                "--dir", dir.resolve("w").toString(), "--cluster-announce-ip", "0.0.0.0"));
            WireClient client = new WireClient(wildcard.port()))
        {
            Thread.sleep(300);
            assertTrue(client.callText("CLUSTER", "NODES").contains(" :" + wildcard.port() + "@"),
                "no address until a MEET teaches one: " + client.callText("CLUSTER", "NODES"));
        }
    }

    private static String[] concat(final String[] first, final String[] second)
    {
        final String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void shouldRefuseClusterCommandsWhenClusterSupportIsDisabled() throws Exception
    {
        try (KrillServer plainKrill = KrillServer.start(ServerConfig.parse("--port", "0"));
            RealRedisServer plainRedis = RealRedisServer.start();
            WireClient krillPlain = new WireClient(plainKrill.port());
            WireClient redisPlain = new WireClient(plainRedis.port()))
        {
            for (final String[] command : new String[][] {{"CLUSTER", "INFO"}, {"CLUSTER", "HELP"},
                {"CLUSTER", "KEYSLOT", "a"}, {"CLUSTER", "FOO"}, {"READONLY"}, {"READWRITE"}, {"ASKING"}})
            {
                assertEquals(redisPlain.call(command), krillPlain.call(command), String.join(" ", command));
            }
        }
    }

    @Test
    void shouldListHelpAsStatusLines() throws Exception
    {
        final String help = krillClient.call("CLUSTER", "HELP");
        assertTrue(help.startsWith("*"), help);
        assertTrue(help.contains("+CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"), help);
        assertTrue(help.endsWith("+HELP\r\n+    Print this help.\r\n"), help);
    }

    private void awaitStateOk() throws Exception
    {
        final long deadlineNs = System.nanoTime() + 10_000_000_000L;
        for (final WireClient client : List.of(krillClient, redisClient))
        {
            while (!client.callText("CLUSTER", "INFO").startsWith("cluster_state:ok"))
            {
                assertTrue(System.nanoTime() - deadlineNs < 0, "cluster_state never became ok");
                Thread.sleep(20);
            }
        }
    }

    /** Runs the command on both nodes ({@code <myid>} stands for each node's own id) and notes any difference. */
    private void same(final String... command) throws IOException
    {
        final String krillId = idOf(krillClient);
        final String redisId = idOf(redisClient);
        final String krillReply = normalize(krillClient.call(substitute(command, krillId)), krillId, krill.port(),
            busPortOf(krillClient));
        final String redisReply = normalize(redisClient.call(substitute(command, redisId)), redisId, redis.port(),
            busPortOf(redisClient));
        if (!krillReply.equals(redisReply))
        {
            mismatches.add(String.join(" ", command) + "\n  redis: " + printable(redisReply) + "\n  krill: " +
                printable(krillReply));
        }
    }

    private void assertNoMismatch()
    {
        assertTrue(mismatches.isEmpty(), mismatches.size() + " replies differ:\n" + String.join("\n", mismatches));
    }

    private static String idOf(final WireClient client) throws IOException
    {
        return client.callText("CLUSTER", "MYID");
    }

    private static int busPortOf(final WireClient client) throws IOException
    {
        final String nodes = client.callText("CLUSTER", "NODES");
        final int at = nodes.indexOf('@');
        int end = at + 1;
        while (Character.isDigit(nodes.charAt(end)))
        {
            end++;
        }
        return Integer.parseInt(nodes.substring(at + 1, end));
    }

    private static String[] substitute(final String[] command, final String id)
    {
        final String[] out = command.clone();
        for (int i = 0; i < out.length; i++)
        {
            out[i] = out[i].replace("<myid>", id);
        }
        return out;
    }

    private static String normalize(final String reply, final String id, final int port, final int busPort)
    {
        return reply.replace(id, "<myid>").replace(":" + port + "@", ":<port>@").replace("@" + busPort, "@<cport>")
            .replace("\r\n:" + port + "\r\n", "\r\n:<port>\r\n");
    }

    private static String printable(final String reply)
    {
        return reply.replace("\r\n", "\\r\\n").replace("\n", "\\n");
    }
}
