package io.krill.gossip;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/*
 * Goal: CLUSTER MEET accepts exactly the literals inet_pton accepts and stores inet_ntop's form (digest 3.6).
 * Method: known pairs of input and glibc output, and inputs glibc rejects.
 */
class IpAddressTextTest
{
    @Test
    void shouldNormalizeLikeInetNtopWhenTheLiteralIsValid()
    {
        assertEquals("127.0.0.1", IpAddressText.normalize("127.0.0.1"));
        assertEquals("0.0.0.0", IpAddressText.normalize("0.0.0.0"));
        assertEquals("::1", IpAddressText.normalize("0:0:0:0:0:0:0:1"));
        assertEquals("::1", IpAddressText.normalize("::1"));
        assertEquals("::", IpAddressText.normalize("::"));
        assertEquals("fe80::1:2", IpAddressText.normalize("FE80:0:0:0:0:0:1:2"));
        assertEquals("2001:db8::1:0:0:1", IpAddressText.normalize("2001:db8:0:0:1:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", IpAddressText.normalize("2001:db8:0:1:1:1:1:1"));
        assertEquals("::ffff:10.0.0.1", IpAddressText.normalize("::ffff:10.0.0.1"));
        assertEquals("::ffff:10.0.0.1", IpAddressText.normalize("0:0:0:0:0:ffff:a00:1"));
        assertEquals("1::", IpAddressText.normalize("1:0:0:0:0:0:0:0"));
    }

    @Test
    void shouldRejectWhenTheTextIsNotAnIpLiteral()
    {
        for (final String text : new String[] { "", "localhost", "01.0.0.1", "1.2.3", "1.2.3.4.5", "256.0.0.1",
            "1.2.3.4 ", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", ":1", "1:2:3:4:5:6:7", "g::1", "1.2.3.-4" })
        {
            assertNull(IpAddressText.normalize(text), text);
        }
    }
}
