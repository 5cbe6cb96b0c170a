package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: a Krill server persists like Redis 7.0: SAVE and BGSAVE write dir/dbfilename (LASTSAVE and INFO
 * persistence follow), the file is loaded at startup (cluster mode too), SHUTDOWN saves when save points are
 * configured and not with NOSAVE, DEBUG RELOAD round-trips, and a corrupt file stops the startup.
 * Method: KrillServers over sockets in a temporary directory each; files checked on disk and by restarting.
 */
class RdbPersistenceTest
{
    private Path dir;

    @BeforeEach
    void createDir() throws IOException
    {
        dir = Files.createTempDirectory("krill-persistence");
    }

    @AfterEach
    void deleteDir() throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
    }

    private KrillServer start(final String... extra) throws Exception
    {
        final String[] args = new String[4 + extra.length];
        args[0] = "--port";
        args[1] = "0";
        args[2] = "--dir";
        args[3] = dir.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return KrillServer.start(ServerConfig.parse(args));
    }

    @Test
    void shouldLoadAtStartupWhenSaved() throws Exception
    {
        try (KrillServer server = start("--save", "");
            WireClient client = new WireClient(server.port()))
        {
            final String before = client.call("LASTSAVE");
            client.call("RPUSH", "list", "a", "b", "1");
            client.call("HSET", "hash", "f", "v");
            client.call("SET", "ttl", "x", "PXAT", "4102444800000");
            assertTrue(client.call("INFO", "persistence").contains("rdb_changes_since_last_save:3"));
            Thread.sleep(1100);
            assertEquals("+OK\r\n", client.call("SAVE"));
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
            assertFalse(before.equals(client.call("LASTSAVE")), "LASTSAVE moved");
            final String info = client.call("INFO", "persistence");
            assertTrue(info.contains("rdb_saves:1\r\n") && info.contains("rdb_changes_since_last_save:0"), info);
        }
        try (KrillServer server = start("--save", "");
            WireClient client = new WireClient(server.port()))
        {
            assertEquals(":3\r\n", client.call("DBSIZE"));
            assertEquals("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\n1\r\n", client.call("LRANGE", "list", "0", "-1"));
            assertEquals(":4102444800000\r\n", client.call("PEXPIRETIME", "ttl"));
            assertTrue(client.call("INFO", "persistence").contains("rdb_last_load_keys_loaded:3"));
        }
    }

    @Test
    void shouldWriteFileInBackgroundWhenBgsave() throws Exception
    {
        try (KrillServer server = start("--save", "", "--dbfilename", "bg.rdb", "--enable-debug-command", "yes");
            WireClient client = new WireClient(server.port()))
        {
            assertEquals("+OK\r\n", client.call("DEBUG", "POPULATE", "1000"));
            assertEquals("+Background saving started\r\n", client.call("BGSAVE"));
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String info = client.call("INFO", "persistence");
            while (!info.contains("rdb_bgsave_in_progress:0") && System.nanoTime() < deadlineNs)
            {
                Thread.sleep(20);
                info = client.call("INFO", "persistence");
            }
            assertTrue(info.contains("rdb_bgsave_in_progress:0") && info.contains("rdb_last_bgsave_status:ok") &&
                info.contains("rdb_saves:1"), info);
            assertTrue(Files.size(dir.resolve("bg.rdb")) > 1000);
            assertEquals("-ERR syntax error\r\n", client.call("BGSAVE", "NOW"));
            assertEquals("+OK\r\n", client.call("DEBUG", "RELOAD"));
            assertEquals(":1000\r\n", client.call("DBSIZE"));
        }
    }

    @Test
    void shouldSaveOnShutdownWhenSavePointsConfigured() throws Exception
    {
        final KrillServer server = start();
        try (WireClient client = new WireClient(server.port()))
        {
            client.call("SET", "k", "v");
            client.send("SHUTDOWN");
            awaitStop(server);
        }
        assertTrue(Files.exists(dir.resolve("dump.rdb")), "saved by SHUTDOWN");
        final KrillServer second = start();
        try (WireClient client = new WireClient(second.port()))
        {
            assertEquals("$1\r\nv\r\n", client.call("GET", "k"));
            client.call("SET", "k", "changed");
            client.send("SHUTDOWN", "NOSAVE");
            awaitStop(second);
        }
        try (KrillServer third = start("--save", "");
            WireClient client = new WireClient(third.port()))
        {
            assertEquals("$1\r\nv\r\n", client.call("GET", "k"), "NOSAVE left the old file");
        }
    }

    @Test
    void shouldLoadInClusterModeWhenFilePresent() throws Exception
    {
        try (KrillServer server = start("--save", "");
            WireClient client = new WireClient(server.port()))
        {
            client.call("SET", "k", "v");
            assertEquals("+OK\r\n", client.call("SAVE"));
        }
        try (KrillServer server = start("--save", "", "--cluster-enabled", "yes");
            WireClient client = new WireClient(server.port()))
        {
            assertEquals(":1\r\n", client.call("DBSIZE"));
        }
    }

    @Test
    void shouldRefuseToStartWhenFileCorrupt() throws Exception
    {
        Files.write(dir.resolve("dump.rdb"), "REDIS0010\u00fa\u0001".getBytes(java.nio.charset.StandardCharsets
            .ISO_8859_1));
        final IOException error = assertThrows(IOException.class, () -> start("--save", ""));
        assertTrue(error.getMessage().contains("dump.rdb"), error.getMessage());
    }

    private static void awaitStop(final KrillServer server) throws Exception
    {
        CompletableFuture.runAsync(() ->
        {
            try
            {
                server.awaitTermination();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }).get(10, TimeUnit.SECONDS);
        server.close();
    }
}
