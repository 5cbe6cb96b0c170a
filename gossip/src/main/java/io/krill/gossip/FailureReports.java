package io.krill.gossip;

import java.util.ArrayList;

/**
 * The failure reports about one node: which masters said, in their gossip, that they see it as PFAIL or FAIL,
 * and when they last said so (digest 6). A report is only worth something while it is fresh: older than
 * twice the node timeout it is purged whenever the reports are counted, so old opinions from a healed
 * partition cannot add up to a FAIL.
 * <p>
 * A small list in insertion order: there are at most as many reports as masters.
 */
final class FailureReports
{
    /** Reports expire after this many node timeouts (Redis's FAIL_REPORT_VALIDITY_MULT). */
    static final int VALIDITY_MULTIPLIER = 2;

    private final ArrayList<ClusterNodeInfo> reporters = new ArrayList<>(4);
    private long[] timesMs = new long[4];

    /**
     * Records or refreshes {@code reporter}'s report.
     *
     * @return true if it is a new report.
     */
    boolean add(final ClusterNodeInfo reporter, final long nowMs)
    {
        final int index = reporters.indexOf(reporter);
        if (index >= 0)
        {
            timesMs[index] = nowMs;
            return false;
        }
        if (reporters.size() == timesMs.length)
        {
            timesMs = java.util.Arrays.copyOf(timesMs, timesMs.length * 2);
        }
        timesMs[reporters.size()] = nowMs;
        reporters.add(reporter);
        return true;
    }

    /**
     * Drops {@code reporter}'s report, if any.
     *
     * @return true if there was one.
     */
    boolean remove(final ClusterNodeInfo reporter)
    {
        final int index = reporters.indexOf(reporter);
        if (index < 0)
        {
            return false;
        }
        removeAt(index);
        return true;
    }

    /**
     * Purges reports older than {@code maxAgeMs} and returns how many remain.
     */
    int countValid(final long nowMs, final long maxAgeMs)
    {
        for (int i = reporters.size() - 1; i >= 0; i--)
        {
            if (nowMs - timesMs[i] > maxAgeMs)
            {
                removeAt(i);
            }
        }
        return reporters.size();
    }

    /**
     * Reports held, without purging (Redis's gossip code checks "no reports" this way).
     */
    int size()
    {
        return reporters.size();
    }

    ClusterNodeInfo reporter(final int index)
    {
        return reporters.get(index);
    }

    long timeMs(final int index)
    {
        return timesMs[index];
    }

    void clear()
    {
        reporters.clear();
    }

    private void removeAt(final int index)
    {
        final int last = reporters.size() - 1;
        System.arraycopy(timesMs, index + 1, timesMs, index, last - index);
        reporters.remove(index);
    }
}
