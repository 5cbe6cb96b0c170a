package io.krill.gossip.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.krill.gossip.BusMessageType;
import io.krill.gossip.ClusterView;
import io.krill.gossip.GossipConfig;
import io.krill.gossip.GossipState;
import io.krill.gossip.LocalKeys;
import io.krill.gossip.Outbox;
import io.krill.gossip.PublishCodec;
import io.krill.gossip.SplittableRandomSource;

/**
 * One simulated node: a real {@link GossipState} with its address, clock skew and a log of the events its
 * outbox reported. The network drives it and drains its outbox after every input.
 */
public final class SimNode
{
    final int index;
    final String ip;
    final int port;
    final int cport;
    final long skewMs;
    final GossipState gossip;
    final List<String> events = new ArrayList<>();
    boolean running = true;
    int saves;
    int fsyncs;

    SimNode(final int index, final GossipConfig config, final long seed, final long skewMs, final long nowMs)
    {
        this.index = index;
        this.ip = "127.0.0." + (index + 1);
        this.port = config.port();
        this.cport = config.cport();
        this.skewMs = skewMs;
        this.gossip = new GossipState(config, new SplittableRandomSource(seed), LocalKeys.EMPTY, nowMs + skewMs);
    }

    public int index()
    {
        return index;
    }

    public String ip()
    {
        return ip;
    }

    public int port()
    {
        return port;
    }

    public GossipState gossip()
    {
        return gossip;
    }

    public ClusterView view()
    {
        return gossip.view();
    }

    public String id()
    {
        return gossip.view().myself().id();
    }

    public boolean isRunning()
    {
        return running;
    }

    /**
     * Events seen so far, such as {@code NODE_FAILED <id>}.
     */
    public List<String> events()
    {
        return events;
    }

    public int saves()
    {
        return saves;
    }

    void recordEvent(final Outbox outbox, final int index, final long nowMs)
    {
        final String what;
        switch (outbox.kind(index))
        {
            case Outbox.NODE_FAILED -> what = "NODE_FAILED " + outbox.text(index);
            case Outbox.ROLE_CHANGED -> what = "ROLE_CHANGED " + outbox.text(index);
            case Outbox.DELETE_SLOT_KEYS -> what = "DELETE_SLOT_KEYS " + outbox.port(index);
            case Outbox.STATE_CHANGED -> what = "STATE_CHANGED " + (outbox.port(index) == 1 ? "ok" : "fail");
            case Outbox.WRITES_PAUSED -> what = "WRITES_PAUSED " + outbox.port(index);
            case Outbox.LOG -> what = "LOG " + outbox.text(index);
            case Outbox.PUBLISH_RECEIVED ->
            {
                final PublishCodec body =
                    new PublishCodec().wrap(outbox.buffer(), outbox.offset(index), outbox.length(index));
                final byte[] channel = new byte[body.channelLength()];
                final byte[] message = new byte[body.messageLength()];
                body.copyChannel(channel, 0);
                body.copyMessage(message, 0);
                what = BusMessageType.name(outbox.port(index)) + " " +
                    new String(channel, StandardCharsets.US_ASCII) + " " + new String(message, StandardCharsets.US_ASCII);
            }
            default -> what = "UNKNOWN " + outbox.kind(index);
        }
        events.add(what);
    }

    void recordSave(final boolean fsync)
    {
        saves++;
        if (fsync)
        {
            fsyncs++;
        }
    }

    @Override
    public String toString()
    {
        return "node" + index + "(" + ip + ":" + port + ")";
    }
}
