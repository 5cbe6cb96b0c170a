package io.krill.gossip.sim;

/**
 * Something that happens at a virtual time; ties break by scheduling order, so runs are reproducible.
 */
abstract class SimEvent implements Comparable<SimEvent>
{
    long timeMs;
    long sequence;

    abstract void run(SimNetwork network);

    @Override
    public int compareTo(final SimEvent other)
    {
        final int byTime = Long.compare(timeMs, other.timeMs);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }

    static final class Tick extends SimEvent
    {
        private final int node;

        Tick(final int node)
        {
            this.node = node;
        }

        @Override
        void run(final SimNetwork network)
        {
            network.tick(node);
        }
    }

    static final class Deliver extends SimEvent
    {
        private final SimConnection connection;
        private final SimNode to;
        private final byte[] message;

        Deliver(final SimConnection connection, final SimNode to, final byte[] message)
        {
            this.connection = connection;
            this.to = to;
            this.message = message;
        }

        @Override
        void run(final SimNetwork network)
        {
            network.deliver(connection, to, message);
        }
    }

    static final class Connect extends SimEvent
    {
        private final SimNode from;
        private final long linkId;
        private final SimNode to;

        Connect(final SimNode from, final long linkId, final SimNode to)
        {
            this.from = from;
            this.linkId = linkId;
            this.to = to;
        }

        @Override
        void run(final SimNetwork network)
        {
            network.completeConnect(from, linkId, to);
        }
    }

    static final class ConnectFailed extends SimEvent
    {
        private final SimNode from;
        private final long linkId;

        ConnectFailed(final SimNode from, final long linkId)
        {
            this.from = from;
            this.linkId = linkId;
        }

        @Override
        void run(final SimNetwork network)
        {
            if (from.running)
            {
                from.gossip.onLinkClosed(linkId, network.nowMs(from));
                network.drain(from);
            }
        }
    }

    static final class Closed extends SimEvent
    {
        private final SimConnection connection;
        private final SimNode node;

        Closed(final SimConnection connection, final SimNode node)
        {
            this.connection = connection;
            this.node = node;
        }

        @Override
        void run(final SimNetwork network)
        {
            network.notifyClosed(connection, node);
        }
    }
}
