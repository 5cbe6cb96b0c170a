package io.krill.gossip;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes every field of a validated message with the flyweights and writes the same values back with
 * {@link BusMessageWriter}. If any offset, width or byte order of the decoder or the writer were wrong, the
 * rebuilt bytes would differ from a capture: this is how the golden tests pin the layout.
 */
final class BusMessageRebuilder
{
    private final BusHeaderCodec header = new BusHeaderCodec();
    private final GossipEntryCodec gossip = new GossipEntryCodec();
    private final PingExtensionCodec extension = new PingExtensionCodec();
    private final FailCodec fail = new FailCodec();
    private final PublishCodec publish = new PublishCodec();
    private final UpdateCodec update = new UpdateCodec();
    private final ModuleCodec module = new ModuleCodec();
    private final BusMessageWriter writer = new BusMessageWriter();
    private final byte[] id = new byte[NodeId.LENGTH];
    private final byte[] bitmap = new byte[BusHeaderCodec.SLOT_BITMAP_LENGTH];
    private final byte[] ip = new byte[BusHeaderCodec.IP_LENGTH];

    byte[] rebuild(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset, length);
        // A text extension without its NUL comes back 8 bytes longer (the writer always terminates the text).
        final int capacity = length + PingExtensionCodec.ALIGNMENT * (header.extensionsToRead() + 1);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[capacity]);
        writer.begin(out, 0, capacity, header.type())
            .port(header.port())
            .currentEpoch(header.currentEpoch())
            .configEpoch(header.configEpoch())
            .replicationOffset(header.replicationOffset());
        header.copySender(id, 0);
        writer.sender(id, 0);
        header.copySlots(bitmap, 0);
        writer.slots(bitmap, 0);
        if (header.hasMasterId())
        {
            header.copyMasterId(id, 0);
            writer.masterId(id, 0);
        }
        final int ipLength = header.copyMyIp(ip, 0);
        writer.myIp(ip, 0, ipLength)
            .pport(header.pport())
            .cport(header.cport())
            .flags(header.flags())
            .state(header.state());
        for (int i = 0; i < BusHeaderCodec.MFLAGS_LENGTH; i++)
        {
            writer.mflags(i, header.mflags(i));
        }
        rebuildBody(buffer);
        final int written = writer.finish();
        return Arrays.copyOf(out.byteArray(), written);
    }

    private void rebuildBody(final DirectBuffer buffer)
    {
        switch (header.type())
        {
            case BusMessageType.PING:
            case BusMessageType.PONG:
            case BusMessageType.MEET:
                rebuildGossip();
                rebuildExtensions();
                break;
            case BusMessageType.FAIL:
                fail.wrap(header).copyNodeId(id, 0);
                writer.fail(id, 0);
                break;
            case BusMessageType.PUBLISH:
            case BusMessageType.PUBLISHSHARD:
                publish.wrap(header);
                final byte[] channel = new byte[publish.channelLength()];
                final byte[] message = new byte[publish.messageLength()];
                publish.copyChannel(channel, 0);
                publish.copyMessage(message, 0);
                writer.publish(channel, 0, channel.length, message, 0, message.length);
                break;
            case BusMessageType.UPDATE:
                update.wrap(header).copyNodeId(id, 0);
                update.copySlots(bitmap, 0);
                writer.update(update.configEpoch(), id, 0).updateSlots(bitmap, 0);
                break;
            case BusMessageType.MODULE:
                module.wrap(header);
                final byte[] payload = new byte[module.payloadLength()];
                buffer.getBytes(module.payloadIndex(), payload);
                writer.module(module.moduleId(), module.moduleType(), payload, 0, payload.length);
                break;
            default:
                break;
        }
    }

    private void rebuildGossip()
    {
        for (int i = 0; i < header.count(); i++)
        {
            gossip.wrap(header, i).copyNodeId(id, 0);
            final int ipLength = gossip.copyIp(ip, 0);
            writer.appendGossip(id, 0, gossip.pingSentSeconds(), gossip.pongReceivedSeconds(), ip, 0, ipLength,
                gossip.port(), gossip.cport(), gossip.flags(), gossip.pport());
        }
    }

    private void rebuildExtensions()
    {
        int index = header.firstExtensionIndex();
        for (int i = 0, n = header.extensionsToRead(); i < n; i++)
        {
            extension.wrap(header.buffer(), index, header.limit() - index);
            final DirectBuffer buffer = header.buffer();
            switch (extension.type())
            {
                case PingExtensionCodec.TYPE_HOSTNAME:
                case PingExtensionCodec.TYPE_HUMAN_NODENAME:
                    final byte[] text = new byte[extension.textLength()];
                    extension.copyText(text, 0);
                    if (extension.type() == PingExtensionCodec.TYPE_HOSTNAME)
                    {
                        writer.appendHostname(text, 0, text.length);
                    }
                    else
                    {
                        writer.appendHumanNodename(text, 0, text.length);
                    }
                    break;
                case PingExtensionCodec.TYPE_FORGOTTEN_NODE:
                    NodeId.copy(buffer, extension.forgottenNodeIdIndex(), id, 0);
                    writer.appendForgottenNode(id, 0, extension.forgottenNodeTtlSeconds());
                    break;
                case PingExtensionCodec.TYPE_SHARDID:
                    NodeId.copy(buffer, extension.shardIdIndex(), id, 0);
                    writer.appendShardId(id, 0);
                    break;
                default:
                    final byte[] body = new byte[extension.bodyLength()];
                    buffer.getBytes(extension.bodyIndex(), body);
                    writer.appendExtension(extension.type(), body, 0, body.length);
                    break;
            }
            index += extension.length();
        }
    }
}
