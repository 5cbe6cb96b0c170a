package io.krill.core.differential;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Goal: each comparison mode is as strict as its name and no looser: it ignores exactly what it promises to
 * ignore (order, values of masked fields, small numeric drift) and still catches everything else.
 * <p>
 * Method: build pairs of replies by hand that differ in one respect and check which modes accept them.
 */
class ReplyComparisonTest
{
    @Test
    void shouldIgnoreOnlyOrderWhenUnordered()
    {
        final RespReply left = array(RespReply.bulk("a"), RespReply.bulk("b"), RespReply.bulk("b"));
        final RespReply right = array(RespReply.bulk("b"), RespReply.bulk("a"), RespReply.bulk("b"));
        final RespReply fewer = array(RespReply.bulk("b"), RespReply.bulk("a"));
        assertNotNull(ReplyComparison.difference(step(Step.Mode.EXACT), left, right));
        assertNull(ReplyComparison.difference(step(Step.Mode.UNORDERED), left, right));
        assertNotNull(ReplyComparison.difference(step(Step.Mode.UNORDERED), left, fewer));
    }

    @Test
    void shouldKeepKeysWithTheirValuesWhenComparingPairs()
    {
        final RespReply left = array(RespReply.bulk("a"), RespReply.bulk("1"), RespReply.bulk("b"),
            RespReply.bulk("2"));
        final RespReply swapped = array(RespReply.bulk("b"), RespReply.bulk("2"), RespReply.bulk("a"),
            RespReply.bulk("1"));
        final RespReply crossed = array(RespReply.bulk("a"), RespReply.bulk("2"), RespReply.bulk("b"),
            RespReply.bulk("1"));
        assertNull(ReplyComparison.difference(step(Step.Mode.PAIRS), left, swapped));
        assertNotNull(ReplyComparison.difference(step(Step.Mode.PAIRS), left, crossed));
    }

    @Test
    void shouldAllowDriftWithinDeltaWhenApproximate()
    {
        final Step approx = new Step(1, "", List.of(), Step.Mode.APPROX, 1, null, Set.of(), null, -1, null);
        assertNull(ReplyComparison.difference(approx, RespReply.integer(100), RespReply.integer(99)));
        assertNotNull(ReplyComparison.difference(approx, RespReply.integer(100), RespReply.integer(98)));
        assertNotNull(ReplyComparison.difference(approx, RespReply.integer(-2), RespReply.bulk("-2")));
    }

    @Test
    void shouldCompareTypesAndSizesWhenShape()
    {
        final RespReply time = array(RespReply.bulk("1700000000"), RespReply.bulk("12"));
        final RespReply other = array(RespReply.bulk("1800000000"), RespReply.bulk("999999"));
        final RespReply longer = array(RespReply.bulk("1"), RespReply.bulk("2"), RespReply.bulk("3"));
        assertNull(ReplyComparison.difference(step(Step.Mode.SHAPE), time, other));
        assertNotNull(ReplyComparison.difference(step(Step.Mode.SHAPE), time, longer));
        assertNull(ReplyComparison.difference(step(Step.Mode.TYPE), time, longer));
    }

    @Test
    void shouldBlankOnlyNamedFieldsWhenMasking()
    {
        final Set<String> names = Set.of("id", "addr");
        assertEquals("id=<masked> addr=<masked> name=x\nid=<masked> addr=<masked> name=y\n",
            ReplyComparison.maskText("id=3 addr=1.2.3.4:5 name=x\nid=4 addr=1.2.3.4:6 name=y\n", names));
        assertEquals("id:<masked>\r\nidle:7\r\n", ReplyComparison.maskText("id:12\r\nidle:7\r\n", names));
        final RespReply hello = array(RespReply.bulk("proto"), RespReply.integer(2), RespReply.bulk("id"),
            RespReply.integer(7));
        assertEquals("[\"proto\", :2, \"id\", \"<masked>\"]", ReplyComparison.mask(hello, names).toString());
        final RespReply verbatim = RespReply.scalar(RespReply.Type.VERBATIM, "txt:id=9 name=z".getBytes());
        assertEquals("=txt:\"id=<masked> name=z\"", ReplyComparison.mask(verbatim, names).toString());
    }

    @Test
    void shouldCompareSectionsAndFieldNamesWhenInfoKeys()
    {
        final RespReply left = RespReply.bulk("# Server\r\nversion:7.0.15\r\nuptime:1\r\n\r\n# Clients\r\na:1\r\n");
        final RespReply sameKeys =
            RespReply.bulk("# Server\r\nversion:7.0.15\r\nuptime:99\r\n\r\n# Clients\r\na:5\r\n");
        final RespReply missingField = RespReply.bulk("# Server\r\nversion:7.0.15\r\n\r\n# Clients\r\na:1\r\n");
        assertNull(ReplyComparison.difference(step(Step.Mode.INFOKEYS), left, sameKeys));
        assertNotNull(ReplyComparison.difference(step(Step.Mode.INFOKEYS), left, missingField));
    }

    @Test
    void shouldMatchVerbatimPayloadWhenMatching()
    {
        final Pattern pattern = Pattern.compile("id=\\d+ .*", Pattern.DOTALL);
        final Step match = new Step(1, "", List.of(), Step.Mode.MATCH, 0, pattern, Set.of(), null, -1, null);
        final RespReply verbatim = RespReply.scalar(RespReply.Type.VERBATIM, "txt:id=9 name=z\n".getBytes());
        assertNull(ReplyComparison.difference(match, RespReply.bulk("id=3 name=\n"), verbatim));
        assertNotNull(ReplyComparison.difference(match, RespReply.bulk("id=3 name=\n"), RespReply.bulk("x")));
    }

    private static Step step(final Step.Mode mode)
    {
        return new Step(1, "", List.of(), mode, 0, null, Set.of(), null, -1, null);
    }

    private static RespReply array(final RespReply... children)
    {
        return RespReply.aggregate(RespReply.Type.ARRAY, List.of(children));
    }
}
