package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.CommandException;
import io.krill.core.resp.RespEncoder;

import java.util.List;

/**
 * CONFIG GET, SET, RESETSTAT, REWRITE and HELP over the node's {@link ServerConfig}.
 */
final class ConfigCommands
{
    private static final String[] HELP = {
        "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GET <pattern>",
        "    Show every parameter whose name matches the glob-style <pattern>, with its value.",
        "SET <directive> <value>",
        "    Change <directive> to <value>; several directive/value pairs are applied together or not at all.",
        "RESETSTAT",
        "    Zero the counters that INFO reports.",
        "REWRITE",
        "    Write the running configuration back to the config file.",
        "HELP",
        "    Print this help.",
    };

    private final NodeState node;
    private final ServerConfig config;

    ConfigCommands(final NodeState node)
    {
        this.node = node;
        this.config = node.config();
        // connected clients keep their decoder: a new bulk limit must reach them too, as in Redis
        config.onChange("proto-max-bulk-len", () ->
        {
            for (final Client client : node.clientsById())
            {
                client.decoder().maxBulkBytes(config.protoMaxBulkLenBytes());
            }
        });
    }

    void register(final CommandTable table)
    {
        table.register("config|get", this::get);
        table.register("config|set", this::set);
        table.register("config|resetstat", this::resetStat);
        table.register("config|rewrite", this::rewrite);
        table.register("config|help", this::help);
    }

    private void get(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final String[] patterns = new String[args.count() - 2];
        for (int i = 2; i < args.count(); i++)
        {
            patterns[i - 2] = args.string(i);
        }
        final List<String> pairs = config.getMatching(patterns);
        out.map(pairs.size() / 2);
        for (final String item : pairs)
        {
            out.bulk(item.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private void set(final Client client, final CommandArgs args, final RespEncoder out)
    {
        final String[] pairs = new String[args.count() - 2];
        for (int i = 2; i < args.count(); i++)
        {
            pairs[i - 2] = args.string(i);
        }
        final String error = config.set(pairs, isLocal(client));
        if (error != null)
        {
            throw new CommandException(error);
        }
        out.ok();
    }

    private static boolean isLocal(final Client client)
    {
        final String address = client.address();
        return address.startsWith("127.") || address.startsWith("0:0:0:0:0:0:0:1") || address.startsWith("::1");
    }

    private void resetStat(final Client client, final CommandArgs args, final RespEncoder out)
    {
        node.resetStats();
        out.ok();
    }

    /** Krill does not rewrite config files yet; Redis's answer when it has none to rewrite is kept. */
    private void rewrite(final Client client, final CommandArgs args, final RespEncoder out)
    {
        if (config.configFile() == null)
        {
            throw new CommandException("ERR The server is running without a config file");
        }
        throw new CommandException("ERR Rewriting config file: CONFIG REWRITE is not supported by Krill yet");
    }

    private void help(final Client client, final CommandArgs args, final RespEncoder out)
    {
        out.array(HELP.length);
        for (final String line : HELP)
        {
            out.simple(line);
        }
    }
}
