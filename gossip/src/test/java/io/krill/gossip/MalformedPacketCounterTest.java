package io.krill.gossip;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: malformed packets are counted per peer and per reason, and the log policy (first per peer, then at
 * most one line per interval; a bounded peer table) holds.
 * Method: drive the counter with hand-picked peers, reasons and times.
 */
class MalformedPacketCounterTest
{
    @Test
    void shouldLogOnlyFirstPacketPerPeerWhenFirstOnly()
    {
        final MalformedPacketCounter counter = new MalformedPacketCounter(MalformedPacketCounter.LOG_FIRST_ONLY, 16);
        assertTrue(counter.onMalformed(1, BusVerdict.BAD_VERSION, 0));
        assertFalse(counter.onMalformed(1, BusVerdict.BAD_VERSION, 10));
        assertFalse(counter.onMalformed(1, BusVerdict.WRONG_LENGTH_FOR_TYPE, Long.MAX_VALUE / 2));
        assertTrue(counter.onMalformed(2, BusVerdict.BAD_VERSION, 20));
        assertEquals(3, counter.count(1));
        assertEquals(1, counter.count(2));
        assertEquals(0, counter.count(3));
        assertEquals(3, counter.count(BusVerdict.BAD_VERSION));
        assertEquals(1, counter.count(BusVerdict.WRONG_LENGTH_FOR_TYPE));
        assertEquals(4, counter.total());
        assertEquals(2, counter.reports());
    }

    @Test
    void shouldLogAgainAfterIntervalWithSuppressedCountWhenPeerKeepsSending()
    {
        final MalformedPacketCounter counter = new MalformedPacketCounter(60_000, 16);
        assertTrue(counter.onMalformed(7, BusVerdict.EXTENSION_NOT_PADDED, 1_000));
        assertEquals(0, counter.suppressedSinceLastLog(7));
        for (int i = 1; i <= 5; i++)
        {
            assertFalse(counter.onMalformed(7, BusVerdict.EXTENSION_NOT_PADDED, 1_000 + i * 10_000));
        }
        assertFalse(counter.onMalformed(7, BusVerdict.EXTENSION_NOT_PADDED, 60_999));
        assertTrue(counter.onMalformed(7, BusVerdict.EXTENSION_NOT_PADDED, 61_000));
        assertEquals(6, counter.suppressedSinceLastLog(7));
        assertEquals(8, counter.count(7));
        assertEquals(2, counter.reports(), "one report per log line");
    }

    @Test
    void shouldShareOverflowRecordWhenPeersExceedBound()
    {
        final MalformedPacketCounter counter = new MalformedPacketCounter(MalformedPacketCounter.LOG_FIRST_ONLY, 2);
        assertTrue(counter.onMalformed(1, BusVerdict.BAD_VERSION, 0));
        assertTrue(counter.onMalformed(2, BusVerdict.BAD_VERSION, 0));
        assertTrue(counter.onMalformed(3, BusVerdict.BAD_VERSION, 0), "first overflow packet is logged");
        assertFalse(counter.onMalformed(4, BusVerdict.BAD_VERSION, 0), "later peers share that record");
        assertFalse(counter.onMalformed(5, BusVerdict.BAD_VERSION, 0));
        assertEquals(3, counter.count(MalformedPacketCounter.OVERFLOW_PEER));
        assertEquals(3, counter.trackedPeers());
        assertEquals(5, counter.total());
    }

    @Test
    void shouldStartOverWhenPeerIsForgotten()
    {
        final MalformedPacketCounter counter = new MalformedPacketCounter(MalformedPacketCounter.LOG_FIRST_ONLY, 4);
        assertTrue(counter.onMalformed(9, BusVerdict.TRUNCATED, 0));
        assertFalse(counter.onMalformed(9, BusVerdict.TRUNCATED, 0));
        counter.forget(9);
        assertEquals(0, counter.count(9));
        assertTrue(counter.onMalformed(9, BusVerdict.TRUNCATED, 0));
        assertEquals(3, counter.total());
    }

    @Test
    void shouldRefuseWhenVerdictIsAccepted()
    {
        final MalformedPacketCounter counter = new MalformedPacketCounter();
        assertThrows(IllegalArgumentException.class, () -> counter.onMalformed(1, BusVerdict.ACCEPTED, 0));
        assertEquals(0, counter.total());
    }
}
