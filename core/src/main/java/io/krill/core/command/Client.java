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
    private int queryBufferCapacityBytes;
    private int fd;
    private boolean noEvictFlag;
    private boolean repliesOffFlag;
    private boolean skipNextReplyFlag;
    private long writeOffset;
    /** Set while a blocking command has parked this client; see {@link BlockedClients}. */
    BlockedClients.Block block;
    /** MULTI state and watched keys, created on first use; see {@link Transactions}. */
    Transaction transaction;
    /** The command a client pause holds, its request still in the query buffer; see {@link ClientPause}. */
    CommandSpec postponed;
    private java.util.Set<PubSub.Name> channels;
    private java.util.Set<PubSub.Name> patterns;
    private java.util.Set<PubSub.Name> shardChannels;

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

    /** The replication offset after this client's last propagated write (what its WAIT waits for). */
    public long writeOffset()
    {
        return writeOffset;
    }

    public void writeOffset(final long offset)
    {
        this.writeOffset = offset;
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

    /** The client's subscriptions in {@code space}; created on first use. */
    java.util.Set<PubSub.Name> subscriptions(final PubSub.Space space)
    {
        switch (space)
        {
            case CHANNEL:
                return channels == null ? channels = new java.util.LinkedHashSet<>() : channels;
            case PATTERN:
                return patterns == null ? patterns = new java.util.LinkedHashSet<>() : patterns;
            default:
                return shardChannels == null ? shardChannels = new java.util.LinkedHashSet<>() : shardChannels;
        }
    }

    public int channelCount()
    {
        return channels == null ? 0 : channels.size();
    }

    public int patternCount()
    {
        return patterns == null ? 0 : patterns.size();
    }

    public int shardChannelCount()
    {
        return shardChannels == null ? 0 : shardChannels.size();
    }

    /** Channel plus pattern subscriptions: the count SUBSCRIBE and UNSUBSCRIBE replies carry. */
    public int subscriptionCount()
    {
        return channelCount() + patternCount();
    }

    /** In RESP2, a client with any subscription may only run the pub/sub commands, PING, QUIT and RESET. */
    public boolean inPubSubContext()
    {
        return subscriptionCount() + shardChannelCount() > 0;
    }

    /** True while parked by a blocking command: its further requests wait in the query buffer. */
    public boolean isBlocked()
    {
        return block != null;
    }

    /** True while a client pause holds this client's request: it reads nothing more until the pause ends. */
    public boolean isPostponed()
    {
        return postponed != null;
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

    /** Size of the query buffer the server holds for this client (CLIENT LIST's {@code qbuf-free}, tot-mem). */
    public int queryBufferCapacityBytes()
    {
        return queryBufferCapacityBytes;
    }

    public void queryBufferCapacityBytes(final int bytes)
    {
        queryBufferCapacityBytes = bytes;
    }

    /**
     * The descriptor number CLIENT LIST shows. The JVM does not expose a socket's real descriptor, so the node
     * hands out the lowest free number from Redis's first client descriptor, as the kernel would.
     */
    public int fd()
    {
        return fd;
    }

    void fd(final int fd)
    {
        this.fd = fd;
    }

    /** CLIENT NO-EVICT: kept across RESET, as in Redis. */
    public boolean noEvict()
    {
        return noEvictFlag;
    }

    public void noEvict(final boolean noEvict)
    {
        noEvictFlag = noEvict;
    }

    /** CLIENT REPLY OFF: no command's reply is sent until CLIENT REPLY ON. */
    public boolean repliesOff()
    {
        return repliesOffFlag;
    }

    public void repliesOff(final boolean off)
    {
        repliesOffFlag = off;
        if (off)
        {
            skipNextReplyFlag = false;
        }
    }

    /** CLIENT REPLY SKIP: the reply of the next command is not sent. */
    public void skipNextReply()
    {
        skipNextReplyFlag = true;
    }

    /** Whether the command about to run must stay silent because of an earlier CLIENT REPLY SKIP. */
    boolean takeReplySkip()
    {
        final boolean skip = skipNextReplyFlag;
        skipNextReplyFlag = false;
        return skip;
    }
}
