package io.krill.core.server;

import io.krill.core.command.Client;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The transport side of one client: its socket, its query buffer, and the byte-buffer views used to read into
 * and write from plain arrays. The views are rebuilt only when an array grows, so steady-state I/O allocates
 * nothing.
 */
final class Connection
{
    static final int INITIAL_READ_BYTES = 16 * 1024;

    final SocketChannel channel;
    SelectionKey key;
    Client client;
    byte[] readBuffer = new byte[INITIAL_READ_BYTES];
    int readStart;
    int readEnd;
    boolean writeInterest;
    private ByteBuffer readView = ByteBuffer.wrap(readBuffer);
    private ByteBuffer writeView;

    Connection(final SocketChannel channel)
    {
        this.channel = channel;
    }

    /** A view of the free tail of the query buffer. */
    ByteBuffer readView()
    {
        if (readView.array() != readBuffer)
        {
            readView = ByteBuffer.wrap(readBuffer);
        }
        readView.limit(readBuffer.length).position(readEnd);
        return readView;
    }

    /** A view of the encoded replies waiting to be written. */
    ByteBuffer writeView()
    {
        final byte[] pending = client.out().buffer();
        if (writeView == null || writeView.array() != pending)
        {
            writeView = ByteBuffer.wrap(pending);
        }
        writeView.limit(client.out().limit()).position(0);
        return writeView;
    }

    int pendingQueryBytes()
    {
        return readEnd - readStart;
    }

    /** Makes room for at least {@code wanted} bytes counted from {@code readStart}. */
    void ensureRoom(final long wanted)
    {
        if (readStart > 0)
        {
            System.arraycopy(readBuffer, readStart, readBuffer, 0, readEnd - readStart);
            readEnd -= readStart;
            readStart = 0;
        }
        if (wanted > readBuffer.length || readEnd == readBuffer.length)
        {
            long capacity = Math.max(wanted, (long)readBuffer.length * 2);
            capacity = Math.min(capacity, Integer.MAX_VALUE - 8);
            final byte[] grown = new byte[(int)capacity];
            System.arraycopy(readBuffer, 0, grown, 0, readEnd);
            readBuffer = grown;
        }
    }

    /** Gives back a large query buffer once it is empty, so one big request does not pin memory. */
    void shrinkIfIdle()
    {
        if (readStart == readEnd)
        {
            readStart = 0;
            readEnd = 0;
            if (readBuffer.length > 4 * INITIAL_READ_BYTES * 16)
            {
                readBuffer = new byte[INITIAL_READ_BYTES];
            }
        }
    }
}
