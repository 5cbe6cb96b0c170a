package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.RespEncoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-process node without sockets for the hash and set command tests: runs one command at a time through the
 * real dispatcher and returns the raw reply or its parse.
 */
final class CollectionTestNode
{
    private static final long START_MS = 1_700_000_000_000L;

    private final NodeState state;
    private final CommandDispatcher dispatcher;
    private final Client client;

    CollectionTestNode()
    {
        state = new NodeState(ServerConfig.defaults(), new Keyspace(), CommandTable.load(), START_MS);
        state.nowMs(START_MS);
        Commands.registerAll(state);
        dispatcher = new CommandDispatcher(state);
        client = new Client(1, "127.0.0.1:40000", "127.0.0.1:6379", START_MS, 512L * 1024 * 1024, true, null);
    }

    void resp3()
    {
        client.protocol(3);
    }

    Keyspace keyspace()
    {
        return state.keyspace();
    }

    /** The value stored under {@code key}, or null. */
    Object value(final String key)
    {
        final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return keyspace().find(bytes, 0, bytes.length) < 0 ? null : keyspace().value();
    }

    /** Runs one command and returns its reply as text, one char per byte. */
    String call(final String... command)
    {
        final byte[][] args = new byte[command.length][];
        for (int i = 0; i < command.length; i++)
        {
            args[i] = command[i].getBytes(StandardCharsets.UTF_8);
        }
        client.args().set(args);
        dispatcher.execute(client);
        final RespEncoder out = client.out();
        final String reply = new String(out.buffer(), 0, out.limit(), StandardCharsets.ISO_8859_1);
        out.consumed(out.limit());
        return reply;
    }

    RespValue parse(final String... command)
    {
        return RespValue.parse(call(command).getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    /** The texts of the elements of an aggregate reply (nested aggregates flattened). */
    List<String> texts(final String... command)
    {
        final List<String> texts = new ArrayList<>();
        flatten(parse(command), texts);
        return texts;
    }

    long integer(final String... command)
    {
        return parse(command).number;
    }

    private static void flatten(final RespValue value, final List<String> texts)
    {
        if (value.children == null)
        {
            texts.add(value.text);
            return;
        }
        for (final RespValue child : value.children)
        {
            flatten(child, texts);
        }
    }
}
