package io.krill.core.differential;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: case files mean what their authors think: arguments split as redis-cli splits them, directives parsed
 * with their arguments, and malformed lines rejected with the file and line rather than silently run.
 * <p>
 * Method: parse small inline files and lines and check the resulting cases, steps and argument bytes.
 */
class CaseFileTest
{
    @Test
    void shouldSplitArgumentsWhenQuotedLikeRedisCli()
    {
        final List<byte[]> args = QuotedArgs.split("SET  \"a b\" 'it\\'s' \"\\x00\\xff\\n\\\"\" plain\"glued\" ''");
        assertEquals(6, args.size());
        assertArrayEquals(bytes("SET"), args.get(0));
        assertArrayEquals(bytes("a b"), args.get(1));
        assertArrayEquals(bytes("it's"), args.get(2));
        assertArrayEquals(new byte[] {0, (byte)0xff, '\n', '"'}, args.get(3));
        assertArrayEquals(bytes("plainglued"), args.get(4));
        assertArrayEquals(new byte[0], args.get(5));
    }

    @Test
    void shouldRejectArgumentsWhenQuotesAreUnbalanced()
    {
        assertThrows(IllegalArgumentException.class, () -> QuotedArgs.split("SET a \"b"));
        assertThrows(IllegalArgumentException.class, () -> QuotedArgs.split("SET a 'b"));
        assertThrows(IllegalArgumentException.class, () -> QuotedArgs.split("SET a \"b\"c"));
    }

    @Test
    void shouldBuildCasesWhenFileHasTitlesCommentsAndDirectives()
    {
        final String content = """
            # leading comment
            ### first case
            SET k v

            @approx 2 TTL k
            ### second case
            @sleep 50
            @conn other
            @mask id,addr @unordered CLIENT LIST
            @krill-only-expect '-ERR DB index is out of range' SELECT 1
            @match '^id=\\d+$' CLIENT INFO
            """;
        final List<CaseFile.Case> cases = CaseFile.parse("t.txt", content);
        assertEquals(2, cases.size());
        assertEquals("t.txt:2 first case", cases.get(0).displayName());
        final List<Step> first = cases.get(0).steps();
        assertEquals(Step.Mode.EXACT, first.get(0).mode());
        assertEquals(Step.Mode.APPROX, first.get(1).mode());
        assertEquals(2, first.get(1).approxDelta());
        assertEquals(5, first.get(1).line());
        final List<Step> second = cases.get(1).steps();
        assertEquals(50, second.get(0).sleepMs());
        assertEquals("other", second.get(1).connection());
        assertEquals(Step.Mode.UNORDERED, second.get(2).mode());
        assertEquals(Set.of("id", "addr"), second.get(2).masked());
        assertEquals("CLIENT LIST", second.get(2).command());
        assertEquals("-ERR DB index is out of range", second.get(3).expected());
        assertTrue(second.get(4).pattern().matcher("id=12").matches());
    }

    @Test
    void shouldRejectLinesWhenDirectivesAreMisused()
    {
        assertRejected("### c\n@approx TTL k\n", "not a number");
        assertRejected("### c\n@type @unordered KEYS *\n", "only one comparison directive");
        assertRejected("### c\n@nosuch GET k\n", "unknown directive");
        assertRejected("### c\n@type\n", "directive without a command");
        assertRejected("### c\n@sleep 10 GET k\n", "alone on its line");
        assertRejected("### c\n@mask id @type CLIENT INFO\n", "@mask combines only");
        assertRejected("GET k\n", "before the first");
    }

    private static void assertRejected(final String content, final String messagePart)
    {
        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> CaseFile.parse("bad.txt", content));
        assertTrue(error.getMessage().contains(messagePart), error.getMessage());
        assertTrue(error.getMessage().startsWith("bad.txt:"), error.getMessage());
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
