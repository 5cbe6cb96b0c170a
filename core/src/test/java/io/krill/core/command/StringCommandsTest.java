package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import org.junit.jupiter.api.Test;

import static io.krill.core.command.InProcessNode.bulk;
import static io.krill.core.command.InProcessNode.error;
import static io.krill.core.command.InProcessNode.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Goal: every string command gives Redis 7.0.15's reply, error string and side effects (TTL, OBJECT ENCODING,
 * key creation), in RESP2 and RESP3.
 * Method: commands run through the real dispatcher of an in-process node with a hand-set clock, so TTLs are
 * exact and values of other types can be planted for WRONGTYPE; replies are compared byte for byte with what
 * redis-server 7.0.15 sent for the same commands (observed with redis-cli and a raw socket; the randomized
 * comparison against a live redis-server is {@link StringCommandsDifferentialTest}).
 */
class StringCommandsTest
{
    private static final String OK = "+OK\r\n";
    private static final String NIL = "$-1\r\n";
    private static final String EMPTY = "$0\r\n\r\n";
    private static final String SYNTAX = error("ERR syntax error");
    private static final String NOT_INTEGER = error("ERR value is not an integer or out of range");
    private static final String NOT_FLOAT = error("ERR value is not a valid float");
    private static final String WRONGTYPE = error("WRONGTYPE Operation against a key holding the wrong kind of value");

    private final InProcessNode node = new InProcessNode();

    @Test
    void shouldAcceptRepeatedExpireOptionWhenSetGivesItTwice()
    {
        assertEquals(OK, node.call("SET", "k", "v", "EX", "10", "EX", "20"));
        assertEquals(node.nowMs() + 20_000, node.expiryMs("k"));
        assertEquals(OK, node.call("SET", "k", "v", "KEEPTTL", "KEEPTTL"));
        assertEquals(node.nowMs() + 20_000, node.expiryMs("k"));
        assertEquals(SYNTAX, node.call("SET", "k", "v", "EX", "10", "PX", "20"));
        assertEquals(SYNTAX, node.call("SET", "k", "v", "KEEPTTL", "EX", "10"));
        assertEquals(SYNTAX, node.call("SET", "k", "v", "NX", "XX"));
        assertEquals(SYNTAX, node.call("SET", "k", "v", "PERSIST"));
        assertEquals(SYNTAX, node.call("SET", "k", "v", "EX"));
    }

    @Test
    void shouldReportSyntaxBeforeBadTimeWhenSetHasBoth()
    {
        assertEquals(SYNTAX, node.call("SET", "k", "v", "EX", "abc", "foo"));
        assertEquals(NOT_INTEGER, node.call("SET", "k", "v", "EX", "abc"));
        assertEquals(error("ERR invalid expire time in 'set' command"), node.call("SET", "k", "v", "EX", "0"));
        assertEquals(error("ERR invalid expire time in 'set' command"),
            node.call("SET", "k", "v", "EX", "9223372036854776"));
        assertEquals(error("ERR invalid expire time in 'set' command"),
            node.call("SET", "k", "v", "PX", "9223372036854775807"));
        assertEquals(NIL, node.call("GET", "k"));
    }

    @Test
    void shouldReplyOldValueAndDropTtlWhenGetset()
    {
        assertEquals(NIL, node.call("GETSET", "k", "one"));
        node.call("SET", "k", "one", "EX", "100");
        assertEquals(bulk("one"), node.call("GETSET", "k", "two"));
        assertEquals(KeyTable.NO_EXPIRY, node.expiryMs("k"));
        assertEquals(bulk("two"), node.call("GET", "k"));
        node.putNonString("h");
        assertEquals(WRONGTYPE, node.call("GETSET", "h", "x"));
    }

    @Test
    void shouldDeleteKeyWhenGetdel()
    {
        node.call("SET", "k", "v");
        assertEquals(bulk("v"), node.call("GETDEL", "k"));
        assertEquals(NIL, node.call("GETDEL", "k"));
        assertEquals(integer(0), node.call("EXISTS", "k"));
        node.putNonString("h");
        assertEquals(WRONGTYPE, node.call("GETDEL", "h"));
        assertEquals(integer(1), node.call("EXISTS", "h"));
    }

    @Test
    void shouldSetOrRemoveTtlWhenGetexHasOptions()
    {
        node.call("SET", "k", "v");
        assertEquals(bulk("v"), node.call("GETEX", "k"));
        assertEquals(KeyTable.NO_EXPIRY, node.expiryMs("k"));
        assertEquals(bulk("v"), node.call("GETEX", "k", "EX", "10"));
        assertEquals(node.nowMs() + 10_000, node.expiryMs("k"));
        assertEquals(bulk("v"), node.call("GETEX", "k", "px", "1500"));
        assertEquals(node.nowMs() + 1500, node.expiryMs("k"));
        assertEquals(bulk("v"), node.call("GETEX", "k", "EXAT", Long.toString(node.nowMs() / 1000 + 50)));
        assertEquals((node.nowMs() / 1000 + 50) * 1000, node.expiryMs("k"));
        assertEquals(bulk("v"), node.call("GETEX", "k", "PXAT", Long.toString(node.nowMs() + 777)));
        assertEquals(node.nowMs() + 777, node.expiryMs("k"));
        assertEquals(bulk("v"), node.call("GETEX", "k", "EX", "10", "EX", "20"));
        assertEquals(node.nowMs() + 20_000, node.expiryMs("k"));
        assertEquals(bulk("v"), node.call("GETEX", "k", "PERSIST", "PERSIST"));
        assertEquals(KeyTable.NO_EXPIRY, node.expiryMs("k"));
    }

    @Test
    void shouldDeleteKeyWhenGetexAbsoluteTimeIsPast()
    {
        node.call("SET", "k", "v");
        assertEquals(bulk("v"), node.call("GETEX", "k", "PXAT", Long.toString(node.nowMs() - 1)));
        assertEquals(-2, node.expiryMs("k"));
        assertEquals(0, node.keyspace.expiredKeys());
    }

    @Test
    void shouldCheckGetexOptionsInRedisOrder()
    {
        assertEquals(SYNTAX, node.call("GETEX", "missing", "foo"));
        assertEquals(NIL, node.call("GETEX", "missing", "EX", "abc"));
        assertEquals(NIL, node.call("GETEX", "missing", "EX", "0"));
        node.call("SET", "k", "v");
        assertEquals(SYNTAX, node.call("GETEX", "k", "EX", "10", "PX", "100"));
        assertEquals(SYNTAX, node.call("GETEX", "k", "PERSIST", "EX", "10"));
        assertEquals(SYNTAX, node.call("GETEX", "k", "KEEPTTL"));
        assertEquals(SYNTAX, node.call("GETEX", "k", "EX"));
        assertEquals(NOT_INTEGER, node.call("GETEX", "k", "EX", "abc"));
        assertEquals(error("ERR invalid expire time in 'getex' command"), node.call("GETEX", "k", "EX", "0"));
        assertEquals(error("ERR invalid expire time in 'getex' command"), node.call("GETEX", "k", "PXAT", "-5"));
        node.putNonString("h");
        assertEquals(WRONGTYPE, node.call("GETEX", "h", "EX", "0"));
    }

    @Test
    void shouldReplyNullForMissingAndOtherTypesWhenMget()
    {
        node.call("SET", "a", "1");
        node.putNonString("h");
        assertEquals("*3\r\n$1\r\n1\r\n$-1\r\n$-1\r\n", node.call("MGET", "a", "b", "h"));
        node.protocol(3);
        assertEquals("*3\r\n$1\r\n1\r\n_\r\n_\r\n", node.call("MGET", "a", "b", "h"));
    }

    @Test
    void shouldRejectOddArgumentsWhenMset()
    {
        assertEquals(error("ERR wrong number of arguments for 'mset' command"), node.call("MSET", "a"));
        assertEquals(error("ERR wrong number of arguments for 'mset' command"), node.call("MSET", "a", "b", "c"));
        assertEquals(error("ERR wrong number of arguments for 'msetnx' command"), node.call("MSETNX", "a", "b", "c"));
        assertEquals(integer(0), node.call("EXISTS", "a"));
    }

    @Test
    void shouldOverwriteAnyTypeAndDropTtlWhenMset()
    {
        node.putNonString("h");
        node.call("SET", "t", "old", "EX", "100");
        assertEquals(OK, node.call("MSET", "h", "1", "t", "new", "d", "x", "d", "y"));
        assertEquals("*3\r\n$1\r\n1\r\n$3\r\nnew\r\n$1\r\ny\r\n", node.call("MGET", "h", "t", "d"));
        assertEquals(KeyTable.NO_EXPIRY, node.expiryMs("t"));
    }

    @Test
    void shouldSetNothingWhenMsetnxFindsAnExistingKey()
    {
        node.call("SET", "b", "old");
        assertEquals(integer(0), node.call("MSETNX", "a", "1", "b", "2"));
        assertEquals(integer(0), node.call("EXISTS", "a"));
        assertEquals(integer(1), node.call("MSETNX", "a", "1", "c", "2", "a", "3"));
        assertEquals("*2\r\n$1\r\n3\r\n$1\r\n2\r\n", node.call("MGET", "a", "c"));
    }

    @Test
    void shouldSetOnlyMissingKeyWhenSetnx()
    {
        assertEquals(integer(1), node.call("SETNX", "k", "1"));
        assertEquals(integer(0), node.call("SETNX", "k", "2"));
        node.putNonString("h");
        assertEquals(integer(0), node.call("SETNX", "h", "2"));
        assertEquals(bulk("1"), node.call("GET", "k"));
    }

    @Test
    void shouldNameCommandInErrorWhenSetexOrPsetexTimeIsInvalid()
    {
        assertEquals(OK, node.call("SETEX", "k", "10", "v"));
        assertEquals(node.nowMs() + 10_000, node.expiryMs("k"));
        assertEquals(OK, node.call("PSETEX", "k", "250", "w"));
        assertEquals(node.nowMs() + 250, node.expiryMs("k"));
        assertEquals(bulk("w"), node.call("GET", "k"));
        assertEquals(error("ERR invalid expire time in 'setex' command"), node.call("SETEX", "k", "0", "v"));
        assertEquals(error("ERR invalid expire time in 'setex' command"),
            node.call("SETEX", "k", "9223372036854775807", "v"));
        assertEquals(error("ERR invalid expire time in 'psetex' command"), node.call("PSETEX", "k", "-1", "v"));
        assertEquals(error("ERR invalid expire time in 'psetex' command"),
            node.call("PSETEX", "k", "9223372036854775807", "v"));
        assertEquals(NOT_INTEGER, node.call("SETEX", "k", "abc", "v"));
    }

    @Test
    void shouldCreateLikeSetAndGrowRawWhenAppend()
    {
        assertEquals(integer(1), node.call("APPEND", "k", "5"));
        assertEquals("int", node.encoding("k"));
        assertEquals(integer(2), node.call("APPEND", "k", "6"));
        assertEquals("raw", node.encoding("k"));
        assertEquals(integer(57), node.call("INCR", "k"));
        assertEquals("int", node.encoding("k"));
        assertEquals(integer(0), node.call("APPEND", "e", ""));
        assertEquals(integer(1), node.call("EXISTS", "e"));
        assertEquals("embstr", node.encoding("e"));
        node.call("SET", "s", "ab", "EX", "100");
        for (int i = 0; i < 100; i++)
        {
            node.call("APPEND", "s", "cd");
        }
        assertEquals(integer(202), node.call("STRLEN", "s"));
        assertEquals(bulk("abcdcd"), node.call("GETRANGE", "s", "0", "5"));
        assertEquals(node.nowMs() + 100_000, node.expiryMs("s"));
        node.putNonString("h");
        assertEquals(WRONGTYPE, node.call("APPEND", "h", "x"));
    }

    @Test
    void shouldRefuseGrowthPastProtoMaxBulkLenWhenAppendOrSetrange()
    {
        final InProcessNode small = new InProcessNode("--proto-max-bulk-len", "1048576");
        final String tooLong = error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        assertEquals(integer(1_048_576), small.call("SETRANGE", "k", "1048575", "x"));
        assertEquals(tooLong, small.call("APPEND", "k", "y"));
        assertEquals(tooLong, small.call("SETRANGE", "k", "1048575", "xy"));
        assertEquals(tooLong, small.call("SETRANGE", "n", "1048576", "x"));
        assertEquals(integer(0), small.call("EXISTS", "n"));
        assertEquals(tooLong, node.call("SETRANGE", "k", "536870911", "ab"));
        assertEquals(tooLong, node.call("SETRANGE", "k", "9223372036854775807", "ab"));
    }

    @Test
    void shouldPadWithZeroBytesWhenSetrangeWritesPastEnd()
    {
        node.call("SET", "k", "hello");
        assertEquals(integer(9), node.call("SETRANGE", "k", "7", "xy"));
        assertEquals(bulk("hello\0\0xy"), node.call("GET", "k"));
        assertEquals("raw", node.encoding("k"));
        assertEquals(integer(9), node.call("SETRANGE", "k", "0", "J"));
        assertEquals(bulk("Jello\0\0xy"), node.call("GET", "k"));
        assertEquals(integer(4), node.call("SETRANGE", "n", "2", "ab"));
        assertEquals(bulk("\0\0ab"), node.call("GET", "n"));
        assertEquals("raw", node.encoding("n"));
    }

    @Test
    void shouldCreateNothingWhenSetrangeValueIsEmpty()
    {
        assertEquals(integer(0), node.call("SETRANGE", "k", "5", ""));
        assertEquals(integer(0), node.call("EXISTS", "k"));
        node.call("SET", "k", "hello");
        assertEquals(integer(5), node.call("SETRANGE", "k", "10", ""));
        assertEquals(integer(5), node.call("SETRANGE", "k", "536870912", ""));
        assertEquals(bulk("hello"), node.call("GET", "k"));
    }

    @Test
    void shouldCheckOffsetBeforeTypeWhenSetrange()
    {
        node.putNonString("h");
        assertEquals(error("ERR offset is out of range"), node.call("SETRANGE", "h", "-1", "x"));
        assertEquals(NOT_INTEGER, node.call("SETRANGE", "h", "abc", "x"));
        assertEquals(WRONGTYPE, node.call("SETRANGE", "h", "0", "x"));
        assertEquals(WRONGTYPE, node.call("SETRANGE", "h", "0", ""));
    }

    @Test
    void shouldClampIndexesWhenGetrangeOrSubstr()
    {
        node.call("SET", "k", "hello  xy");
        assertEquals(bulk("hello  xy"), node.call("GETRANGE", "k", "0", "-1"));
        assertEquals(bulk(" xy"), node.call("GETRANGE", "k", "-3", "-1"));
        assertEquals(bulk("hel"), node.call("SUBSTR", "k", "0", "2"));
        assertEquals(EMPTY, node.call("GETRANGE", "k", "-100", "-200"));
        assertEquals(bulk("h"), node.call("GETRANGE", "k", "-200", "-100"));
        assertEquals(EMPTY, node.call("GETRANGE", "k", "5", "2"));
        assertEquals(bulk("xy"), node.call("GETRANGE", "k", "7", "100"));
        assertEquals(EMPTY, node.call("GETRANGE", "k", "9", "100"));
        assertEquals(bulk("hello  xy"),
            node.call("GETRANGE", "k", "-9223372036854775808", "9223372036854775807"));
        assertEquals(EMPTY, node.call("GETRANGE", "missing", "0", "-1"));
        assertEquals(NOT_INTEGER, node.call("GETRANGE", "missing", "0", "abc"));
        node.call("SET", "i", "12345");
        assertEquals(bulk("23"), node.call("GETRANGE", "i", "1", "2"));
        node.call("SET", "e", "");
        assertEquals(EMPTY, node.call("GETRANGE", "e", "0", "-1"));
        node.putNonString("h");
        assertEquals(WRONGTYPE, node.call("GETRANGE", "h", "0", "1"));
    }

    @Test
    void shouldReplyLengthWhenStrlen()
    {
        assertEquals(integer(0), node.call("STRLEN", "k"));
        node.call("SET", "k", "hello");
        assertEquals(integer(5), node.call("STRLEN", "k"));
        node.putNonString("h");
        assertEquals(WRONGTYPE, node.call("STRLEN", "h"));
    }

    @Test
    void shouldCountAndKeepTtlWhenIncrFamily()
    {
        assertEquals(integer(1), node.call("INCR", "n"));
        assertEquals(integer(-1), node.call("DECRBY", "n", "2"));
        assertEquals(integer(9), node.call("INCRBY", "n", "10"));
        assertEquals(integer(8), node.call("DECR", "n"));
        assertEquals("int", node.encoding("n"));
        node.call("SET", "t", "10", "EX", "100");
        assertEquals(integer(11), node.call("INCR", "t"));
        assertEquals(node.nowMs() + 100_000, node.expiryMs("t"));
        assertEquals(bulk("11"), node.call("GET", "t"));
        node.call("SET", "m", "9223372036854775806");
        assertEquals(integer(Long.MAX_VALUE), node.call("INCR", "m"));
        assertEquals(error("ERR increment or decrement would overflow"), node.call("INCR", "m"));
        node.call("SET", "m", "-9223372036854775807");
        assertEquals(integer(Long.MIN_VALUE), node.call("DECR", "m"));
        assertEquals(bulk("-9223372036854775808"), node.call("GET", "m"));
        assertEquals(error("ERR increment or decrement would overflow"), node.call("DECR", "m"));
        assertEquals(integer(-1), node.call("INCRBY", "m", "9223372036854775807"));
    }

    @Test
    void shouldRejectNonCanonicalIntegersWhenIncr()
    {
        for (final String bad : new String[] {" 1", "1 ", "+1", "01", "-0", "1.0", "", "9223372036854775808", "abc"})
        {
            node.call("SET", "k", bad);
            assertEquals(NOT_INTEGER, node.call("INCR", "k"), bad);
        }
        assertEquals(NOT_INTEGER, node.call("INCRBY", "k", "1.5"));
        assertEquals(NOT_INTEGER, node.call("DECRBY", "k", "x"));
        assertEquals(error("ERR decrement would overflow"), node.call("DECRBY", "k", "-9223372036854775808"));
        node.putNonString("h");
        assertEquals(WRONGTYPE, node.call("INCR", "h"));
        assertEquals(NOT_INTEGER, node.call("INCRBY", "h", "x"));
    }

    @Test
    void shouldPrintLikeRedisWhenIncrbyfloat()
    {
        assertEquals(bulk("0.1"), node.call("INCRBYFLOAT", "f", "0.1"));
        assertEquals(bulk("0.2"), node.call("INCRBYFLOAT", "f", "0.1"));
        node.call("INCRBYFLOAT", "g", "0.1");
        assertEquals(bulk("0.3"), node.call("INCRBYFLOAT", "g", "0.2"));
        assertEquals(bulk("100000000000000000000"), node.call("INCRBYFLOAT", "d", "1e20"));
        assertEquals(bulk("100000000000012345680"), node.call("INCRBYFLOAT", "d", "12345678.9"));
        assertEquals(bulk("16"), node.call("INCRBYFLOAT", "x", "0x10"));
        assertEquals(bulk("0.00000015"), node.call("INCRBYFLOAT", "s", "1.5e-7"));
        assertEquals(bulk("0.00000000000000002"), node.call("INCRBYFLOAT", "t", "0.000000000000000015"));
        assertEquals(bulk("123456789012345678899921813504"),
            node.call("INCRBYFLOAT", "b", "123456789012345678901234567890"));
        node.call("SET", "z", "1.5");
        assertEquals(bulk("0"), node.call("INCRBYFLOAT", "z", "-1.5"));
        assertEquals(bulk("0"), node.call("INCRBYFLOAT", "z", "-0.0"));
    }

    @Test
    void shouldRejectInvalidFloatsWhenIncrbyfloat()
    {
        for (final String bad : new String[] {" 1", "1 ", "\t1", "", ".", "-", "1e", "0x", "e5", "nan", "1_0",
            "1e5000", "1e-5000", "0x1p-16446", "1\0", "\0"})
        {
            assertEquals(NOT_FLOAT, node.call("INCRBYFLOAT", "k", bad), bad);
        }
        assertEquals(integer(0), node.call("EXISTS", "k"));
        final String nanOrInf = error("ERR increment would produce NaN or Infinity");
        assertEquals(nanOrInf, node.call("INCRBYFLOAT", "k", "inf"));
        assertEquals(nanOrInf, node.call("INCRBYFLOAT", "k", "-Infinity"));
        node.call("SET", "k", "1.18e4932");
        assertEquals(nanOrInf, node.call("INCRBYFLOAT", "k", "1.18e4932"));
        node.call("SET", "k", " 1");
        assertEquals(NOT_FLOAT, node.call("INCRBYFLOAT", "k", "1"));
        node.putNonString("h");
        assertEquals(WRONGTYPE, node.call("INCRBYFLOAT", "h", "x"));
    }

    @Test
    void shouldStoreEmbstrNeverIntWhenIncrbyfloat()
    {
        node.call("SET", "k", "1");
        assertEquals("int", node.encoding("k"));
        assertEquals(bulk("2"), node.call("INCRBYFLOAT", "k", "1"));
        assertEquals("embstr", node.encoding("k"));
        assertEquals(bulk("100000000000000000001038625398088182045605888"), node.call("INCRBYFLOAT", "k", "1e44"));
        assertEquals("raw", node.encoding("k"));
        assertEquals(integer(45), node.call("STRLEN", "k"));
        node.call("SET", "t", "1", "PX", "5000");
        node.call("INCRBYFLOAT", "t", "0.5");
        assertEquals(node.nowMs() + 5000, node.expiryMs("t"));
        assertEquals(bulk("1.5"), node.call("INCRBYFLOAT", "t", "0"));
    }

    @Test
    void shouldReportSetValueEncodingsLikeRedis()
    {
        node.call("MSET", "i", "12345", "e", "hello", "r", "x".repeat(45), "big", "12345678901234567890");
        assertEquals("int", node.encoding("i"));
        assertEquals("embstr", node.encoding("e"));
        assertEquals("raw", node.encoding("r"));
        assertEquals("embstr", node.encoding("big"));
        node.call("GETSET", "i", "007");
        assertEquals("embstr", node.encoding("i"));
        node.call("SETEX", "i", "5", "-42");
        assertEquals("int", node.encoding("i"));
        node.call("APPEND", "e", "");
        assertEquals("raw", node.encoding("e"));
    }

    @Test
    void shouldReplyLongestCommonSubsequenceWhenLcs()
    {
        node.call("MSET", "a", "ohmytext", "b", "mynewtext");
        assertEquals(bulk("mytext"), node.call("LCS", "a", "b"));
        assertEquals(integer(6), node.call("LCS", "a", "b", "LEN"));
        final String ranges =
            "*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n";
        assertEquals("*4\r\n$7\r\nmatches\r\n" + ranges + "$3\r\nlen\r\n:6\r\n", node.call("LCS", "a", "b", "IDX"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n",
            node.call("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"));
        node.protocol(3);
        assertEquals("%2\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n" +
            "*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n",
            node.call("LCS", "a", "b", "IDX", "WITHMATCHLEN"));
        assertEquals("%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n", node.call("LCS", "x", "y", "IDX"));
        assertEquals(EMPTY, node.call("LCS", "x", "y"));
    }

    @Test
    void shouldReportLcsErrorsInRedisOrder()
    {
        node.call("MSET", "a", "ohmytext", "b", "mynewtext");
        node.putNonString("h");
        assertEquals(error("ERR The specified keys must contain string values"), node.call("LCS", "a", "h", "foo"));
        assertEquals(SYNTAX, node.call("LCS", "a", "b", "foo"));
        assertEquals(SYNTAX, node.call("LCS", "a", "b", "MINMATCHLEN"));
        assertEquals(NOT_INTEGER, node.call("LCS", "a", "b", "MINMATCHLEN", "x"));
        assertEquals(error("ERR If you want both the length and indexes, please just use IDX."),
            node.call("LCS", "a", "b", "IDX", "LEN"));
        node.call("SET", "big1", "a".repeat(12_000));
        node.call("SET", "big2", "b".repeat(12_000));
        assertEquals(error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"),
            node.call("LCS", "big1", "big2", "LEN"));
    }

    @Test
    void shouldSpeakResp3NullsWhenProtocolIs3()
    {
        node.protocol(3);
        assertEquals("_\r\n", node.call("GET", "k"));
        assertEquals("_\r\n", node.call("GETEX", "k"));
        assertEquals("_\r\n", node.call("GETDEL", "k"));
        assertEquals("_\r\n", node.call("GETSET", "k", "v"));
        assertEquals("_\r\n", node.call("SET", "k", "w", "NX"));
        assertEquals(bulk("1.5"), node.call("INCRBYFLOAT", "f", "1.5"));
    }
}
