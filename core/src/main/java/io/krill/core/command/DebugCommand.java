package io.krill.core.command;

import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.persistence.Snapshots;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DEBUG SLEEP, DEBUG POPULATE, DEBUG RELOAD, DEBUG PANIC and DEBUG HELP, behind Redis's {@code enable-debug-command}
 * switch.
 * <p>
 * As in Redis, DEBUG is refused unless {@code enable-debug-command} is {@code yes}, or {@code local} and the
 * client connects from a loopback address. Other DEBUG subcommands get Redis's unknown-subcommand error.
 */
final class DebugCommand
{
    private static final CommandException NOT_ALLOWED = new CommandException(
        "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it " +
        "from a local connection, otherwise you need to set this option in the configuration file, and then " +
        "restart the server.");
    private static final CommandException RELOAD_OPTIONS =
        new CommandException("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
    private static final CommandException SAVE_FAILED = new CommandException("ERR");
    private static final CommandException LOAD_FAILED =
        new CommandException("ERR Error trying to load the RDB dump, check server logs.");
    private static final byte[] DEFAULT_PREFIX = "key".getBytes(StandardCharsets.US_ASCII);
    private static final CommandException NOT_POSITIVE =
        new CommandException("ERR value is out of range, must be positive");
    private static final Pattern LEADING_NUMBER =
        Pattern.compile("\\s*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");
    private static final String[] HELP = {
        "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Add <count> string keys <prefix>:0 .. <prefix>:<count-1> (prefix 'key') holding value:<n>,",
        "    padded with zero bytes or cut to <size> bytes if given. Existing keys are left alone, and cluster",
        "    slots are ignored, so keys of other nodes' slots can be created.",
        "PANIC",
        "    Stop the node as a crash would: its thread ends with an error and its sockets close.",
        "RELOAD [NOSAVE]",
        "    Save the RDB on disk (unless NOSAVE), empty the keyspace and load the file back.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>, which may be fractional: no command of any client runs meanwhile.",
        "HELP",
        "    Print this help.",
    };

    private final NodeState node;

    DebugCommand(final NodeState node)
    {
        this.node = node;
    }

    void register(final CommandTable table)
    {
        table.register("debug", this::debug);
    }

    private void debug(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (!allowed(client))
        {
            throw NOT_ALLOWED;
        }
        if (args.count() == 2 && args.is(1, "help"))
        {
            ClientCommands.help(out, HELP);
        }
        else if (args.count() == 3 && args.is(1, "sleep"))
        {
            sleep(args.string(2));
            out.ok();
        }
        else if (args.count() == 2 && args.is(1, "panic"))
        {
            // Redis aborts the process; a node is one of possibly many in this JVM, so only its thread ends
            throw new NodePanic("DEBUG PANIC called at Unix time " + node.nowMs() / 1000);
        }
        else if (args.count() >= 2 && args.is(1, "reload"))
        {
            reload(args);
            out.ok();
        }
        else if (args.count() >= 3 && args.count() <= 5 && args.is(1, "populate"))
        {
            populate(args);
            out.ok();
        }
        else
        {
            throw new CommandException("ERR unknown subcommand or wrong number of arguments for '" +
                args.string(1) + "'. Try DEBUG HELP.");
        }
    }

    private boolean allowed(final Client client)
    {
        final String setting = node.config().get("enable-debug-command");
        if ("yes".equalsIgnoreCase(setting))
        {
            return true;
        }
        return "local".equalsIgnoreCase(setting) &&
            (client.address().startsWith("127.") || client.address().startsWith("0:0:0:0:0:0:0:1:"));
    }

    /**
     * Blocks the node's thread, as DEBUG SLEEP blocks Redis's main thread: tests use it to make a node
     * unresponsive. The argument is read as C's {@code strtod} reads it: a bad number is 0 and does not sleep.
     */
    /** DEBUG RELOAD [NOSAVE]: save (unless NOSAVE), flush, load the file, as Redis's test suite uses it. */
    private void reload(final CommandArgs args)
    {
        boolean save = true;
        for (int i = 2; i < args.count(); i++)
        {
            if (args.is(i, "nosave"))
            {
                save = false;
            }
            else
            {
                throw RELOAD_OPTIONS;
            }
        }
        final Snapshots snapshots = node.snapshots();
        snapshots.awaitBackgroundSave(node.nowMs());
        if (save)
        {
            try
            {
                snapshots.save(node.keyspace(), node.nowMs());
            }
            catch (final IOException ex)
            {
                throw SAVE_FAILED;
            }
        }
        node.keyspace().clear();
        try
        {
            snapshots.loadIfPresent(node.keyspace(), node.nowMs());
        }
        catch (final IOException ex)
        {
            throw LOAD_FAILED;
        }
    }

    private static void sleep(final String seconds)
    {
        final double value = leadingDouble(seconds);
        if (!(value > 0) || Double.isInfinite(value))
        {
            return;
        }
        final long totalNs = (long)(value * 1e9);
        try
        {
            Thread.sleep(totalNs / 1_000_000, (int)(totalNs % 1_000_000));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** The number at the start of {@code text}, or 0 if it starts with none (C's {@code strtod}). */
    private static double leadingDouble(final String text)
    {
        final Matcher matcher = LEADING_NUMBER.matcher(text);
        return matcher.lookingAt() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** Adds {@code prefix:N} keys holding {@code value:N}, skipping keys that exist (they keep their value). */
    private void populate(final CommandArgs args)
    {
        final long count = positive(args, 2);
        final byte[] prefix = args.count() >= 4 ? args.copy(3) : DEFAULT_PREFIX;
        final long size = args.count() == 5 ? positive(args, 4) : 0;
        final Keyspace keyspace = node.keyspace();
        for (long n = 0; n < count; n++)
        {
            final byte[] suffix = (":" + n).getBytes(StandardCharsets.US_ASCII);
            final byte[] key = Arrays.copyOf(prefix, prefix.length + suffix.length);
            System.arraycopy(suffix, 0, key, prefix.length, suffix.length);
            if (keyspace.find(key, 0, key.length) >= 0)
            {
                continue;
            }
            byte[] value = ("value:" + n).getBytes(StandardCharsets.US_ASCII);
            if (size > 0)
            {
                value = Arrays.copyOf(value, (int)Math.min(size, Integer.MAX_VALUE - 8));
            }
            keyspace.insert(key, value, KeyTable.NO_EXPIRY);
        }
    }

    private static long positive(final CommandArgs args, final int index)
    {
        final long value = args.longValue(index, NOT_POSITIVE);
        if (value < 0)
        {
            throw NOT_POSITIVE;
        }
        return value;
    }

    /** What ends a node's thread on DEBUG PANIC: an Error, so no command handler or duty cycle swallows it. */
    static final class NodePanic extends Error
    {
        private static final long serialVersionUID = 1L;

        NodePanic(final String message)
        {
            super(message);
        }
    }
}
