package io.krill.replication;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The replica side of one connection to a master (Redis's {@code syncWithMaster} and
 * {@code readSyncBulkPayload}), sans I/O: the caller connects, feeds what it reads to {@link #onBytes}, calls
 * {@link #onTick} about every 100 ms, and writes out {@link #output()} after each call.
 * <p>
 * BEHAVIOR (Redis 7.0.15, see fixtures/replication and digest 9):
 * <ol>
 *   <li>{@link #onConnected}: send {@code PING}; wait for its reply ({@code +PONG}, or a NOAUTH/NOPERM error,
 *   which the AUTH below answers);</li>
 *   <li>send, back to back without waiting, {@code AUTH} (if masterauth is set), {@code REPLCONF listening-port},
 *   {@code REPLCONF ip-address} (if an ip is announced) and {@code REPLCONF capa eof capa psync2}; read their
 *   replies in order: a failed AUTH ends the attempt, refused REPLCONFs are ignored (old masters);</li>
 *   <li>send {@code PSYNC <replid> <offset+1>} with a known history, else {@code PSYNC ? -1};</li>
 *   <li>{@code +FULLRESYNC <replid> <offset>}: skip {@code \n} keep-alives, read {@code $<len>\r\n} and that
 *   many bytes, or {@code $EOF:<40-byte mark>\r\n} and bytes up to the same mark; then the listener loads the
 *   snapshot, the history becomes the master's from that offset, and (after a diskless transfer only) an ACK
 *   goes out at once, since the master starts streaming on it;</li>
 *   <li>{@code +CONTINUE [replid]}: the stream continues from our offset;</li>
 *   <li>{@code -NOMASTERLINK}/{@code -LOADING} and other errors end the attempt (the caller retries);</li>
 *   <li>streaming: every whole command is handed to the listener and its bytes added to the offset after it
 *   ran; {@code REPLCONF GETACK} is answered with the offset before the GETACK itself;
 *   {@code REPLCONF ACK <offset>} goes out every second.</li>
 * </ol>
 * Not thread safe: owned by the node's agent.
 */
public final class ReplicaSync
{
    public static final long ACK_PERIOD_MS = 1000;
    public static final int EOF_MARK_BYTES = 40;

    /** Where the link stands. */
    public enum State
    {
        /** Not connected (before {@link #onConnected}, or after a failure). */
        IDLE,
        AWAIT_PONG,
        AWAIT_HANDSHAKE_REPLIES,
        AWAIT_PSYNC_REPLY,
        /** Waiting for the snapshot's header ({@code $len} or {@code $EOF:}). */
        AWAIT_SNAPSHOT,
        /** Receiving the snapshot ({@code master_sync_in_progress:1}). */
        TRANSFER,
        /** Streaming ({@code master_link_status:up}). */
        CONNECTED,
        FAILED
    }

    private enum Reply
    {
        AUTH,
        LISTENING_PORT,
        IP_ADDRESS,
        CAPA
    }

    private final ReplicationLog log;
    private final ReplicaSyncListener listener;
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
    private final ExpandableArrayBuffer in = new ExpandableArrayBuffer(16 * 1024);
    private final RespCommandScanner scanner = new RespCommandScanner();
    private final byte[] eofMark = new byte[EOF_MARK_BYTES];
    private final Reply[] pendingReplies = new Reply[4];
    private int pendingReplyCount;
    private int nextReply;
    private int outLength;
    private int inStart;
    private int inEnd;

    private final int listeningPort;
    private final String announceIp;
    private final String masterUser;
    private final String masterAuth;
    private final long timeoutMs;

    private State state = State.IDLE;
    private String failure;
    private String psyncReplid;
    private long psyncOffset = -1;
    private String masterReplid;
    private long masterOffset;
    private boolean eofMode;
    private long snapshotRemaining;
    private long snapshotBytes;
    private long lastIoMs;
    private long nextAckMs;
    private long readOffset;

    /**
     * @param listeningPort our client port, sent in {@code REPLCONF listening-port}.
     * @param announceIp    sent in {@code REPLCONF ip-address}, or null.
     * @param masterUser    AUTH user, or null.
     * @param masterAuth    AUTH password, or null for no AUTH.
     * @param timeoutMs     {@code repl-timeout}: silence from the master after which the attempt fails.
     */
    public ReplicaSync(final ReplicationLog log, final ReplicaSyncListener listener, final int listeningPort,
        final String announceIp, final String masterUser, final String masterAuth, final long timeoutMs)
    {
        this.log = log;
        this.listener = listener;
        this.listeningPort = listeningPort;
        this.announceIp = announceIp;
        this.masterUser = masterUser;
        this.masterAuth = masterAuth;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Asks the next PSYNC to continue the log's own history ({@code PSYNC <replid> <offset+1>}), as a former
     * master or a replica that lost its link does; without this call the node asks for {@code PSYNC ? -1}.
     */
    public void continueOwnHistory(final boolean continueOwn)
    {
        if (continueOwn)
        {
            psyncReplid = log.replid();
            psyncOffset = log.offset() + 1;
        }
        else
        {
            psyncReplid = null;
            psyncOffset = -1;
        }
    }

    public State state()
    {
        return state;
    }

    /** Why the last attempt failed, or null. */
    public String failure()
    {
        return failure;
    }

    /** The master's replication id as announced by FULLRESYNC/CONTINUE, or null before. */
    public String masterReplid()
    {
        return masterReplid;
    }

    /** Time of the last byte from the master ({@code master_last_io_seconds_ago}). */
    public long lastIoMs()
    {
        return lastIoMs;
    }

    /** Snapshot bytes received so far in this transfer. */
    public long snapshotBytes()
    {
        return snapshotBytes;
    }

    /** Snapshot bytes still expected, or -1 for a diskless transfer. */
    public long snapshotRemaining()
    {
        return eofMode ? -1 : snapshotRemaining;
    }

    /** Stream offset read so far ({@code slave_read_repl_offset}): applied plus buffered bytes. */
    public long readOffset()
    {
        return readOffset;
    }

    /** The TCP connection to the master is open: start the handshake. */
    public void onConnected(final long nowMs)
    {
        state = State.AWAIT_PONG;
        failure = null;
        inStart = 0;
        inEnd = 0;
        lastIoMs = nowMs;
        masterReplid = null;
        send("PING");
    }

    /** The connection closed (or failed to open). */
    public void onDisconnected(final String reason)
    {
        if (state != State.FAILED)
        {
            fail(reason);
        }
    }

    /** Bytes to write to the master; drain with {@link #consumeOutput}. */
    public DirectBuffer output()
    {
        return out;
    }

    public int outputLength()
    {
        return outLength;
    }

    /** The caller wrote the first {@code length} output bytes. */
    public void consumeOutput(final int length)
    {
        if (length >= outLength)
        {
            outLength = 0;
            return;
        }
        out.putBytes(0, out, length, outLength - length);
        outLength -= length;
    }

    /** Periodic work: the once-a-second ACK and the timeout. */
    public void onTick(final long nowMs)
    {
        if (state == State.IDLE || state == State.FAILED)
        {
            return;
        }
        if (nowMs - lastIoMs > timeoutMs)
        {
            fail(state == State.CONNECTED ? "MASTER timeout: no data nor PING received"
                : "Timeout connecting to the MASTER");
            return;
        }
        if (state == State.CONNECTED && nowMs >= nextAckMs)
        {
            sendAck();
            nextAckMs = nowMs + ACK_PERIOD_MS;
        }
    }

    /** Bytes read from the master. */
    public void onBytes(final DirectBuffer buffer, final int offset, final int length, final long nowMs)
    {
        if (state == State.IDLE || state == State.FAILED || length == 0)
        {
            return;
        }
        lastIoMs = nowMs;
        if (state == State.CONNECTED)
        {
            readOffset += length;
        }
        if (inStart == inEnd)
        {
            inStart = 0;
            inEnd = 0;
        }
        in.putBytes(inEnd, buffer, offset, length);
        inEnd += length;
        process(nowMs);
        if (inStart > 0 && inStart == inEnd)
        {
            inStart = 0;
            inEnd = 0;
        }
        else if (inStart > in.capacity() / 2)
        {
            in.putBytes(0, in, inStart, inEnd - inStart);
            inEnd -= inStart;
            inStart = 0;
        }
    }

    private void process(final long nowMs)
    {
        boolean progress = true;
        while (progress && inStart < inEnd)
        {
            switch (state)
            {
                case AWAIT_PONG:
                    progress = onPongLine();
                    break;
                case AWAIT_HANDSHAKE_REPLIES:
                    progress = onHandshakeLine();
                    break;
                case AWAIT_PSYNC_REPLY:
                    progress = onPsyncLine();
                    break;
                case AWAIT_SNAPSHOT:
                    progress = onSnapshotHeader();
                    break;
                case TRANSFER:
                    progress = onSnapshotData(nowMs);
                    break;
                case CONNECTED:
                    progress = onStreamCommand();
                    break;
                default:
                    progress = false;
                    break;
            }
        }
    }

    private boolean onPongLine()
    {
        final String line = readLine();
        if (line == null)
        {
            return false;
        }
        // Redis accepts an authentication error here: the AUTH sent next answers it
        if (line.startsWith("-") && !line.startsWith("-NOAUTH") && !line.startsWith("-NOPERM") &&
            !line.startsWith("-ERR operation not permitted"))
        {
            fail("Error reply to PING from master: '" + line + "'");
            return false;
        }
        pendingReplyCount = 0;
        nextReply = 0;
        if (masterAuth != null && !masterAuth.isEmpty())
        {
            if (masterUser != null && !masterUser.isEmpty())
            {
                send("AUTH", masterUser, masterAuth);
            }
            else
            {
                send("AUTH", masterAuth);
            }
            pendingReplies[pendingReplyCount++] = Reply.AUTH;
        }
        send("REPLCONF", "listening-port", Integer.toString(listeningPort));
        pendingReplies[pendingReplyCount++] = Reply.LISTENING_PORT;
        if (announceIp != null && !announceIp.isEmpty())
        {
            send("REPLCONF", "ip-address", announceIp);
            pendingReplies[pendingReplyCount++] = Reply.IP_ADDRESS;
        }
        send("REPLCONF", "capa", "eof", "capa", "psync2");
        pendingReplies[pendingReplyCount++] = Reply.CAPA;
        state = State.AWAIT_HANDSHAKE_REPLIES;
        return true;
    }

    private boolean onHandshakeLine()
    {
        final String line = readLine();
        if (line == null)
        {
            return false;
        }
        final Reply reply = pendingReplies[nextReply++];
        if (reply == Reply.AUTH && line.startsWith("-"))
        {
            fail("Unable to AUTH to MASTER: " + line);
            return false;
        }
        // a refused REPLCONF (an old master) is not fatal, as in Redis
        if (nextReply == pendingReplyCount)
        {
            if (psyncReplid != null)
            {
                send("PSYNC", psyncReplid, Long.toString(psyncOffset));
            }
            else
            {
                send("PSYNC", "?", "-1");
            }
            state = State.AWAIT_PSYNC_REPLY;
        }
        return true;
    }

    private boolean onPsyncLine()
    {
        final String line = readLine();
        if (line == null)
        {
            return false;
        }
        if (line.isEmpty())
        {
            // a keep-alive newline before the reply
            return true;
        }
        if (line.startsWith("+FULLRESYNC"))
        {
            final String[] parts = line.split(" ");
            if (parts.length < 3 || !ReplicationId.isValid(parts[1]))
            {
                fail("Master replied with wrong +FULLRESYNC syntax: " + line);
                return false;
            }
            try
            {
                masterOffset = Long.parseLong(parts[2]);
            }
            catch (final NumberFormatException ex)
            {
                fail("Master replied with wrong +FULLRESYNC syntax: " + line);
                return false;
            }
            masterReplid = parts[1];
            listener.onFullResync(masterReplid, masterOffset);
            state = State.AWAIT_SNAPSHOT;
            return true;
        }
        if (line.startsWith("+CONTINUE"))
        {
            final String rest = line.substring("+CONTINUE".length()).trim();
            final String newReplid = ReplicationId.isValid(rest) ? rest : null;
            log.continueWith(newReplid);
            masterReplid = log.replid();
            listener.onPartialResync(masterReplid);
            enterStream(false, lastIoMs);
            return true;
        }
        fail(line.startsWith("-NOMASTERLINK") || line.startsWith("-LOADING")
            ? "Master is currently unable to PSYNC but should be in the future: " + line
            : "Unexpected reply to PSYNC from master: " + line);
        return false;
    }

    private boolean onSnapshotHeader()
    {
        final String line = readLine();
        if (line == null)
        {
            return false;
        }
        if (line.isEmpty())
        {
            // the master's once-a-second keep-alive while it prepares the snapshot
            return true;
        }
        if (line.startsWith("-"))
        {
            fail("MASTER aborted replication with an error: " + line.substring(1));
            return false;
        }
        if (!line.startsWith("$"))
        {
            fail("Bad protocol from MASTER, the first byte is not '$' (we received '" + line + "')");
            return false;
        }
        snapshotBytes = 0;
        if (line.startsWith("$EOF:") && line.length() == 5 + EOF_MARK_BYTES)
        {
            eofMode = true;
            for (int i = 0; i < EOF_MARK_BYTES; i++)
            {
                eofMark[i] = (byte)line.charAt(5 + i);
            }
        }
        else
        {
            eofMode = false;
            try
            {
                snapshotRemaining = Long.parseLong(line.substring(1));
            }
            catch (final NumberFormatException ex)
            {
                snapshotRemaining = -1;
            }
            if (snapshotRemaining < 0)
            {
                fail("Bad snapshot length from MASTER: " + line);
                return false;
            }
        }
        state = State.TRANSFER;
        return true;
    }

    private boolean onSnapshotData(final long nowMs)
    {
        final int available = inEnd - inStart;
        if (!eofMode)
        {
            final int chunk = (int)Math.min(available, snapshotRemaining);
            if (chunk > 0)
            {
                listener.onSnapshotBytes(in, inStart, chunk);
                inStart += chunk;
                snapshotRemaining -= chunk;
                snapshotBytes += chunk;
            }
            if (snapshotRemaining == 0)
            {
                return finishSnapshot(nowMs);
            }
            return false;
        }
        // diskless: the payload ends with the mark; hold back its length until it is seen or passed
        if (available >= EOF_MARK_BYTES && endsWithMark())
        {
            final int chunk = available - EOF_MARK_BYTES;
            if (chunk > 0)
            {
                listener.onSnapshotBytes(in, inStart, chunk);
                snapshotBytes += chunk;
            }
            inStart = inEnd;
            return finishSnapshot(nowMs);
        }
        if (available > EOF_MARK_BYTES)
        {
            final int chunk = available - EOF_MARK_BYTES;
            listener.onSnapshotBytes(in, inStart, chunk);
            inStart += chunk;
            snapshotBytes += chunk;
        }
        return false;
    }

    private boolean endsWithMark()
    {
        final int start = inEnd - EOF_MARK_BYTES;
        for (int i = 0; i < EOF_MARK_BYTES; i++)
        {
            if (in.getByte(start + i) != eofMark[i])
            {
                return false;
            }
        }
        return true;
    }

    private boolean finishSnapshot(final long nowMs)
    {
        final String error = listener.onSnapshotEnd();
        if (error != null)
        {
            fail("Failed trying to load the MASTER synchronization DB from socket: " + error);
            return false;
        }
        log.resetTo(masterReplid, masterOffset);
        enterStream(eofMode, nowMs);
        return true;
    }

    private void enterStream(final boolean ackNow, final long nowMs)
    {
        state = State.CONNECTED;
        readOffset = log.offset() + (inEnd - inStart);
        nextAckMs = nowMs + ACK_PERIOD_MS;
        if (ackNow)
        {
            // a diskless master holds the stream back until the replica's first ACK says it loaded the snapshot
            sendAck();
        }
    }

    private boolean onStreamCommand()
    {
        final int length = scanner.scan(in, inStart, inEnd);
        if (length == 0)
        {
            return false;
        }
        if (length == RespCommandScanner.MALFORMED)
        {
            fail("Protocol error in the replication stream from MASTER");
            return false;
        }
        if (scanner.argIs(in, 0, "replconf"))
        {
            if (scanner.argIs(in, 1, "getack"))
            {
                // the answer does not count the GETACK itself: it is counted once processed, below
                sendAck();
            }
        }
        else
        {
            listener.onCommand(in, inStart, length);
        }
        log.feed(in, inStart, length);
        inStart += length;
        return true;
    }

    private void sendAck()
    {
        outLength = RespCommandWriter.writeAck(out, outLength, log.offset());
    }

    private void send(final String... args)
    {
        outLength = RespCommandWriter.write(out, outLength, args);
    }

    /** A reply line without its CRLF, or null if incomplete. Handshake lines are short. */
    private String readLine()
    {
        for (int i = inStart; i < inEnd; i++)
        {
            if (in.getByte(i) == '\n')
            {
                int end = i;
                if (end > inStart && in.getByte(end - 1) == '\r')
                {
                    end--;
                }
                final String line = in.getStringWithoutLengthAscii(inStart, end - inStart);
                inStart = i + 1;
                return line;
            }
        }
        return null;
    }

    private void fail(final String reason)
    {
        state = State.FAILED;
        failure = reason;
        inStart = 0;
        inEnd = 0;
    }
}
