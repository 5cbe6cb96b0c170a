package io.krill.core.command;

import io.krill.core.cluster.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: a command on a cluster node is served or redirected exactly as Redis 7.0.15 does it (digest 2.1-2.4): MOVED
 * to the owner, CROSSSLOT, ASK to the target of a migrating slot when the keys are missing, TRYAGAIN when only some
 * are, ASKING as a one-shot pass into an importing slot, READONLY reads of the master's slots on a replica (writes
 * and other slots still redirected), READONLY for keyless writes on a replica, sharded pub/sub routed by channel,
 * and a client blocked on a key whose slot moves away is answered with MOVED.
 * Method: a 3-master, 3-replica Krill cluster in this JVM (LocalCluster, same slot split as the capture); replies
 * are compared byte for byte with the golden Redis replies in cluster-replies/ after putting this cluster's ports
 * and ids in place of the captured ones.
 */
class ClusterRoutingTest
{
    private static final String[] CAPTURED_IDS = {"32c4ea604eab4d482cc7961790c12240c6d294f2",
        "4df7066e089358f346bfd6d24a44c58386a456d1", "a6b5b979a1d0079bf836c35709b58f7191db811a"};
    private static final int CAPTURED_BASE_PORT = 7600;

    private static LocalCluster cluster;
    private static String[] ids;

    @BeforeAll
    static void formCluster() throws Exception
    {
        cluster = LocalCluster.start("127.0.0.1", new int[6], 1, null, List.of("--cluster-node-timeout", "5000"));
        cluster.form(30_000);
        ids = new String[6];
        for (int i = 0; i < 6; i++)
        {
            try (WireClient client = client(i))
            {
                ids[i] = client.callText("CLUSTER", "MYID");
            }
        }
    }

    @AfterAll
    static void stop()
    {
        if (cluster != null)
        {
            cluster.close();
        }
    }

    @Test
    void shouldRedirectToTheOwnerWithMovedAndRefuseCrossSlotKeys() throws Exception
    {
        try (WireClient master0 = client(0))
        {
            assertEquals(golden("moved.resp"), master0.call("GET", "foo"));
            assertEquals(golden("crossslot.resp"), master0.call("MSET", "a", "1", "b", "2"));
            assertEquals("+OK\r\n", master0.call("MSET", "{key:24358}a", "1", "{key:24358}b", "2"),
                "same slot, owned here");
            assertEquals(golden("moved.resp"), master0.call("SPUBLISH", "foo", "hi"), "sharded channels route too");
            assertEquals(":0\r\n", master0.call("PUBLISH", "foo", "hi"), "classic pub/sub is served anywhere");
        }
    }

    @Test
    void shouldMatchTheCapturedSlotMap() throws Exception
    {
        // The capture was taken before Redis's replicas had synced (a replica with offset 0 is not listed); Krill's
        // replicas sync within moments and are then listed after their master. Compare the masters' part with the
        // capture, and check that each range lists its master's replica once it has synced.
        for (int i = 0; i < 3; i++)
        {
            // a write each master's replica acknowledges: its offset is then above 0, and it is listed
            try (WireClient master = client(i))
            {
                final String key = keyServedBy(master, i);
                assertEquals("+OK\r\n", master.call("SET", key, "v"));
                assertEquals(":1\r\n", master.call("WAIT", "1", "5000"));
                master.call("DEL", key);
            }
        }
        try (WireClient master0 = client(0))
        {
            String slots = master0.call("CLUSTER", "SLOTS");
            final long deadlineNs = System.nanoTime() + 10_000_000_000L;
            while (slots.split("\\*4\r\n\\$", -1).length - 1 < 6 && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(20);
                slots = master0.call("CLUSTER", "SLOTS");
            }
            final String nodes = master0.callText("CLUSTER", "NODES");
            final StringBuilder mastersOnly = new StringBuilder();
            final String[] ranges = slots.substring("*3\r\n".length()).split("(?=\\*[0-9]+\r\n:[0-9]+\r\n:)");
            for (final String range : ranges)
            {
                final String[] nodeEntries = range.split("(?=\\*4\r\n\\$)");
                assertEquals(3, nodeEntries.length, "master and one synced replica in " + range);
                mastersOnly.append("*3").append(nodeEntries[0].substring(nodeEntries[0].indexOf("\r\n")))
                    .append(nodeEntries[1]);
                final String masterId = nodeEntries[1].split("\r\n")[5];
                final String replicaId = nodeEntries[2].split("\r\n")[5];
                assertTrue(nodes.contains(replicaId + " ") && nodes.lines().anyMatch(line ->
                    line.startsWith(replicaId + " ") && line.contains(" slave " + masterId + " ")),
                    replicaId + " listed as a replica of " + masterId);
            }
            assertEquals(golden("cluster-slots.resp"), "*3\r\n" + mastersOnly);
        }
    }

    @Test
    void shouldAskForMissingKeysOfAMigratingSlotAndLetAskingClientsIn() throws Exception
    {
        try (WireClient source = client(0); WireClient target = client(1))
        {
            assertEquals("+OK\r\n", source.call("SET", "{ask:1}present", "v"));
            assertEquals("+OK\r\n", target.call("CLUSTER", "SETSLOT", "3474", "IMPORTING", ids[0]));
            assertEquals("+OK\r\n", source.call("CLUSTER", "SETSLOT", "3474", "MIGRATING", ids[1]));
            try
            {
                assertEquals(golden("ask.resp"), source.call("GET", "ask:1"));
                assertEquals(golden("tryagain.resp"), source.call("MGET", "{ask:1}present", "{ask:1}missing"));
                assertEquals("$1\r\nv\r\n", source.call("GET", "{ask:1}present"), "present keys are still served");
                assertTrue(source.callText("CLUSTER", "NODES").contains(" [3474->-" + ids[1] + "]\n"));
                assertTrue(target.callText("CLUSTER", "NODES").contains(" [3474-<-" + ids[0] + "]\n"));

                assertEquals(golden("importing-get-moved.resp"), target.call("GET", "ask:1"));
                assertEquals(golden("asking-ok.resp"), target.call("ASKING"));
                assertEquals(golden("asking-get.resp"), target.call("GET", "ask:1"));
                assertEquals(golden("importing-get-moved.resp"), target.call("GET", "ask:1"), "ASKING is one-shot");
                target.call("ASKING");
                assertEquals(golden("tryagain.resp"), target.call("MGET", "{ask:1}a", "{ask:1}b"));
                target.call("ASKING");
                assertEquals("*2\r\n$-1\r\n$-1\r\n", target.call("MGET", "{ask:1}a", "{ask:1}a"),
                    "one distinct key is not a multi-key request");
            }
            finally
            {
                source.call("CLUSTER", "SETSLOT", "3474", "STABLE");
                target.call("CLUSTER", "SETSLOT", "3474", "STABLE");
                source.call("DEL", "{ask:1}present");
            }
            assertEquals("$-1\r\n", source.call("GET", "ask:1"), "stable again: served by the owner");
        }
    }

    @Test
    void shouldServeReadonlyReadsOfItsMastersSlotsOnAReplica() throws Exception
    {
        try (WireClient replica = client(3))
        {
            assertTrue(replica.callText("CLUSTER", "NODES").contains("myself,slave " + ids[0]));
            assertEquals(golden("replica-get-moved.resp"), replica.call("GET", "key:24358"));
            assertEquals(golden("readonly-ok.resp"), replica.call("READONLY"));
            assertEquals("$-1\r\n", replica.call("GET", "key:24358"), "served here (no replicated data yet)");
            assertEquals(golden("readonly-write-moved.resp"), replica.call("SET", "key:24358", "x"));
            assertTrue(replica.call("GET", "foo").startsWith("-MOVED 12182 "), "other masters' slots redirect");
            assertEquals("-READONLY You can't write against a read only replica.\r\n", replica.call("FLUSHALL"));
            assertEquals("+OK\r\n", replica.call("READWRITE"));
            assertEquals(golden("replica-get-moved.resp"), replica.call("GET", "key:24358"));
        }
    }

    @Test
    void shouldRedirectAClientBlockedOnASlotThatMovedAway() throws Exception
    {
        try (WireClient blocked = client(0); WireClient admin = client(0))
        {
            final String key = "{b}blocked-list";
            final String slot = admin.call("CLUSTER", "KEYSLOT", key).substring(1).trim();
            assertTrue(Integer.parseInt(slot) <= 5460, "the key must be in master 0's slots: " + slot);
            blocked.send("BLPOP", key, "0");
            Thread.sleep(200);
            assertEquals("+OK\r\n", admin.call("CLUSTER", "SETSLOT", slot, "NODE", ids[1]));
            try
            {
                assertEquals("-MOVED " + slot + " 127.0.0.1:" + cluster.servers().get(1).port() + "\r\n",
                    blocked.reply(), "answered within a cluster tick");
            }
            finally
            {
                admin.call("CLUSTER", "SETSLOT", slot, "NODE", ids[0]);
            }
            assertEquals("$-1\r\n", admin.call("GET", key), "served here again");
        }
    }

    @Test
    void shouldCountRedirectsAsRejectedCallsAndErrors() throws Exception
    {
        try (WireClient master1 = client(1))
        {
            master1.call("CONFIG", "RESETSTAT");
            master1.call("GET", "key:24358");
            final String info = master1.callText("INFO", "all");
            assertTrue(info.contains("errorstat_MOVED:count=1\r\n"), info);
            assertTrue(info.contains("\r\ncluster_connections:10\r\n"), "two bus links per other node: " + info);
            assertTrue(info.contains("cmdstat_get:calls=0,") && info.contains(",rejected_calls=1,failed_calls=0"),
                info);
        }
    }

    private static WireClient client(final int index) throws IOException
    {
        return new WireClient(cluster.servers().get(index).port());
    }

    /** A key whose slot master {@code index} serves (the masters split the slots in three, as the capture). */
    private static String keyServedBy(final WireClient client, final int index) throws IOException
    {
        for (int n = 0; ; n++)
        {
            final String key = "slots-key-" + n;
            final long slot = Long.parseLong(client.call("CLUSTER", "KEYSLOT", key).substring(1).trim());
            if (slot / 5462 == index)
            {
                return key;
            }
        }
    }

    /** A captured reply with this cluster's master ports and ids in place of the captured ones. */
    private static String golden(final String name) throws IOException
    {
        final String path = "/io/krill/core/command/cluster-replies/" + name;
        try (InputStream in = ClusterRoutingTest.class.getResourceAsStream(path))
        {
            assertTrue(in != null, "missing test resource " + path);
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 3; i++)
            {
                final int port = cluster.servers().get(i).port();
                reply = reply.replace(CAPTURED_IDS[i], ids[i])
                    .replace("127.0.0.1:" + (CAPTURED_BASE_PORT + i) + "\r\n", "127.0.0.1:" + port + "\r\n")
                    .replace("\r\n:" + (CAPTURED_BASE_PORT + i) + "\r\n", "\r\n:" + port + "\r\n");
            }
            return reply;
        }
    }
}
