package io.krill.core.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: CONFIG GET answers as Redis 7.0 does: exact names echo the name as given, patterns match names and old
 * names case-insensitively, and each name is listed once across several patterns. Method: compare with replies
 * observed on redis-server 7.0.15 (for example {@code CONFIG GET HZ} answers {@code HZ}, {@code CONFIG GET h\z}
 * answers nothing because a backslash alone does not make a pattern).
 */
class ServerConfigGetTest
{
    private final ServerConfig config = ServerConfig.defaults();

    @Test
    void shouldEchoNameAsGivenWhenPatternHasNoWildcard()
    {
        assertEquals(List.of("HZ", "10"), config.getMatching("HZ"));
        assertEquals(List.of("SLAVEOF", ""), config.getMatching("SLAVEOF"));
        assertEquals(List.of(), config.getMatching("foo"));
        assertEquals(List.of(), config.getMatching("h\\z"));
    }

    @Test
    void shouldListEachNameOnceWhenPatternsOverlap()
    {
        assertEquals(List.of("hz", "10"), config.getMatching("hz", "HZ"));
        assertEquals(List.of("HZ", "10"), config.getMatching("HZ", "h?"));
        assertEquals(List.of("hz", "10"), config.getMatching("h?", "HZ"));
        assertEquals(List.of("hz", "10"), config.getMatching("H?"));
        assertEquals(List.of("hz", "10"), config.getMatching("h[a-z]"));
        assertEquals(List.of("hz", "10"), config.getMatching("h[^a]"));
    }

    @Test
    void shouldListNamesAndOldNamesWhenPatternMatchesBoth()
    {
        final List<String> reply = config.getMatching("*read-only");
        assertEquals(List.of("replica-read-only", "yes", "slave-read-only", "yes"), reply);
        final List<String> maxmemory = config.getMatching("Maxmemory*");
        assertEquals(10, maxmemory.size(), maxmemory.toString());
        assertTrue(maxmemory.containsAll(List.of("maxmemory", "maxmemory-policy", "maxmemory-samples",
            "maxmemory-clients", "maxmemory-eviction-tenacity")));
    }

    @Test
    void shouldFlagSecretsWhenOptionHoldsPassword()
    {
        assertTrue(ServerConfig.isSensitive("requirepass"));
        assertTrue(ServerConfig.isSensitive("MASTERAUTH"));
        assertFalse(ServerConfig.isSensitive("masteruser"));
        assertFalse(ServerConfig.isSensitive("no-such-option"));
    }

    @Test
    void shouldReturnNullWhenGetNamesUnknownOption()
    {
        assertNull(config.get("foo"));
        assertEquals("", config.get("Slaveof"));
    }
}
