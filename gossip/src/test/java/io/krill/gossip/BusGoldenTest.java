package io.krill.gossip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: our flyweights read, and our writer produces, the exact bytes of Redis 7.0.15's cluster bus: these
 * tests are Krill's static_asserts on the wire layout (digest 5.2-5.6).
 * Method: every message captured from a real 6-node cluster (and from 3 nodes announcing hostnames, whose
 * messages carry ping extensions) is validated, decoded field by field and compared with the capture's
 * index.tsv, which was written by an independent Python decoder; then the decoded values are written back
 * with BusMessageWriter and must give the captured bytes exactly.
 */
class BusGoldenTest
{
    private static final Map<String, Integer> FIXTURE_FLAG_NAMES = new HashMap<>();
    private static final Map<String, Integer> FIXTURE_MFLAG_NAMES = Map.of(
        "PAUSED", BusHeaderCodec.MFLAG0_PAUSED,
        "FORCEACK", BusHeaderCodec.MFLAG0_FORCEACK,
        "EXT_DATA", BusHeaderCodec.MFLAG0_EXT_DATA);

    static
    {
        FIXTURE_FLAG_NAMES.put("master", NodeFlags.MASTER);
        FIXTURE_FLAG_NAMES.put("slave", NodeFlags.SLAVE);
        FIXTURE_FLAG_NAMES.put("pfail", NodeFlags.PFAIL);
        FIXTURE_FLAG_NAMES.put("fail", NodeFlags.FAIL);
        FIXTURE_FLAG_NAMES.put("myself", NodeFlags.MYSELF);
        FIXTURE_FLAG_NAMES.put("handshake", NodeFlags.HANDSHAKE);
        FIXTURE_FLAG_NAMES.put("noaddr", NodeFlags.NOADDR);
        FIXTURE_FLAG_NAMES.put("meet", NodeFlags.MEET);
        FIXTURE_FLAG_NAMES.put("migrate_to", NodeFlags.MIGRATE_TO);
        FIXTURE_FLAG_NAMES.put("nofailover", NodeFlags.NOFAILOVER);
    }

    private final BusHeaderCodec header = new BusHeaderCodec();
    private final GossipEntryCodec gossip = new GossipEntryCodec();
    private final PingExtensionCodec extension = new PingExtensionCodec();

    static Stream<Arguments> mainCapture()
    {
        return BusFixtures.index(BusFixtures.MAIN).stream().map(row -> Arguments.of(row.get("file"), row));
    }

    static Stream<Arguments> hostnameCapture()
    {
        return BusFixtures.index(BusFixtures.HOSTNAME_EXT).stream()
            .map(row -> Arguments.of(row.get("file"), row));
    }

    static Stream<Arguments> everyCapture()
    {
        return Stream.concat(
            mainCapture().map(a -> Arguments.of(BusFixtures.MAIN, a.get()[0])),
            hostnameCapture().map(a -> Arguments.of(BusFixtures.HOSTNAME_EXT, a.get()[0])));
    }

    @Test
    void shouldListEveryFixtureFileWhenReadingIndexes()
    {
        for (final String dir : List.of(BusFixtures.MAIN, BusFixtures.HOSTNAME_EXT))
        {
            final List<String> indexed = BusFixtures.index(dir).stream().map(r -> r.get("file")).sorted().toList();
            assertEquals(BusFixtures.binFiles(dir), indexed, dir);
        }
        assertEquals(42, BusFixtures.index(BusFixtures.MAIN).size());
        assertEquals(10, BusFixtures.index(BusFixtures.HOSTNAME_EXT).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mainCapture")
    void shouldDecodeIndexColumnsWhenReadingMainCapture(final String file, final Map<String, String> row)
    {
        final UnsafeBuffer buffer = wrapValidated(BusFixtures.MAIN, file);
        assertCommonColumns(row, buffer);

        assertEquals(Long.parseLong(row.get("repl_offset")), header.replicationOffset(), "repl_offset");
        assertMasterId(row.get("slaveof"));
        assertEquals(row.get("myslots"), ranges(header::nextSlot, header::nextFreeSlot), "myslots");
        assertEquals(Integer.parseInt(row.get("state")), header.state(), "state");
        assertDetail(row.get("detail"), buffer, captureStartSeconds() + Double.parseDouble(row.get("t_s")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostnameCapture")
    void shouldDecodeExtensionsWhenReadingHostnameCapture(final String file, final Map<String, String> row)
    {
        final UnsafeBuffer buffer = wrapValidated(BusFixtures.HOSTNAME_EXT, file);
        assertCommonColumns(row, buffer);
        assertTrue(header.hasExtensionData());

        final List<String> expected = List.of(row.get("extension_list").split(" "));
        assertEquals(expected.size(), header.extensionsToRead());
        int index = header.firstExtensionIndex();
        for (final String item : expected)
        {
            extension.wrap(buffer, index, header.limit() - index);
            final int colon = item.indexOf(':');
            assertEquals(Integer.parseInt(item.substring("type".length(), colon)), extension.type());
            final byte[] body = pythonBytes(item.substring(colon + 1));
            final byte[] actual = new byte[extension.bodyLength()];
            buffer.getBytes(extension.bodyIndex(), actual);
            assertArrayEquals(body, actual, item);
            assertEquals(0, extension.length() % PingExtensionCodec.ALIGNMENT);

            final byte[] text = new byte[extension.textLength()];
            extension.copyText(text, 0);
            final String hostname = new String(text, StandardCharsets.US_ASCII);
            assertTrue(hostname.matches("node-[abc]\\.example"), hostname);
            index += extension.length();
        }
        assertEquals(header.limit(), index, "extensions end the message");
        for (int i = 0; i < header.count(); i++)
        {
            gossip.wrap(header, i);
            assertTrue(NodeId.isValid(buffer, gossip.nodeIdIndex()));
            assertEquals(gossip.port() + 10000, gossip.cport());
        }
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("everyCapture")
    void shouldRebuildIdenticalBytesWhenEncodingDecodedFields(final String dir, final String file)
    {
        final byte[] captured = BusFixtures.bytes(dir, file);
        final byte[] rebuilt = new BusMessageRebuilder().rebuild(new UnsafeBuffer(captured), 0, captured.length);
        assertArrayEquals(captured, rebuilt, file);
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("everyCapture")
    void shouldReadSlotWordsInSlotSetLayoutWhenDecodingBitmap(final String dir, final String file)
    {
        final byte[] captured = BusFixtures.bytes(dir, file);
        header.wrap(new UnsafeBuffer(captured), 0, captured.length);
        final BusMessageWriter writer = new BusMessageWriter();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[BusHeaderCodec.LENGTH]);
        writer.begin(out, 0, BusHeaderCodec.LENGTH, BusMessageType.MFSTART);
        for (int word = 0; word < BusHeaderCodec.SLOT_BITMAP_WORDS; word++)
        {
            final long bits = header.slotsWord(word);
            for (int bit = 0; bit < Long.SIZE; bit++)
            {
                assertEquals(((bits >>> bit) & 1) != 0, header.hasSlot(word * Long.SIZE + bit));
            }
            writer.slotsWord(word, bits);
        }
        for (int i = 0; i < BusHeaderCodec.SLOT_BITMAP_LENGTH; i++)
        {
            assertEquals(captured[BusHeaderCodec.MY_SLOTS_OFFSET + i], out.getByte(BusHeaderCodec.MY_SLOTS_OFFSET + i));
        }
    }

    @Test
    void shouldPrintNodeFlagsLikeClusterNodesWhenGivenCapturedFlags()
    {
        final byte[] captured = BusFixtures.bytes(BusFixtures.MAIN, "ping-3.bin");
        header.wrap(new UnsafeBuffer(captured), 0, captured.length);
        assertEquals("myself,master", NodeFlags.names(header.flags()));
        gossip.wrap(header, 1);
        assertEquals("slave", NodeFlags.names(gossip.flags()));

        final byte[] pfail = BusFixtures.bytes(BusFixtures.MAIN, "ping-6.bin");
        header.wrap(new UnsafeBuffer(pfail), 0, pfail.length);
        gossip.wrap(header, 3);
        assertEquals("master,fail?", NodeFlags.names(gossip.flags()));
    }

    private UnsafeBuffer wrapValidated(final String dir, final String file)
    {
        final byte[] bytes = BusFixtures.bytes(dir, file);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        assertEquals(BusVerdict.ACCEPTED, BusMessageValidator.validate(buffer, 0, bytes.length), file);
        header.wrap(buffer, 0, bytes.length);
        return buffer;
    }

    private void assertCommonColumns(final Map<String, String> row, final UnsafeBuffer buffer)
    {
        assertEquals(BusHeaderCodec.SIGNATURE, header.signature());
        assertEquals(BusHeaderCodec.PROTOCOL_VERSION, header.version());
        assertEquals(row.get("type"), BusMessageType.name(header.type()), "type");
        assertEquals(Long.parseLong(row.get("totlen")), header.totalLength(), "totlen");
        assertEquals(header.length(), header.totalLength());
        assertEquals(row.get("sender"), NodeId.toString(buffer, header.senderIndex()), "sender");
        final byte[] sender = row.get("sender").getBytes(StandardCharsets.US_ASCII);
        assertTrue(header.senderEquals(sender, 0));
        assertEquals(Long.parseLong(row.get("currentEpoch")), header.currentEpoch(), "currentEpoch");
        assertEquals(Long.parseLong(row.get("configEpoch")), header.configEpoch(), "configEpoch");
        final String flags = row.get("flags");
        assertEquals(Integer.parseInt(flags.substring(2, 6), 16), header.flags(), "flags");
        assertEquals(fixtureFlags(flags.substring(7, flags.length() - 1)), header.flags(), "flag names");
        assertEquals(Integer.parseInt(row.get("count")), header.count(), "count");
        assertEquals(Integer.parseInt(row.get("extensions")), header.extensions(), "extensions");
        assertEquals(Integer.parseInt(row.get("sender_port")), header.port(), "sender_port");
        assertEquals(header.port() + 10000, header.cport(), "bus port");
        assertEquals(0, header.pport());
        assertEquals(0, header.myIpLength(), "no cluster-announce-ip");
        assertMflags(row.get("mflags"));
    }

    private void assertMflags(final String column)
    {
        for (int i = 0; i < BusHeaderCodec.MFLAGS_LENGTH; i++)
        {
            assertEquals(Integer.parseInt(column.substring(2 * i, 2 * i + 2), 16), header.mflags(i), "mflags " + i);
        }
        final String names = column.substring(7, column.length() - 1);
        int bits = 0;
        if (!names.equals("-"))
        {
            for (final String name : names.split(","))
            {
                bits |= FIXTURE_MFLAG_NAMES.get(name);
            }
        }
        assertEquals(bits, header.mflags(0), "mflags names");
        assertEquals(bits & BusHeaderCodec.MFLAG0_EXT_DATA, header.hasExtensionData() ? 4 : 0);
    }

    private void assertMasterId(final String slaveof)
    {
        if (slaveof.equals("-"))
        {
            assertFalse(header.hasMasterId());
            assertTrue(NodeId.isNull(header.buffer(), header.masterIdIndex()));
        }
        else
        {
            assertTrue(header.hasMasterId());
            assertEquals(slaveof, NodeId.toString(header.buffer(), header.masterIdIndex()));
            assertTrue(header.masterIdEquals(slaveof.getBytes(StandardCharsets.US_ASCII), 0));
        }
    }

    private void assertDetail(final String detail, final UnsafeBuffer buffer, final double sentAtSeconds)
    {
        if (detail.startsWith("gossip="))
        {
            assertGossip(detail.substring("gossip=".length()), buffer, sentAtSeconds);
        }
        else if (detail.startsWith("failing="))
        {
            final FailCodec fail = new FailCodec().wrap(header);
            assertEquals(detail.substring("failing=".length(), "failing=".length() + NodeId.LENGTH),
                NodeId.toString(buffer, fail.nodeIdIndex()));
        }
        else if (detail.startsWith("channel="))
        {
            final int split = detail.indexOf(" message=");
            final PublishCodec publish = new PublishCodec().wrap(header);
            final byte[] channel = new byte[publish.channelLength()];
            final byte[] message = new byte[publish.messageLength()];
            publish.copyChannel(channel, 0);
            publish.copyMessage(message, 0);
            assertEquals(detail.substring("channel=".length(), split), new String(channel, StandardCharsets.UTF_8));
            assertEquals(detail.substring(split + " message=".length()), new String(message, StandardCharsets.UTF_8));
        }
        else if (detail.startsWith("node="))
        {
            final UpdateCodec update = new UpdateCodec().wrap(header);
            final String[] parts = detail.split(" ");
            assertEquals(parts[0].substring("node=".length(), "node=".length() + NodeId.LENGTH),
                NodeId.toString(buffer, update.nodeIdIndex()));
            assertEquals(Long.parseLong(parts[1].substring("configEpoch=".length())), update.configEpoch());
            assertEquals(parts[2].substring("slots=".length()), ranges(update::nextSlot, update::nextFreeSlot));
        }
        else
        {
            assertEquals("", detail);
            assertEquals(BusHeaderCodec.LENGTH, header.length(), "no body");
        }
    }

    private void assertGossip(final String entries, final UnsafeBuffer buffer, final double sentAtSeconds)
    {
        final List<String> expected = entries.isEmpty() ? List.of() : List.of(entries.split(" "));
        assertEquals(expected.size(), header.count());
        final byte[] ip = new byte[BusHeaderCodec.IP_LENGTH];
        for (int i = 0; i < expected.size(); i++)
        {
            final String entry = expected.get(i);
            gossip.wrap(header, i);
            assertEquals(entry.substring(0, 8), NodeId.toString(buffer, gossip.nodeIdIndex()).substring(0, 8));
            final int open = entry.indexOf('(');
            assertEquals(Integer.parseInt(entry.substring(9, open)), gossip.port(), entry);
            assertEquals(fixtureFlags(entry.substring(open + 1, entry.length() - 1)), gossip.flags(), entry);
            assertEquals(gossip.port() + 10000, gossip.cport());
            assertEquals(0, gossip.pport());
            assertEquals("127.0.0.1", new String(ip, 0, gossip.copyIp(ip, 0), StandardCharsets.US_ASCII));
            // The index has no times; the capture's clock does: a pong within the last few seconds, no ping or
            // one just as recent.
            assertEquals(sentAtSeconds, gossip.pongReceivedSeconds(), 5.0, "pong_received");
            if (gossip.pingSentSeconds() != 0)
            {
                assertEquals(sentAtSeconds, gossip.pingSentSeconds(), 5.0, "ping_sent");
            }
        }
        assertEquals(header.limit(), header.firstExtensionIndex(), "7.0.15 sends no extensions here");
    }

    private static double captureStartSeconds()
    {
        final String phases = new String(BusFixtures.bytes(BusFixtures.MAIN, "phases.tsv"), StandardCharsets.UTF_8);
        for (final String line : phases.split("\n"))
        {
            final String[] columns = line.split("\t");
            if (columns[0].equals("start"))
            {
                return Double.parseDouble(columns[1]);
            }
        }
        throw new IllegalStateException("no start phase in phases.tsv");
    }

    private static int fixtureFlags(final String names)
    {
        int flags = 0;
        for (final String name : names.split(","))
        {
            final Integer bit = FIXTURE_FLAG_NAMES.get(name);
            if (bit == null)
            {
                throw new IllegalStateException("unknown flag name in index: " + name);
            }
            flags |= bit;
        }
        return flags;
    }

    /**
     * Slot ranges as the index prints them: {@code 0-5460}, comma separated, {@code -} if none.
     */
    private static String ranges(
        final java.util.function.IntUnaryOperator nextSlot, final java.util.function.IntUnaryOperator nextFree)
    {
        final List<String> ranges = new ArrayList<>();
        int start = nextSlot.applyAsInt(0);
        while (start >= 0)
        {
            final int free = nextFree.applyAsInt(start);
            final int end = free < 0 ? 16383 : free - 1;
            ranges.add(start == end ? Integer.toString(start) : start + "-" + end);
            start = end == 16383 ? -1 : nextSlot.applyAsInt(end + 1);
        }
        return ranges.isEmpty() ? "-" : String.join(",", ranges);
    }

    /**
     * Decodes a Python bytes literal such as {@code b'node-a.example\x00\x00'}.
     */
    private static byte[] pythonBytes(final String literal)
    {
        final String body = literal.substring(2, literal.length() - 1);
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < body.length(); i++)
        {
            final char c = body.charAt(i);
            if (c == '\\' && body.charAt(i + 1) == 'x')
            {
                out.write(Integer.parseInt(body.substring(i + 2, i + 4), 16));
                i += 3;
            }
            else if (c == '\\')
            {
                out.write(body.charAt(i + 1));
                i++;
            }
            else
            {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
