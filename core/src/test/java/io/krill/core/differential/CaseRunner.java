package io.krill.core.differential;

import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Runs one case on a {@link ServerPair}: FLUSHALL, then each step on both sides, compared as the step says. The
 * first mismatch fails the case (later steps would mostly repeat it) with the file, line, command and both
 * replies.
 */
final class CaseRunner
{
    /** Bound on SCAN iterations per side, so a cursor that never returns to 0 fails instead of looping. */
    static final int SCAN_ITERATIONS_MAX = 10_000;

    private final ServerPair servers;
    private final PrintWriter transcript;

    /**
     * @param transcript where to write each command with the reference's reply, or null for none.
     */
    CaseRunner(final ServerPair servers, final PrintWriter transcript)
    {
        this.servers = servers;
        this.transcript = transcript;
    }

    void run(final CaseFile.Case testCase) throws IOException, InterruptedException
    {
        if (transcript != null)
        {
            transcript.println("### " + testCase.title());
        }
        try (Session session = new Session(servers))
        {
            session.flushAll();
            for (final Step step : testCase.steps())
            {
                runStep(testCase, session, step);
            }
        }
        finally
        {
            if (transcript != null)
            {
                transcript.flush();
            }
        }
    }

    private void runStep(final CaseFile.Case testCase, final Session session, final Step step)
        throws IOException, InterruptedException
    {
        if (step.sleepMs() >= 0)
        {
            Thread.sleep(step.sleepMs());
            return;
        }
        if (step.connection() != null)
        {
            session.use(step.connection());
            return;
        }
        final RespReply reference;
        final RespReply target;
        if (step.mode() == Step.Mode.SCANALL)
        {
            reference = scanAll(session.reference(), step.args());
            target = scanAll(session.target(), step.args());
        }
        else
        {
            reference = Session.call(session.reference(), step.args());
            target = Session.call(session.target(), step.args());
        }
        if (transcript != null)
        {
            transcript.println(step.command() + "\n  -> " + reference);
        }
        final String reason = compare(step, reference, target);
        if (reason != null)
        {
            throw new AssertionFailedError(describe(testCase, step, reason, reference, target),
                reference.toString(), target.toString());
        }
    }

    private String compare(final Step step, final RespReply reference, final RespReply target)
    {
        if (step.mode() == Step.Mode.KRILL_ONLY_EXPECT)
        {
            if (servers.isKrill())
            {
                return step.expected().equals(target.toString()) ? null :
                    "Krill's reply is not the expected " + step.expected();
            }
            return reference.equals(target) ? null : "replies differ";
        }
        return ReplyComparison.difference(step, reference, target);
    }

    private String describe(
        final CaseFile.Case testCase,
        final Step step,
        final String reason,
        final RespReply reference,
        final RespReply target)
    {
        return String.format(Locale.ROOT, "%s:%d in case \"%s\"%n  command : %s%n  mismatch: %s%n  redis   : %s%n" +
            "  %-8s: %s", testCase.file(), step.line(), testCase.title(), step.source(), reason, reference,
            servers.targetName(), target);
    }

    /**
     * Runs a SCAN-family command until its cursor comes back to 0 and returns the distinct elements it produced,
     * sorted, as one array (for HSCAN and ZSCAN, as [field, value] pairs). An error or an unexpected reply is
     * returned as is, so both sides still compare.
     */
    static RespReply scanAll(final RespClient client, final List<byte[]> args) throws IOException
    {
        final String name = QuotedArgs.toText(args.get(0)).toUpperCase(Locale.ROOT);
        final int cursorIndex = name.equals("SCAN") ? 1 : 2;
        final boolean pairs = name.equals("HSCAN") || name.equals("ZSCAN");
        if (args.size() <= cursorIndex)
        {
            return Session.call(client, args);
        }
        final List<byte[]> command = new ArrayList<>(args);
        final TreeMap<String, RespReply> elements = new TreeMap<>();
        for (int i = 0; i < SCAN_ITERATIONS_MAX; i++)
        {
            final RespReply reply = Session.call(client, command);
            if (reply.type() != RespReply.Type.ARRAY || reply.children().size() != 2 ||
                !reply.children().get(1).isAggregate())
            {
                return reply;
            }
            final List<RespReply> batch = reply.children().get(1).children();
            for (int j = 0; j < batch.size(); j += pairs ? 2 : 1)
            {
                final RespReply element = pairs && j + 1 < batch.size() ?
                    RespReply.aggregate(RespReply.Type.ARRAY, List.of(batch.get(j), batch.get(j + 1))) : batch.get(j);
                elements.put(element.toString(), element);
            }
            final byte[] cursor = reply.children().get(0).bytes();
            if (QuotedArgs.toText(cursor).equals("0"))
            {
                final List<RespReply> sorted = new ArrayList<>(elements.values());
                sorted.sort(Comparator.comparing(RespReply::toString));
                return RespReply.aggregate(RespReply.Type.ARRAY, sorted);
            }
            command.set(cursorIndex, cursor);
        }
        throw new AssertionFailedError("cursor did not return to 0 within " + SCAN_ITERATIONS_MAX + " calls: " +
            QuotedArgs.describe(args));
    }
}
