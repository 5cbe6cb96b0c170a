package io.krill.core.command;

import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.RespEncoder;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: what the differential cases cannot see: list values are deep-copied by COPY, report Redis 7.0's type and
 * encoding, keep working across many small nodes, and the read and pop paths allocate nothing per element.
 * Method: commands run on an in-process node without sockets; allocation is read from the JVM's per-thread
 * allocation counter around many calls after a warm-up.
 */
class ListCommandsTest
{
    private static final long START_MS = 1_700_000_000_000L;

    private final NodeState state = new NodeState(ServerConfig.defaults(), new Keyspace(), CommandTable.load(),
        START_MS);
    private final CommandDispatcher dispatcher;
    private final Client client = new Client(1, "127.0.0.1:40000", "127.0.0.1:6379", START_MS, 512L * 1024 * 1024,
        true, null);

    ListCommandsTest()
    {
        state.nowMs(START_MS);
        Commands.registerAll(state);
        dispatcher = new CommandDispatcher(state);
    }

    @Test
    void shouldReportListTypeAndQuicklistEncodingWhenShortOrLong()
    {
        call("RPUSH", "short", "a");
        assertEquals("+list\r\n", call("TYPE", "short"));
        assertEquals("$9\r\nquicklist\r\n", call("OBJECT", "ENCODING", "short"));
        for (int i = 0; i < 2000; i++)
        {
            call("RPUSH", "long", "element-" + i);
        }
        assertEquals("$9\r\nquicklist\r\n", call("OBJECT", "ENCODING", "long"));
    }

    @Test
    void shouldCopyDeeplyWhenCopyThenChangeEitherSide()
    {
        call("RPUSH", "src", "a", "b", "c");
        assertEquals(":1\r\n", call("COPY", "src", "dst"));
        call("LSET", "src", "0", "changed");
        call("RPOP", "dst");
        assertEquals("*3\r\n$7\r\nchanged\r\n$1\r\nb\r\n$1\r\nc\r\n", call("LRANGE", "src", "0", "-1"));
        assertEquals("*2\r\n$1\r\na\r\n$1\r\nb\r\n", call("LRANGE", "dst", "0", "-1"));
    }

    @Test
    void shouldUseNodeSizeConfiguredWhenListIsCreated()
    {
        call("CONFIG", "SET", "list-max-listpack-size", "4");
        for (int i = 0; i < 100; i++)
        {
            call("RPUSH", "l", Integer.toString(i));
        }
        final PackedList list = list("l");
        assertEquals(25, list.nodeCount());
        assertEquals(":42\r\n", call("LPOS", "l", "42"));
        assertEquals("$2\r\n77\r\n", call("LINDEX", "l", "-23"));
        call("CONFIG", "SET", "list-max-listpack-size", "-2");
        call("RPUSH", "l", "more");
        assertEquals(26, list("l").nodeCount(), "a list keeps the node size it was created with");
    }

    @Test
    void shouldAllocateNothingPerElementWhenRangingAndPopping()
    {
        for (int i = 0; i < 1000; i++)
        {
            call("RPUSH", "l", "element-" + i);
        }
        final byte[][] lrange = args("LRANGE", "l", "0", "-1");
        final byte[][] lindex = args("LINDEX", "l", "500");
        final byte[][] rpush = args("RPUSH", "l", "tail");
        final byte[][] lpop = args("LPOP", "l");
        final byte[][] rpopCount = args("RPOP", "l", "3");
        final byte[][] rpush3 = args("RPUSH", "l", "x", "y", "z");
        for (int i = 0; i < 2000; i++)
        {
            run(lrange);
            run(lindex);
            run(rpush);
            run(lpop);
            run(rpopCount);
            run(rpush3);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final int calls = 1000;
        final long beforeBytes = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++)
        {
            run(lrange);
            run(lindex);
            run(rpush);
            run(lpop);
            run(rpopCount);
            run(rpush3);
        }
        final long perRoundBytes = (threads.getThreadAllocatedBytes(thread) - beforeBytes) / calls;
        // a round replies ~1000 elements; anything per element would show as kilobytes
        assertTrue(perRoundBytes < 64, "allocated " + perRoundBytes + " bytes per round");
        assertEquals(":1000\r\n", call("LLEN", "l"));
    }

    private PackedList list(final String key)
    {
        final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        assertTrue(state.keyspace().find(bytes, 0, bytes.length) >= 0);
        return (PackedList)state.keyspace().value();
    }

    private static byte[][] args(final String... command)
    {
        final byte[][] args = new byte[command.length][];
        for (int i = 0; i < command.length; i++)
        {
            args[i] = command[i].getBytes(StandardCharsets.UTF_8);
        }
        return args;
    }

    private void run(final byte[][] args)
    {
        client.args().set(args);
        dispatcher.execute(client);
        final RespEncoder out = client.out();
        out.consumed(out.limit());
    }

    private String call(final String... command)
    {
        client.args().set(args(command));
        dispatcher.execute(client);
        final RespEncoder out = client.out();
        final String reply = new String(out.buffer(), 0, out.limit(), StandardCharsets.ISO_8859_1);
        out.consumed(out.limit());
        return reply;
    }
}
