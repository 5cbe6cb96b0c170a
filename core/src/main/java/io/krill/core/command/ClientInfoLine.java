package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.RespEncoder;

/**
 * One client's line of CLIENT LIST and CLIENT INFO, with Redis 7.0's fields in Redis 7.0's order.
 * <p>
 * Tools parse these lines by field name, and some by position, so every field Redis prints is here even where
 * Krill has nothing to report yet: no reply lists. Memory
 * figures are Krill's own buffers: the query buffer, the reply buffer and the current command's arguments,
 * plus a fixed estimate of the per-connection objects.
 */
final class ClientInfoLine
{
    /** Estimated heap held by one connection's objects besides its buffers (client, decoder, views, socket). */
    private static final int CONNECTION_OVERHEAD_BYTES = 1024;

    private ClientInfoLine()
    {
    }

    /**
     * Appends {@code client}'s line, ending in {@code \n}.
     *
     * @param caller the client running the listing command: its current command and arguments are shown.
     * @param callerCommand the full name of the command being run ("client|list").
     */
    static void append(final StringBuilder line, final Client client, final long nowMs, final Client caller,
        final String callerCommand)
    {
        final boolean self = client == caller;
        final int argvBytes = self ? argumentBytes(client.args()) : 0;
        final RespEncoder out = client.out();
        final int queryBytes = client.queryBufferBytes();
        final int queryCapacity = client.queryBufferCapacityBytes();
        final int replyCapacity = out.buffer().length;
        // inside EXEC Redis names the EXEC, the command being run
        final String command = self ? (executing(client) ? "exec" : callerCommand) :
            client.lastCommand() == null ? "NULL" : client.lastCommand().fullName();
        line.append("id=").append(client.id())
            .append(" addr=").append(client.address())
            .append(" laddr=").append(client.localAddress())
            .append(" fd=").append(client.fd())
            .append(" name=").append(client.name())
            .append(" age=").append((nowMs - client.createdMs()) / 1000)
            .append(" idle=").append((nowMs - client.lastInteractionMs()) / 1000)
            .append(" flags=");
        appendFlags(line, client);
        line.append(" db=").append(client.database())
            .append(" sub=").append(client.channelCount())
            .append(" psub=").append(client.patternCount())
            .append(" ssub=").append(client.shardChannelCount())
            .append(" multi=").append(Transactions.inMulti(client) ? client.transaction.count() : -1)
            .append(" qbuf=").append(queryBytes)
            .append(" qbuf-free=").append(Math.max(0, queryCapacity - queryBytes))
            .append(" argv-mem=").append(argvBytes)
            .append(" multi-mem=").append(Transactions.inMulti(client) ? client.transaction.queuedBytes() : 0)
            .append(" rbs=").append(replyCapacity)
            .append(" rbp=").append(out.limit())
            .append(" obl=").append(self ? 0 : out.limit())
            .append(" oll=0 omem=0")
            .append(" tot-mem=").append(CONNECTION_OVERHEAD_BYTES + queryCapacity + replyCapacity + argvBytes)
            .append(" events=").append(self || out.isEmpty() ? "r" : "rw")
            .append(" cmd=").append(command)
            .append(" user=").append(HelloCommands.DEFAULT_USER)
            .append(" redir=-1")
            .append(" resp=").append(client.protocol())
            .append('\n');
    }

    /** Redis's flag letters, in Redis's order; {@code N} when none applies. */
    private static void appendFlags(final StringBuilder line, final Client client)
    {
        final int start = line.length();
        final int closeFlags = client.closeFlags();
        if (client.inPubSubContext())
        {
            line.append('P');
        }
        if (Transactions.inMulti(client))
        {
            line.append('x');
        }
        if (client.block != null)
        {
            line.append('b');
        }
        if (client.transaction != null && client.transaction.touched)
        {
            line.append('d');
        }
        if ((closeFlags & Client.CLOSE_AFTER_REPLY) != 0)
        {
            line.append('c');
        }
        if ((closeFlags & Client.CLOSE_ASAP) != 0)
        {
            line.append('A');
        }
        if (client.readOnly())
        {
            line.append('r');
        }
        if (client.noEvict())
        {
            line.append('e');
        }
        if (line.length() == start)
        {
            line.append('N');
        }
    }

    private static boolean executing(final Client client)
    {
        return client.transaction != null && client.transaction.executing;
    }

    private static int argumentBytes(final CommandArgs args)
    {
        int bytes = 0;
        for (int i = 0; i < args.count(); i++)
        {
            bytes += args.length(i);
        }
        return bytes;
    }
}
