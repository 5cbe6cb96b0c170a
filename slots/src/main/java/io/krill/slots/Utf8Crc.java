package io.krill.slots;

/**
 * CRC16/XMODEM of the UTF-8 encoding of a run of chars, fed byte by byte as the chars are encoded, so that
 * {@link HashSlot#slot(CharSequence)} needs no temporary byte array.
 * <p>
 * Malformed input is encoded the way {@code String.getBytes(UTF_8)} does it: a surrogate without its partner
 * becomes {@code '?'}, so a slot computed here always equals the slot of {@code key.toString().getBytes(UTF_8)}.
 */
final class Utf8Crc
{
    private static final int REPLACEMENT = '?';

    private Utf8Crc()
    {
    }

    static int crc16(final CharSequence chars, final int from, final int to)
    {
        int crc = 0;
        int i = from;
        while (i < to)
        {
            final char c = chars.charAt(i++);
            if (c < 0x80)
            {
                crc = HashSlot.update1(crc, c);
            }
            else if (c < 0x800)
            {
                crc = HashSlot.update1(crc, 0xC0 | (c >>> 6));
                crc = HashSlot.update1(crc, 0x80 | (c & 0x3F));
            }
            else if (!Character.isSurrogate(c))
            {
                crc = update3(crc, c);
            }
            else if (Character.isHighSurrogate(c) && i < to && Character.isLowSurrogate(chars.charAt(i)))
            {
                crc = update4(crc, Character.toCodePoint(c, chars.charAt(i++)));
            }
            else
            {
                crc = HashSlot.update1(crc, REPLACEMENT);
            }
        }
        return crc;
    }

    private static int update3(final int crc, final int c)
    {
        int result = HashSlot.update1(crc, 0xE0 | (c >>> 12));
        result = HashSlot.update1(result, 0x80 | ((c >>> 6) & 0x3F));
        return HashSlot.update1(result, 0x80 | (c & 0x3F));
    }

    private static int update4(final int crc, final int codePoint)
    {
        int result = HashSlot.update1(crc, 0xF0 | (codePoint >>> 18));
        result = HashSlot.update1(result, 0x80 | ((codePoint >>> 12) & 0x3F));
        result = HashSlot.update1(result, 0x80 | ((codePoint >>> 6) & 0x3F));
        return HashSlot.update1(result, 0x80 | (codePoint & 0x3F));
    }
}
