package io.krill.core.differential;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether two replies agree under a step's comparison mode. Every method returns null when they agree and
 * a one-line reason otherwise; the caller adds the command and both replies.
 */
final class ReplyComparison
{
    static final String MASK = "<masked>";

    private ReplyComparison()
    {
    }

    static String difference(final Step step, final RespReply reference, final RespReply target)
    {
        final RespReply left = mask(reference, step.masked());
        final RespReply right = mask(target, step.masked());
        return switch (step.mode())
        {
            case EXACT -> left.equals(right) ? null : "replies differ";
            case UNORDERED -> unordered(left).equals(unordered(right)) ? null : "replies differ (as multisets)";
            case PAIRS -> unorderedPairs(left).equals(unorderedPairs(right)) ? null : "replies differ (as pair sets)";
            case TYPE -> left.type() == right.type() ? null : "reply types differ";
            case SHAPE -> shape(left).equals(shape(right)) ? null : "reply shapes differ: " + shape(left) + " vs " +
                shape(right);
            case APPROX -> approxEquals(left, right, step.approxDelta()) ? null :
                "replies differ by more than " + step.approxDelta();
            case MATCH -> matchDifference(step.pattern(), left, right);
            case INFOKEYS -> infoKeysDifference(left, right);
            case SCANALL -> left.equals(right) ? null : "collected scan results differ";
            case NOREPLY -> null;
            default -> throw new IllegalStateException("mode " + step.mode() + " is not a reply comparison");
        };
    }

    /** The top-level children sorted by canonical form, so that order no longer matters. */
    static RespReply unordered(final RespReply reply)
    {
        if (!reply.isAggregate())
        {
            return reply;
        }
        if (reply.type() == RespReply.Type.MAP)
        {
            return unorderedPairs(reply);
        }
        final List<RespReply> children = new ArrayList<>(reply.children());
        children.sort(Comparator.comparing(RespReply::toString));
        return reply.withChildren(children);
    }

    /** A map, or a flat key/value array (RESP2 CONFIG GET), with its pairs sorted; each key keeps its value. */
    static RespReply unorderedPairs(final RespReply reply)
    {
        if (!reply.isAggregate() || reply.children().size() % 2 != 0)
        {
            return reply;
        }
        final List<RespReply> children = reply.children();
        final List<List<RespReply>> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < children.size(); i += 2)
        {
            pairs.add(List.of(children.get(i), children.get(i + 1)));
        }
        pairs.sort(Comparator.comparing(Object::toString));
        final List<RespReply> sorted = new ArrayList<>();
        pairs.forEach(sorted::addAll);
        return reply.withChildren(sorted);
    }

    static String shape(final RespReply reply)
    {
        if (!reply.isAggregate())
        {
            return reply.type().name();
        }
        final StringBuilder out = new StringBuilder(reply.type().name()).append('(');
        for (int i = 0; i < reply.children().size(); i++)
        {
            out.append(i == 0 ? "" : ",").append(shape(reply.children().get(i)));
        }
        return out.append(')').toString();
    }

    static boolean approxEquals(final RespReply left, final RespReply right, final long delta)
    {
        if (left.type() != right.type() || left.children().size() != right.children().size())
        {
            return false;
        }
        if (left.type() == RespReply.Type.INTEGER || left.type() == RespReply.Type.DOUBLE)
        {
            try
            {
                final BigDecimal difference = new BigDecimal(left.text()).subtract(new BigDecimal(right.text())).abs();
                return difference.compareTo(BigDecimal.valueOf(delta)) <= 0;
            }
            catch (final NumberFormatException ex)
            {
                return left.equals(right);
            }
        }
        if (!left.isAggregate())
        {
            return left.equals(right);
        }
        for (int i = 0; i < left.children().size(); i++)
        {
            if (!approxEquals(left.children().get(i), right.children().get(i), delta))
            {
                return false;
            }
        }
        return true;
    }

    private static String matchDifference(final Pattern pattern, final RespReply left, final RespReply right)
    {
        final boolean leftMatches = pattern.matcher(matchText(left)).matches();
        final boolean rightMatches = pattern.matcher(matchText(right)).matches();
        if (leftMatches && rightMatches)
        {
            return null;
        }
        if (!leftMatches && !rightMatches)
        {
            return "neither reply matches " + pattern.pattern();
        }
        return (leftMatches ? "target" : "reference") + " reply does not match " + pattern.pattern();
    }

    /** What a regex sees: the payload of a scalar (without a verbatim string's "txt:"), else the canonical form. */
    static String matchText(final RespReply reply)
    {
        if (reply.type() == RespReply.Type.VERBATIM && reply.text().length() >= 4)
        {
            return reply.text().substring(4);
        }
        return reply.isAggregate() ? reply.toString() : reply.text();
    }

    private static String infoKeysDifference(final RespReply left, final RespReply right)
    {
        if (left.isAggregate() || left.isError() || right.isAggregate() || right.isError())
        {
            return left.equals(right) ? null : "replies differ";
        }
        final Map<String, Set<String>> leftKeys = infoKeys(matchText(left));
        final Map<String, Set<String>> rightKeys = infoKeys(matchText(right));
        if (!new ArrayList<>(leftKeys.keySet()).equals(new ArrayList<>(rightKeys.keySet())))
        {
            return "INFO sections differ: " + leftKeys.keySet() + " vs " + rightKeys.keySet();
        }
        for (final Map.Entry<String, Set<String>> section : leftKeys.entrySet())
        {
            final Set<String> missing = new TreeSet<>(section.getValue());
            missing.removeAll(rightKeys.get(section.getKey()));
            final Set<String> extra = new TreeSet<>(rightKeys.get(section.getKey()));
            extra.removeAll(section.getValue());
            // Krill's own fields (krill_version) are additions by design, not differences
            extra.removeIf(name -> name.startsWith("krill_"));
            if (!missing.isEmpty() || !extra.isEmpty())
            {
                return "INFO section " + section.getKey() + ": target lacks " + missing + ", has extra " + extra;
            }
        }
        return null;
    }

    /** Section header to field names, in section order; text before any header goes under "". */
    static Map<String, Set<String>> infoKeys(final String text)
    {
        final Map<String, Set<String>> sections = new LinkedHashMap<>();
        String section = "";
        for (final String rawLine : text.split("\r?\n"))
        {
            final String line = rawLine.strip();
            if (line.startsWith("#"))
            {
                section = line.substring(1).strip();
                sections.computeIfAbsent(section, k -> new TreeSet<>());
            }
            else if (line.indexOf(':') > 0)
            {
                sections.computeIfAbsent(section, k -> new TreeSet<>()).add(line.substring(0, line.indexOf(':')));
            }
        }
        return sections;
    }

    /**
     * Replaces the values of the named fields: the element after a matching key in an array, map or set (flat
     * key/value lists such as RESP2 HELLO), and in text "name=value" words (CLIENT INFO/LIST) and "name:value"
     * lines (INFO).
     */
    static RespReply mask(final RespReply reply, final Set<String> names)
    {
        if (names.isEmpty())
        {
            return reply;
        }
        if (reply.isAggregate())
        {
            final List<RespReply> children = new ArrayList<>(reply.children());
            for (int i = 0; i < children.size(); i++)
            {
                final RespReply child = children.get(i);
                if (i + 1 < children.size() && !child.isAggregate() && names.contains(child.text()))
                {
                    children.set(i + 1, RespReply.bulk(MASK));
                    i++;
                }
                else
                {
                    children.set(i, mask(child, names));
                }
            }
            return reply.withChildren(children);
        }
        if (reply.type() == RespReply.Type.BULK)
        {
            return reply.withBytes(maskText(reply.text(), names).getBytes(StandardCharsets.UTF_8));
        }
        if (reply.type() == RespReply.Type.VERBATIM && reply.text().length() >= 4)
        {
            // Keep the "txt:" format prefix out of the text so a field at the very start is still found.
            final String text = reply.text();
            return reply.withBytes((text.substring(0, 4) + maskText(text.substring(4), names))
                .getBytes(StandardCharsets.UTF_8));
        }
        return reply;
    }

    static String maskText(final String text, final Set<String> names)
    {
        String result = text;
        for (final String name : names)
        {
            final String quoted = Pattern.quote(name);
            result = result.replaceAll("(?<=^|\\s)" + quoted + "=\\S*", Matcher.quoteReplacement(name + "=" + MASK));
            result = result.replaceAll("(?m)^" + quoted + ":[^\\r\\n]*", Matcher.quoteReplacement(name + ":" + MASK));
        }
        return result;
    }
}
