package io.krill.core.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COMMAND INFO and COMMAND DOCS entries of served commands, cut from the replies captured from Redis 7.0.
 * <p>
 * BACKGROUND: a captured container entry (CLIENT, CONFIG, ...) lists all of Redis's subcommands, and COMMAND DOCS
 * nests subcommand docs inside their container. Krill serves a subset, and a client that trusts COMMAND to learn
 * what it may send should not be told about subcommands that answer "unknown subcommand". So containers are
 * re-assembled here with their served subcommands only, and a subcommand's docs are cut out of its container's.
 * These replies are rare (client start-up, redis-cli hints), so the entries are re-parsed on each call rather
 * than cached and kept in step with registration.
 */
final class CommandReplies
{
    private static final int INFO_ACL_CATEGORIES = 6;
    private static final int INFO_SUBCOMMANDS = 9;
    private static final String DOCS_SUBCOMMANDS = "subcommands";

    private CommandReplies()
    {
    }

    /** The COMMAND INFO entry of {@code spec} in {@code protocol}. */
    static byte[] info(final CommandSpec spec, final int protocol)
    {
        final byte[] captured = spec.info(protocol);
        if (!spec.isContainer())
        {
            return captured;
        }
        final RespValue entry = RespValue.parse(captured, 0);
        final RespValue subcommands = entry.children.get(INFO_SUBCOMMANDS);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(captured.length);
        out.write(captured, 0, subcommands.start);
        header(out, subcommands.type, spec.subcommands().size());
        for (final CommandSpec sub : spec.subcommands().values())
        {
            final byte[] subInfo = sub.info(protocol);
            out.write(subInfo, 0, subInfo.length);
        }
        out.write(captured, subcommands.end, captured.length - subcommands.end);
        return out.toByteArray();
    }

    /**
     * The COMMAND DOCS entry of {@code spec}: its name followed by its docs (a map in RESP3, a flat array in
     * RESP2), or null if Redis has no docs for it.
     */
    static byte[] docs(final CommandSpec spec, final int protocol)
    {
        if (spec.parent() != null)
        {
            return subcommandDocs(spec, protocol);
        }
        final byte[] captured = spec.docs(protocol);
        if (captured == null || !spec.isContainer())
        {
            return captured;
        }
        final RespValue name = RespValue.parse(captured, 0);
        final RespValue docs = RespValue.parse(captured, name.end);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(captured.length);
        // the name and the docs header stay: the docs keep all their keys, only the subcommand map shrinks
        out.write(captured, 0, docs.children.get(0).start);
        for (int i = 0; i + 1 < docs.children.size(); i += 2)
        {
            final RespValue key = docs.children.get(i);
            final RespValue value = docs.children.get(i + 1);
            out.write(captured, key.start, key.end - key.start);
            if (DOCS_SUBCOMMANDS.equals(key.text))
            {
                final List<byte[]> served = servedSubcommandDocs(spec, captured, value, protocol);
                header(out, value.type, value.type == '%' ? served.size() : 2 * served.size());
                for (final byte[] pair : served)
                {
                    out.write(pair, 0, pair.length);
                }
            }
            else
            {
                out.write(captured, value.start, value.end - value.start);
            }
        }
        return out.toByteArray();
    }

    /** The ACL categories of {@code spec} without their '@' ("read", "string", ...). */
    static List<String> aclCategories(final CommandSpec spec)
    {
        final RespValue entry = RespValue.parse(spec.info(2), 0);
        final List<String> categories = new ArrayList<>();
        for (final RespValue category : entry.children.get(INFO_ACL_CATEGORIES).children)
        {
            categories.add(category.text.startsWith("@") ? category.text.substring(1) : category.text);
        }
        return categories;
    }

    private static List<byte[]> servedSubcommandDocs(final CommandSpec container, final byte[] captured,
        final RespValue subcommands, final int protocol)
    {
        final List<byte[]> served = new ArrayList<>();
        for (int i = 0; i + 1 < subcommands.children.size(); i += 2)
        {
            final String fullName = subcommands.children.get(i).text;
            final String name = fullName.substring(fullName.indexOf('|') + 1);
            if (container.subcommands().containsKey(name))
            {
                final int start = subcommands.children.get(i).start;
                final int end = subcommands.children.get(i + 1).end;
                served.add(Arrays.copyOfRange(captured, start, end));
            }
        }
        for (final CommandSpec sub : container.subcommands().values())
        {
            final byte[] own = sub.docs(protocol);
            if (own != null)
            {
                served.add(own);
            }
        }
        return served;
    }

    private static byte[] subcommandDocs(final CommandSpec sub, final int protocol)
    {
        if (sub.docs(protocol) != null)
        {
            // a subcommand newer than the 7.0 capture keeps its own docs (CommandTable.addLaterSubcommands)
            return sub.docs(protocol);
        }
        final byte[] captured = sub.parent().docs(protocol);
        if (captured == null)
        {
            return null;
        }
        final RespValue name = RespValue.parse(captured, 0);
        final RespValue docs = RespValue.parse(captured, name.end);
        for (int i = 0; i + 1 < docs.children.size(); i += 2)
        {
            if (DOCS_SUBCOMMANDS.equals(docs.children.get(i).text))
            {
                final RespValue subcommands = docs.children.get(i + 1);
                for (int j = 0; j + 1 < subcommands.children.size(); j += 2)
                {
                    if (sub.fullName().equals(subcommands.children.get(j).text))
                    {
                        return Arrays.copyOfRange(captured, subcommands.children.get(j).start,
                            subcommands.children.get(j + 1).end);
                    }
                }
            }
        }
        return null;
    }

    /** An aggregate header of the captured type ({@code *}, {@code %}, {@code ~}) with {@code count}. */
    private static void header(final ByteArrayOutputStream out, final byte type, final int count)
    {
        final String text = (char)type + Integer.toString(count) + "\r\n";
        out.write(text.getBytes(StandardCharsets.US_ASCII), 0, text.length());
    }
}
