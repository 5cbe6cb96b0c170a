package io.krill.core.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One decoded RESP2/RESP3 reply as an immutable tree, with a canonical one-line printable form.
 * <p>
 * Equality is structural and exact: the type, the payload bytes (a double or a big number is compared as the text
 * the server sent) and the children, in order. A RESP3 attribute that came before the reply, and push frames read
 * while waiting for it, are part of the reply so that a difference in them shows up too.
 * <p>
 * Canonical form, chosen to be unambiguous and short enough for a failure message:
 * <pre>
 *   +OK   -ERR text   :42   "bulk\x00text"   $nil (RESP2 null bulk)   *nil (RESP2 null array)
 *   [a, b] (array)   _ (RESP3 null)   ,3.14   #t   (12345678901234567890   =txt:"verbatim"
 *   %{k =&gt; v, ...}   ~{a, b}   !"blob error"   |%{k =&gt; v} reply (attribute)   &gt;[a, b] (push)
 *   &lt;closed&gt; (no reply: the server closed the connection)
 * </pre>
 */
final class RespReply
{
    enum Type
    {
        SIMPLE, ERROR, INTEGER, BULK, NULL_BULK, ARRAY, NULL_ARRAY,
        NULL, DOUBLE, BOOLEAN, BIG_NUMBER, VERBATIM, MAP, SET, BLOB_ERROR, PUSH,
        /** Not on the wire: the server closed the connection instead of replying. */
        CLOSED
    }

    private static final byte[] NO_BYTES = new byte[0];

    private final Type type;
    private final byte[] bytes;
    private final List<RespReply> children;
    private final RespReply attribute;
    private final List<RespReply> pushesBefore;

    private RespReply(
        final Type type,
        final byte[] bytes,
        final List<RespReply> children,
        final RespReply attribute,
        final List<RespReply> pushesBefore)
    {
        this.type = type;
        this.bytes = bytes;
        this.children = children;
        this.attribute = attribute;
        this.pushesBefore = pushesBefore;
    }

    static RespReply scalar(final Type type, final byte[] bytes)
    {
        return new RespReply(type, bytes, List.of(), null, List.of());
    }

    static RespReply simple(final String text)
    {
        return scalar(Type.SIMPLE, text.getBytes(StandardCharsets.UTF_8));
    }

    static RespReply error(final String text)
    {
        return scalar(Type.ERROR, text.getBytes(StandardCharsets.UTF_8));
    }

    static RespReply integer(final long value)
    {
        return scalar(Type.INTEGER, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    static RespReply bulk(final byte[] bytes)
    {
        return scalar(Type.BULK, bytes);
    }

    static RespReply bulk(final String text)
    {
        return bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    static RespReply nullOf(final Type type)
    {
        return scalar(type, NO_BYTES);
    }

    /** An aggregate; for MAP (and an attribute) the children alternate key, value. */
    static RespReply aggregate(final Type type, final List<RespReply> children)
    {
        return new RespReply(type, NO_BYTES, Collections.unmodifiableList(new ArrayList<>(children)), null, List.of());
    }

    RespReply withAttribute(final RespReply attributeMap)
    {
        return new RespReply(type, bytes, children, attributeMap, pushesBefore);
    }

    RespReply withPushesBefore(final List<RespReply> pushes)
    {
        return new RespReply(type, bytes, children, attribute, List.copyOf(pushes));
    }

    Type type()
    {
        return type;
    }

    byte[] bytes()
    {
        return bytes.clone();
    }

    /** The payload as text: what a simple string, error, bulk, number or verbatim string carries. */
    String text()
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    List<RespReply> children()
    {
        return children;
    }

    boolean isError()
    {
        return type == Type.ERROR || type == Type.BLOB_ERROR;
    }

    boolean isAggregate()
    {
        return type == Type.ARRAY || type == Type.MAP || type == Type.SET || type == Type.PUSH;
    }

    /** A reply with the same payload and these children in place of its own (attribute and pushes kept). */
    RespReply withChildren(final List<RespReply> newChildren)
    {
        return new RespReply(type, bytes, List.copyOf(newChildren), attribute, pushesBefore);
    }

    /** A reply of the same type carrying another payload (used to mask values). */
    RespReply withBytes(final byte[] newBytes)
    {
        return new RespReply(type, newBytes, children, attribute, pushesBefore);
    }

    @Override
    public boolean equals(final Object other)
    {
        if (this == other)
        {
            return true;
        }
        if (!(other instanceof RespReply))
        {
            return false;
        }
        final RespReply that = (RespReply)other;
        return type == that.type && Arrays.equals(bytes, that.bytes) && children.equals(that.children) &&
            Objects.equals(attribute, that.attribute) && pushesBefore.equals(that.pushesBefore);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(type, Arrays.hashCode(bytes), children, attribute, pushesBefore);
    }

    @Override
    public String toString()
    {
        final StringBuilder out = new StringBuilder();
        appendTo(out);
        return out.toString();
    }

    void appendTo(final StringBuilder out)
    {
        for (final RespReply push : pushesBefore)
        {
            push.appendTo(out);
            out.append(' ');
        }
        if (attribute != null)
        {
            out.append('|');
            appendPairs(out, attribute.children);
            out.append(' ');
        }
        switch (type)
        {
            case SIMPLE -> out.append('+').append(text());
            case ERROR -> out.append('-').append(text());
            case INTEGER -> out.append(':').append(text());
            case BULK -> appendQuoted(out, bytes);
            case NULL_BULK -> out.append("$nil");
            case NULL_ARRAY -> out.append("*nil");
            case NULL -> out.append('_');
            case DOUBLE -> out.append(',').append(text());
            case BOOLEAN -> out.append('#').append(text());
            case BIG_NUMBER -> out.append('(').append(text());
            case VERBATIM -> appendVerbatim(out);
            case BLOB_ERROR -> appendQuoted(out.append('!'), bytes);
            case ARRAY -> appendList(out, '[', ']');
            case PUSH -> appendList(out.append('>'), '[', ']');
            case SET -> appendList(out.append('~'), '{', '}');
            case MAP -> appendPairs(out, children);
            case CLOSED -> out.append("<closed>");
            default -> throw new IllegalStateException("unknown type " + type);
        }
    }

    private void appendVerbatim(final StringBuilder out)
    {
        // The first three bytes are the format (txt, mkd), then ':' and the text.
        final int prefix = Math.min(4, bytes.length);
        out.append('=').append(new String(bytes, 0, prefix, StandardCharsets.US_ASCII));
        appendQuoted(out, Arrays.copyOfRange(bytes, prefix, bytes.length));
    }

    private void appendList(final StringBuilder out, final char open, final char close)
    {
        out.append(open);
        for (int i = 0; i < children.size(); i++)
        {
            if (i > 0)
            {
                out.append(", ");
            }
            children.get(i).appendTo(out);
        }
        out.append(close);
    }

    private static void appendPairs(final StringBuilder out, final List<RespReply> pairs)
    {
        out.append("%{");
        for (int i = 0; i + 1 < pairs.size(); i += 2)
        {
            if (i > 0)
            {
                out.append(", ");
            }
            pairs.get(i).appendTo(out);
            out.append(" => ");
            pairs.get(i + 1).appendTo(out);
        }
        out.append('}');
    }

    static void appendQuoted(final StringBuilder out, final byte[] data)
    {
        out.append('"');
        for (final byte b : data)
        {
            final int c = b & 0xFF;
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c >= 0x20 && c < 0x7F)
                    {
                        out.append((char)c);
                    }
                    else
                    {
                        out.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        out.append('"');
    }
}
