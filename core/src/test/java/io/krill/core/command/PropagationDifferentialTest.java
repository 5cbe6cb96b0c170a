package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.server.KrillServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: Krill as a master propagates what a real Redis 7.0.15 master propagates for the same commands: SELECT 0
 * first, writes as sent, the 7.0 rewrites (relative expiries to PXAT/PEXPIREAT, INCRBYFLOAT/HINCRBYFLOAT to
 * SET/HSET, SPOP to SREM or DEL, GETSET/GETDEL, blocking and multi pops to plain pops), nothing for commands
 * that changed nothing, DEL for a key found expired, PUBLISH.
 * Method: attach a raw-socket replica (PSYNC ? -1, snapshot skipped) to each server, run one command sequence on
 * each, read both streams up to an end marker, and compare them after masking absolute times (checked to be
 * near the clock) and the members SPOP drew at random. Skipped when redis-server is absent.
 */
class PropagationDifferentialTest
{
    private static final String[][] SEQUENCE = {
        {"SET", "a", "1"}, {"SET", "a", "1"}, {"EXPIRE", "a", "100"}, {"SETEX", "b", "100", "v"},
        {"PSETEX", "b2", "100000", "v"}, {"SET", "c", "v", "EX", "100"}, {"SET", "c3", "v", "EXAT", "4102444800"},
        {"SET", "n1", "v", "NX", "PX", "100000"}, {"SET", "n1", "v", "NX", "EX", "100"},
        {"SET", "k", "v", "KEEPTTL", "GET"}, {"SET", "k2", "v", "PXAT", "4102444800000", "GET"},
        {"GETEX", "a", "EX", "100"}, {"GETEX", "a", "PERSIST"}, {"GETEX", "missing", "EX", "10"},
        {"GETEX", "k2", "PXAT", "4102444800001"}, {"GETSET", "k", "w"}, {"GETDEL", "k"}, {"GETDEL", "k"},
        {"INCRBYFLOAT", "f", "1.5"}, {"INCRBYFLOAT", "f", "0.1"}, {"HINCRBYFLOAT", "h", "x", "2.5"},
        {"SADD", "one", "m"}, {"SPOP", "one"}, {"SADD", "s", "a", "b", "c"}, {"SPOP", "s", "2"},
        {"SADD", "s3", "a", "b"}, {"SPOP", "s3", "5"}, {"SPOP", "s3", "0"}, {"SADD", "s2", "x"}, {"SADD", "s2", "x"},
        {"DEL", "nokey"}, {"RPUSH", "l", "1", "2", "3", "4", "5"}, {"BLPOP", "l", "0"}, {"BRPOP", "l", "0"},
        {"BLMOVE", "l", "l2", "LEFT", "RIGHT", "0"}, {"BRPOPLPUSH", "l", "l2", "0"},
        {"BLMPOP", "0", "1", "l2", "LEFT", "COUNT", "5"}, {"LMPOP", "1", "l", "RIGHT"},
        {"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"}, {"BZPOPMIN", "z", "0"}, {"BZPOPMAX", "z", "0"},
        {"BZMPOP", "0", "1", "z", "MIN", "COUNT", "1"}, {"ZMPOP", "1", "z", "MIN"},
        {"EXPIRE", "k2", "100", "NX"}, {"EXPIRE", "k2", "100", "XX"}, {"PEXPIREAT", "k2", "4102444800002"},
        {"EXPIREAT", "k2", "100"}, {"PERSIST", "nokey"}, {"INCR", "n"}, {"EXPIRE", "n", "-1"},
        {"SET", "cnt", "10"}, {"SETNX", "cnt", "2"}, {"APPEND", "cnt", "2"}, {"MSET", "m1", "1", "m2", "2"},
        {"MSETNX", "m1", "1", "m3", "3"}, {"SETRANGE", "sr", "0", "abc"}, {"RENAME", "m1", "m4"},
        {"PUBLISH", "ch", "hi"}, {"LPUSH", "el", "a"}, {"LPOP", "el"}, {"LPOP", "el"},
        {"HSET", "hh", "f", "1"}, {"HDEL", "hh", "nofield"}, {"SET", "t", "v", "PX", "30"}, {"SLEEP"}, {"GET", "t"},
        {"SET", "t2", "v", "PX", "30"}, {"SLEEP"}, {"SET", "t2", "new"}, {"UNLINK", "t2"}, {"FLUSHALL"},
        {"SET", "zz:end", "1"}};

    @Test
    void shouldPropagateLikeRedisWhenRunningSameCommands() throws Exception
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
        assertTrue(expected.size() > 40, "stream of " + expected.size() + " commands");
    }
}
