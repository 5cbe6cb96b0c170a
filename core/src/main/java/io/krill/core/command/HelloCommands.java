package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * HELLO, AUTH and RESET: protocol choice and authentication of a connection.
 * <p>
 * Krill has Redis's {@code default} user only: it needs the {@code requirepass} password when one is set and
 * accepts any password when none is (Redis's "nopass" default user), and every other user name is unknown.
 */
final class HelloCommands
{
    static final String DEFAULT_USER = "default";

    static final CommandException WRONG_PASS =
        new CommandException("WRONGPASS invalid username-password pair or user is disabled.");
    private static final CommandException NO_PASSWORD_CONFIGURED = new CommandException(
        "ERR AUTH <password> called without any password configured for the default user. " +
        "Are you sure your configuration is correct?");
    private static final CommandException HELLO_NOT_AUTHENTICATED = new CommandException(
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> " +
        "<pass> option can be used to authenticate the client and select the RESP protocol version at the " +
        "same time");
    private static final CommandException BAD_PROTOCOL_VERSION =
        new CommandException("ERR Protocol version is not an integer or out of range");
    private static final CommandException UNSUPPORTED_PROTOCOL =
        new CommandException("NOPROTO unsupported protocol version");

    private final NodeState node;

    HelloCommands(final NodeState node)
    {
        this.node = node;
    }

    void register(final CommandTable table)
    {
        table.register("hello", this::hello);
        table.register("auth", this::auth);
        table.register("reset", this::reset);
    }

    /**
     * Redis 7.0 acts on each option as it parses it: AUTH logs in at once (so a later bad option leaves the
     * connection logged in) and SETNAME's name is checked at once; the name is set, and the protocol switched, only
     * once every option passed and the connection is authenticated.
     */
    private void hello(final Client client, final CommandArgs args, final RespEncoder out)
    {
        int protocol = 0;
        if (args.count() >= 2)
        {
            final long version = args.longValue(1, BAD_PROTOCOL_VERSION);
            if (version < 2 || version > 3)
            {
                throw UNSUPPORTED_PROTOCOL;
            }
            protocol = (int)version;
        }
        String name = null;
        for (int i = 2; i < args.count(); i++)
        {
            final int more = args.count() - 1 - i;
            if (args.is(i, "auth") && more >= 2)
            {
                if (!passwordMatches(args, i + 1, i + 2))
                {
                    throw WRONG_PASS;
                }
                client.authenticated(true);
                i += 2;
            }
            else if (args.is(i, "setname") && more >= 1)
            {
                name = ClientCommands.validName(args, i + 1);
                i++;
            }
            else
            {
                throw new CommandException("ERR Syntax error in HELLO option '" + args.string(i) + "'");
            }
        }
        if (!client.authenticated())
        {
            throw HELLO_NOT_AUTHENTICATED;
        }
        if (name != null)
        {
            client.name(name);
        }
        if (protocol != 0)
        {
            client.protocol(protocol);
        }
        out.map(7);
        out.bulk("server");
        out.bulk("redis");
        out.bulk("version");
        out.bulk(ServerVersion.REDIS);
        out.bulk("proto");
        out.integer(client.protocol());
        out.bulk("id");
        out.integer(client.id());
        out.bulk("mode");
        out.bulk(node.config().clusterEnabled() ? "cluster" : "standalone");
        out.bulk("role");
        out.bulk("master");
        out.bulk("modules");
        out.array(0);
    }

    private void auth(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (args.count() > 3)
        {
            throw CommandException.SYNTAX;
        }
        final boolean matches;
        if (args.count() == 2)
        {
            if (!passwordRequired())
            {
                throw NO_PASSWORD_CONFIGURED;
            }
            matches = passwordMatches(args, -1, 1);
        }
        else
        {
            matches = passwordMatches(args, 1, 2);
        }
        if (!matches)
        {
            // like Redis, a failed AUTH does not log out a connection that was authenticated before
            throw WRONG_PASS;
        }
        client.authenticated(true);
        out.ok();
    }

    /**
     * Puts the connection back to its state right after connecting: RESP2, no name, database 0, no cluster
     * ASKING/READONLY flags, replies on, and logged out when a password is required. CLIENT NO-EVICT survives,
     * as in Redis.
     * Families that add connection state (transactions, subscriptions, tracking) must clear it here too.
     */
    private void reset(final Client client, final CommandArgs args, final RespEncoder out)
    {
        client.protocol(2);
        client.name("");
        client.database(0);
        client.asking(false);
        client.readOnly(false);
        client.repliesOff(false);
        client.authenticated(!passwordRequired());
        node.pubSub().forget(client);
        node.transactions().forget(client);
        out.simple("RESET");
    }

    private boolean passwordRequired()
    {
        final String password = node.config().requirepass();
        return password != null && !password.isEmpty();
    }

    /**
     * Whether the user at {@code userAt} (-1: the default user) may log in with the password at
     * {@code passwordAt}. The password is compared in constant time, so timing does not reveal a matching prefix.
     */
    private boolean passwordMatches(final CommandArgs args, final int userAt, final int passwordAt)
    {
        if (userAt >= 0 && !DEFAULT_USER.equals(args.string(userAt)))
        {
            return false;
        }
        if (!passwordRequired())
        {
            return true;
        }
        final byte[] expected = node.config().requirepass().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, args.copy(passwordAt));
    }
}
