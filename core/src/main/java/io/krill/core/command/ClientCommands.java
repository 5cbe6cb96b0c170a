package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CLIENT ID, SETNAME, GETNAME, INFO, LIST, KILL, REPLY, NO-EVICT, PAUSE, UNPAUSE and HELP.
 * <p>
 * Redis 7.0 has no CLIENT SETINFO (added in 7.2), so Krill answers it with Redis 7.0's unknown-subcommand error;
 * clients that send it on connect (Jedis 5, Lettuce 6.3+) ignore that error.
 */
final class ClientCommands
{
    private static final CommandException BAD_NAME =
        new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
    private static final CommandException INVALID_CLIENT_ID = new CommandException("ERR Invalid client ID");
    private static final CommandException KILL_ID_NOT_POSITIVE =
        new CommandException("ERR client-id should be greater than 0");
    private static final CommandException NO_SUCH_CLIENT = new CommandException("ERR No such client");
    private static final CommandException PAUSE_TIMEOUT_NOT_INTEGER =
        new CommandException("ERR timeout is not an integer or out of range");
    private static final CommandException PAUSE_TIMEOUT_NEGATIVE = new CommandException("ERR timeout is negative");
    private static final CommandException PAUSE_MODE =
        new CommandException("ERR CLIENT PAUSE mode must be WRITE or ALL");

    private static final String[] HELP = {
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GETNAME",
        "    Reply with the name of this connection, or nil if it has none.",
        "ID",
        "    Reply with the unique id of this connection.",
        "INFO",
        "    Reply with the CLIENT LIST line of this connection.",
        "KILL <ip:port>",
        "    Close the connection whose peer address is <ip:port>.",
        "KILL <filter> <value> [<filter> <value> ...]",
        "    Close every connection matching all filters and reply with how many. Filters:",
        "    * ID <client-id>",
        "    * ADDR <ip:port>      peer address",
        "    * LADDR <ip:port>     local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "    * USER <username>",
        "    * SKIPME (YES|NO)     spare this connection (default: YES)",
        "LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <client-id> ...]",
        "    Reply with one line per connection, optionally only of a type or with given ids.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Hold the commands of normal clients for <timeout> ms: every command (ALL, the default) or only those",
        "    that write or may replicate (WRITE). Held commands run when the pause ends.",
        "REPLY (ON|OFF|SKIP)",
        "    Send replies to this connection (ON), stop sending them (OFF), or skip the next one (SKIP).",
        "NO-EVICT (ON|OFF)",
        "    Exempt this connection from client eviction, or stop doing so.",
        "SETNAME <name>",
        "    Name this connection; an empty name removes it.",
        "UNPAUSE",
        "    End a pause set with CLIENT PAUSE.",
        "HELP",
        "    Print this help.",
    };

    private final NodeState node;

    ClientCommands(final NodeState node)
    {
        this.node = node;
    }

    void register(final CommandTable table)
    {
        table.register("client|id", this::id);
        table.register("client|setname", this::setName);
        table.register("client|getname", this::getName);
        table.register("client|info", this::info);
        table.register("client|list", this::list);
        table.register("client|kill", this::kill);
        table.register("client|no-evict", this::noEvict);
        table.register("client|reply", this::reply);
        table.register("client|pause", this::pause);
        table.register("client|unpause", (client, args, out) ->
        {
            node.clientPause().unpauseByCommand();
            out.ok();
        });
        table.register("client|help", (client, args, out) -> help(out, HELP));
    }

    /** Writes a HELP reply: one simple string per line, as Redis's subcommand help. */
    static void help(final RespEncoder out, final String[] lines)
    {
        out.array(lines.length);
        for (final String line : lines)
        {
            out.simple(line);
        }
    }

    /**
     * The name at {@code index}, checked as Redis checks it: printable ASCII without spaces ('!' to '~').
     * The empty name means "no name".
     */
    static String validName(final CommandArgs args, final int index)
    {
        final byte[] buffer = args.buffer(index);
        final int offset = args.offset(index);
        for (int i = 0; i < args.length(index); i++)
        {
            final int b = buffer[offset + i] & 0xFF;
            if (b < '!' || b > '~')
            {
                throw BAD_NAME;
            }
        }
        return new String(buffer, offset, args.length(index), StandardCharsets.US_ASCII);
    }

    private void id(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.integer(client.id());
    }

    private void setName(final Client client, final CommandArgs args, final RespEncoder out)
    {
        client.name(validName(args, 2));
        out.ok();
    }

    private void getName(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (client.name().isEmpty())
        {
            out.nullBulk();
        }
        else
        {
            out.bulk(client.name());
        }
    }

    private void info(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final StringBuilder line = new StringBuilder(320);
        ClientInfoLine.append(line, client, node.nowMs(), client, "client|info");
        out.verbatim(line.toString());
    }

    private void list(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final StringBuilder lines = new StringBuilder(320 * Math.min(node.clientCount(), 1000));
        if (args.count() == 4 && args.is(2, "type"))
        {
            final ClientType type = ClientType.parse(args, 3);
            for (final Client listed : node.clientsById())
            {
                if (ClientType.of(listed) == type)
                {
                    ClientInfoLine.append(lines, listed, node.nowMs(), client, "client|list");
                }
            }
        }
        else if (args.count() > 3 && args.is(2, "id"))
        {
            final long[] ids = new long[args.count() - 3];
            for (int i = 3; i < args.count(); i++)
            {
                ids[i - 3] = args.longValue(i, INVALID_CLIENT_ID);
            }
            // in the order asked, repeats included, as Redis lists them
            for (final long id : ids)
            {
                final Client listed = node.client(id);
                if (listed != null)
                {
                    ClientInfoLine.append(lines, listed, node.nowMs(), client, "client|list");
                }
            }
        }
        else if (args.count() != 2)
        {
            throw CommandException.SYNTAX;
        }
        else
        {
            for (final Client listed : node.clientsById())
            {
                ClientInfoLine.append(lines, listed, node.nowMs(), client, "client|list");
            }
        }
        out.verbatim(lines.toString());
    }

    private void kill(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() == 3)
        {
            killByAddress(client, args.string(2), out);
            return;
        }
        final KillFilter filter = new KillFilter();
        for (int i = 2; i < args.count(); i += 2)
        {
            filter.parse(args, i);
        }
        int killed = 0;
        for (final Client candidate : node.clientsById())
        {
            if (filter.matches(candidate, client))
            {
                close(client, candidate);
                killed++;
            }
        }
        out.integer(killed);
    }

    /** The old form, CLIENT KILL ip:port: exactly one client, an error if none, +OK. */
    private void killByAddress(final Client client, final String address, final RespEncoder out)
    {
        final List<Client> clients = node.clientsById();
        for (final Client candidate : clients)
        {
            if (candidate.address().equals(address))
            {
                close(client, candidate);
                out.ok();
                return;
            }
        }
        throw NO_SUCH_CLIENT;
    }

    /** A client killing itself still gets the reply; any other is closed at the end of this cycle. */
    private void close(final Client caller, final Client victim)
    {
        if (victim == caller)
        {
            caller.closeAfterReply();
        }
        else
        {
            node.kill(victim);
        }
    }

    /** OFF and SKIP are silent themselves; the dispatcher drops the replies they silence. */
    private void reply(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.is(2, "on"))
        {
            client.repliesOff(false);
            out.ok();
        }
        else if (args.is(2, "off"))
        {
            client.repliesOff(true);
        }
        else if (args.is(2, "skip"))
        {
            if (!client.repliesOff())
            {
                client.skipNextReply();
            }
        }
        else
        {
            throw CommandException.SYNTAX;
        }
    }

    /** CLIENT PAUSE timeout [WRITE|ALL]: Redis 7.0's checks and errors, in its order. */
    private void pause(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() > 4)
        {
            throw new CommandException("ERR unknown subcommand or wrong number of arguments for '" +
                args.string(1) + "'. Try CLIENT HELP.");
        }
        // the mode is checked before the timeout, as Redis does
        int type = ClientPause.ALL;
        if (args.count() == 4)
        {
            if (args.is(3, "write"))
            {
                type = ClientPause.WRITE;
            }
            else if (!args.is(3, "all"))
            {
                throw PAUSE_MODE;
            }
        }
        final long timeoutMs = args.longValue(2, PAUSE_TIMEOUT_NOT_INTEGER);
        if (timeoutMs < 0)
        {
            throw PAUSE_TIMEOUT_NEGATIVE;
        }
        // Redis adds the timeout to its clock unchecked: a sum past Long.MAX_VALUE wraps and pauses nothing
        node.clientPause().pauseByCommand(type, node.nowMs() + timeoutMs);
        out.ok();
    }

    private void noEvict(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.is(2, "on"))
        {
            client.noEvict(true);
        }
        else if (args.is(2, "off"))
        {
            client.noEvict(false);
        }
        else
        {
            throw CommandException.SYNTAX;
        }
        out.ok();
    }

    /** The filters of CLIENT KILL's new form; every given filter must match. */
    private static final class KillFilter
    {
        private long id;
        private ClientType type;
        private String address;
        private String localAddress;
        private boolean skipMe = true;

        /** Parses the filter at {@code i} and its value at {@code i + 1}. */
        void parse(final CommandArgs args, final int i)
        {
            final boolean hasValue = i + 1 < args.count();
            if (hasValue && args.is(i, "id"))
            {
                id = args.longValue(i + 1, KILL_ID_NOT_POSITIVE);
                if (id <= 0)
                {
                    throw KILL_ID_NOT_POSITIVE;
                }
            }
            else if (hasValue && args.is(i, "type"))
            {
                type = ClientType.parse(args, i + 1);
            }
            else if (hasValue && args.is(i, "addr"))
            {
                address = args.string(i + 1);
            }
            else if (hasValue && args.is(i, "laddr"))
            {
                localAddress = args.string(i + 1);
            }
            else if (hasValue && args.is(i, "user"))
            {
                final String user = args.string(i + 1);
                if (!HelloCommands.DEFAULT_USER.equals(user))
                {
                    throw new CommandException("ERR No such user '" + user + "'");
                }
                // every connection runs as the default user, so this filter matches all of them
            }
            else if (hasValue && args.is(i, "skipme"))
            {
                if (args.is(i + 1, "yes"))
                {
                    skipMe = true;
                }
                else if (args.is(i + 1, "no"))
                {
                    skipMe = false;
                }
                else
                {
                    throw CommandException.SYNTAX;
                }
            }
            else
            {
                throw CommandException.SYNTAX;
            }
        }

        boolean matches(final Client candidate, final Client caller)
        {
            return (id == 0 || candidate.id() == id) &&
                (type == null || ClientType.of(candidate) == type) &&
                (address == null || candidate.address().equals(address)) &&
                (localAddress == null || candidate.localAddress().equals(localAddress)) &&
                !(skipMe && candidate == caller);
        }
    }
}
