package io.krill.core.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Goal: redis.conf word splitting and quoting behave as Redis's {@code sdssplitargs}/{@code sdscatrepr} do.
 * Method: split hand-written lines covering each quoting rule and compare with the words Redis produces (the
 * cases mirror what real redis-server accepted or refused when these files were written: unbalanced quotes and a
 * glued closing quote are errors, {@code \xHH} decodes), then round-trip awkward values through {@code repr}.
 */
class ConfigLineTest
{
    @Test
    void shouldSplitOnWhitespaceWhenUnquoted()
    {
        assertEquals(List.of("bind", "127.0.0.1", "::1"), ConfigLine.split("  bind \t127.0.0.1   ::1  "));
        assertEquals(List.of(), ConfigLine.split("   "));
    }

    @Test
    void shouldDecodeEscapesWhenDoubleQuoted()
    {
        assertEquals(List.of("port", "a\"b\\n"), ConfigLine.split("port \"a\\\"b\\\\n\""));
        assertEquals(List.of("x", "aA\n\tb\r\b\u0007q"), ConfigLine.split("x \"a\\x41\\n\\tb\\r\\b\\a\\q\""));
        assertEquals(List.of("x", "\u00ff"), ConfigLine.split("x \"\\xff\""));
        assertEquals(List.of("x", "\\xZ1"), ConfigLine.split("x \"\\\\xZ1\""));
    }

    @Test
    void shouldTakeOnlyEscapedQuoteWhenSingleQuoted()
    {
        assertEquals(List.of("port", "a'b"), ConfigLine.split("port 'a\\'b'"));
        assertEquals(List.of("x", "a\\nb"), ConfigLine.split("x 'a\\nb'"));
    }

    @Test
    void shouldOpenQuoteInsideWordWhenQuoteFollowsText()
    {
        assertEquals(List.of("save", "abc d"), ConfigLine.split("save ab\"c d\""));
        assertEquals(List.of("requirepass", ""), ConfigLine.split("requirepass \"\""));
    }

    @Test
    void shouldRefuseWhenQuotesAreUnbalancedOrGlued()
    {
        assertNull(ConfigLine.split("port \"abc"));
        assertNull(ConfigLine.split("port 'abc"));
        assertNull(ConfigLine.split("port \"abc\"def"));
        assertNull(ConfigLine.split("port 'abc'def"));
    }

    @Test
    void shouldReadBackExactBytesWhenValueIsRepresented()
    {
        final String awkward = "a\"b\\c\n\r\t\u0007\b \u0001\u00ff'x";
        final StringBuilder line = new StringBuilder("name ");
        ConfigLine.repr(awkward, line);
        assertEquals("name \"a\\\"b\\\\c\\n\\r\\t\\a\\b \\x01\\xff'x\"", line.toString());
        assertEquals(List.of("name", awkward), ConfigLine.split(line.toString()));
    }
}
