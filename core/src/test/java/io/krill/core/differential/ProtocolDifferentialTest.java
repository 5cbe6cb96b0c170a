package io.krill.core.differential;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: Krill's RESP decoder treats exact byte sequences as Redis 7.0 does: the same reply bytes, and the same
 * decision to keep or close the connection, for valid, split, pipelined, inline and malformed input.
 * <p>
 * Method: each row of {@link #cases()} is a list of chunks, written to a fresh connection on each server with a
 * pause between chunks (so a server sees them as separate reads), optionally followed by a sentinel command,
 * {@code ECHO <marker>}. Reading stops when the output ends with the sentinel's reply (the server is still
 * serving the connection), when the server closes, or after an idle timeout (rows that leave a command
 * unfinished have no sentinel, and are expected to get no reply). Then the raw bytes and the closed flag are
 * compared ({@code -Ddiff.transcript=true} writes Redis's answers to
 * {@code target/differential-transcripts/protocol.txt}). Rows are limited to behaviour Redis defines; its quirks
 * on input it does not check (such as a bulk payload not followed by CRLF, which Redis skips blindly, or a NUL
 * byte in an inline command, which ends the line for Redis's splitter) are left out on purpose.
 */
class ProtocolDifferentialTest
{
    private static final String MARKER = "diff-sentinel-7f3a";
    private static final byte[] SENTINEL =
        bytes("*2\r\n$4\r\nECHO\r\n$" + MARKER.length() + "\r\n" + MARKER + "\r\n");
    private static final byte[] SENTINEL_REPLY = bytes("$" + MARKER.length() + "\r\n" + MARKER + "\r\n");
    /** How long a silent server is given before we decide it is waiting for more input. */
    private static final int IDLE_MS = 300;
    /** With a sentinel, silence this long means the server is stuck; it fails the comparison anyway. */
    private static final int SENTINEL_IDLE_MS = 2_000;

    private static ServerPair.Start start;
    private static ServerPair servers;
    private static PrintWriter transcript;

    /** One table row: chunks written with {@code pauseMs} between them, and whether the sentinel follows. */
    record ProtocolCase(String name, List<byte[]> chunks, boolean sentinel, long pauseMs)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    @BeforeAll
    static void startServers() throws IOException, InterruptedException
    {
        start = ServerPair.tryStart();
        servers = start.servers();
        if (Boolean.getBoolean(CaseFileDifferentialTest.TRANSCRIPT_PROP_NAME))
        {
            final Path dir = Path.of("target", "differential-transcripts");
            Files.createDirectories(dir);
            transcript = new PrintWriter(Files.newBufferedWriter(dir.resolve("protocol.txt"), StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stopServers() throws Exception
    {
        if (transcript != null)
        {
            transcript.close();
            transcript = null;
        }
        if (servers != null)
        {
            servers.close();
            servers = null;
        }
    }

    static List<ProtocolCase> cases()
    {
        final List<ProtocolCase> cases = new ArrayList<>();
        validInput(cases);
        inlineInput(cases);
        malformedMultibulk(cases);
        malformedBulk(cases);
        limits(cases);
        return cases;
    }

    private static void validInput(final List<ProtocolCase> cases)
    {
        cases.add(row("multibulk PING", "*1\r\n$4\r\nPING\r\n"));
        cases.add(row("multibulk ECHO with an empty argument", "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"));
        cases.add(row("multibulk with an empty command name", "*1\r\n$0\r\n\r\n"));
        cases.add(row("multibulk with binary argument", "*2\r\n$4\r\nECHO\r\n$5\r\na\u0000\r\nb\r\n"));
        cases.add(row("lower-case command", "*2\r\n$4\r\necho\r\n$1\r\nx\r\n"));
        cases.add(row("multibulk count 0 is skipped", "*0\r\n*1\r\n$4\r\nPING\r\n"));
        cases.add(row("multibulk count -1 is skipped", "*-1\r\n*1\r\n$4\r\nPING\r\n"));
        cases.add(row("multibulk count -10 is skipped", "*-10\r\n"));
        cases.add(row("pipeline of RESP and inline commands",
            "*3\r\n$3\r\nSET\r\n$5\r\nproto\r\n$2\r\nvv\r\nGET proto\r\n*2\r\n$3\r\nGET\r\n$5\r\nproto\r\nPING\r\n"));
        cases.add(row("pipeline of 200 PINGs", "*1\r\n$4\r\nPING\r\n".repeat(200)));
        cases.add(row("unknown command keeps the connection", "*2\r\n$6\r\nNOSUCH\r\n$1\r\na\r\n"));
        cases.add(split("command split inside the count", 10, "*", "1\r\n$4\r\nPING\r\n"));
        cases.add(split("command split inside the payload", 10, "*1\r\n$4\r\nPI", "NG", "\r\n"));
        cases.add(split("command split between CR and LF", 10, "*1\r\n$4\r\nPING\r", "\n"));
        cases.add(split("command sent byte by byte", 2, "*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n".split("")));
        cases.add(split("inline command sent byte by byte", 2, "ECHO abc\r\n".split("")));
        cases.add(row("QUIT replies then closes", "QUIT\r\n"));
        cases.add(row("error after valid commands in one write", "PING\r\n*1\r\n$4\r\nPING\r\n*abc\r\n"));
        final String big = "x".repeat(100_000);
        cases.add(row("100 KB bulk argument", "*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$100000\r\n" + big +
            "\r\n*2\r\n$6\r\nSTRLEN\r\n$3\r\nbig\r\n"));
        cases.add(split("100 KB bulk argument in pieces", 5, "*2\r\n$4\r\nECHO\r\n$100000\r\n",
            big.substring(0, 40_000), big.substring(40_000), "\r\n"));
    }

    private static void inlineInput(final List<ProtocolCase> cases)
    {
        cases.add(row("inline PING", "PING\r\n"));
        cases.add(row("inline with LF only", "PING\n"));
        cases.add(row("inline with surrounding spaces and tabs", "  ECHO\t a  \r\n"));
        cases.add(row("inline double quotes", "SET inl \"b c\"\r\nGET inl\r\n"));
        cases.add(row("inline escapes in double quotes", "ECHO \"\\x41\\n\\t\\\\\\\"\\r\\b\\a\\z\"\r\n"));
        cases.add(row("inline single quotes", "ECHO 'a b'\r\nECHO 'it\\'s'\r\nECHO '\\x41\\n'\r\n"));
        cases.add(row("inline unbalanced double quote", "SET a \"b\r\n"));
        cases.add(row("inline unbalanced single quote", "SET a 'b\r\n"));
        cases.add(row("inline closing quote followed by a character", "ECHO \"a\"b\r\n"));
        cases.add(row("inline empty line is ignored", "\r\n"));
        cases.add(row("inline blank line is ignored", "   \r\n"));
        cases.add(row("inline bare LF is ignored", "\n"));
        cases.add(row("inline unknown command", "NOSUCH a \"b c\"\r\n"));
        cases.add(row("inline unknown command with no args", "NOSUCH\r\n"));
        cases.add(row("inline wrong arity", "GET\r\n"));
        cases.add(row("bulk header outside a multibulk is an inline command", "$4\r\nPING\r\n"));
        cases.add(row("simple string outside a multibulk is an inline command", "+PING\r\n"));
        cases.add(row("inline 60 KB argument", "ECHO " + "y".repeat(60_000) + "\r\n"));
    }

    private static void malformedMultibulk(final List<ProtocolCase> cases)
    {
        cases.add(row("multibulk count not a number", "*abc\r\n"));
        cases.add(row("multibulk count empty", "*\r\n"));
        cases.add(row("multibulk count with a leading zero", "*01\r\n$4\r\nPING\r\n"));
        cases.add(row("multibulk count with a plus sign", "*+1\r\n$4\r\nPING\r\n"));
        cases.add(row("multibulk count with a trailing space", "*1 \r\n$4\r\nPING\r\n"));
        cases.add(row("multibulk count above INT_MAX", "*2147483648\r\n"));
        cases.add(row("multibulk element is a simple string", "*1\r\n+PING\r\n"));
        cases.add(row("multibulk element is an integer", "*1\r\n:1\r\n"));
        cases.add(row("multibulk element is an array", "*1\r\n*1\r\n"));
        cases.add(withoutSentinel("multibulk count 1048577 waits for elements", "*1048577\r\n"));
        cases.add(withoutSentinel("multibulk missing its last element waits", "*2\r\n$4\r\nECHO\r\n"));
        cases.add(withoutSentinel("multibulk payload without CRLF waits", "*1\r\n$4\r\nPING"));
    }

    private static void malformedBulk(final List<ProtocolCase> cases)
    {
        cases.add(row("bulk length -1", "*1\r\n$-1\r\n"));
        cases.add(row("bulk length -2", "*1\r\n$-2\r\n"));
        cases.add(row("bulk length not a number", "*1\r\n$abc\r\n"));
        cases.add(row("bulk length empty", "*1\r\n$\r\n"));
        cases.add(row("bulk length with a trailing space", "*1\r\n$4 \r\nPING\r\n"));
        cases.add(row("bulk length above proto-max-bulk-len", "*1\r\n$536870913\r\n"));
        cases.add(row("bulk length 600000000", "*1\r\n$600000000\r\n"));
        cases.add(row("bulk length above INT_MAX", "*1\r\n$2147483648\r\n"));
        cases.add(withoutSentinel("bulk length equal to proto-max-bulk-len waits for the payload",
            "*1\r\n$536870912\r\n"));
    }

    private static void limits(final List<ProtocolCase> cases)
    {
        // Redis reads at most 16 KB at a time and gives up on a line once 64 KB have arrived without a newline,
        // so 100 KB without one is an error whatever the TCP segmentation.
        // No sentinel: its CRLF must not end the over-long line in a server that reads larger chunks.
        cases.add(withoutSentinel("inline request over 64 KB", "A".repeat(100_000)));
        cases.add(withoutSentinel("multibulk count string over 64 KB", "*" + "1".repeat(100_000)));
        cases.add(withoutSentinel("bulk length string over 64 KB", "*1\r\n$" + "1".repeat(100_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldAnswerLikeRedisWhenSentRawBytes(final ProtocolCase testCase) throws Exception
    {
        start.require();
        try (RespClient reference = servers.connectReference(); RespClient target = servers.connectTarget())
        {
            final List<byte[]> chunks = new ArrayList<>(testCase.chunks());
            if (testCase.sentinel())
            {
                chunks.add(SENTINEL);
            }
            for (int i = 0; i < chunks.size(); i++)
            {
                if (i > 0)
                {
                    Thread.sleep(testCase.pauseMs());
                }
                sendQuietly(reference, chunks.get(i));
                sendQuietly(target, chunks.get(i));
            }
            final byte[] marker = testCase.sentinel() ? SENTINEL_REPLY : null;
            final int idleMs = testCase.sentinel() ? SENTINEL_IDLE_MS : IDLE_MS;
            final RespClient.RawRead expected = reference.readRaw(marker, idleMs);
            final RespClient.RawRead actual = target.readRaw(marker, idleMs);
            if (transcript != null)
            {
                transcript.println(testCase.name() + "\n  -> " + printable(expected.bytes()) +
                    (expected.closed() ? " <closed>" : " <open>"));
                transcript.flush();
            }
            final boolean same =
                Arrays.equals(expected.bytes(), actual.bytes()) && expected.closed() == actual.closed();
            assertTrue(same, () -> describe(testCase, expected, actual));
        }
    }

    /** A server that closed on an earlier chunk makes later writes fail; what it sent before is still compared. */
    private static void sendQuietly(final RespClient client, final byte[] chunk)
    {
        try
        {
            client.sendRaw(chunk);
        }
        catch (final IOException ignore)
        {
            // The read that follows reports the close.
        }
    }

    private String describe(
        final ProtocolCase testCase, final RespClient.RawRead expected, final RespClient.RawRead actual)
    {
        final StringBuilder input = new StringBuilder();
        for (final byte[] chunk : testCase.chunks())
        {
            input.append(input.length() == 0 ? "" : " | ").append(printable(chunk));
        }
        return "protocol case \"" + testCase.name() + "\"\n  input   : " + input +
            (testCase.sentinel() ? " + sentinel" : "") +
            "\n  redis   : " + printable(expected.bytes()) + (expected.closed() ? " <closed>" : " <open>") +
            "\n  " + String.format("%-8s", servers.targetName()) + ": " + printable(actual.bytes()) +
            (actual.closed() ? " <closed>" : " <open>");
    }

    private static String printable(final byte[] data)
    {
        final StringBuilder out = new StringBuilder();
        final int shown = Math.min(data.length, 300);
        RespReply.appendQuoted(out, Arrays.copyOf(data, shown));
        if (shown < data.length)
        {
            out.append("...(").append(data.length).append(" bytes)");
        }
        return out.toString();
    }

    private static ProtocolCase row(final String name, final String input)
    {
        return new ProtocolCase(name, List.of(bytes(input)), true, 0);
    }

    private static ProtocolCase withoutSentinel(final String name, final String input)
    {
        return new ProtocolCase(name, List.of(bytes(input)), false, 0);
    }

    private static ProtocolCase split(final String name, final long pauseMs, final String... chunks)
    {
        final List<byte[]> list = new ArrayList<>();
        for (final String chunk : chunks)
        {
            list.add(bytes(chunk));
        }
        return new ProtocolCase(name, list, true, pauseMs);
    }

    /** Test inputs are written as Java strings of code points 0-255, one byte each. */
    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
