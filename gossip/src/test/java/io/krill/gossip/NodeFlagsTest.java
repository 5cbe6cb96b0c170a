package io.krill.gossip;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/*
 * Goal: flag names print in CLUSTER NODES order (digest 3.2) and parse back, and the bit values are those of
 * the wire (digest 5.4).
 * Method: every combination of the low 11 bits printed both ways and parsed back; the flags fields of the
 * captured CLUSTER NODES outputs and nodes.conf files parsed and reprinted unchanged.
 */
class NodeFlagsTest
{
    @Test
    void shouldUseWireBitValuesWhenComparedWithDigest()
    {
        final int[] bits = { NodeFlags.MASTER, NodeFlags.SLAVE, NodeFlags.PFAIL, NodeFlags.FAIL, NodeFlags.MYSELF,
            NodeFlags.HANDSHAKE, NodeFlags.NOADDR, NodeFlags.MEET, NodeFlags.MIGRATE_TO, NodeFlags.NOFAILOVER,
            NodeFlags.EXTENSIONS_SUPPORTED };
        final int[] expected = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024 };
        for (int i = 0; i < bits.length; i++)
        {
            assertEquals(expected[i], bits[i]);
        }
    }

    @Test
    void shouldPrintInClusterNodesOrderWhenSeveralFlagsAreSet()
    {
        assertEquals("myself,master,slave,fail?,fail,handshake,noaddr,nofailover", NodeFlags.names(0xFFFF));
        assertEquals(NodeFlags.MAX_NAMES_LENGTH, NodeFlags.names(0xFFFF).length());
        assertEquals("myself,master", NodeFlags.names(0x0111));
        assertEquals("myself,slave", NodeFlags.names(0x0012));
        assertEquals("master,fail?", NodeFlags.names(NodeFlags.PFAIL | NodeFlags.MASTER));
        assertEquals("noflags", NodeFlags.names(0));
        final int internal = NodeFlags.MEET | NodeFlags.MIGRATE_TO | NodeFlags.EXTENSIONS_SUPPORTED;
        assertEquals("noflags", NodeFlags.names(internal));
    }

    @Test
    void shouldAgreeBetweenStringAndBufferFormsWhenPrintingEveryCombination()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        for (int flags = 0; flags < 2048; flags++)
        {
            final int length = NodeFlags.putNames(flags, buffer, 3);
            final String names = NodeFlags.names(flags);
            assertEquals(names, buffer.getStringWithoutLengthAscii(3, length));
            final int printable = flags & ~(NodeFlags.MEET | NodeFlags.MIGRATE_TO | NodeFlags.EXTENSIONS_SUPPORTED);
            assertEquals(printable, NodeFlags.parseNames(names), names);
        }
    }

    @Test
    void shouldReprintCapturedFlagsWhenParsingRedisOutput()
    {
        int lines = 0;
        for (final String file : new String[]{ "cluster-nodes-final.txt", "cluster-nodes-after-create.txt",
            "nodes-7600.conf", "nodes-7601.conf", "nodes-7602.conf", "nodes-7603.conf", "nodes-7604.conf",
            "nodes-7605.conf" })
        {
            final String text = new String(BusFixtures.bytes(BusFixtures.MAIN, file), StandardCharsets.US_ASCII);
            for (final String line : text.split("\n"))
            {
                if (line.isEmpty() || line.startsWith("vars "))
                {
                    continue;
                }
                final String field = line.split(" ")[2];
                final int flags = NodeFlags.parseNames(field);
                assertEquals(field, NodeFlags.names(flags), line);
                lines++;
            }
        }
        assertEquals(48, lines);
    }

    @Test
    void shouldRejectUnknownNamesWhenParsing()
    {
        assertEquals(-1, NodeFlags.parseNames("master,bogus"));
        assertEquals(-1, NodeFlags.parseNames("master,"));
        assertEquals(-1, NodeFlags.parseName("migrate_to"), "internal flags have no printed name");
        assertEquals(0, NodeFlags.parseNames("noflags"));
        assertEquals(NodeFlags.PFAIL, NodeFlags.parseName("fail?"));
    }
}
