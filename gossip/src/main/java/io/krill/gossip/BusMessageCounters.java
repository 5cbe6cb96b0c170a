package io.krill.gossip;

/**
 * Bus messages sent and received per type, for CLUSTER INFO's {@code cluster_stats_messages_<type>_sent} and
 * {@code _received} lines (digest 3.5). A broadcast counts once per link it went out on, as in Redis.
 */
public final class BusMessageCounters
{
    private final long[] sent = new long[BusMessageType.COUNT];
    private final long[] received = new long[BusMessageType.COUNT];

    public long sent(final int type)
    {
        return type >= 0 && type < sent.length ? sent[type] : 0;
    }

    public long received(final int type)
    {
        return type >= 0 && type < received.length ? received[type] : 0;
    }

    public long totalSent()
    {
        long total = 0;
        for (final long count : sent)
        {
            total += count;
        }
        return total;
    }

    public long totalReceived()
    {
        long total = 0;
        for (final long count : received)
        {
            total += count;
        }
        return total;
    }

    void onSent(final int type)
    {
        if (type >= 0 && type < sent.length)
        {
            sent[type]++;
        }
    }

    void onReceived(final int type)
    {
        if (type >= 0 && type < received.length)
        {
            received[type]++;
        }
    }
}
