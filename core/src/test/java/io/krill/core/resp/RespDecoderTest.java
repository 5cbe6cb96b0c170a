package io.krill.core.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the request decoder splits RESP multibulk and inline requests exactly as Redis 7.0 does, asks for more
 * bytes on any partial input, and fails with Redis's protocol error texts.
 * Method: decode byte strings directly; feed pipelines split at every possible point; compare argument lists.
 */
class RespDecoderTest
{
    private static final long MAX_BULK = 512L * 1024 * 1024;

    private final RespDecoder decoder = new RespDecoder(MAX_BULK);
    private final CommandArgs args = new CommandArgs();

    @Test
    void shouldDecodeMultibulkCommand()
    {
        final byte[] input = bytes("*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$0\r\n\r\n");
        assertEquals(input.length, decoder.decode(input, 0, input.length, args));
        assertEquals(List.of("SET", "foo", ""), strings(args));
    }

    @Test
    void shouldAskForMoreBytesAtEveryPartialPrefix()
    {
        final byte[] input = bytes("*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\n");
        for (int end = 0; end < input.length; end++)
        {
            assertEquals(0, decoder.decode(input, 0, end, args), "prefix of " + end + " bytes");
        }
        assertEquals(input.length, decoder.decode(input, 0, input.length, args));
        assertEquals(List.of("ECHO", "hello world"), strings(args));
    }

    @Test
    void shouldReportBytesWantedForLargeBulk()
    {
        final byte[] input = bytes("*2\r\n$3\r\nGET\r\n$100000\r\nabc");
        assertEquals(0, decoder.decode(input, 0, input.length, args));
        assertEquals(4 + 9 + 9 + 100000 + 2, decoder.bytesWanted());
    }

    @Test
    void shouldDecodePipelineSplitAnywhere()
    {
        final Random random = new Random(42);
        final StringBuilder pipeline = new StringBuilder();
        final List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++)
        {
            final String value = "v" + random.nextInt(1_000_000);
            if (random.nextBoolean())
            {
                pipeline.append("*3\r\n$3\r\nSET\r\n$").append(("k" + i).length()).append("\r\nk").append(i)
                    .append("\r\n$").append(value.length()).append("\r\n").append(value).append("\r\n");
                expected.add(List.of("SET", "k" + i, value));
            }
            else
            {
                pipeline.append("GET k").append(i).append("\r\n");
                expected.add(List.of("GET", "k" + i));
            }
        }
        final byte[] input = bytes(pipeline.toString());
        for (int split = 0; split < input.length; split += 7)
        {
            final List<List<String>> decoded = new ArrayList<>();
            int start = 0;
            int end = split;
            while (start < input.length)
            {
                final int consumed = decoder.decode(input, start, end, args);
                if (consumed == 0)
                {
                    assertTrue(end < input.length, "stuck at " + start);
                    end = input.length;
                    continue;
                }
                decoded.add(strings(args));
                start += consumed;
            }
            assertEquals(expected, decoded, "split at " + split);
        }
    }

    @Test
    void shouldSplitInlineArgumentsWithQuotes()
    {
        assertEquals(List.of("SET", "a b", "x\ny"), inline("SET \"a b\" \"x\\ny\"\r\n"));
        assertEquals(List.of("SET", "it's", "\u0001A"), inline("SET 'it\\'s' \"\\x01\\x41\"\n"));
        assertEquals(List.of(), inline("   \r\n"));
    }

    @Test
    void shouldJoinQuotedPartToUnquotedToken()
    {
        assertEquals(List.of("ab c"), inline("a\"b c\"\r\n"));
    }

    @Test
    void shouldRejectUnbalancedQuotes()
    {
        assertEquals("ERR Protocol error: unbalanced quotes in request",
            assertThrows(ProtocolException.class, () -> inline("SET a \"b\r\n")).replyText());
        assertThrows(ProtocolException.class, () -> inline("SET a \"b\"c\r\n"));
        assertThrows(ProtocolException.class, () -> inline("SET a 'b\r\n"));
    }

    @Test
    void shouldRejectInvalidLengthsWithRedisTexts()
    {
        assertEquals("invalid multibulk length", error("*abc\r\n"));
        assertEquals("invalid multibulk length", error("*+1\r\n"));
        assertEquals("expected '$', got '+'", error("*1\r\n+PING\r\n"));
        assertEquals("invalid bulk length", error("*1\r\n$-1\r\n"));
        assertEquals("invalid bulk length", error("*1\r\n$abc\r\n"));
        assertEquals("invalid bulk length", error("*1\r\n$536870913\r\n"));
    }

    @Test
    void shouldAcceptEmptyAndNegativeMultibulkAsNothing()
    {
        final byte[] input = bytes("*0\r\n*-1\r\n");
        assertEquals(4, decoder.decode(input, 0, input.length, args));
        assertEquals(0, args.count());
        assertEquals(5, decoder.decode(input, 4, input.length, args));
        assertEquals(0, args.count());
    }

    @Test
    void shouldRejectOverlongLinesWithoutTerminator()
    {
        final byte[] inline = new byte[RespDecoder.INLINE_MAX_BYTES + 1];
        java.util.Arrays.fill(inline, (byte)'a');
        assertEquals("too big inline request",
            assertThrows(ProtocolException.class, () -> decoder.decode(inline, 0, inline.length, args)).getMessage());
        final byte[] count = new byte[RespDecoder.INLINE_MAX_BYTES + 2];
        java.util.Arrays.fill(count, (byte)'1');
        count[0] = '*';
        assertEquals("too big mbulk count string",
            assertThrows(ProtocolException.class, () -> decoder.decode(count, 0, count.length, args)).getMessage());
    }

    @Test
    void shouldLimitUnauthenticatedRequests()
    {
        decoder.authenticated(false);
        assertEquals("unauthenticated multibulk length", error("*11\r\n"));
        assertEquals("unauthenticated bulk length", error("*1\r\n$16385\r\n"));
    }

    @Test
    void shouldReadHeaderNumbersByRedisRulesWhenOddOrLong()
    {
        // the one-pass header reader takes only [1-9][0-9]{0,17}\r\n; everything else must still go the strict way
        assertEquals("invalid multibulk length", error("*01\r\n"));
        assertEquals("invalid multibulk length", error("*1 \r\n"));
        assertEquals("invalid multibulk length", error("*1\rx\r\n"));
        assertEquals("invalid multibulk length", error("*99999999999999999999\r\n"));
        assertEquals("invalid multibulk length", error("*2147483648\r\n"));
        assertEquals("invalid bulk length", error("*1\r\n$03\r\nGET\r\n"));
        assertEquals("invalid bulk length", error("*1\r\n$+3\r\nGET\r\n"));
        assertEquals("invalid bulk length", error("*1\r\n$3\rx\r\nGET\r\n"));
        assertEquals("invalid bulk length", error("*1\r\n$123456789012345678\r\n"));
        assertEquals("invalid bulk length", error("*1\r\n$1234567890123456789\r\n"));
        assertEquals("invalid bulk length", error("*1\r\n$99999999999999999999\r\n"));
        final byte[] input = bytes("*1\r\n$0\r\n\r\n*1\r\n$12\r\nhello world!\r\n");
        assertEquals(10, decoder.decode(input, 0, input.length, args));
        assertEquals(List.of(""), strings(args));
        assertEquals(input.length - 10, decoder.decode(input, 10, input.length, args));
        assertEquals(List.of("hello world!"), strings(args));
    }

    private String error(final String input)
    {
        final byte[] bytes = bytes(input);
        return assertThrows(ProtocolException.class, () -> decoder.decode(bytes, 0, bytes.length, args)).getMessage();
    }

    private List<String> inline(final String line)
    {
        final byte[] bytes = bytes(line);
        assertEquals(bytes.length, decoder.decode(bytes, 0, bytes.length, args));
        return strings(args);
    }

    private static List<String> strings(final CommandArgs args)
    {
        final List<String> list = new ArrayList<>();
        for (int i = 0; i < args.count(); i++)
        {
            list.add(new String(args.buffer(i), args.offset(i), args.length(i), StandardCharsets.ISO_8859_1));
        }
        return list;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
