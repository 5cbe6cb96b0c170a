package io.krill.gossip;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Everything {@link GossipState} wants done, in order, for the caller to carry out (raft's {@code Ready}):
 * bytes to send on a link, links to open or close, and events for the rest of the node. The state machine
 * never does I/O itself.
 * <p>
 * How to drain, after each input call (or after several):
 * <ol>
 *   <li>if {@link #saveConfigRequested()}: write nodes.conf from {@code NodesConfigText.render(view)} (with
 *   fsync if {@link #fsyncRequested()}) <em>before</em> sending anything, as Redis saves in its before-sleep
 *   hook before replies go out (digest 10.2);</li>
 *   <li>for {@code i < size()}: act on {@link #kind(int)} ({@link #SEND}: write {@code buffer()[offset(i),
 *   offset(i)+length(i))} to link {@link #linkId(int)}; {@link #CONNECT}: open a TCP connection to
 *   {@link #text(int)}:{@link #port(int)} and report it with {@code onLinkConnected} or
 *   {@code onLinkClosed}; {@link #CLOSE}: close the link, no callback needed; events as documented on each
 *   kind);</li>
 *   <li>{@link #clear()}.</li>
 * </ol>
 * Buffers and arrays are allocated once and only grow (to the largest turn seen), so a steady state
 * allocates nothing. The byte region of a {@link #SEND} is valid until {@link #clear()}; several sends may
 * share one region (a broadcast).
 */
public final class Outbox
{
    /** Send bytes on a link. */
    public static final int SEND = 1;
    /** Open an outbound link: {@link #linkId}, {@link #text} = ip, {@link #port} = bus port. */
    public static final int CONNECT = 2;
    /** Close a link; the state machine already forgot it. */
    public static final int CLOSE = 3;
    /** Event: {@link #text} = id of a node this node just marked FAIL (by quorum or by a FAIL message). */
    public static final int NODE_FAILED = 4;
    /**
     * Event: myself changed role or master. {@link #text} = the new master's id, or null when myself became a
     * master. Core (re)starts or stops replication: the master's client address is in the view.
     */
    public static final int ROLE_CHANGED = 5;
    /** Event: myself lost slot {@link #port} to a newer owner while keys remain in it; delete them (8.2). */
    public static final int DELETE_SLOT_KEYS = 6;
    /** Event: cluster state changed; {@link #port} = 1 for ok, 0 for fail. */
    public static final int STATE_CHANGED = 7;
    /**
     * Event: a known node relayed a PUBLISH ({@link #port} = {@link BusMessageType#PUBLISH}) or PUBLISHSHARD
     * ({@link #port} = {@link BusMessageType#PUBLISHSHARD}); deliver it to local subscribers only. The message
     * body (as {@link PublishCodec} reads it) is {@code buffer()[offset(i), offset(i)+length(i))}.
     */
    public static final int PUBLISH_RECEIVED = 8;
    /**
     * Event: a manual failover paused or resumed this master's writes (digest 7.4). {@link #port} = the pause
     * length in ms from now, or 0 to resume now; {@link #text} = the id of the replica that asked, or null on
     * resume. Core holds write commands (not reads) while paused; {@link GossipState#writesPausedUntilMs()}
     * gives the deadline at any time. The replication layer should not send its PINGs meanwhile, so the
     * offset the replica waits for stays still.
     */
    public static final int WRITES_PAUSED = 9;
    /**
     * Event: a line for the node's log, about elections and votes ({@link #text}); {@link #port} is
     * {@link #LOG_NOTICE} or {@link #LOG_WARNING}.
     */
    public static final int LOG = 10;
    /** Level of a {@link #LOG} event: normal progress. */
    public static final int LOG_NOTICE = 0;
    /** Level of a {@link #LOG} event: something refused or timed out. */
    public static final int LOG_WARNING = 1;

    private static final int INITIAL_ACTIONS = 64;

    private final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(16 * 1024);
    private int bytesUsed;
    private int size;
    private int[] kinds = new int[INITIAL_ACTIONS];
    private long[] linkIds = new long[INITIAL_ACTIONS];
    private int[] offsets = new int[INITIAL_ACTIONS];
    private int[] lengths = new int[INITIAL_ACTIONS];
    private int[] ports = new int[INITIAL_ACTIONS];
    private String[] texts = new String[INITIAL_ACTIONS];
    private boolean saveConfig;
    private boolean fsync;

    public int size()
    {
        return size;
    }

    public int kind(final int index)
    {
        return kinds[check(index)];
    }

    public long linkId(final int index)
    {
        return linkIds[check(index)];
    }

    /**
     * The buffer holding every {@link #SEND}'s bytes.
     */
    public DirectBuffer buffer()
    {
        return bytes;
    }

    public int offset(final int index)
    {
        return offsets[check(index)];
    }

    public int length(final int index)
    {
        return lengths[check(index)];
    }

    /**
     * The ip of a {@link #CONNECT}, the node id of an event (may be null for {@link #ROLE_CHANGED}), or the
     * line of a {@link #LOG}.
     */
    public String text(final int index)
    {
        return texts[check(index)];
    }

    /**
     * The bus port of a {@link #CONNECT}, the slot of {@link #DELETE_SLOT_KEYS}, the state of
     * {@link #STATE_CHANGED}, the pause of {@link #WRITES_PAUSED}, the level of {@link #LOG}.
     */
    public int port(final int index)
    {
        return ports[check(index)];
    }

    /**
     * The view changed in a way nodes.conf records (digest 10.2).
     */
    public boolean saveConfigRequested()
    {
        return saveConfig;
    }

    /**
     * The save must also be fsynced (epochs, votes, slot ownership changes).
     */
    public boolean fsyncRequested()
    {
        return fsync;
    }

    public void clear()
    {
        Arrays.fill(texts, 0, size, null);
        size = 0;
        bytesUsed = 0;
        saveConfig = false;
        fsync = false;
    }

    /**
     * The index of the first {@link #SEND} on {@code linkId} at or after {@code from}, or -1 (for tests and
     * transports that batch per link).
     */
    public int nextSend(final long linkId, final int from)
    {
        for (int i = from; i < size; i++)
        {
            if (kinds[i] == SEND && linkIds[i] == linkId)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reserves {@code capacity} bytes for a message and returns their offset; commit the used part with
     * {@link #commitBytes}.
     */
    int reserveBytes(final int capacity)
    {
        bytes.checkLimit(bytesUsed + capacity);
        return bytesUsed;
    }

    void commitBytes(final int offset, final int length)
    {
        bytesUsed = offset + length;
    }

    MutableDirectBuffer mutableBuffer()
    {
        return bytes;
    }

    void send(final long linkId, final int offset, final int length)
    {
        add(SEND, linkId, offset, length, 0, null);
    }

    void connect(final long linkId, final String ip, final int cport)
    {
        add(CONNECT, linkId, 0, 0, cport, ip);
    }

    void close(final long linkId)
    {
        add(CLOSE, linkId, 0, 0, 0, null);
    }

    void event(final int kind, final String text, final int value)
    {
        add(kind, -1, 0, 0, value, text);
    }

    void log(final int level, final String text)
    {
        add(LOG, -1, 0, 0, level, text);
    }

    /**
     * Copies a received PUBLISH or PUBLISHSHARD body, so it outlives the receive buffer until the drain.
     */
    void publishReceived(final int type, final DirectBuffer source, final int index, final int length)
    {
        final int offset = reserveBytes(length);
        bytes.putBytes(offset, source, index, length);
        commitBytes(offset, length);
        add(PUBLISH_RECEIVED, -1, offset, length, type, null);
    }

    void requestSave(final boolean withFsync)
    {
        saveConfig = true;
        fsync |= withFsync;
    }

    private void add(
        final int kind, final long linkId, final int offset, final int length, final int port, final String text)
    {
        if (size == kinds.length)
        {
            grow();
        }
        kinds[size] = kind;
        linkIds[size] = linkId;
        offsets[size] = offset;
        lengths[size] = length;
        ports[size] = port;
        texts[size] = text;
        size++;
    }

    private void grow()
    {
        final int capacity = kinds.length * 2;
        kinds = Arrays.copyOf(kinds, capacity);
        linkIds = Arrays.copyOf(linkIds, capacity);
        offsets = Arrays.copyOf(offsets, capacity);
        lengths = Arrays.copyOf(lengths, capacity);
        ports = Arrays.copyOf(ports, capacity);
        texts = Arrays.copyOf(texts, capacity);
    }

    private int check(final int index)
    {
        if (index < 0 || index >= size)
        {
            throw new IndexOutOfBoundsException("action " + index + " of " + size);
        }
        return index;
    }
}
