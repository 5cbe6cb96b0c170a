package io.krill.core.differential;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a case-file line into arguments the way {@code redis-cli} does, so a line can be pasted into redis-cli:
 * whitespace separates arguments; {@code "..."} understands {@code \xHH}, {@code \n}, {@code \r}, {@code \t},
 * {@code \b}, {@code \a} and a backslash before any other character; {@code '...'} understands only {@code \'};
 * a closing quote must be followed by whitespace or the end of the line. Arguments are bytes: text is taken as
 * UTF-8 and {@code \xHH} adds a raw byte, so {@code "\x00"} is a one-byte argument.
 */
final class QuotedArgs
{
    private static final int DESCRIBE_MAX_BYTES = 64;

    private QuotedArgs()
    {
    }

    static List<byte[]> split(final String line)
    {
        final List<byte[]> args = new ArrayList<>();
        int i = 0;
        final int n = line.length();
        while (true)
        {
            while (i < n && Character.isWhitespace(line.charAt(i)))
            {
                i++;
            }
            if (i >= n)
            {
                return args;
            }
            final ByteArrayOutputStream arg = new ByteArrayOutputStream();
            i = readArg(line, i, arg);
            args.add(arg.toByteArray());
        }
    }

    /** Reads one argument starting at {@code start}; returns the index just after it. */
    private static int readArg(final String line, final int start, final ByteArrayOutputStream arg)
    {
        final int n = line.length();
        int i = start;
        while (i < n && !Character.isWhitespace(line.charAt(i)))
        {
            final char c = line.charAt(i);
            if (c == '"')
            {
                i = readDoubleQuoted(line, i + 1, arg);
                requireSeparator(line, i);
            }
            else if (c == '\'')
            {
                i = readSingleQuoted(line, i + 1, arg);
                requireSeparator(line, i);
            }
            else
            {
                final int end = i + Character.charCount(line.codePointAt(i));
                arg.writeBytes(line.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return i;
    }

    private static int readDoubleQuoted(final String line, final int start, final ByteArrayOutputStream arg)
    {
        int i = start;
        while (i < line.length())
        {
            final char c = line.charAt(i);
            if (c == '"')
            {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length())
            {
                final char e = line.charAt(i + 1);
                if (e == 'x' && i + 3 < line.length() && isHex(line.charAt(i + 2)) && isHex(line.charAt(i + 3)))
                {
                    arg.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                    i += 4;
                    continue;
                }
                arg.write(unescape(e));
                i += 2;
                continue;
            }
            final int end = i + Character.charCount(line.codePointAt(i));
            arg.writeBytes(line.substring(i, end).getBytes(StandardCharsets.UTF_8));
            i = end;
        }
        throw new IllegalArgumentException("unbalanced quotes: " + line);
    }

    private static int readSingleQuoted(final String line, final int start, final ByteArrayOutputStream arg)
    {
        int i = start;
        while (i < line.length())
        {
            final char c = line.charAt(i);
            if (c == '\'')
            {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '\'')
            {
                arg.write('\'');
                i += 2;
                continue;
            }
            final int end = i + Character.charCount(line.codePointAt(i));
            arg.writeBytes(line.substring(i, end).getBytes(StandardCharsets.UTF_8));
            i = end;
        }
        throw new IllegalArgumentException("unbalanced quotes: " + line);
    }

    private static void requireSeparator(final String line, final int i)
    {
        if (i < line.length() && !Character.isWhitespace(line.charAt(i)))
        {
            throw new IllegalArgumentException("closing quote must be followed by a space: " + line);
        }
    }

    private static int unescape(final char e)
    {
        return switch (e)
        {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> e;
        };
    }

    private static boolean isHex(final char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static String toText(final byte[] arg)
    {
        return new String(arg, StandardCharsets.UTF_8);
    }

    /** The arguments printed back in quoted form, for failure messages. */
    static String describe(final List<byte[]> args)
    {
        final StringBuilder out = new StringBuilder();
        for (final byte[] arg : args)
        {
            if (out.length() > 0)
            {
                out.append(' ');
            }
            if (isPlain(arg))
            {
                out.append(new String(arg, StandardCharsets.US_ASCII));
            }
            else if (arg.length > DESCRIBE_MAX_BYTES)
            {
                // A 100 KB argument would drown the failure message; its length is what matters.
                RespReply.appendQuoted(out, java.util.Arrays.copyOf(arg, DESCRIBE_MAX_BYTES));
                out.append("...(").append(arg.length).append(" bytes)");
            }
            else
            {
                RespReply.appendQuoted(out, arg);
            }
        }
        return out.toString();
    }

    private static boolean isPlain(final byte[] arg)
    {
        if (arg.length == 0 || arg.length > DESCRIBE_MAX_BYTES)
        {
            return false;
        }
        for (final byte b : arg)
        {
            if (b <= 0x20 || b >= 0x7F || b == '"' || b == '\'' || b == '\\')
            {
                return false;
            }
        }
        return true;
    }
}
