package io.krill.replication;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the backlog keeps exactly the newest repl-backlog-size stream bytes and serves them from any offset in
 * its window, with Redis's offset rules (first byte offset, histlen, "offset+histlen" is still servable).
 * Method: append known byte sequences across the ring's end and compare what copyFrom returns with the tail of
 * a plain reference string.
 */
class ReplicationBacklogTest
{
    @Test
    void shouldServeOnlyNextOffsetWhenEmpty()
    {
        final ReplicationBacklog backlog = new ReplicationBacklog(16, 100);
        assertEquals(100, backlog.endOffset());
        assertEquals(101, backlog.firstByteOffset());
        assertEquals(0, backlog.historyLength());
        assertTrue(backlog.canServe(101));
        assertFalse(backlog.canServe(100));
        assertFalse(backlog.canServe(102));
    }

    @Test
    void shouldKeepNewestBytesWhenWrappingAround()
    {
        final ReplicationBacklog backlog = new ReplicationBacklog(16, 0);
        final StringBuilder all = new StringBuilder();
        for (int i = 0; i < 50; i++)
        {
            final byte[] chunk = ("c" + i + ";").getBytes(StandardCharsets.US_ASCII);
            backlog.append(chunk, 0, chunk.length);
            all.append("c").append(i).append(';');
            assertEquals(all.length(), backlog.endOffset());
            assertEquals(Math.min(16, all.length()), backlog.historyLength());
            for (long offset = backlog.firstByteOffset(); offset <= backlog.endOffset() + 1; offset++)
            {
                final byte[] copy = new byte[32];
                final int copied = backlog.copyFrom(offset, copy, 0, copy.length);
                assertEquals(all.substring((int)offset - 1), new String(copy, 0, copied, StandardCharsets.US_ASCII));
            }
            assertFalse(backlog.canServe(backlog.firstByteOffset() - 1));
        }
    }

    @Test
    void shouldKeepTailWhenOneAppendExceedsCapacity()
    {
        final ReplicationBacklog backlog = new ReplicationBacklog(8, 3);
        final byte[] big = "0123456789abcdefXYZ".getBytes(StandardCharsets.US_ASCII);
        backlog.append(big, 0, big.length);
        assertEquals(3 + big.length, backlog.endOffset());
        assertEquals(8, backlog.historyLength());
        final byte[] copy = new byte[8];
        assertEquals(8, backlog.copyFrom(backlog.firstByteOffset(), copy, 0, 8));
        assertEquals("bcdefXYZ", new String(copy, StandardCharsets.US_ASCII));
    }

    @Test
    void shouldRefuseCopyWhenOffsetOutsideWindow()
    {
        final ReplicationBacklog backlog = new ReplicationBacklog(8, 0);
        backlog.append(new byte[20], 0, 20);
        assertThrows(IllegalArgumentException.class, () -> backlog.copyFrom(5, new byte[4], 0, 4));
        assertThrows(IllegalArgumentException.class, () -> backlog.copyFrom(22, new byte[4], 0, 4));
    }
}
