package io.krill.core.command;

import io.krill.core.resp.CommandArgs;
import io.krill.core.resp.RespDecoder;
import io.krill.core.resp.RespEncoder;

/**
 * The state of one client connection as commands see it: identity, protocol, authentication, name, flags, and
 * the reply encoder. The transport (socket, buffers) is held by the server and reached through {@link #transport}.
 * <p>
 * Not thread safe: owned by the node's agent thread.
 */
public final class Client
{
    /** Set by CLIENT KILL, QUIT, protocol errors: close once pending replies are written. */
    public static final int CLOSE_AFTER_REPLY = 1;
    /** Close now, dropping pending replies (CLIENT KILL of another client, output limits). */
    public static final int CLOSE_ASAP = 1 << 1;

    private final long id;
    private final RespEncoder out = new RespEncoder();
    private final RespDecoder decoder;
    private final CommandArgs args = new CommandArgs();
    private final String address;
    private final String localAddress;
    private final long createdMs;
    private final Object transport;
    private int closeFlags;
    private boolean authenticated;
    private String name = "";
    private String libName = "";
    private String libVersion = "";
    private long lastInteractionMs;
    private CommandSpec lastCommand;
    private int database;
    private boolean askingFlag;
    private boolean readOnlyFlag;
    private int queryBufferBytes;
    /** Set while a blocking command has parked this client; see {@link BlockedClients}. */
    BlockedClients.Block block;

    public Client(final long id, final String address, final String localAddress, final long createdMs,
        final long maxBulkBytes, final boolean authenticated, final Object transport)
    {
        this.id = id;
        this.address = address;
        this.localAddress = localAddress;
        this.createdMs = createdMs;
        this.lastInteractionMs = createdMs;
        this.transport = transport;
        this.decoder = new RespDecoder(maxBulkBytes);
        authenticated(authenticated);
    }

    public long id()
    {
        return id;
    }

    public RespEncoder out()
    {
        return out;
    }

    public RespDecoder decoder()
    {
        return decoder;
    }

    public CommandArgs args()
    {
        return args;
    }

    /** "ip:port" of the peer. */
    public String address()
    {
        return address;
    }

    /** "ip:port" of our end. */
    public String localAddress()
    {
        return localAddress;
    }

    public long createdMs()
    {
        return createdMs;
    }

    /** The server's handle for this connection. */
    public Object transport()
    {
        return transport;
    }

    public int protocol()
    {
        return out.protocol();
    }

    public void protocol(final int protocol)
    {
        out.protocol(protocol);
    }

    public boolean authenticated()
    {
        return authenticated;
    }

    public void authenticated(final boolean authenticated)
    {
        this.authenticated = authenticated;
        decoder.authenticated(authenticated);
    }

    public String name()
    {
        return name;
    }

    public void name(final String name)
    {
        this.name = name;
    }

    public String libName()
    {
        return libName;
    }

    public void libName(final String libName)
    {
        this.libName = libName;
    }

    public String libVersion()
    {
        return libVersion;
    }

    public void libVersion(final String libVersion)
    {
        this.libVersion = libVersion;
    }

    public long lastInteractionMs()
    {
        return lastInteractionMs;
    }

    public void lastInteractionMs(final long nowMs)
    {
        lastInteractionMs = nowMs;
    }

    /** The last command run (CLIENT LIST's {@code cmd=}), or null. */
    public CommandSpec lastCommand()
    {
        return lastCommand;
    }

    void lastCommand(final CommandSpec command)
    {
        lastCommand = command;
    }

    public int database()
    {
        return database;
    }

    public void database(final int database)
    {
        this.database = database;
    }

    public boolean asking()
    {
        return askingFlag;
    }

    public void asking(final boolean asking)
    {
        askingFlag = asking;
    }

    public boolean readOnly()
    {
        return readOnlyFlag;
    }

    public void readOnly(final boolean readOnly)
    {
        readOnlyFlag = readOnly;
    }

    /** True while parked by a blocking command: its further requests wait in the query buffer. */
    public boolean isBlocked()
    {
        return block != null;
    }

    public int closeFlags()
    {
        return closeFlags;
    }

    /** Asks the server to close this connection after its pending replies went out. */
    public void closeAfterReply()
    {
        closeFlags |= CLOSE_AFTER_REPLY;
    }

    /** Asks the server to close this connection at once. */
    public void closeAsap()
    {
        closeFlags |= CLOSE_ASAP;
    }

    /** Bytes received and not yet executed (CLIENT LIST's {@code qbuf=}); kept up to date by the server. */
    public int queryBufferBytes()
    {
        return queryBufferBytes;
    }

    public void queryBufferBytes(final int bytes)
    {
        queryBufferBytes = bytes;
    }
}
