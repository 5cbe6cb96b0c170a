package io.krill.core.cluster;

import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.util.SplittableRandom;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults set on in-JVM bus links (drop, delay), as one immutable table the senders read: {@link InJvmBus}
 * publishes a new table through a volatile field on every change and null when no fault is left, so a sender with
 * no fault in the JVM pays one field read per message.
 * <p>
 * BEHAVIOR: a rule names a direction, from one bus port to another (a bus port names one node of this JVM: it is
 * bound). For each message the sender asks {@link #verdictNs}: lost (the message is gone, as a network drops a
 * packet; the link stays open), delayed by a random time in the rule's range, or delivered. Delayed messages keep
 * their order on their link (a later message never overtakes an earlier one, as on TCP) and are written into the
 * peer's inbox by the {@link DelayLine} thread when due.
 * <p>
 * Randomness: each rule draws from its own {@link SplittableRandom} seeded from the seed given and the two ports,
 * so a run with the same seed and the same message sequence on a link makes the same choices. Thread safe: a rule
 * is used by the sending node's agent thread (a restarted node's new thread after it), guarded by the rule.
 */
final class InJvmBusFaults
{
    /** What {@link #verdictNs} returns for a lost message. */
    static final long DROP = -1;

    private final Long2ObjectHashMap<Rule> rules;

    InJvmBusFaults(final Long2ObjectHashMap<Rule> rules)
    {
        this.rules = rules;
    }

    static long key(final int fromPort, final int toPort)
    {
        return (long)fromPort << 32 | (toPort & 0xFFFF_FFFFL);
    }

    /** {@link #DROP}, 0 to deliver now, or the nanoseconds to hold the message back. */
    long verdictNs(final int fromPort, final int toPort)
    {
        final Rule rule = rules.get(key(fromPort, toPort));
        return rule == null ? 0 : rule.verdictNs();
    }

    /** One direction's fault: loss probability (1 cuts the direction) and a delay range. */
    static final class Rule
    {
        final double dropProbability;
        final long minDelayNs;
        final long maxDelayNs;
        final AtomicLong dropped;
        final AtomicLong delayed;
        private final SplittableRandom random;

        Rule(final double dropProbability, final long minDelayNs, final long maxDelayNs, final long seed,
            final AtomicLong dropped, final AtomicLong delayed)
        {
            this.dropProbability = dropProbability;
            this.minDelayNs = minDelayNs;
            this.maxDelayNs = maxDelayNs;
            this.random = new SplittableRandom(seed);
            this.dropped = dropped;
            this.delayed = delayed;
        }

        static Rule of(final double dropProbability, final long minDelayNs, final long maxDelayNs, final long seed)
        {
            return new Rule(dropProbability, minDelayNs, maxDelayNs, seed, new AtomicLong(), new AtomicLong());
        }

        /** The same rule with another loss probability (its delay and counters kept, its random sequence anew). */
        Rule withDrop(final double probability, final long seed)
        {
            return new Rule(probability, minDelayNs, maxDelayNs, seed, dropped, delayed);
        }

        /** The same rule with another delay range (its loss and counters kept, its random sequence anew). */
        Rule withDelay(final long minNs, final long maxNs, final long seed)
        {
            return new Rule(dropProbability, minNs, maxNs, seed, dropped, delayed);
        }

        boolean isEmpty()
        {
            return dropProbability <= 0 && maxDelayNs <= 0;
        }

        synchronized long verdictNs()
        {
            if (dropProbability >= 1 || (dropProbability > 0 && random.nextDouble() < dropProbability))
            {
                dropped.incrementAndGet();
                return DROP;
            }
            if (maxDelayNs <= 0)
            {
                return 0;
            }
            delayed.incrementAndGet();
            return maxDelayNs == minDelayNs ? minDelayNs : random.nextLong(minDelayNs, maxDelayNs + 1);
        }
    }

    /**
     * Holds delayed messages and writes each into its peer's inbox when due, on a daemon thread of its own
     * (started on the first delayed message, then asleep in {@link DelayQueue#take} while nothing waits).
     */
    static final class DelayLine
    {
        private final DelayQueue<Held> queue = new DelayQueue<>();
        private final AtomicLong sequence = new AtomicLong();
        private final AtomicLong lost = new AtomicLong();
        private Thread thread;

        synchronized void hold(final InJvmBus.Endpoint peer, final InJvmBus.Channel channel, final long peerKey,
            final byte[] message, final long dueNs)
        {
            if (thread == null)
            {
                thread = new Thread(this::run, "krill-bus-delay");
                thread.setDaemon(true);
                thread.start();
            }
            queue.add(new Held(peer, channel, peerKey, message, dueNs, sequence.getAndIncrement()));
        }

        /** Delayed messages that found their peer's inbox full and were lost. */
        long lost()
        {
            return lost.get();
        }

        private void run()
        {
            while (true)
            {
                final Held held;
                try
                {
                    held = queue.take();
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                deliver(held);
            }
        }

        private void deliver(final Held held)
        {
            if (held.channel.closed.get() || held.peer.closed)
            {
                return;
            }
            final ManyToOneRingBuffer inbox = held.peer.inbox();
            final int chunkBytes = inbox.maxMsgLength() - InJvmBusTransport.KEY_BYTES;
            final UnsafeBuffer source = new UnsafeBuffer(held.message);
            int position = 0;
            do
            {
                final int chunk = Math.min(chunkBytes, held.message.length - position);
                final int index = inbox.tryClaim(InJvmBusTransport.DATA, InJvmBusTransport.KEY_BYTES + chunk);
                if (index < 0)
                {
                    lost.incrementAndGet();
                    break;
                }
                final MutableDirectBuffer ring = inbox.buffer();
                ring.putLong(index, held.peerKey);
                ring.putBytes(index + InJvmBusTransport.KEY_BYTES, source, position, chunk);
                inbox.commit(index);
                position += chunk;
            }
            while (position < held.message.length);
            held.peer.wake();
        }
    }

    /** A delayed message: where it goes and when; equal due times keep the order they were held in. */
    private static final class Held implements Delayed
    {
        final InJvmBus.Endpoint peer;
        final InJvmBus.Channel channel;
        final long peerKey;
        final byte[] message;
        final long dueNs;
        final long sequence;

        Held(final InJvmBus.Endpoint peer, final InJvmBus.Channel channel, final long peerKey, final byte[] message,
            final long dueNs, final long sequence)
        {
            this.peer = peer;
            this.channel = channel;
            this.peerKey = peerKey;
            this.message = message;
            this.dueNs = dueNs;
            this.sequence = sequence;
        }

        @Override
        public long getDelay(final TimeUnit unit)
        {
            return unit.convert(dueNs - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(final Delayed other)
        {
            final Held held = (Held)other;
            final int byDue = Long.compare(dueNs - held.dueNs, 0);
            return byDue != 0 ? byDue : Long.compare(sequence, held.sequence);
        }
    }
}
