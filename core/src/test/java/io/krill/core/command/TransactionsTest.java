package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: MULTI/EXEC/WATCH work over real sockets and with the client libraries applications use: optimistic locking
 * between two connections, Jedis's Transaction (WATCH, MULTI, EXEC, DISCARD) and Lettuce's multi()/exec(), a
 * blocking command answered at once inside EXEC, an EXEC with a queued write held by CLIENT PAUSE WRITE (as Redis
 * 7.0.15, checked by hand), a client that disconnects while watching leaves nothing behind,
 * and queuing and EXEC allocate nothing once a client's buffers have grown.
 * Method: an in-process KrillServer on a free port; WireClient for exact replies, Jedis and Lettuce for the client
 * view; InProcessNode's per-thread allocation counter for the queuing path. Exact replies against Redis itself are
 * in differential/transactions.txt.
 */
class TransactionsTest
{
    private KrillServer server;

    @BeforeEach
    void start() throws Exception
    {
        server = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    @Test
    void shouldAbortExecWhenAnotherClientWritesWatchedKey() throws Exception
    {
        try (WireClient watcher = new WireClient(server.port()); WireClient other = new WireClient(server.port()))
        {
            assertEquals("+OK\r\n", watcher.call("SET", "balance", "100"));
            assertEquals("+OK\r\n", watcher.call("WATCH", "balance"));
            assertEquals("$3\r\n100\r\n", watcher.call("GET", "balance"));
            assertEquals(":150\r\n", other.call("INCRBY", "balance", "50"));
            assertEquals("+OK\r\n", watcher.call("MULTI"));
            assertEquals("+QUEUED\r\n", watcher.call("SET", "balance", "90"));
            assertEquals("*-1\r\n", watcher.call("EXEC"));
            assertEquals("$3\r\n150\r\n", other.call("GET", "balance"), "the aborted SET did not run");

            // the retry, with nobody interfering, goes through
            assertEquals("+OK\r\n", watcher.call("WATCH", "balance"));
            assertEquals("+OK\r\n", watcher.call("MULTI"));
            assertEquals("+QUEUED\r\n", watcher.call("DECRBY", "balance", "10"));
            assertEquals("*1\r\n:140\r\n", watcher.call("EXEC"));
        }
    }

    @Test
    void shouldShowQueuedCountInClientListWhenInsideMulti() throws Exception
    {
        try (WireClient queuing = new WireClient(server.port()); WireClient observer = new WireClient(server.port()))
        {
            queuing.call("CLIENT", "SETNAME", "queuing");
            queuing.call("MULTI");
            queuing.call("SET", "a", "1");
            queuing.call("GET", "a");
            final String list = observer.callText("CLIENT", "LIST");
            final String line = list.lines().filter(l -> l.contains("name=queuing")).findFirst().orElseThrow();
            assertTrue(line.contains(" flags=x ") && line.contains(" multi=2 "), line);
            assertTrue(observer.callText("CLIENT", "INFO").contains(" multi=-1 "));
            queuing.call("DISCARD");
            final String after = observer.callText("CLIENT", "LIST").lines()
                .filter(l -> l.contains("name=queuing")).findFirst().orElseThrow();
            assertTrue(after.contains(" flags=N ") && after.contains(" multi=-1 "), after);
        }
    }

    @Test
    void shouldForgetWatchedKeysWhenWatcherDisconnects() throws Exception
    {
        try (WireClient other = new WireClient(server.port()))
        {
            try (WireClient watcher = new WireClient(server.port()))
            {
                watcher.call("WATCH", "k1", "k2");
                watcher.call("MULTI");
                watcher.call("SET", "k1", "queued");
            }
            // wait until the server saw the close; the queued SET never runs
            for (int i = 0; i < 100 && other.callText("CLIENT", "LIST").lines().count() > 1; i++)
            {
                Thread.sleep(20);
            }
            assertEquals(1, other.callText("CLIENT", "LIST").lines().count());
            assertEquals("+OK\r\n", other.call("SET", "k2", "v"), "touching a key nobody watches any more");
            assertEquals("$-1\r\n", other.call("GET", "k1"));
        }
    }

    @Test
    void shouldAnswerBlockingCommandAtOnceWhenInsideExec() throws Exception
    {
        try (WireClient client = new WireClient(server.port()))
        {
            client.call("MULTI");
            client.call("BLPOP", "empty", "0");
            client.call("RPUSH", "empty", "x");
            client.call("BLPOP", "empty", "0");
            assertEquals("*3\r\n*-1\r\n:1\r\n*2\r\n$5\r\nempty\r\n$1\r\nx\r\n", client.call("EXEC"));
            assertEquals("+PONG\r\n", client.call("PING"), "the connection is not left blocked");
        }
    }

    @Test
    void shouldHoldExecWithQueuedWriteWhenClientsArePausedForWrites() throws Exception
    {
        try (WireClient client = new WireClient(server.port()); WireClient admin = new WireClient(server.port()))
        {
            client.call("MULTI");
            client.call("SET", "k", "v");
            assertEquals("+OK\r\n", admin.call("CLIENT", "PAUSE", "400", "WRITE"));
            long startNs = System.nanoTime();
            assertEquals("*1\r\n+OK\r\n", client.call("EXEC"));
            final long writeMs = (System.nanoTime() - startNs) / 1_000_000;
            assertTrue(writeMs >= 300, "EXEC with a write waited for the pause: " + writeMs + " ms");

            client.call("MULTI");
            client.call("GET", "k");
            assertEquals("+OK\r\n", admin.call("CLIENT", "PAUSE", "2000", "WRITE"));
            startNs = System.nanoTime();
            assertEquals("*1\r\n$1\r\nv\r\n", client.call("EXEC"));
            final long readMs = (System.nanoTime() - startNs) / 1_000_000;
            assertTrue(readMs < 1500, "a read-only EXEC runs during a write pause: " + readMs + " ms");
            admin.call("CLIENT", "UNPAUSE");
        }
    }

    @Test
    void shouldRunJedisTransactionWhenWatchedKeyUntouched() throws Exception
    {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port()); Jedis other = new Jedis("127.0.0.1", server.port()))
        {
            jedis.set("counter", "1");
            jedis.watch("counter");
            Transaction transaction = jedis.multi();
            transaction.incr("counter");
            transaction.hset("h", "f", "v");
            transaction.get("counter");
            List<Object> results = transaction.exec();
            assertEquals(List.of(2L, 1L, "2"), results);

            jedis.watch("counter");
            other.set("counter", "100");
            transaction = jedis.multi();
            transaction.incr("counter");
            assertNull(transaction.exec(), "Jedis gives null for an aborted EXEC");
            assertEquals("100", jedis.get("counter"));

            transaction = jedis.multi();
            transaction.set("discarded", "x");
            assertEquals("OK", transaction.discard());
            assertNull(jedis.get("discarded"));
        }
    }

    @Test
    void shouldRunLettuceMultiExecWhenUsingResp3() throws Exception
    {
        final RedisClient lettuce = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> connection = lettuce.connect();
            StatefulRedisConnection<String, String> otherConnection = lettuce.connect())
        {
            final RedisCommands<String, String> redis = connection.sync();
            assertEquals("OK", redis.multi());
            redis.set("k", "v");
            redis.append("k", "w");
            redis.get("k");
            redis.lpush("l", "a", "b");
            TransactionResult result = redis.exec();
            assertTrue(!result.wasDiscarded());
            assertEquals(List.of("OK", 2L, "vw", 2L), result.stream().toList());

            redis.watch("k");
            otherConnection.sync().del("k");
            redis.multi();
            redis.set("k", "again");
            result = redis.exec();
            assertTrue(result.wasDiscarded(), "a RESP3 null EXEC reply means discarded");
            assertEquals(0L, redis.exists("k"));
        }
        finally
        {
            lettuce.shutdown();
        }
    }

    @Test
    void shouldNotAllocateWhenQueuingAndExecutingInSteadyState()
    {
        final InProcessNode node = new InProcessNode();
        final byte[][][] transaction = {
            InProcessNode.args("MULTI"), InProcessNode.args("SET", "key", "value"),
            InProcessNode.args("GET", "key"), InProcessNode.args("INCR", "counter"), InProcessNode.args("DISCARD"),
            InProcessNode.args("MULTI"), InProcessNode.args("SET", "key", "value"), InProcessNode.args("GET", "key"),
            InProcessNode.args("EXEC")};
        final long allocated = node.allocatedBytes(transaction, 20_000, 10_000);
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes over 10000 transactions");
    }
}
