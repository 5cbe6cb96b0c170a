package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/*
 * Goal: the key positions of Redis 7.0's movable-keys commands are the ones Redis routes by (numkeys counts, STORE
 * destinations, STREAMS, MIGRATE KEYS), so cluster routing checks every key such a command touches; malformed calls
 * give no key and fail in their own handler.
 * Method: argument vectors straight into MovableKeys. The expectations for well-formed calls were checked with
 * COMMAND GETKEYS on Redis 7.0.15; for XREAD with an odd count after STREAMS, GETKEYS (key specs) names the first
 * stream while routing (Redis's getkeys procedure) finds none, and Krill follows the routing.
 */
class MovableKeysTest
{
    @Test
    void shouldFindCountedKeys()
    {
        assertKeys("zunionstore", new int[] {1, 3, 4}, "ZUNIONSTORE", "dst", "2", "a", "b", "WEIGHTS", "1", "2");
        assertKeys("zinter", new int[] {2, 3}, "ZINTER", "2", "a", "b", "WITHSCORES");
        assertKeys("lmpop", new int[] {2}, "LMPOP", "1", "a", "LEFT");
        assertKeys("blmpop", new int[] {3, 4}, "BLMPOP", "0", "2", "a", "b", "LEFT");
        assertKeys("eval", new int[] {3, 4}, "EVAL", "return 1", "2", "a", "b", "arg");
        assertKeys("fcall", new int[] {}, "FCALL", "f", "0", "arg");
        assertKeys("sintercard", new int[] {}, "SINTERCARD", "3", "a", "b");
        assertKeys("zunionstore", new int[] {}, "ZUNIONSTORE", "dst", "x", "a");
    }

    @Test
    void shouldFindStoreDestinationsAndStreams()
    {
        assertKeys("sort", new int[] {1}, "SORT", "a", "BY", "w_*", "LIMIT", "0", "5", "GET", "#", "ALPHA");
        assertKeys("sort", new int[] {1, 3}, "SORT", "a", "STORE", "dst");
        assertKeys("sort_ro", new int[] {1}, "SORT_RO", "a", "BY", "x");
        assertKeys("georadius", new int[] {1, 7}, "GEORADIUS", "g", "0", "0", "1", "km", "STORE", "dst");
        assertKeys("georadiusbymember", new int[] {1, 6}, "GEORADIUSBYMEMBER", "g", "m", "1", "km", "STOREDIST",
            "dst");
        assertKeys("xread", new int[] {4, 5}, "XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0");
        assertKeys("xreadgroup", new int[] {7}, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        assertKeys("xread", new int[] {}, "XREAD", "STREAMS", "s1", "s2", "0");
        assertKeys("migrate", new int[] {3}, "MIGRATE", "h", "1", "k", "0", "10");
        assertKeys("migrate", new int[] {8, 9}, "MIGRATE", "h", "1", "", "0", "10", "REPLACE", "KEYS", "a", "b");
    }

    private static void assertKeys(final String command, final int[] expected, final String... args)
    {
        final int[] found = new int[args.length];
        final int count = MovableKeys.find(command, CommandArgs.of(args), found);
        assertArrayEquals(expected, Arrays.copyOf(found, count), String.join(" ", args));
    }
}
