package io.krill.core.command;

import io.krill.core.resp.CommandArgs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One client's MULTI state and WATCHed keys (Redis's {@code mstate} and {@code watched_keys}).
 * <p>
 * Queued commands are copied into arrays this object keeps and grows, so once a client has queued its widest
 * transaction, queuing allocates nothing. Created on a client's first MULTI or WATCH and kept for the connection.
 * <p>
 * Not thread safe: owned by the node's agent thread.
 */
final class Transaction
{
    /** A key this client watches: {@code expiredAtWatch} as Redis 7.0 keeps it (see {@link Transactions}). */
    static final class Watched
    {
        final BlockedClients.Key key;
        boolean expiredAtWatch;

        Watched(final BlockedClients.Key key, final boolean expiredAtWatch)
        {
            this.key = key;
            this.expiredAtWatch = expiredAtWatch;
        }
    }

    final List<Watched> watched = new ArrayList<>(2);
    private final CommandArgs view = new CommandArgs();
    private boolean queuing;
    /** A command was refused while queuing: EXEC answers EXECABORT (Redis's CLIENT_DIRTY_EXEC). */
    private boolean aborted;
    /** A watched key was touched: EXEC answers a null array (Redis's CLIENT_DIRTY_CAS). */
    boolean touched;
    /** True while EXEC runs the queued commands: blocking commands answer at once. */
    boolean executing;
    private CommandSpec[] specs = new CommandSpec[4];
    private int[] firstArg = new int[5];
    private int count;
    private byte[] bytes = new byte[256];
    private int bytesUsed;
    private int[] argOffsets = new int[16];
    private int[] argLengths = new int[16];
    private int argCount;

    boolean queuing()
    {
        return queuing;
    }

    void begin()
    {
        queuing = true;
        aborted = false;
        count = 0;
        bytesUsed = 0;
        argCount = 0;
    }

    /** Leaves MULTI (after EXEC or DISCARD); the queued arrays are kept for the next transaction. */
    void end()
    {
        queuing = false;
        aborted = false;
        count = 0;
        bytesUsed = 0;
        argCount = 0;
    }

    void abort()
    {
        if (queuing)
        {
            aborted = true;
        }
    }

    boolean aborted()
    {
        return aborted;
    }

    int count()
    {
        return count;
    }

    /** Bytes held by the queued commands (CLIENT LIST's {@code multi-mem}). */
    int queuedBytes()
    {
        return bytesUsed + count * 16;
    }

    void queue(final CommandSpec spec, final CommandArgs args)
    {
        if (count == specs.length)
        {
            specs = Arrays.copyOf(specs, count * 2);
            firstArg = Arrays.copyOf(firstArg, count * 2 + 1);
        }
        final int argc = args.count();
        if (argCount + argc > argOffsets.length)
        {
            final int capacity = Math.max(argOffsets.length * 2, argCount + argc);
            argOffsets = Arrays.copyOf(argOffsets, capacity);
            argLengths = Arrays.copyOf(argLengths, capacity);
        }
        for (int i = 0; i < argc; i++)
        {
            final int length = args.length(i);
            if (bytesUsed + length > bytes.length)
            {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, bytesUsed + length));
            }
            System.arraycopy(args.buffer(i), args.offset(i), bytes, bytesUsed, length);
            argOffsets[argCount] = bytesUsed;
            argLengths[argCount] = length;
            argCount++;
            bytesUsed += length;
        }
        specs[count] = spec;
        count++;
        firstArg[count] = argCount;
    }

    CommandSpec spec(final int index)
    {
        return specs[index];
    }

    /** The arguments of queued command {@code index}, as views valid until the next call. */
    CommandArgs args(final int index)
    {
        view.clear();
        for (int i = firstArg[index]; i < firstArg[index + 1]; i++)
        {
            view.add(bytes, argOffsets[i], argLengths[i]);
        }
        return view;
    }
}
