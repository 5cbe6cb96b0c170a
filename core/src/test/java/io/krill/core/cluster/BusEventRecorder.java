package io.krill.core.cluster;

import io.krill.gossip.BusVerdict;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/** Records what a bus transport reports to its listener, for the transport tests (messages are copied). */
final class BusEventRecorder implements BusTransport.Listener
{
    final List<Long> connected = new ArrayList<>();
    final List<Long> accepted = new ArrayList<>();
    final List<String> localIps = new ArrayList<>();
    final List<String> peerIps = new ArrayList<>();
    final List<byte[]> messages = new ArrayList<>();
    final List<BusVerdict> malformed = new ArrayList<>();
    final List<Long> closed = new ArrayList<>();

    @Override
    public void onConnected(final long linkId)
    {
        connected.add(linkId);
    }

    @Override
    public void onAccepted(final long linkId, final String localIp, final String peerIp)
    {
        accepted.add(linkId);
        localIps.add(localIp);
        peerIps.add(peerIp);
    }

    @Override
    public void onMessage(final long linkId, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        messages.add(copy);
    }

    @Override
    public void onMalformed(final long linkId, final BusVerdict verdict)
    {
        malformed.add(verdict);
    }

    @Override
    public void onClosed(final long linkId)
    {
        closed.add(linkId);
    }
}
