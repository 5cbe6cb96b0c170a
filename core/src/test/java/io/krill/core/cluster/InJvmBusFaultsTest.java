package io.krill.core.cluster;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the fault table of the in-JVM bus does what ClusterFaults promises at the message level: a cut direction
 * loses every message while the link stays open and the other direction flows; a loss probability loses about that
 * share, making the same choices for the same seed; a delay holds messages back for at least its minimum and keeps
 * their order, also across the moment the delay is lifted; clearing the last rule leaves no table (the send path's
 * null check).
 * Method: two InJvmBusTransports on a private InJvmBus, polled by hand in this thread; rules set directly on the bus
 * as ClusterFaults sets them.
 */
class InJvmBusFaultsTest
{
    private static final int A_PORT = 17101;
    private static final int B_PORT = 17102;

    private final InJvmBus bus = new InJvmBus();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (final AutoCloseable closeable : toClose)
        {
            closeable.close();
        }
    }

    @Test
    void shouldLoseEveryMessageOneWayAndKeepTheLinkWhenTheDirectionIsCut()
    {
        final Pair pair = new Pair();
        bus.fault(A_PORT, B_PORT, InJvmBusFaults.Rule.of(1.0, 0, 0, 1));
        for (int i = 0; i < 10; i++)
        {
            pair.sendAtoB(i);
        }
        for (int i = 0; i < 10; i++)
        {
            pair.b.poll();
        }
        assertEquals(0, pair.bEvents.messages.size());
        assertTrue(pair.aEvents.closed.isEmpty() && pair.bEvents.closed.isEmpty(), "the link stays open");
        assertEquals(10, bus.fault(A_PORT, B_PORT).dropped.get());

        final UnsafeBuffer pong = InJvmBusTransportTest.ping("b", 9000, 0);
        assertTrue(pair.b.send(pair.inbound, pong, 0, pong.capacity()));
        pollUntil(() -> pair.aEvents.messages.size() == 1, pair.a);

        bus.fault(A_PORT, B_PORT, null);
        assertEquals(null, bus.faults, "no rule left: senders see no table");
        pair.sendAtoB(10);
        pollUntil(() -> pair.bEvents.messages.size() == 1, pair.b);
    }

    @Test
    void shouldLoseAboutTheShareAskedAndMakeTheSameChoicesForTheSameSeed()
    {
        final List<Integer> first = delivered(0.3, 42);
        final List<Integer> again = delivered(0.3, 42);
        final List<Integer> other = delivered(0.3, 43);
        assertTrue(first.size() > 600 && first.size() < 800, first.size() + " of 1000 delivered at 30 % loss");
        assertEquals(first, again);
        assertTrue(!first.equals(other), "another seed, other choices");
    }

    @Test
    void shouldHoldMessagesBackAndKeepTheirOrderWhenDelayed() throws Exception
    {
        final Pair pair = new Pair();
        bus.fault(A_PORT, B_PORT, InJvmBusFaults.Rule.of(0, 50_000_000, 80_000_000, 7));
        final long startNs = System.nanoTime();
        for (int i = 0; i < 20; i++)
        {
            pair.sendAtoB(i);
        }
        // lifted while messages are held: what follows must still come after them
        bus.fault(A_PORT, B_PORT, null);
        pair.sendAtoB(20);
        pair.b.poll();
        assertEquals(0, pair.bEvents.messages.size(), "nothing before the minimum delay");
        final long deadlineNs = startNs + 5_000_000_000L;
        while (pair.bEvents.messages.size() < 21 && System.nanoTime() < deadlineNs)
        {
            pair.b.poll();
            Thread.sleep(1);
        }
        assertTrue((System.nanoTime() - startNs) / 1_000_000 >= 50);
        assertEquals(21, pair.bEvents.messages.size());
        for (int i = 0; i < 21; i++)
        {
            assertEquals(9000 + i, port(pair.bEvents.messages.get(i)), "message " + i + " in order");
        }
    }

    /** Sends 1000 messages under a loss rule; returns the indexes that arrived. */
    private List<Integer> delivered(final double probability, final long seed)
    {
        final Pair pair = new Pair();
        bus.fault(A_PORT, B_PORT, InJvmBusFaults.Rule.of(probability, 0, 0, seed));
        final List<Integer> arrived = new ArrayList<>();
        for (int i = 0; i < 1000; i++)
        {
            pair.sendAtoB(i);
            pair.b.poll();
        }
        for (final byte[] message : pair.bEvents.messages)
        {
            arrived.add(port(message) - 9000);
        }
        bus.fault(A_PORT, B_PORT, null);
        pair.close();
        return arrived;
    }

    /** The client port field of a PING: the test's message number. */
    private static int port(final byte[] message)
    {
        return new UnsafeBuffer(message).getShort(io.krill.gossip.BusHeaderCodec.PORT_OFFSET,
            java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    private static void pollUntil(final java.util.function.BooleanSupplier condition,
        final InJvmBusTransport transport)
    {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++)
        {
            transport.poll();
        }
        assertTrue(condition.getAsBoolean(), "condition not reached in 1000 polls");
    }

    /** Node a (bus port 17101) linked to node b (17102). */
    private final class Pair
    {
        final BusEventRecorder aEvents = new BusEventRecorder();
        final BusEventRecorder bEvents = new BusEventRecorder();
        final InJvmBusTransport a = new InJvmBusTransport(bus, null, aEvents, 1 << 20);
        final InJvmBusTransport b = new InJvmBusTransport(bus, null, bEvents, 1 << 20);
        final long link;
        final long inbound;

        Pair()
        {
            toClose.add(a);
            toClose.add(b);
            a.listen(new String[] {"127.0.0.1"}, A_PORT);
            b.listen(new String[] {"127.0.0.1"}, B_PORT);
            link = a.connect("127.0.0.1", B_PORT);
            pollUntil(() -> bEvents.accepted.size() == 1, b);
            inbound = bEvents.accepted.get(0);
        }

        void sendAtoB(final int number)
        {
            final UnsafeBuffer message = InJvmBusTransportTest.ping("a", 9000 + number, 0);
            assertTrue(a.send(link, message, 0, message.capacity()));
        }

        void close()
        {
            a.close();
            b.close();
        }
    }
}
