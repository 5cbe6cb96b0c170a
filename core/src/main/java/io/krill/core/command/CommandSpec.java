package io.krill.core.command;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One command (or subcommand) Krill serves: its metadata as Redis 7.0 declares it (arity, flags, key positions,
 * the exact COMMAND INFO and COMMAND DOCS replies), the handler, and its call statistics.
 */
public final class CommandSpec
{
    public static final long WRITE = 1L;
    public static final long READONLY = 1L << 1;
    public static final long DENYOOM = 1L << 2;
    public static final long ADMIN = 1L << 3;
    public static final long PUBSUB = 1L << 4;
    public static final long NOSCRIPT = 1L << 5;
    public static final long BLOCKING = 1L << 6;
    public static final long LOADING = 1L << 7;
    public static final long STALE = 1L << 8;
    public static final long SKIP_MONITOR = 1L << 9;
    public static final long SKIP_SLOWLOG = 1L << 10;
    public static final long ASKING = 1L << 11;
    public static final long FAST = 1L << 12;
    public static final long NO_AUTH = 1L << 13;
    public static final long MAY_REPLICATE = 1L << 14;
    public static final long NO_MANDATORY_KEYS = 1L << 15;
    public static final long NO_MULTI = 1L << 16;
    public static final long MOVABLEKEYS = 1L << 17;
    public static final long ALLOW_BUSY = 1L << 18;
    public static final long NO_ASYNC_LOADING = 1L << 19;
    public static final long PROTECTED = 1L << 20;

    private static final Map<String, Long> FLAG_NAMES = Map.ofEntries(
        Map.entry("write", WRITE), Map.entry("readonly", READONLY), Map.entry("denyoom", DENYOOM),
        Map.entry("admin", ADMIN), Map.entry("pubsub", PUBSUB), Map.entry("noscript", NOSCRIPT),
        Map.entry("blocking", BLOCKING), Map.entry("loading", LOADING), Map.entry("stale", STALE),
        Map.entry("skip_monitor", SKIP_MONITOR), Map.entry("skip_slowlog", SKIP_SLOWLOG),
        Map.entry("asking", ASKING), Map.entry("fast", FAST), Map.entry("no_auth", NO_AUTH),
        Map.entry("may_replicate", MAY_REPLICATE), Map.entry("no_mandatory_keys", NO_MANDATORY_KEYS),
        Map.entry("no_multi", NO_MULTI), Map.entry("movablekeys", MOVABLEKEYS), Map.entry("allow_busy", ALLOW_BUSY),
        Map.entry("no_async_loading", NO_ASYNC_LOADING), Map.entry("protected", PROTECTED));

    final String name;
    final String fullName;
    final int arity;
    final long flags;
    final int firstKey;
    final int lastKey;
    final int keyStep;
    final byte[] infoResp2;
    final byte[] infoResp3;
    byte[] docsResp2;
    byte[] docsResp3;
    final CommandSpec parent;
    final Map<String, CommandSpec> subcommands = new TreeMap<>();
    CommandHandler handler;
    byte[] lowerName;

    long calls;
    long microseconds;
    long rejectedCalls;
    long failedCalls;
    LatencyHistogram latency;

    CommandSpec(final String name, final CommandSpec parent, final int arity, final long flags, final int firstKey,
        final int lastKey, final int keyStep, final byte[] infoResp2, final byte[] infoResp3)
    {
        this.name = name;
        this.parent = parent;
        this.fullName = parent == null ? name : parent.name + "|" + name;
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.infoResp2 = infoResp2;
        this.infoResp3 = infoResp3;
        this.lowerName = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * A fresh copy for another node's table: the same metadata and docs (immutable, shared), its own handler slot,
     * statistics and subcommand copies.
     */
    CommandSpec copy(final CommandSpec newParent)
    {
        final CommandSpec copy = new CommandSpec(name, newParent, arity, flags, firstKey, lastKey, keyStep, infoResp2,
            infoResp3);
        copy.docsResp2 = docsResp2;
        copy.docsResp3 = docsResp3;
        for (final Map.Entry<String, CommandSpec> sub : subcommands.entrySet())
        {
            copy.subcommands.put(sub.getKey(), sub.getValue().copy(copy));
        }
        return copy;
    }

    static long flag(final String name)
    {
        final Long flag = FLAG_NAMES.get(name.toLowerCase(Locale.ROOT));
        return flag == null ? 0 : flag;
    }

    /** Lower-case name; for a subcommand, without its container ("setname"). */
    public String name()
    {
        return name;
    }

    /** "get", or "client|setname" for a subcommand: the name Redis uses in errors and statistics. */
    public String fullName()
    {
        return fullName;
    }

    public int arity()
    {
        return arity;
    }

    public boolean has(final long flag)
    {
        return (flags & flag) != 0;
    }

    public long flags()
    {
        return flags;
    }

    /** 1-based position of the first key, 0 if none (movable-keys commands compute theirs). */
    public int firstKey()
    {
        return firstKey;
    }

    /** Position of the last key; negative counts from the end (-1 = last argument). */
    public int lastKey()
    {
        return lastKey;
    }

    public int keyStep()
    {
        return keyStep;
    }

    public boolean isContainer()
    {
        return !subcommands.isEmpty();
    }

    public CommandSpec parent()
    {
        return parent;
    }

    public Map<String, CommandSpec> subcommands()
    {
        return subcommands;
    }

    public boolean arityMatches(final int argc)
    {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    public byte[] info(final int protocol)
    {
        return protocol == 3 ? infoResp3 : infoResp2;
    }

    public byte[] docs(final int protocol)
    {
        return protocol == 3 ? docsResp3 : docsResp2;
    }

    public long calls()
    {
        return calls;
    }

    public long microseconds()
    {
        return microseconds;
    }

    public long rejectedCalls()
    {
        return rejectedCalls;
    }

    public long failedCalls()
    {
        return failedCalls;
    }

    /** Adds one call's run time to the latency histogram, created on the first call. */
    void recordLatency(final long durationNs)
    {
        if (latency == null)
        {
            latency = new LatencyHistogram();
        }
        latency.record(durationNs);
    }

    void resetStats()
    {
        latency = null;
        calls = 0;
        microseconds = 0;
        rejectedCalls = 0;
        failedCalls = 0;
    }

    @Override
    public String toString()
    {
        return fullName;
    }
}
