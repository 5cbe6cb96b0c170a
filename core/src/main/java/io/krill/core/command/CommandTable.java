package io.krill.core.command;

import io.krill.core.resp.CommandArgs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The commands this node serves, looked up by name without allocation.
 * <p>
 * BACKGROUND: every command's arity, flags, key positions, ACL categories and documentation are taken from
 * replies captured from a real Redis 7.0 ({@code src/main/scripts/capture-command-table.py}), not re-typed by
 * hand. Registering a handler under a Redis command name adopts that metadata, so wrong-arity errors, COMMAND
 * INFO and COMMAND DOCS match Redis for every command Krill serves, and a command Redis does not know cannot be
 * registered by mistake.
 */
public final class CommandTable
{
    private static final String RESOURCE_DIR = "/io/krill/core/command/";

    private final Map<String, CommandSpec> catalog;
    private final Map<String, CommandSpec> served = new TreeMap<>();
    private CommandSpec[] buckets = new CommandSpec[1024];

    private CommandTable(final Map<String, CommandSpec> catalog)
    {
        this.catalog = catalog;
    }

    /**
     * Parsed once per JVM: every node of an in-process cluster needs the same metadata, and parsing it takes
     * 10-40 ms even when warm. Never handed out; {@link #load} copies it.
     */
    private static Map<String, CommandSpec> template;

    /** Loads the Redis 7.0 command metadata; no command is served until registered. */
    public static CommandTable load()
    {
        final Map<String, CommandSpec> source = template();
        final Map<String, CommandSpec> catalog = new HashMap<>(source.size() * 2);
        for (final Map.Entry<String, CommandSpec> entry : source.entrySet())
        {
            catalog.put(entry.getKey(), entry.getValue().copy(null));
        }
        return new CommandTable(catalog);
    }

    private static synchronized Map<String, CommandSpec> template()
    {
        if (template == null)
        {
            template = parse();
        }
        return template;
    }

    private static Map<String, CommandSpec> parse()
    {
        final byte[] info2 = resource("command-info.resp2");
        final byte[] info3 = resource("command-info.resp3");
        final RespValue list2 = RespValue.parse(info2, 0);
        final RespValue list3 = RespValue.parse(info3, 0);
        final Map<String, CommandSpec> catalog = new HashMap<>();
        for (int i = 0; i < list2.children.size(); i++)
        {
            final CommandSpec spec = spec(info2, info3, list2.children.get(i), list3.children.get(i), null);
            catalog.put(spec.name, spec);
        }
        attachDocs(catalog, resource("command-docs.resp2"), 2);
        attachDocs(catalog, resource("command-docs.resp3"), 3);
        addLaterSubcommands(catalog);
        return catalog;
    }

    /**
     * Subcommands newer than the 7.0 capture that Krill serves (CLUSTER MYSHARDID, Redis 7.2), from small
     * hand-written resources in the capture's format: {@code command-info-7.2.resp2/3} (COMMAND INFO entries, as
     * Redis 7.2 reports them) and {@code command-docs-7.2.resp2/3} (their COMMAND DOCS pairs). They join their
     * 7.0 container, whose captured bytes stay untouched; their docs are kept on the subcommand itself.
     */
    private static void addLaterSubcommands(final Map<String, CommandSpec> catalog)
    {
        final byte[] info2 = resource("command-info-7.2.resp2");
        final byte[] info3 = resource("command-info-7.2.resp3");
        final byte[] docs2 = resource("command-docs-7.2.resp2");
        final byte[] docs3 = resource("command-docs-7.2.resp3");
        final RespValue list2 = RespValue.parse(info2, 0);
        final RespValue list3 = RespValue.parse(info3, 0);
        final RespValue docsList2 = RespValue.parse(docs2, 0);
        final RespValue docsList3 = RespValue.parse(docs3, 0);
        for (int i = 0; i < list2.children.size(); i++)
        {
            final String fullName = list2.children.get(i).children.get(0).text;
            final CommandSpec container = catalog.get(fullName.substring(0, fullName.indexOf('|')));
            final CommandSpec sub = spec(info2, info3, list2.children.get(i), list3.children.get(i), container);
            sub.docsResp2 = docsPair(docs2, docsList2, fullName);
            sub.docsResp3 = docsPair(docs3, docsList3, fullName);
            container.subcommands.put(sub.name, sub);
        }
    }

    private static byte[] docsPair(final byte[] docs, final RespValue all, final String fullName)
    {
        for (int i = 0; i + 1 < all.children.size(); i += 2)
        {
            if (fullName.equals(all.children.get(i).text))
            {
                return Arrays.copyOfRange(docs, all.children.get(i).start, all.children.get(i + 1).end);
            }
        }
        throw new IllegalStateException("no docs for " + fullName);
    }

    private static CommandSpec spec(final byte[] info2, final byte[] info3, final RespValue entry2,
        final RespValue entry3, final CommandSpec parent)
    {
        final List<RespValue> fields = entry2.children;
        final String fullName = fields.get(0).text;
        final String name = parent == null ? fullName : fullName.substring(fullName.indexOf('|') + 1);
        long flags = 0;
        for (final RespValue flag : fields.get(2).children)
        {
            flags |= CommandSpec.flag(flag.text);
        }
        final CommandSpec spec = new CommandSpec(name, parent, (int)fields.get(1).number, flags,
            (int)fields.get(3).number, (int)fields.get(4).number, (int)fields.get(5).number,
            Arrays.copyOfRange(info2, entry2.start, entry2.end), Arrays.copyOfRange(info3, entry3.start, entry3.end));
        final List<RespValue> subs2 = fields.get(9).children;
        final List<RespValue> subs3 = entry3.children.get(9).children;
        for (int i = 0; i < subs2.size(); i++)
        {
            final CommandSpec sub = spec(info2, info3, subs2.get(i), subs3.get(i), spec);
            spec.subcommands.put(sub.name, sub);
        }
        return spec;
    }

    private static void attachDocs(final Map<String, CommandSpec> catalog, final byte[] docs, final int protocol)
    {
        final RespValue all = RespValue.parse(docs, 0);
        for (int i = 0; i + 1 < all.children.size(); i += 2)
        {
            final RespValue name = all.children.get(i);
            final RespValue doc = all.children.get(i + 1);
            final CommandSpec spec = catalog.get(name.text);
            if (spec != null)
            {
                final byte[] pair = Arrays.copyOfRange(docs, name.start, doc.end);
                if (protocol == 2)
                {
                    spec.docsResp2 = pair;
                }
                else
                {
                    spec.docsResp3 = pair;
                }
            }
        }
    }

    private static byte[] resource(final String name)
    {
        try (InputStream in = CommandTable.class.getResourceAsStream(RESOURCE_DIR + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing resource " + RESOURCE_DIR + name);
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Serves {@code name} ("get", or "client|setname" for a subcommand) with {@code handler}.
     *
     * @throws IllegalArgumentException if Redis 7.0 has no such command.
     */
    public CommandSpec register(final String name, final CommandHandler handler)
    {
        final int bar = name.indexOf('|');
        final String top = bar < 0 ? name : name.substring(0, bar);
        final CommandSpec known = catalog.get(top);
        if (known == null)
        {
            throw new IllegalArgumentException("Redis has no command " + name);
        }
        CommandSpec spec = served.get(top);
        if (spec == null)
        {
            spec = copyWithoutSubcommands(known);
            served.put(top, spec);
            index(spec);
        }
        if (bar < 0)
        {
            spec.handler = handler;
            return spec;
        }
        final CommandSpec knownSub = known.subcommands.get(name.substring(bar + 1));
        if (knownSub == null)
        {
            throw new IllegalArgumentException("Redis has no subcommand " + name);
        }
        final CommandSpec sub = copyWithoutSubcommands(knownSub);
        sub.handler = handler;
        spec.subcommands.put(sub.name, sub);
        return sub;
    }

    private static CommandSpec copyWithoutSubcommands(final CommandSpec known)
    {
        final CommandSpec copy = new CommandSpec(known.name, known.parent, known.arity, known.flags, known.firstKey,
            known.lastKey, known.keyStep, known.infoResp2, known.infoResp3);
        copy.docsResp2 = known.docsResp2;
        copy.docsResp3 = known.docsResp3;
        return copy;
    }

    /** The served command named by argument 0 (case-insensitive), or null. */
    public CommandSpec lookup(final CommandArgs args)
    {
        return lookup(args.buffer(0), args.offset(0), args.length(0));
    }

    public CommandSpec lookup(final byte[] name, final int offset, final int length)
    {
        final int mask = buckets.length - 1;
        int index = lowerCaseHash(name, offset, length) & mask;
        while (true)
        {
            final CommandSpec spec = buckets[index];
            if (spec == null)
            {
                return null;
            }
            if (equalsLowerCase(spec.lowerName, name, offset, length))
            {
                return spec;
            }
            index = (index + 1) & mask;
        }
    }

    /** The served command by its lower-case name, or null. */
    public CommandSpec served(final String name)
    {
        return served.get(name);
    }

    /** Every served top-level command, ordered by name. */
    public Collection<CommandSpec> all()
    {
        return served.values();
    }

    /** Every served command and subcommand, for statistics. */
    public List<CommandSpec> allWithSubcommands()
    {
        final List<CommandSpec> all = new ArrayList<>();
        for (final CommandSpec spec : served.values())
        {
            all.add(spec);
            all.addAll(spec.subcommands.values());
        }
        return all;
    }

    private void index(final CommandSpec spec)
    {
        final int mask = buckets.length - 1;
        int index = lowerCaseHash(spec.lowerName, 0, spec.lowerName.length) & mask;
        while (buckets[index] != null)
        {
            index = (index + 1) & mask;
        }
        buckets[index] = spec;
    }

    static int lowerCaseHash(final byte[] name, final int offset, final int length)
    {
        int h = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            int b = name[i];
            if (b >= 'A' && b <= 'Z')
            {
                b += 32;
            }
            h = h * 31 + b;
        }
        return h ^ (h >>> 16);
    }

    static boolean equalsLowerCase(final byte[] lower, final byte[] name, final int offset, final int length)
    {
        if (lower.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            int b = name[offset + i];
            if (b >= 'A' && b <= 'Z')
            {
                b += 32;
            }
            if (b != lower[i])
            {
                return false;
            }
        }
        return true;
    }
}
