package io.krill.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The word syntax of redis.conf lines, which is also the syntax Redis gives its command-line options.
 * <p>
 * Text here is a "byte string": one {@code char} per byte (ISO-8859-1), as Redis works on bytes. Words are
 * separated by whitespace; {@code "..."} takes the escapes {@code \n \r \t \b \a \\ \"} and {@code \xHH};
 * {@code '...'} takes only {@code \'}; a closing quote must be followed by whitespace or the end of the line, and
 * a quote may open in the middle of a word ({@code ab"c d"} is the one word {@code abc d}). {@link #repr} is the
 * inverse Redis applies to each command-line value before parsing it as a line.
 */
final class ConfigLine
{
    private ConfigLine()
    {
    }

    /**
     * Splits a line into words.
     *
     * @return the words, or null if quotes are unbalanced (or a closing quote is glued to the next word).
     */
    static List<String> split(final String line)
    {
        final List<String> words = new ArrayList<>();
        final int end = endOf(line);
        int p = 0;
        while (true)
        {
            while (p < end && NumberText.isSpace(line.charAt(p)))
            {
                p++;
            }
            if (p >= end)
            {
                return words;
            }
            final StringBuilder word = new StringBuilder();
            p = readWord(line, p, end, word);
            if (p < 0)
            {
                return null;
            }
            words.add(word.toString());
        }
    }

    /** Like C, a NUL byte ends the line. */
    private static int endOf(final String line)
    {
        final int nul = line.indexOf('\0');
        return nul < 0 ? line.length() : nul;
    }

    /** Reads one word starting at {@code p} into {@code word}; returns the index after it, or -1 on bad quotes. */
    private static int readWord(final String line, final int start, final int end, final StringBuilder word)
    {
        int p = start;
        boolean inDouble = false;
        boolean inSingle = false;
        while (true)
        {
            final char c = p < end ? line.charAt(p) : '\0';
            if (inDouble)
            {
                if (c == '\0')
                {
                    return -1;
                }
                if (c == '\\' && p + 3 < end && line.charAt(p + 1) == 'x'
                    && isHex(line.charAt(p + 2)) && isHex(line.charAt(p + 3)))
                {
                    word.append((char)(Character.digit(line.charAt(p + 2), 16) * 16
                        + Character.digit(line.charAt(p + 3), 16)));
                    p += 3;
                }
                else if (c == '\\' && p + 1 < end)
                {
                    p++;
                    word.append(unescape(line.charAt(p)));
                }
                else if (c == '"')
                {
                    return closeQuote(line, p, end);
                }
                else
                {
                    word.append(c);
                }
            }
            else if (inSingle)
            {
                if (c == '\0')
                {
                    return -1;
                }
                if (c == '\\' && p + 1 < end && line.charAt(p + 1) == '\'')
                {
                    p++;
                    word.append('\'');
                }
                else if (c == '\'')
                {
                    return closeQuote(line, p, end);
                }
                else
                {
                    word.append(c);
                }
            }
            else
            {
                switch (c)
                {
                    case ' ':
                    case '\n':
                    case '\r':
                    case '\t':
                    case '\0':
                        return p;
                    case '"':
                        inDouble = true;
                        break;
                    case '\'':
                        inSingle = true;
                        break;
                    default:
                        word.append(c);
                }
            }
            p++;
        }
    }

    /** A closing quote ends the word and must be followed by whitespace or the end of the line. */
    private static int closeQuote(final String line, final int p, final int end)
    {
        if (p + 1 < end && !NumberText.isSpace(line.charAt(p + 1)))
        {
            return -1;
        }
        return p + 1;
    }

    private static char unescape(final char c)
    {
        switch (c)
        {
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'b':
                return '\b';
            case 'a':
                return '\u0007';
            default:
                return c;
        }
    }

    private static boolean isHex(final char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The value as a double-quoted word that {@link #split} reads back as exactly {@code bytes}. */
    static void repr(final String bytes, final StringBuilder out)
    {
        out.append('"');
        for (int i = 0; i < bytes.length(); i++)
        {
            final char c = bytes.charAt(i);
            switch (c)
            {
                case '\\':
                    out.append("\\\\");
                    break;
                case '"':
                    out.append("\\\"");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\u0007':
                    out.append("\\a");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                default:
                    if (c >= 0x20 && c < 0x7f)
                    {
                        out.append(c);
                    }
                    else
                    {
                        out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    }
            }
        }
        out.append('"');
    }
}
