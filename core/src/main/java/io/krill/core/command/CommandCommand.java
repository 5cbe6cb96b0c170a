package io.krill.core.command;

import io.krill.core.glob.GlobPattern;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * COMMAND and its subcommands COUNT, INFO, DOCS, LIST, GETKEYS and HELP, over the commands this node serves.
 * <p>
 * Entries come from Redis 7.0's own replies (see {@link CommandReplies}), so a client that reads COMMAND to learn
 * arities, flags and key positions sees exactly what Redis 7.0 would tell it about each served command.
 * Commands are listed by name; Redis lists them in hash-table order, which no client relies on.
 */
final class CommandCommand
{
    private static final CommandException INVALID_COMMAND = new CommandException("ERR Invalid command specified");
    private static final CommandException NO_KEY_ARGUMENTS =
        new CommandException("ERR The command has no key arguments");
    private static final CommandException INVALID_ARGUMENT_COUNT =
        new CommandException("ERR Invalid number of arguments specified for command");
    private static final CommandException INVALID_ARGUMENTS =
        new CommandException("ERR Invalid arguments specified for command");

    private static final String[] HELP = {
        "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "(no subcommand)",
        "    Reply with the details of every command this server serves.",
        "COUNT",
        "    Reply with the number of commands this server serves.",
        "LIST [FILTERBY (MODULE <module-name>|ACLCAT <category>|PATTERN <pattern>)]",
        "    Reply with the names of the served commands and subcommands, optionally filtered.",
        "INFO [<command-name> ...]",
        "    Reply with the details of the named commands (nil for unknown ones), or of all commands.",
        "DOCS [<command-name> ...]",
        "    Reply with the documentation of the named commands, or of all commands.",
        "GETKEYS <full-command>",
        "    Reply with the keys a complete command line would access.",
        "HELP",
        "    Print this help.",
    };

    private final NodeState node;

    CommandCommand(final NodeState node)
    {
        this.node = node;
    }

    void register(final CommandTable table)
    {
        table.register("command", this::all);
        table.register("command|count", this::count);
        table.register("command|info", this::info);
        table.register("command|docs", this::docs);
        table.register("command|list", this::list);
        table.register("command|getkeys", this::getKeys);
        table.register("command|help", (client, args, out) -> ClientCommands.help(out, HELP));
    }

    private void all(final Client client, final CommandArgs args, final RespEncoder out)
    {
        writeAllInfo(out);
    }

    private void count(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.integer(node.commands().all().size());
    }

    private void info(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() == 2)
        {
            writeAllInfo(out);
            return;
        }
        out.array(args.count() - 2);
        for (int i = 2; i < args.count(); i++)
        {
            final CommandSpec spec = byName(args.string(i));
            if (spec == null)
            {
                out.nullBulk();
            }
            else
            {
                final byte[] info = CommandReplies.info(spec, out.protocol());
                out.raw(info, 0, info.length);
            }
        }
    }

    private void writeAllInfo(final RespEncoder out)
    {
        out.array(node.commands().all().size());
        for (final CommandSpec spec : node.commands().all())
        {
            final byte[] info = CommandReplies.info(spec, out.protocol());
            out.raw(info, 0, info.length);
        }
    }

    /** A map of name to docs; unknown names are left out, as Redis leaves them out. */
    private void docs(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final List<byte[]> entries = new ArrayList<>();
        if (args.count() == 2)
        {
            for (final CommandSpec spec : node.commands().all())
            {
                addDocs(entries, spec, out.protocol());
            }
        }
        else
        {
            for (int i = 2; i < args.count(); i++)
            {
                final CommandSpec spec = byName(args.string(i));
                if (spec != null)
                {
                    addDocs(entries, spec, out.protocol());
                }
            }
        }
        out.map(entries.size());
        for (final byte[] entry : entries)
        {
            out.raw(entry, 0, entry.length);
        }
    }

    private static void addDocs(final List<byte[]> entries, final CommandSpec spec, final int protocol)
    {
        final byte[] docs = CommandReplies.docs(spec, protocol);
        if (docs != null)
        {
            entries.add(docs);
        }
    }

    /** Names of served commands and their subcommands ("client|list"), optionally filtered. */
    private void list(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final List<String> names = new ArrayList<>();
        if (args.count() == 2)
        {
            for (final CommandSpec spec : node.commands().allWithSubcommands())
            {
                names.add(spec.fullName());
            }
        }
        else if (args.count() == 5 && args.is(2, "filterby"))
        {
            filter(names, args);
        }
        else
        {
            throw CommandException.SYNTAX;
        }
        out.array(names.size());
        for (final String name : names)
        {
            out.bulk(name);
        }
    }

    private void filter(final List<String> names, final CommandArgs args)
    {
        if (args.is(3, "module"))
        {
            // Krill loads no modules, so no command belongs to one
            return;
        }
        final boolean byCategory = args.is(3, "aclcat");
        if (!byCategory && !args.is(3, "pattern"))
        {
            throw CommandException.SYNTAX;
        }
        final String category = args.string(4).toLowerCase(Locale.ROOT);
        for (final CommandSpec spec : node.commands().allWithSubcommands())
        {
            final boolean matches;
            if (byCategory)
            {
                matches = CommandReplies.aclCategories(spec).contains(category);
            }
            else
            {
                final byte[] name = spec.fullName().getBytes(StandardCharsets.US_ASCII);
                matches = GlobPattern.matches(args.buffer(4), args.offset(4), args.length(4), name, 0, name.length,
                    true);
            }
            if (matches)
            {
                names.add(spec.fullName());
            }
        }
    }

    /**
     * The keys of a complete command line, from the command's first/last/step key positions. Commands whose keys
     * move (EVAL's numkeys, ZUNIONSTORE's numkeys, ...) need per-command parsing Krill does not have yet, and get
     * Redis's answer for a command line it cannot find keys in.
     */
    private void getKeys(final Client client, final CommandArgs args, final RespEncoder out)
    {
        CommandSpec spec = node.commands().lookup(args.buffer(2), args.offset(2), args.length(2));
        if (spec != null && spec.isContainer() && args.count() > 3)
        {
            spec = spec.subcommands().get(args.string(3).toLowerCase(Locale.ROOT));
        }
        if (spec == null || spec.isContainer() && spec.handler == null)
        {
            throw INVALID_COMMAND;
        }
        final boolean movable = spec.has(CommandSpec.MOVABLEKEYS);
        if (spec.firstKey() == 0 && !movable)
        {
            throw NO_KEY_ARGUMENTS;
        }
        final int argc = args.count() - 2;
        if (!spec.arityMatches(argc))
        {
            throw INVALID_ARGUMENT_COUNT;
        }
        if (movable)
        {
            if (spec.has(CommandSpec.NO_MANDATORY_KEYS))
            {
                out.array(0);
                return;
            }
            throw INVALID_ARGUMENTS;
        }
        final int last = spec.lastKey() < 0 ? argc + spec.lastKey() : Math.min(spec.lastKey(), argc - 1);
        int keys = 0;
        for (int i = spec.firstKey(); i <= last; i += spec.keyStep())
        {
            keys++;
        }
        out.array(keys);
        for (int i = spec.firstKey(); i <= last; i += spec.keyStep())
        {
            out.bulk(args.buffer(i + 2), args.offset(i + 2), args.length(i + 2));
        }
    }

    /** A served command or subcommand by its name ("get", "CLIENT|LIST"), or null. */
    private CommandSpec byName(final String name)
    {
        final String lower = name.toLowerCase(Locale.ROOT);
        final int bar = lower.indexOf('|');
        if (bar < 0)
        {
            return node.commands().served(lower);
        }
        final CommandSpec container = node.commands().served(lower.substring(0, bar));
        return container == null ? null : container.subcommands().get(lower.substring(bar + 1));
    }
}
