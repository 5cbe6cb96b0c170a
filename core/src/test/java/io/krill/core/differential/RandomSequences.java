package io.krill.core.differential;

import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What the random differential tests share: the run seed ({@code -Ddiff.seed}, otherwise drawn and printed), one
 * dynamic test per sequence with a child seed of its own, and the comparison of every step on both servers with a
 * report, at the first mismatch, of how to reproduce it and the commands that led to it.
 */
final class RandomSequences
{
    static final String SEED_PROP_NAME = "diff.seed";
    /** How many earlier commands a failure shows. */
    static final int HISTORY_SHOWN = 15;

    /** One sequence's body, given the run's seed (for reports), its index and its own seed. */
    interface Body
    {
        void run(long runSeed, int index, long sequenceSeed) throws IOException;
    }

    private RandomSequences()
    {
    }

    /**
     * The run seed (from {@code -Ddiff.seed} or drawn), printed with the test's name and sizes so that any run can
     * be replayed, and one dynamic test per sequence.
     */
    static List<DynamicTest> tests(final String testName, final int sequences, final String sizes, final Body body)
    {
        final String seedText = System.getProperty(SEED_PROP_NAME);
        final long seed = seedText != null ? Long.parseLong(seedText) : new SplittableRandom().nextLong();
        System.out.printf("%s: -D%s=%d (%s)%n", testName, SEED_PROP_NAME, seed, sizes);
        final SplittableRandom seeds = new SplittableRandom(seed);
        final List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < sequences; i++)
        {
            final int index = i;
            final long sequenceSeed = seeds.nextLong();
            tests.add(DynamicTest.dynamicTest("sequence " + i, () -> body.run(seed, index, sequenceSeed)));
        }
        return tests;
    }

    /**
     * Sends {@code length} commands to both servers of the session, comparing each pair of replies.
     *
     * @param header    the first line of a failure report (which sequence, with what settings).
     * @param reproduce the system properties that replay the run ({@code -Ddiff.seed=...}).
     * @throws AssertionFailedError at the first mismatch, with the report.
     */
    static void compare(final ServerPair servers, final Session session, final Supplier<Step> commands,
        final int length, final String header, final String reproduce) throws IOException
    {
        final Deque<String> history = new ArrayDeque<>();
        for (int step = 0; step < length; step++)
        {
            final Step command = commands.get();
            final RespReply reference;
            final RespReply target;
            if (command.mode() == Step.Mode.SCANALL)
            {
                reference = CaseRunner.scanAll(session.reference(), command.args());
                target = CaseRunner.scanAll(session.target(), command.args());
            }
            else
            {
                reference = Session.call(session.reference(), command.args());
                target = Session.call(session.target(), command.args());
            }
            final String reason = ReplyComparison.difference(command, reference, target);
            if (reason != null)
            {
                final StringBuilder out = new StringBuilder();
                out.append(header).append(", command ").append(step).append('\n');
                out.append("  reproduce: ").append(reproduce).append('\n');
                out.append("  preceding commands (with Redis's replies):\n");
                for (final String line : history)
                {
                    out.append("    ").append(line).append('\n');
                }
                out.append("  command : ").append(command.source()).append('\n');
                out.append("  mismatch: ").append(reason).append('\n');
                out.append("  redis   : ").append(reference).append('\n');
                out.append(String.format("  %-8s: ", servers.targetName())).append(target);
                throw new AssertionFailedError(out.toString(), reference.toString(), target.toString());
            }
            history.addLast(command.source() + "  -> " + reference);
            if (history.size() > HISTORY_SHOWN)
            {
                history.removeFirst();
            }
        }
    }

    /** {@code -Ddiff.seed=<run seed>}, to put in a report. */
    static String seedProperty(final long runSeed)
    {
        return "-D" + SEED_PROP_NAME + "=" + runSeed;
    }
}
