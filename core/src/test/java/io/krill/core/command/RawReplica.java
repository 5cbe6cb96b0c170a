package io.krill.core.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica made of a raw socket, for tests: does the handshake and {@code PSYNC ? -1}, skips the snapshot, then
 * collects the command stream as decoded commands. Used to compare what Krill and Redis propagate.
 */
final class RawReplica implements AutoCloseable
{
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream stream = new ByteArrayOutputStream();

    RawReplica(final int port) throws IOException
    {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        send("PING");
        expectLine("+PONG");
        send("REPLCONF", "capa", "eof", "capa", "psync2");
        expectLine("+OK");
        send("PSYNC", "?", "-1");
        final String fullResync = line();
        if (!fullResync.startsWith("+FULLRESYNC "))
        {
            throw new IOException("unexpected PSYNC reply " + fullResync);
        }
        String header = line();
        while (header.isEmpty())
        {
            header = line();
        }
        if (header.startsWith("$EOF:"))
        {
            final byte[] mark = header.substring(5).getBytes(StandardCharsets.ISO_8859_1);
            final byte[] window = new byte[mark.length];
            int seen = 0;
            while (seen < mark.length || !java.util.Arrays.equals(window, mark))
            {
                System.arraycopy(window, 1, window, 0, window.length - 1);
                window[window.length - 1] = (byte)read();
                seen++;
            }
            // a diskless master starts the stream on the first ACK (sent once it finished the transfer)
            sleepMs(200);
            send("REPLCONF", "ACK", "0");
        }
        else
        {
            final long length = Long.parseLong(header.substring(1));
            for (long i = 0; i < length; i++)
            {
                read();
            }
        }
    }

    /** Reads the stream until a command containing {@code marker} arrived; returns every command, as text. */
    List<String> commandsUntil(final String marker) throws IOException
    {
        final long deadlineMs = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadlineMs)
        {
            final List<String> commands = decode(stream.toByteArray());
            if (!commands.isEmpty() && commands.get(commands.size() - 1).contains(marker))
            {
                return commands;
            }
            try
            {
                stream.write(read());
            }
            catch (final SocketTimeoutException ex)
            {
                break;
            }
        }
        throw new IOException("no '" + marker + "' in the stream: " + decode(stream.toByteArray()));
    }

    /** Complete multibulk commands of {@code bytes}, arguments joined by spaces. */
    static List<String> decode(final byte[] bytes)
    {
        final String text = new String(bytes, StandardCharsets.ISO_8859_1);
        final List<String> commands = new ArrayList<>();
        int at = 0;
        while (at < text.length() && text.charAt(at) == '*')
        {
            final int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0)
            {
                break;
            }
            final int count = Integer.parseInt(text.substring(at + 1, lineEnd));
            int p = lineEnd + 2;
            final StringBuilder command = new StringBuilder();
            boolean complete = true;
            for (int i = 0; i < count; i++)
            {
                final int end = text.indexOf("\r\n", p);
                if (end < 0)
                {
                    complete = false;
                    break;
                }
                final int length = Integer.parseInt(text.substring(p + 1, end));
                if (end + 2 + length + 2 > text.length())
                {
                    complete = false;
                    break;
                }
                command.append(i == 0 ? "" : " ").append(text, end + 2, end + 2 + length);
                p = end + 2 + length + 2;
            }
            if (!complete)
            {
                break;
            }
            commands.add(command.toString());
            at = p;
        }
        return commands;
    }

    private void send(final String... args) throws IOException
    {
        final StringBuilder text = new StringBuilder("*").append(args.length).append("\r\n");
        for (final String arg : args)
        {
            text.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void expectLine(final String expected) throws IOException
    {
        final String line = line();
        if (!line.equals(expected))
        {
            throw new IOException("expected " + expected + ", got " + line);
        }
    }

    private String line() throws IOException
    {
        final StringBuilder line = new StringBuilder();
        int b;
        while ((b = read()) != '\n')
        {
            if (b != '\r')
            {
                line.append((char)b);
            }
        }
        return line.toString();
    }

    private int read() throws IOException
    {
        final int b = in.read();
        if (b < 0)
        {
            throw new IOException("connection closed");
        }
        return b;
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }

    /**
     * Runs {@code sequence} on the server at {@code port} ({@code SLEEP} pauses 100 ms) with a raw replica
     * attached, and returns the stream it propagated up to the write of key {@code zz:end}, normalized.
     */
    static List<String> streamOf(final int port, final String[][] sequence) throws Exception
    {
        try (RawReplica replica = new RawReplica(port); WireClient client = new WireClient(port))
        {
            for (final String[] command : sequence)
            {
                if (command[0].equals("SLEEP"))
                {
                    Thread.sleep(100);
                }
                else
                {
                    client.call(command);
                }
            }
            return normalized(replica.commandsUntil("zz:end"));
        }
    }

    /** Masks times near the clock (checked), drops the periodic PING, masks SPOP's random members. */
    private static List<String> normalized(final List<String> commands)
    {
        final long nowMs = System.currentTimeMillis();
        final List<String> result = new ArrayList<>();
        for (final String command : commands)
        {
            if (command.equals("ping"))
            {
                continue;
            }
            final String[] words = command.split(" ");
            for (int i = 0; i < words.length; i++)
            {
                if (words[i].matches("\\d{13}") && Math.abs(Long.parseLong(words[i]) - nowMs) < 200_000)
                {
                    words[i] = "<near-now-ms>";
                }
            }
            if (words[0].equals("SREM") && words[1].equals("s"))
            {
                words[2] = "<drawn>";
            }
            result.add(String.join(" ", words));
        }
        return result;
    }
}
