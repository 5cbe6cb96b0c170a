package io.krill.gossip;

import io.krill.slots.HashSlot;

/**
 * CLUSTER INFO's body (digest 3.5), {@code field:value} lines ending in CRLF, in Redis 7.0.15's order. The
 * per-type message counters appear only when non-zero; the totals always.
 */
public final class ClusterInfoText
{
    private ClusterInfoText()
    {
    }

    public static String render(final ClusterView view)
    {
        int ok = 0;
        int pfail = 0;
        int fail = 0;
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++)
        {
            final ClusterNodeInfo owner = view.slots.owner(slot);
            if (owner == null)
            {
                continue;
            }
            if (owner.isFailed())
            {
                fail++;
            }
            else if (owner.isTimedOut())
            {
                pfail++;
            }
            else
            {
                ok++;
            }
        }
        final StringBuilder out = new StringBuilder(512);
        field(out, "cluster_state", view.stateOk ? "ok" : "fail");
        field(out, "cluster_slots_assigned", view.slots.countAssigned());
        field(out, "cluster_slots_ok", ok);
        field(out, "cluster_slots_pfail", pfail);
        field(out, "cluster_slots_fail", fail);
        field(out, "cluster_known_nodes", view.nodeCount());
        field(out, "cluster_size", view.size);
        field(out, "cluster_current_epoch", view.currentEpoch);
        field(out, "cluster_my_epoch", view.myEpoch());
        appendCounters(out, view.counters, true);
        appendCounters(out, view.counters, false);
        field(out, "total_cluster_links_buffer_limit_exceeded", 0);
        return out.toString();
    }

    private static void appendCounters(final StringBuilder out, final BusMessageCounters counters, final boolean sent)
    {
        final String suffix = sent ? "_sent" : "_received";
        for (int type = 0; type < BusMessageType.COUNT; type++)
        {
            final long count = sent ? counters.sent(type) : counters.received(type);
            if (count != 0)
            {
                field(out, "cluster_stats_messages_" + BusMessageType.statsName(type) + suffix, count);
            }
        }
        field(out, "cluster_stats_messages" + suffix, sent ? counters.totalSent() : counters.totalReceived());
    }

    private static void field(final StringBuilder out, final String name, final Object value)
    {
        out.append(name).append(':').append(value).append("\r\n");
    }
}
