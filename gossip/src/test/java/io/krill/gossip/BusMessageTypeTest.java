package io.krill.gossip;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: type ids are the wire's (digest 5.3) and their names match CLUSTER INFO's stats names.
 * Method: each id checked against the digest's table; names of known and unknown ids.
 */
class BusMessageTypeTest
{
    @Test
    void shouldMatchDigestTableWhenListingIds()
    {
        final int[] ids = { BusMessageType.PING, BusMessageType.PONG, BusMessageType.MEET, BusMessageType.FAIL,
            BusMessageType.PUBLISH, BusMessageType.FAILOVER_AUTH_REQUEST, BusMessageType.FAILOVER_AUTH_ACK,
            BusMessageType.UPDATE, BusMessageType.MFSTART, BusMessageType.MODULE, BusMessageType.PUBLISHSHARD };
        final String[] stats = { "ping", "pong", "meet", "fail", "publish", "auth-req", "auth-ack", "update",
            "mfstart", "module", "publishshard" };
        assertEquals(ids.length, BusMessageType.COUNT);
        for (int i = 0; i < ids.length; i++)
        {
            assertEquals(i, ids[i]);
            assertEquals(stats[i], BusMessageType.statsName(i));
            assertTrue(BusMessageType.isKnown(i));
        }
        assertEquals("FAILOVER_AUTH_REQUEST", BusMessageType.name(5));
    }

    @Test
    void shouldNameUnknownWhenIdIsOutOfTable()
    {
        assertFalse(BusMessageType.isKnown(11));
        assertFalse(BusMessageType.isKnown(-1));
        assertEquals("UNKNOWN", BusMessageType.name(0xFFFF));
        assertEquals("unknown", BusMessageType.statsName(11));
        assertTrue(BusMessageType.isHeartbeat(BusMessageType.MEET));
        assertFalse(BusMessageType.isHeartbeat(BusMessageType.FAIL));
    }
}
