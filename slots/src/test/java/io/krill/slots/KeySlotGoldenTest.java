/*
 * Goal: for arbitrary binary keys, HashSlot agrees with a real redis-server, not just with our reading of the
 * spec.
 * Method: keyslot-golden.tsv.gz holds 100,000 seeded random keys (0..64 bytes, many with empty, nested,
 * repeated or unclosed hash tags) and the slot redis-server 7.0 returned for each from CLUSTER KEYSLOT;
 * src/test/scripts/gen-keyslot-golden.py regenerates it. Every key goes through the array, slice and direct
 * buffer overloads. No server is needed to run this test.
 */
package io.krill.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

class KeySlotGoldenTest
{
    private static final String GOLDEN = "keyslot-golden.tsv.gz";
    private static final int MIN_KEYS = 100_000;

    @Test
    void shouldMatchRedisClusterKeyslotWhenKeysAreRandomBytes() throws IOException
    {
        final ByteBuffer direct = ByteBuffer.allocateDirect(128);
        int count = 0;
        int tagged = 0;
        try (BufferedReader reader = open())
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                final int tab = line.indexOf('\t');
                final byte[] key = HexFormat.of().parseHex(line, 0, tab);
                final int expected = Integer.parseInt(line, tab + 1, line.length(), 10);
                final String where = "line " + (count + 1) + ": " + line;

                assertEquals(expected, HashSlot.slot(key), where);
                final byte[] padded = new byte[key.length + 10];
                System.arraycopy(key, 0, padded, 5, key.length);
                assertEquals(expected, HashSlot.slot(padded, 5, key.length), where);
                direct.clear().position(3);
                direct.put(key).flip().position(3);
                assertEquals(expected, HashSlot.slot(direct), where);

                if (HashSlot.crc16(key, 0, key.length) % HashSlot.SLOT_COUNT != expected)
                {
                    tagged++;
                }
                count++;
            }
        }
        assertTrue(count >= MIN_KEYS, "golden file has only " + count + " keys");
        // Guards the file itself: if the generator stopped making hash tags this test would lose its point.
        assertTrue(tagged > count / 10, "only " + tagged + " keys hash differently from their whole bytes");
    }

    private static BufferedReader open() throws IOException
    {
        final InputStream raw = KeySlotGoldenTest.class.getResourceAsStream(GOLDEN);
        assertNotNull(raw, GOLDEN + " is missing: run slots/src/test/scripts/gen-keyslot-golden.py");
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
    }
}
