package io.krill.core.command;

import io.krill.core.glob.GlobPattern;
import io.krill.core.keyspace.KeyTable;
import io.krill.core.keyspace.KeyVisitor;
import io.krill.core.keyspace.Keyspace;
import io.krill.core.resp.CommandArgs;

import java.util.Arrays;

/**
 * The keys one SCAN call returns: collected while the keyspace is walked (MATCH applied), then filtered by
 * expiry and TYPE once the walk is over, because those filters may delete expired keys and the walk must not
 * see the keyspace change under it. Reused by every SCAN call of the node; holds references to keys, not copies.
 */
final class ScanBatch implements KeyVisitor
{
    private byte[][] keys = new byte[64][];
    private boolean[] expired = new boolean[64];
    private int size;
    private CommandArgs args;
    private int patternArg;
    private long nowMs;

    /** @param patternArg the MATCH argument's index, or -1. */
    void start(final CommandArgs args, final int patternArg, final long nowMs)
    {
        this.args = args;
        // MATCH * filters nothing: skip the matcher, as Redis does
        this.patternArg = patternArg >= 0 && args.length(patternArg) == 1 &&
            args.buffer(patternArg)[args.offset(patternArg)] == '*' ? -1 : patternArg;
        this.nowMs = nowMs;
        this.size = 0;
    }

    /** Drops the references to keys and arguments. */
    void finish()
    {
        Arrays.fill(keys, 0, size, null);
        size = 0;
        args = null;
    }

    int size()
    {
        return size;
    }

    byte[] key(final int index)
    {
        return keys[index];
    }

    @Override
    public void visit(final int slot, final byte[] key, final Object value, final long expiresAtMs)
    {
        if (patternArg >= 0 && !GlobPattern.matches(args.buffer(patternArg), args.offset(patternArg),
            args.length(patternArg), key, 0, key.length, false))
        {
            return;
        }
        if (size == keys.length)
        {
            keys = Arrays.copyOf(keys, size * 2);
            expired = Arrays.copyOf(expired, size * 2);
        }
        keys[size] = key;
        expired[size] = expiresAtMs != KeyTable.NO_EXPIRY && expiresAtMs <= nowMs;
        size++;
    }

    /**
     * Deletes the expired keys collected and drops them, and with a TYPE filter ({@code typeArg} >= 0) drops
     * keys of other types; a TYPE filter looks keys up as reads, counting hits and misses as Redis does.
     */
    void dropExpiredAndOtherTypes(final Keyspace keyspace, final CommandArgs args, final int typeArg)
    {
        int kept = 0;
        for (int i = 0; i < size; i++)
        {
            final byte[] key = keys[i];
            final boolean keep;
            if (typeArg >= 0)
            {
                keep = keyspace.findForRead(key, 0, key.length) >= 0 &&
                    args.is(typeArg, Values.typeName(keyspace.value()));
            }
            else if (expired[i])
            {
                keyspace.find(key, 0, key.length);
                keep = false;
            }
            else
            {
                keep = true;
            }
            if (keep)
            {
                keys[kept++] = key;
            }
        }
        Arrays.fill(keys, kept, size, null);
        size = kept;
    }
}
