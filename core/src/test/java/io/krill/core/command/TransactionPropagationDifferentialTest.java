package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: Krill as a master propagates a transaction as a real Redis 7.0.15 master does: several writes wrapped in
 * MULTI ... EXEC, a single write bare, nothing for a read-only, aborted (EXECABORT) or WATCH-failed transaction,
 * rewrites (relative expiries, INCRBYFLOAT, SPOP) inside the same MULTI ... EXEC, a key found expired inside EXEC,
 * PUBLISH inside EXEC.
 * Method: as PropagationDifferentialTest: a raw-socket replica (PSYNC ? -1) on each server, the same command
 * sequence on each, both streams read up to an end marker and compared after masking absolute times and the
 * members SPOP drew. Skipped when redis-server is absent.
 */
class TransactionPropagationDifferentialTest
{
    private static final String[][] SEQUENCE = {
        {"MULTI"}, {"SET", "a", "1"}, {"SET", "b", "2"}, {"EXEC"},
        {"MULTI"}, {"SET", "one", "1"}, {"GET", "one"}, {"EXEC"},
        {"MULTI"}, {"GET", "a"}, {"DEL", "nokey"}, {"EXEC"},
        {"MULTI"}, {"SET", "x", "1"}, {"NOSUCHCOMMAND"}, {"EXEC"},
        {"WATCH", "a"}, {"SET", "a", "3"}, {"MULTI"}, {"SET", "w", "1"}, {"EXEC"},
        {"MULTI"}, {"SET", "e", "v"}, {"EXPIRE", "e", "100"}, {"INCRBYFLOAT", "f", "1.5"}, {"EXEC"},
        {"SADD", "s", "a", "b", "c"}, {"MULTI"}, {"SPOP", "s", "2"}, {"EXEC"},
        {"MULTI"}, {"INCRBYFLOAT", "g", "2"}, {"EXEC"},
        {"RPUSH", "l", "1", "2"}, {"MULTI"}, {"BLPOP", "l", "0"}, {"BLPOP", "empty", "0"}, {"EXEC"},
        {"MULTI"}, {"PUBLISH", "ch", "hi"}, {"SET", "p", "1"}, {"EXEC"},
        {"SET", "t", "v", "PX", "30"}, {"SLEEP"}, {"MULTI"}, {"GET", "t"}, {"SET", "u", "1"}, {"SET", "u2", "1"},
        {"EXEC"},
        {"SET", "t2", "v", "PX", "30"}, {"SLEEP"}, {"MULTI"}, {"GET", "t2"}, {"SET", "u3", "1"}, {"EXEC"},
        {"MULTI"}, {"FLUSHALL"}, {"SET", "v", "1"}, {"EXEC"},
        {"SET", "zz:end", "1"}};

    @Test
    void shouldPropagateTransactionsLikeRedisWhenRunningSameCommands() throws Exception
    {
        final List<String> expected;
        try (RealRedisServer redis = RealRedisServer.start("--repl-diskless-sync", "no"))
        {
            expected = RawReplica.streamOf(redis.port(), SEQUENCE);
        }
        final List<String> actual;
        final KrillServer krill = KrillServer.start(ServerConfig.parse("--port", "0", "--bind", "127.0.0.1"));
        try
        {
            actual = RawReplica.streamOf(krill.port(), SEQUENCE);
        }
        finally
        {
            krill.close();
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        assertTrue(expected.contains("MULTI"), "Redis wrapped a transaction: " + expected);
    }
}
