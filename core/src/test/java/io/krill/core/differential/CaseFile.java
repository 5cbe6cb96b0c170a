package io.krill.core.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parser for the differential case files in {@code src/test/resources/differential/*.txt}.
 * <p>
 * Format (also in that folder's README.md):
 * <pre>
 * # comment                  a line starting with '#' (but not '###'); blank lines are ignored
 * ### title                  starts a case; each case runs on fresh connections after FLUSHALL on both sides
 * SET foo "a b" '\x00'       a command, split like redis-cli does (see {@link QuotedArgs}); replies compared
 *                            exactly, errors by their full text
 * &#64;unordered KEYS *          the top-level array (or set/map) compared as a multiset
 * &#64;pairs CONFIG GET a b      a flat key/value array (or a map) compared as a set of pairs
 * &#64;type RANDOMKEY            only the top-level reply type
 * &#64;shape TIME                types and aggregate sizes, recursively
 * &#64;approx 1 TTL k            integers and doubles may differ by up to 1
 * &#64;match '^id=\d+ ' CLIENT INFO   both replies must match the regex (use single quotes: no escapes)
 * &#64;mask id,addr CLIENT INFO  values of these fields are blanked before comparing: in key/value arrays and
 *                            maps, "name=value" words and "name:value" lines of text
 * &#64;infokeys INFO server      INFO text: same sections in order, same field names per section
 * &#64;scanall SCAN 0 MATCH k*   iterate the cursor (SCAN, SSCAN, HSCAN, ZSCAN) to 0 on each side, compare as sets
 * &#64;noreply CONFIG RESETSTAT  send and read on both sides, do not compare
 * &#64;krill-only-expect '-ERR DB index is out of range' SELECT 1
 *                            against Krill: Krill's reply, in canonical form ({@link RespReply}), must equal
 *                            the text; against a second Redis: compared exactly as usual
 * &#64;sleep 120                 pause 120 ms (on its own line)
 * &#64;conn other                send the following commands on connection "other" (opened fresh on both sides
 *                            on first use); "main" is the connection each case starts on
 * </pre>
 * At most one comparison directive per line; {@code @mask} combines with exact, unordered and approximate
 * comparison.
 */
final class CaseFile
{
    static final String MAIN_CONNECTION = "main";

    /** A titled sequence of steps from one file. */
    record Case(String file, String title, int line, List<Step> steps)
    {
        String displayName()
        {
            return file + ":" + line + " " + title;
        }
    }

    private CaseFile()
    {
    }

    static List<Case> parse(final String file, final String content)
    {
        final List<Case> cases = new ArrayList<>();
        final String[] lines = content.split("\r?\n", -1);
        String title = null;
        int titleLine = 0;
        List<Step> steps = null;
        for (int i = 0; i < lines.length; i++)
        {
            final int lineNo = i + 1;
            final String line = lines[i].strip();
            if (line.startsWith("###"))
            {
                if (title != null)
                {
                    cases.add(new Case(file, title, titleLine, List.copyOf(steps)));
                }
                title = line.substring(3).strip();
                titleLine = lineNo;
                steps = new ArrayList<>();
                continue;
            }
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            if (title == null)
            {
                throw new IllegalArgumentException(file + ":" + lineNo + ": command before the first '### title'");
            }
            try
            {
                steps.add(parseStep(lineNo, line));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + ex.getMessage(), ex);
            }
        }
        if (title != null)
        {
            cases.add(new Case(file, title, titleLine, List.copyOf(steps)));
        }
        return cases;
    }

    static Step parseStep(final int lineNo, final String line)
    {
        final List<byte[]> tokens = QuotedArgs.split(line);
        Step.Mode mode = Step.Mode.EXACT;
        long approxDelta = 0;
        Pattern pattern = null;
        Set<String> masked = Set.of();
        String expected = null;
        int i = 0;
        while (i < tokens.size() && text(tokens.get(i)).startsWith("@"))
        {
            final String directive = text(tokens.get(i)).toLowerCase(Locale.ROOT);
            i++;
            switch (directive)
            {
                case "@sleep" ->
                {
                    requireAlone(tokens, i + 1, directive);
                    return controlStep(lineNo, line, parseLong(argument(tokens, i, directive)), null);
                }
                case "@conn" ->
                {
                    requireAlone(tokens, i + 1, directive);
                    return controlStep(lineNo, line, -1, argument(tokens, i, directive));
                }
                case "@mask" ->
                {
                    masked = new LinkedHashSet<>(Arrays.asList(argument(tokens, i, directive).split(",")));
                    i++;
                }
                case "@approx" ->
                {
                    mode = setMode(mode, Step.Mode.APPROX, directive);
                    approxDelta = parseLong(argument(tokens, i, directive));
                    i++;
                }
                case "@match" ->
                {
                    mode = setMode(mode, Step.Mode.MATCH, directive);
                    pattern = compile(argument(tokens, i, directive));
                    i++;
                }
                case "@krill-only-expect" ->
                {
                    mode = setMode(mode, Step.Mode.KRILL_ONLY_EXPECT, directive);
                    expected = argument(tokens, i, directive);
                    i++;
                }
                default -> mode = setMode(mode, flagMode(directive), directive);
            }
        }
        if (i >= tokens.size())
        {
            throw new IllegalArgumentException("directive without a command");
        }
        if (!masked.isEmpty() && mode != Step.Mode.EXACT && mode != Step.Mode.UNORDERED && mode != Step.Mode.PAIRS &&
            mode != Step.Mode.APPROX)
        {
            throw new IllegalArgumentException("@mask combines only with exact, @unordered, @pairs or @approx");
        }
        final List<byte[]> args = List.copyOf(tokens.subList(i, tokens.size()));
        return new Step(lineNo, line, args, mode, approxDelta, pattern, Set.copyOf(masked), expected, -1, null);
    }

    private static Step controlStep(final int lineNo, final String line, final long sleepMs, final String connection)
    {
        return new Step(lineNo, line, List.of(), Step.Mode.NOREPLY, 0, null, Set.of(), null, sleepMs, connection);
    }

    private static Step.Mode flagMode(final String directive)
    {
        return switch (directive)
        {
            case "@unordered" -> Step.Mode.UNORDERED;
            case "@pairs" -> Step.Mode.PAIRS;
            case "@type" -> Step.Mode.TYPE;
            case "@shape" -> Step.Mode.SHAPE;
            case "@infokeys" -> Step.Mode.INFOKEYS;
            case "@scanall" -> Step.Mode.SCANALL;
            case "@noreply" -> Step.Mode.NOREPLY;
            default -> throw new IllegalArgumentException("unknown directive " + directive);
        };
    }

    private static Step.Mode setMode(final Step.Mode current, final Step.Mode next, final String directive)
    {
        if (current != Step.Mode.EXACT)
        {
            throw new IllegalArgumentException(directive + ": only one comparison directive per line");
        }
        return next;
    }

    private static String argument(final List<byte[]> tokens, final int index, final String directive)
    {
        if (index >= tokens.size())
        {
            throw new IllegalArgumentException(directive + " needs an argument");
        }
        return text(tokens.get(index));
    }

    private static void requireAlone(final List<byte[]> tokens, final int expectedSize, final String directive)
    {
        if (tokens.size() != expectedSize)
        {
            throw new IllegalArgumentException(directive + " takes one argument and must be alone on its line");
        }
    }

    private static long parseLong(final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a number: " + text, ex);
        }
    }

    private static Pattern compile(final String regex)
    {
        try
        {
            return Pattern.compile(regex, Pattern.DOTALL);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new IllegalArgumentException("bad regex: " + ex.getMessage(), ex);
        }
    }

    private static String text(final byte[] token)
    {
        return new String(token, StandardCharsets.UTF_8);
    }
}
