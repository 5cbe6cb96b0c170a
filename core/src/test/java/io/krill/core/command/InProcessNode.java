package io.krill.core.command;

import io.krill.core.config.ConfigException;
import io.krill.core.config.ServerConfig;
import io.krill.core.keyspace.Keyspace;

import org.junit.jupiter.api.Assumptions;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * One node's command engine without sockets or threads: commands run on the calling thread through the real
 * dispatcher, the clock is set by hand, and each reply comes back as its exact bytes (ISO-8859-1 string).
 * Lets a test reach the keyspace (TTL, encoding, values of other types) and switch the client to RESP3.
 */
final class InProcessNode
{
    static final long START_MS = 1_700_000_000_000L;

    final NodeState node;
    final Keyspace keyspace;
    final Client client;
    private final CommandDispatcher dispatcher;

    InProcessNode(final String... configArgs)
    {
        keyspace = new Keyspace();
        try
        {
            node = new NodeState(ServerConfig.parse(configArgs), keyspace, CommandTable.load(), START_MS);
        }
        catch (final ConfigException ex)
        {
            throw new IllegalArgumentException(ex);
        }
        node.nowMs(START_MS);
        Commands.registerAll(node);
        dispatcher = new CommandDispatcher(node);
        client = new Client(1, "127.0.0.1:50000", "127.0.0.1:6379", START_MS, 512L * 1024 * 1024, true, null);
    }

    /** Runs a command whose arguments are ISO-8859-1 strings (one char per byte); returns the raw reply. */
    String call(final String... args)
    {
        final byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++)
        {
            bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return call(bytes);
    }

    String call(final byte[]... args)
    {
        client.args().set(args);
        dispatcher.execute(client);
        final String reply = new String(client.out().copyOut(), StandardCharsets.ISO_8859_1);
        client.out().consumed(client.out().limit());
        return reply;
    }

    /** Runs a command and discards its reply, allocating nothing itself (for allocation measurements). */
    void execute(final byte[][] args)
    {
        client.args().set(args);
        dispatcher.execute(client);
        client.out().consumed(client.out().limit());
    }

    /**
     * Bytes this thread allocates running the commands {@code measuredRounds} times, after {@code warmupRounds}
     * rounds for the JIT (HotSpot's per-thread counter; the test is skipped on a JVM without it). Argument arrays
     * are built once by the caller, so what is counted is the engine's own allocation.
     */
    long allocatedBytes(final byte[][][] commands, final int warmupRounds, final int measuredRounds)
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean &&
            ((com.sun.management.ThreadMXBean)bean).isThreadAllocatedMemorySupported(),
            "per-thread allocation counter not available on this JVM");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        runRounds(commands, warmupRounds);
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        runRounds(commands, measuredRounds);
        return threads.getThreadAllocatedBytes(threadId) - before;
    }

    private void runRounds(final byte[][][] commands, final int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            for (final byte[][] command : commands)
            {
                execute(command);
            }
        }
    }

    /** A command's arguments as ASCII bytes. */
    static byte[][] args(final String... args)
    {
        final byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++)
        {
            bytes[i] = args[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    void protocol(final int protocol)
    {
        client.out().protocol(protocol);
    }

    long nowMs()
    {
        return node.nowMs();
    }

    void advanceMs(final long deltaMs)
    {
        node.nowMs(node.nowMs() + deltaMs);
    }

    /** The key's expiry time in ms, {@code KeyTable.NO_EXPIRY} if none, or -2 if the key is missing. */
    long expiryMs(final String key)
    {
        final byte[] bytes = key.getBytes(StandardCharsets.ISO_8859_1);
        return keyspace.find(bytes, 0, bytes.length) < 0 ? -2 : keyspace.expiry();
    }

    /** OBJECT ENCODING of a string key, or null if the key is missing. */
    String encoding(final String key)
    {
        final byte[] bytes = key.getBytes(StandardCharsets.ISO_8859_1);
        return keyspace.find(bytes, 0, bytes.length) < 0 ? null : StringValues.encoding(keyspace.value());
    }

    /** Stores a value of a type that is not a string under {@code key}, for WRONGTYPE checks. */
    void putNonString(final String key)
    {
        final byte[] bytes = key.getBytes(StandardCharsets.ISO_8859_1);
        keyspace.put(bytes, 0, bytes.length, new Object(), 0, false);
    }

    static String bulk(final String text)
    {
        return "$" + text.length() + "\r\n" + text + "\r\n";
    }

    static String integer(final long value)
    {
        return ":" + value + "\r\n";
    }

    static String error(final String message)
    {
        return "-" + message + "\r\n";
    }
}
