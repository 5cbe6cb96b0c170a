package io.krill.core.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed RESP value over a byte array, remembering where it lies so it can be copied out verbatim. Used to read
 * the command metadata captured from Redis at start-up; not for request handling.
 */
final class RespValue
{
    final byte type;
    final int start;
    final int end;
    final String text;
    final long number;
    final List<RespValue> children;

    private RespValue(final byte type, final int start, final int end, final String text, final long number,
        final List<RespValue> children)
    {
        this.type = type;
        this.start = start;
        this.end = end;
        this.text = text;
        this.number = number;
        this.children = children;
    }

    static RespValue parse(final byte[] bytes, final int start)
    {
        final byte type = bytes[start];
        int lineEnd = start;
        while (bytes[lineEnd] != '\r')
        {
            lineEnd++;
        }
        final String head = new String(bytes, start + 1, lineEnd - start - 1, StandardCharsets.UTF_8);
        final int next = lineEnd + 2;
        switch (type)
        {
            case '+':
            case '-':
            case ',':
            case '#':
            case '(':
            case '_':
                return new RespValue(type, start, next, head, 0, null);
            case ':':
                return new RespValue(type, start, next, head, Long.parseLong(head), null);
            case '$':
            case '=':
            {
                final int length = Integer.parseInt(head);
                if (length < 0)
                {
                    return new RespValue(type, start, next, null, 0, null);
                }
                final String text = new String(bytes, next, length, StandardCharsets.UTF_8);
                return new RespValue(type, start, next + length + 2, text, 0, null);
            }
            default:
            {
                int count = Integer.parseInt(head);
                if (type == '%' || type == '|')
                {
                    count *= 2;
                }
                final List<RespValue> children = new ArrayList<>(Math.max(count, 0));
                int position = next;
                for (int i = 0; i < count; i++)
                {
                    final RespValue child = parse(bytes, position);
                    children.add(child);
                    position = child.end;
                }
                return new RespValue(type, start, position, head, count, children);
            }
        }
    }
}
