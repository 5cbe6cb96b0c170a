package io.krill.core.command;

/**
 * Registers every command family of a node. One line per family, so families can be built side by side.
 */
public final class Commands
{
    private Commands()
    {
    }

    public static void registerAll(final NodeState node)
    {
        new ConnectionCommands(node).register(node.commands());
        new StringCommands(node).register(node.commands());
        new KeyCommands(node).register(node.commands());
        new ListCommands(node).register(node.commands());
        new HashCommands(node).register(node.commands());
        new SetCommands(node).register(node.commands());
        new BitmapCommands(node).register(node.commands());
        new BitfieldCommand(node).register(node.commands());
        new HyperLogLogCommands(node).register(node.commands());
        new SortCommand(node).register(node.commands());
        new ConfigCommands(node).register(node.commands());
        new PubSubCommands(node).register(node.commands());
        new HelloCommands(node).register(node.commands());
        new ClientCommands(node).register(node.commands());
        new CommandCommand(node).register(node.commands());
        new InfoCommand(node).register(node.commands());
        new ServerCommands(node).register(node.commands());
        new DebugCommand(node).register(node.commands());
        new SortedSetCommands(node).register(node.commands());
        new SortedSetRangeCommands(node).register(node.commands());
        new SortedSetPopCommands(node).register(node.commands());
        new SortedSetAlgebraCommands(node).register(node.commands());
        new GeoCommands(node).register(node.commands());
        new ClusterCommands(node).register(node.commands());
        new DumpCommands(node).register(node.commands());
        new MigrateCommand(node).register(node.commands());
        new PersistenceCommands(node).register(node.commands());
        new ReplicationCommands(node).register(node.commands());
        node.transactions().register(node.commands());
    }
}
