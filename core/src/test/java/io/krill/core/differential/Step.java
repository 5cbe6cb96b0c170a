package io.krill.core.differential;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One line of a case file: a command with how to compare its replies, or a control line (sleep, switch
 * connection). See {@link CaseFile} for the directives.
 *
 * @param line        1-based line number in the case file.
 * @param source      the line as written, for failure messages.
 * @param args        the command, empty for a control line.
 * @param mode        how the two replies are compared.
 * @param approxDelta for {@link Mode#APPROX}: the largest allowed difference between numbers.
 * @param pattern     for {@link Mode#MATCH}: what both replies must match.
 * @param masked      field names whose values are replaced before comparing (empty: none).
 * @param expected    for {@link Mode#KRILL_ONLY_EXPECT}: Krill's expected reply in canonical form.
 * @param sleepMs     for a sleep line: how long to pause; otherwise -1.
 * @param connection  for a connection line: the connection to use from now on; otherwise null.
 */
record Step(
    int line,
    String source,
    List<byte[]> args,
    Mode mode,
    long approxDelta,
    Pattern pattern,
    Set<String> masked,
    String expected,
    long sleepMs,
    String connection)
{
    enum Mode
    {
        /** Replies must be identical trees. */
        EXACT,
        /** The top-level aggregate is compared as a multiset; nested values exactly. */
        UNORDERED,
        /** A flat key/value array or a map compared as a set of pairs (RESP2 CONFIG GET with several names). */
        PAIRS,
        /** Only the top-level reply type (random or time-dependent values). */
        TYPE,
        /** Types recursively and aggregate sizes, not values. */
        SHAPE,
        /** Integers and doubles may differ by up to {@code approxDelta}; everything else exactly. */
        APPROX,
        /** Both replies (their text, or canonical form for aggregates) must match {@code pattern}. */
        MATCH,
        /** INFO text: same section headers in the same order and the same field names per section. */
        INFOKEYS,
        /** A SCAN-family command run until its cursor is 0 on each side; the collected elements as sets. */
        SCANALL,
        /** Sent and read on both sides, never compared. */
        NOREPLY,
        /** Target Krill: its reply must equal {@code expected}; target Redis: compared exactly. */
        KRILL_ONLY_EXPECT
    }

    boolean isControl()
    {
        return args.isEmpty();
    }

    String command()
    {
        return QuotedArgs.describe(args);
    }
}
