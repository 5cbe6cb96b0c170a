package io.krill.core.command;

import io.krill.core.glob.GlobPattern;
import io.krill.core.resp.RespEncoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who listens to which channel, pattern and shard channel, and delivery of published messages.
 * <p>
 * A message is written straight into each subscriber's reply buffer, as a RESP2 array or a RESP3 push per the
 * subscriber's protocol, and the subscriber is queued for a write ({@link NodeState#pendingWrite}). Not thread
 * safe: the agent thread owns it.
 */
public final class PubSub
{
    /** The three subscription spaces, with their RESP message kinds. */
    enum Space
    {
        CHANNEL("subscribe", "unsubscribe", "message"),
        PATTERN("psubscribe", "punsubscribe", "pmessage"),
        SHARD("ssubscribe", "sunsubscribe", "smessage");

        final byte[] subscribeKind;
        final byte[] unsubscribeKind;
        final byte[] messageKind;

        Space(final String subscribe, final String unsubscribe, final String message)
        {
            subscribeKind = subscribe.getBytes(StandardCharsets.US_ASCII);
            unsubscribeKind = unsubscribe.getBytes(StandardCharsets.US_ASCII);
            messageKind = message.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final NodeState node;
    private final Map<Name, Set<Client>> channels = new HashMap<>();
    private final Map<Name, Set<Client>> patterns = new LinkedHashMap<>();
    private final Map<Name, Set<Client>> shardChannels = new HashMap<>();
    private final Name probe = new Name();

    PubSub(final NodeState node)
    {
        this.node = node;
    }

    private Map<Name, Set<Client>> registry(final Space space)
    {
        return space == Space.CHANNEL ? channels : space == Space.PATTERN ? patterns : shardChannels;
    }

    /** Subscribes and writes the confirmation; a repeated subscription is confirmed but not counted twice. */
    void subscribe(final Client client, final Space space, final byte[] name)
    {
        final Name key = new Name(name);
        final Set<Name> own = client.subscriptions(space);
        if (own.add(key))
        {
            registry(space).computeIfAbsent(key, k -> new LinkedHashSet<>()).add(client);
        }
        confirmation(client, space.subscribeKind, name, space == Space.SHARD ?
            client.subscriptions(Space.SHARD).size() : client.subscriptionCount());
    }

    /** Unsubscribes from {@code name}, or from everything in the space when {@code name} is null. */
    void unsubscribe(final Client client, final Space space, final byte[] name)
    {
        final Set<Name> own = client.subscriptions(space);
        if (name == null)
        {
            if (own.isEmpty())
            {
                confirmation(client, space.unsubscribeKind, null, count(client, space));
                return;
            }
            for (final Name each : new ArrayList<>(own))
            {
                remove(client, space, each);
                confirmation(client, space.unsubscribeKind, each.bytes, count(client, space));
            }
            return;
        }
        remove(client, space, new Name(name));
        confirmation(client, space.unsubscribeKind, name, count(client, space));
    }

    private static int count(final Client client, final Space space)
    {
        return space == Space.SHARD ? client.subscriptions(Space.SHARD).size() : client.subscriptionCount();
    }

    private void remove(final Client client, final Space space, final Name name)
    {
        if (client.subscriptions(space).remove(name))
        {
            final Map<Name, Set<Client>> registry = registry(space);
            final Set<Client> listeners = registry.get(name);
            if (listeners != null)
            {
                listeners.remove(client);
                if (listeners.isEmpty())
                {
                    registry.remove(name);
                }
            }
        }
    }

    /** Drops every subscription of a client that disconnects or RESETs, without replies. */
    public void forget(final Client client)
    {
        for (final Space space : Space.values())
        {
            for (final Name each : new ArrayList<>(client.subscriptions(space)))
            {
                remove(client, space, each);
            }
        }
    }

    /**
     * Delivers a message to channel subscribers and matching pattern subscribers.
     *
     * @return the number of clients that received it.
     */
    public int publish(final byte[] channel, final int offset, final int length, final byte[] message,
        final int messageOffset, final int messageLength)
    {
        int receivers = 0;
        probe.set(channel, offset, length);
        final Set<Client> direct = channels.get(probe);
        if (direct != null)
        {
            for (final Client client : direct)
            {
                final RespEncoder out = client.out();
                out.push(3);
                out.bulk(Space.CHANNEL.messageKind);
                out.bulk(channel, offset, length);
                out.bulk(message, messageOffset, messageLength);
                node.pendingWrite(client);
                receivers++;
            }
        }
        for (final Map.Entry<Name, Set<Client>> entry : patterns.entrySet())
        {
            final byte[] pattern = entry.getKey().bytes;
            if (GlobPattern.matches(pattern, 0, pattern.length, channel, offset, length, false))
            {
                for (final Client client : entry.getValue())
                {
                    final RespEncoder out = client.out();
                    out.push(4);
                    out.bulk(Space.PATTERN.messageKind);
                    out.bulk(pattern);
                    out.bulk(channel, offset, length);
                    out.bulk(message, messageOffset, messageLength);
                    node.pendingWrite(client);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /** Delivers a sharded message to the shard channel's subscribers. */
    public int publishShard(final byte[] channel, final int offset, final int length, final byte[] message,
        final int messageOffset, final int messageLength)
    {
        probe.set(channel, offset, length);
        final Set<Client> listeners = shardChannels.get(probe);
        if (listeners == null)
        {
            return 0;
        }
        for (final Client client : listeners)
        {
            final RespEncoder out = client.out();
            out.push(3);
            out.bulk(Space.SHARD.messageKind);
            out.bulk(channel, offset, length);
            out.bulk(message, messageOffset, messageLength);
            node.pendingWrite(client);
        }
        return listeners.size();
    }

    /** Active channels (with at least one subscriber) matching {@code pattern} (null: all). */
    List<byte[]> activeChannels(final Space space, final byte[] pattern)
    {
        final List<byte[]> names = new ArrayList<>();
        for (final Name name : registry(space).keySet())
        {
            if (pattern == null || GlobPattern.matches(pattern, 0, pattern.length, name.bytes, 0,
                name.bytes.length, false))
            {
                names.add(name.bytes);
            }
        }
        return names;
    }

    int subscriberCount(final Space space, final byte[] name)
    {
        final Set<Client> listeners = registry(space).get(new Name(name));
        return listeners == null ? 0 : listeners.size();
    }

    int patternCount()
    {
        return patterns.size();
    }

    private static void confirmation(final Client client, final byte[] kind, final byte[] name, final int count)
    {
        final RespEncoder out = client.out();
        out.push(3);
        out.bulk(kind);
        if (name == null)
        {
            out.nullBulk();
        }
        else
        {
            out.bulk(name);
        }
        out.integer(count);
    }

    /** A channel or pattern name compared by content; the probe form views a range without copying. */
    static final class Name
    {
        private byte[] bytes;
        private int offset;
        private int length;
        private int hash;

        Name()
        {
        }

        Name(final byte[] bytes)
        {
            set(bytes, 0, bytes.length);
            this.bytes = bytes.clone();
            this.offset = 0;
        }

        void set(final byte[] bytes, final int offset, final int length)
        {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
            int h = 1;
            for (int i = offset; i < offset + length; i++)
            {
                h = 31 * h + bytes[i];
            }
            hash = h;
        }

        byte[] bytes()
        {
            return bytes;
        }

        @Override
        public boolean equals(final Object other)
        {
            if (!(other instanceof Name))
            {
                return false;
            }
            final Name that = (Name)other;
            return Arrays.equals(bytes, offset, offset + length, that.bytes, that.offset, that.offset + that.length);
        }

        @Override
        public int hashCode()
        {
            return hash;
        }
    }
}
