package io.krill.core.command;

import io.krill.core.glob.GlobPattern;
import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.KeyVisitor;
import io.krill.core.resp.RespEncoder;

/**
 * Writes the live keys matching a KEYS pattern straight into the reply as the keyspace is walked, so KEYS holds
 * no list of its matches. Reused by every KEYS call of the node.
 */
final class KeysWriter implements KeyVisitor
{
    private RespEncoder out;
    private byte[] pattern;
    private int patternOffset;
    private int patternLength;
    private boolean matchAll;
    private long nowMs;
    private int written;

    void start(final RespEncoder out, final byte[] pattern, final int patternOffset, final int patternLength,
        final long nowMs)
    {
        this.out = out;
        this.pattern = pattern;
        this.patternOffset = patternOffset;
        this.patternLength = patternLength;
        this.matchAll = patternLength == 1 && pattern[patternOffset] == '*';
        this.nowMs = nowMs;
        this.written = 0;
    }

    /** Drops the references to the connection's buffers. */
    void finish()
    {
        out = null;
        pattern = null;
    }

    int written()
    {
        return written;
    }

    @Override
    public void visit(final int slot, final byte[] key, final Object value, final long expiresAtMs)
    {
        if (expiresAtMs != KeyTable.NO_EXPIRY && expiresAtMs <= nowMs)
        {
            return;
        }
        if (matchAll || GlobPattern.matches(pattern, patternOffset, patternLength, key, 0, key.length, false))
        {
            out.bulk(key);
            written++;
        }
    }
}
