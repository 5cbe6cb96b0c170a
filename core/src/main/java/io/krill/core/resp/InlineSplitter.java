package io.krill.core.resp;

/**
 * Splits an inline request line into arguments with Redis's quoting rules: whitespace separates arguments;
 * double quotes allow {@code \xHH}, {@code \n \r \t \b \a} and {@code \<char>} escapes; single quotes allow
 * only {@code \'}; a closing quote must be followed by whitespace or the end of the line.
 * <p>
 * Unescaped arguments are written into a scratch array owned by this splitter, so they stay valid until the
 * next request is decoded, like views into the read buffer.
 */
final class InlineSplitter
{
    private byte[] scratch = new byte[256];
    private int scratchLimit;

    /** Returns false on unbalanced quotes. */
    boolean split(final byte[] line, final int start, final int end, final CommandArgs args)
    {
        if (scratch.length < end - start)
        {
            scratch = new byte[Math.max(end - start, scratch.length * 2)];
        }
        scratchLimit = 0;
        int i = start;
        while (true)
        {
            while (i < end && isSpace(line[i]))
            {
                i++;
            }
            if (i >= end)
            {
                return true;
            }
            final int argStart = scratchLimit;
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done)
            {
                if (inDouble)
                {
                    if (i >= end)
                    {
                        return false;
                    }
                    final byte c = line[i];
                    if (c == '\\' && i + 3 < end && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3]))
                    {
                        scratch[scratchLimit++] = (byte)(hex(line[i + 2]) * 16 + hex(line[i + 3]));
                        i += 3;
                    }
                    else if (c == '\\' && i + 1 < end)
                    {
                        i++;
                        scratch[scratchLimit++] = unescape(line[i]);
                    }
                    else if (c == '"')
                    {
                        if (i + 1 < end && !isSpace(line[i + 1]))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else
                    {
                        scratch[scratchLimit++] = c;
                    }
                }
                else if (inSingle)
                {
                    if (i >= end)
                    {
                        return false;
                    }
                    final byte c = line[i];
                    if (c == '\\' && i + 1 < end && line[i + 1] == '\'')
                    {
                        i++;
                        scratch[scratchLimit++] = '\'';
                    }
                    else if (c == '\'')
                    {
                        if (i + 1 < end && !isSpace(line[i + 1]))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else
                    {
                        scratch[scratchLimit++] = c;
                    }
                }
                else
                {
                    if (i >= end)
                    {
                        break;
                    }
                    final byte c = line[i];
                    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0)
                    {
                        done = true;
                    }
                    else if (c == '"')
                    {
                        inDouble = true;
                    }
                    else if (c == '\'')
                    {
                        inSingle = true;
                    }
                    else
                    {
                        scratch[scratchLimit++] = c;
                    }
                }
                if (i < end)
                {
                    i++;
                }
            }
            args.add(scratch, argStart, scratchLimit - argStart);
        }
    }

    private static byte unescape(final byte c)
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
                return 7;
            default:
                return c;
        }
    }

    private static boolean isSpace(final byte c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    private static boolean isHex(final byte c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(final byte c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        return (c | 0x20) - 'a' + 10;
    }
}
