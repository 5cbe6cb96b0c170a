package io.krill.core.cluster;

import io.krill.core.server.SelectionHandler;
import io.krill.gossip.BusHeaderCodec;
import io.krill.gossip.BusMessageType;
import io.krill.gossip.BusMessageWriter;
import io.krill.gossip.BusVerdict;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One cluster bus PING/PONG round trip between two nodes of one JVM: over the in-JVM transport (ring buffers)
 * versus TCP on loopback. The message is a 6-node cluster's steady PING: header plus 3 gossip entries, 2568 bytes.
 * <p>
 * The benchmark thread is the pinging node: it sends a PING and spins on its transport until the PONG is back. The
 * echo node runs on a thread of its own and answers every PING with the same bytes. {@code echo}: {@code spin}
 * polls without ever sleeping (the floor of each transport); {@code sleep} behaves like a node agent, blocking in
 * its selector while idle, so each PING must wake it (the in-JVM writer calls {@code Selector.wakeup()}, TCP's
 * arrival wakes {@code epoll_wait}) as between real, mostly idle cluster nodes.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar BusRoundTripBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class BusRoundTripBenchmark
{
    @Param({"injvm", "tcp"})
    public String transport;

    @Param({"spin", "sleep"})
    public String echo;

    private final Counter pingerEvents = new Counter();
    private Selector pingerSelector;
    private Selector echoSelector;
    private BusTransport pinger;
    private BusTransport echoer;
    private InJvmBusTransport echoInJvm;
    private Thread echoThread;
    private volatile boolean running;
    private UnsafeBuffer ping;
    private long link;

    @Setup(Level.Trial)
    public void start() throws IOException, InterruptedException
    {
        ping = ping();
        pingerSelector = Selector.open();
        echoSelector = Selector.open();
        final Echo echoEvents = new Echo();
        final int port;
        if ("injvm".equals(transport))
        {
            final InJvmBus bus = new InJvmBus();
            echoInJvm = new InJvmBusTransport(bus, echoSelector, echoEvents, 4 << 20);
            echoInJvm.listen(new String[] {"127.0.0.1"}, 1);
            echoer = echoInJvm;
            pinger = new InJvmBusTransport(bus, pingerSelector, pingerEvents, 4 << 20);
            port = 1;
        }
        else
        {
            final TcpBusTransport tcp = new TcpBusTransport(echoSelector, echoEvents, 0);
            port = tcp.bind(new String[] {"127.0.0.1"}, 0);
            echoer = tcp;
            pinger = new TcpBusTransport(pingerSelector, pingerEvents, 0);
        }
        echoEvents.transport = echoer;
        running = true;
        echoThread = new Thread(this::runEcho, "bus-echo");
        echoThread.setDaemon(true);
        echoThread.start();
        link = pinger.connect("127.0.0.1", port);
        while (pingerEvents.connected == 0)
        {
            pollPinger();
        }
        roundTrip();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException
    {
        running = false;
        echoSelector.wakeup();
        echoThread.join();
        pinger.close();
        echoer.close();
        pingerSelector.close();
        echoSelector.close();
    }

    @Benchmark
    public long roundTrip() throws IOException
    {
        final long before = pingerEvents.messages;
        if (!pinger.send(link, ping, 0, ping.capacity()))
        {
            throw new IllegalStateException("link closed");
        }
        while (pingerEvents.messages == before)
        {
            pollPinger();
        }
        return pingerEvents.messages;
    }

    private void pollPinger() throws IOException
    {
        pingerSelector.selectNow(DISPATCH);
        pinger.poll();
    }

    private void runEcho()
    {
        final boolean sleep = "sleep".equals(echo);
        try
        {
            while (running)
            {
                if (sleep && (echoInJvm == null || echoInJvm.prepareToSleep()))
                {
                    echoSelector.select(DISPATCH, 100);
                }
                else
                {
                    echoSelector.selectNow(DISPATCH);
                }
                if (echoInJvm != null)
                {
                    echoInJvm.awake();
                }
                echoer.poll();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static final Consumer<SelectionKey> DISPATCH = key ->
    {
        final SelectionHandler handler = (SelectionHandler)key.attachment();
        try
        {
            handler.onSelected(key);
        }
        catch (final IOException ex)
        {
            handler.onFailure(key, ex);
        }
    };

    private static UnsafeBuffer ping()
    {
        final byte[] id = "32c4ea604eab4d482cc7961790c12240c6d294f2".getBytes(StandardCharsets.US_ASCII);
        final byte[] ip = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BusHeaderCodec.LENGTH + 3 * 104]);
        final BusMessageWriter writer = new BusMessageWriter()
            .begin(buffer, 0, buffer.capacity(), BusMessageType.PING)
            .port(7000).cport(17000).sender(id, 0);
        for (int i = 0; i < 3; i++)
        {
            writer.appendGossip(id, 0, 0, 0, ip, 0, ip.length, 7001 + i, 17001 + i, 1, 0);
        }
        return new UnsafeBuffer(buffer.byteArray(), 0, writer.finish());
    }

    /** The pinging node's events: counts only (read by the benchmark thread, which is also the polling thread). */
    private static final class Counter implements BusTransport.Listener
    {
        long connected;
        long messages;

        @Override
        public void onConnected(final long linkId)
        {
            connected++;
        }

        @Override
        public void onAccepted(final long linkId, final String localIp, final String peerIp)
        {
        }

        @Override
        public void onMessage(final long linkId, final DirectBuffer buffer, final int offset, final int length)
        {
            messages++;
        }

        @Override
        public void onMalformed(final long linkId, final BusVerdict verdict)
        {
            throw new IllegalStateException("malformed: " + verdict);
        }

        @Override
        public void onClosed(final long linkId)
        {
            throw new IllegalStateException("link " + linkId + " closed");
        }
    }

    /** The echo node: answers each message on the link it came from. */
    private static final class Echo implements BusTransport.Listener
    {
        BusTransport transport;

        @Override
        public void onConnected(final long linkId)
        {
        }

        @Override
        public void onAccepted(final long linkId, final String localIp, final String peerIp)
        {
        }

        @Override
        public void onMessage(final long linkId, final DirectBuffer buffer, final int offset, final int length)
        {
            transport.send(linkId, buffer, offset, length);
        }

        @Override
        public void onMalformed(final long linkId, final BusVerdict verdict)
        {
        }

        @Override
        public void onClosed(final long linkId)
        {
        }
    }
}
