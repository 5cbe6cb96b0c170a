package io.krill.gossip;

/**
 * IP literals as CLUSTER MEET accepts them: Redis runs {@code inet_pton} (no hostnames) and stores
 * {@code inet_ntop}'s normal form, so {@code 0:0::1} and {@code ::1} name the same handshake. Written here
 * because the gossip module may not touch {@code java.net} (sans-I/O), and InetAddress would resolve names.
 */
final class IpAddressText
{
    private IpAddressText()
    {
    }

    /**
     * The normal form of an IPv4 or IPv6 literal, or null if {@code text} is neither.
     */
    static String normalize(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return null;
        }
        if (text.indexOf(':') < 0)
        {
            return parseIpv4(text, new int[4], 0) ? text : null;
        }
        final int[] words = new int[8];
        return parseIpv6(text, words) ? formatIpv6(words) : null;
    }

    /**
     * Dotted quad with glibc's rules: four decimal parts, each 0..255, no leading zeros.
     */
    private static boolean parseIpv4(final String text, final int[] octets, final int from)
    {
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = from; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9')
            {
                if (digits > 0 && value == 0)
                {
                    return false;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255)
                {
                    return false;
                }
            }
            else if (c == '.' && digits > 0 && part < 3)
            {
                octets[part++] = value;
                value = -1;
                digits = 0;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0 || part != 3)
        {
            return false;
        }
        octets[3] = value;
        return true;
    }

    private static boolean parseIpv6(final String text, final int[] words)
    {
        final int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0)
        {
            return false;
        }
        if (gap < 0)
        {
            return parseGroups(text, words, 0, 8) == 8;
        }
        final int[] head = new int[8];
        final int[] tail = new int[8];
        final int headCount = gap == 0 ? 0 : parseGroups(text.substring(0, gap), head, 0, 7);
        final String rest = text.substring(gap + 2);
        final int tailCount = rest.isEmpty() ? 0 : parseGroups(rest, tail, 0, 7);
        if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7)
        {
            return false;
        }
        System.arraycopy(head, 0, words, 0, headCount);
        System.arraycopy(tail, 0, words, 8 - tailCount, tailCount);
        return true;
    }

    /**
     * Parses colon-separated hex groups (the last may be a dotted quad, worth two groups).
     *
     * @return the number of 16-bit words, or -1.
     */
    private static int parseGroups(final String text, final int[] words, final int start, final int maxWords)
    {
        int count = start;
        int from = 0;
        while (from <= text.length())
        {
            int end = text.indexOf(':', from);
            if (end < 0)
            {
                end = text.length();
            }
            final String group = text.substring(from, end);
            if (end == text.length() && group.indexOf('.') >= 0)
            {
                final int[] octets = new int[4];
                if (count + 2 > maxWords || !parseIpv4(group, octets, 0))
                {
                    return -1;
                }
                words[count++] = octets[0] << 8 | octets[1];
                words[count++] = octets[2] << 8 | octets[3];
                return count;
            }
            if (group.isEmpty() || group.length() > 4 || count >= maxWords)
            {
                return -1;
            }
            for (int i = 0; i < group.length(); i++)
            {
                if (Character.digit(group.charAt(i), 16) < 0)
                {
                    return -1;
                }
            }
            words[count++] = Integer.parseInt(group, 16);
            from = end + 1;
            if (end == text.length())
            {
                break;
            }
        }
        return count;
    }

    /**
     * inet_ntop's form: lower-case hex, the first longest run of two or more zero words as {@code ::}, and
     * IPv4-mapped or -compatible addresses ending in a dotted quad.
     */
    private static String formatIpv6(final int[] words)
    {
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; )
        {
            int j = i;
            while (j < 8 && words[j] == 0)
            {
                j++;
            }
            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestLength < 2)
        {
            bestStart = -1;
        }
        final StringBuilder out = new StringBuilder(40);
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                out.append(':');
                i += bestLength - 1;
                if (i == 7)
                {
                    out.append(':');
                }
                continue;
            }
            if (i > 0)
            {
                out.append(':');
            }
            if (i == 6 && bestStart == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xFFFF)))
            {
                out.append(words[6] >> 8).append('.').append(words[6] & 0xFF).append('.')
                    .append(words[7] >> 8).append('.').append(words[7] & 0xFF);
                break;
            }
            out.append(Integer.toHexString(words[i]));
        }
        return out.toString();
    }
}
