package io.krill.core.differential;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Goal: on random interleavings of string, list and keyspace commands over a few shared keys, Krill's replies are the
 * same as Redis 7.0's, reply for reply.
 * <p>
 * Method: a run seed ({@code -Ddiff.seed=<n>}, otherwise drawn and printed) yields one child seed per sequence;
 * each sequence is a dynamic test that flushes both servers, opens fresh connections and sends
 * {@code diff.length} commands from {@link RandomCommands} to both, comparing every reply (approximately for
 * remaining times, as sets for KEYS and SCAN, by type for RANDOMKEY). A mismatch reports the seed to reproduce,
 * the sequence, the step and the commands leading to it. {@code -Ddiff.sequences} and {@code -Ddiff.length} size
 * the run; {@code -Ddiff.types=true} adds set and hash writes on the same keys (WRONGTYPE paths).
 */
class RandomDifferentialTest
{
    static final String SEED_PROP_NAME = "diff.seed";
    static final String SEQUENCES_PROP_NAME = "diff.sequences";
    static final String LENGTH_PROP_NAME = "diff.length";
    static final String TYPES_PROP_NAME = "diff.types";
    static final int SEQUENCES_DEFAULT = 20;
    static final int LENGTH_DEFAULT = 200;
    /** How many earlier commands a failure shows. */
    static final int HISTORY_SHOWN = 15;

    private static ServerPair.Start start;
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException, InterruptedException
    {
        start = ServerPair.tryStart();
        servers = start.servers();
    }

    @AfterAll
    static void stopServers() throws Exception
    {
        if (servers != null)
        {
            servers.close();
            servers = null;
        }
    }

    @TestFactory
    List<DynamicTest> shouldReplyLikeRedisWhenRunningRandomSequences()
    {
        if (servers == null)
        {
            return List.of(DynamicTest.dynamicTest("random sequences", () -> start.require()));
        }
        final String seedText = System.getProperty(SEED_PROP_NAME);
        final long seed = seedText != null ? Long.parseLong(seedText) : new SplittableRandom().nextLong();
        final int sequences = Integer.getInteger(SEQUENCES_PROP_NAME, SEQUENCES_DEFAULT);
        final int length = Integer.getInteger(LENGTH_PROP_NAME, LENGTH_DEFAULT);
        final boolean types = Boolean.getBoolean(TYPES_PROP_NAME);
        System.out.printf("RandomDifferentialTest: -D%s=%d (%d sequences of %d commands, types=%b)%n",
            SEED_PROP_NAME, seed, sequences, length, types);
        final SplittableRandom seeds = new SplittableRandom(seed);
        final List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < sequences; i++)
        {
            final int index = i;
            final long sequenceSeed = seeds.nextLong();
            tests.add(DynamicTest.dynamicTest("sequence " + i,
                () -> runSequence(seed, index, new RandomCommands(sequenceSeed, types), length)));
        }
        return tests;
    }

    private static void runSequence(
        final long runSeed, final int index, final RandomCommands commands, final int length) throws IOException
    {
        final Deque<String> history = new ArrayDeque<>();
        try (Session session = new Session(servers))
        {
            session.flushAll();
            for (int step = 0; step < length; step++)
            {
                final Step command = commands.next();
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
                    throw new AssertionFailedError(describe(runSeed, index, step, command, reason, reference, target,
                        history), reference.toString(), target.toString());
                }
                history.addLast(command.source() + "  -> " + reference);
                if (history.size() > HISTORY_SHOWN)
                {
                    history.removeFirst();
                }
            }
        }
    }

    private static String describe(
        final long runSeed,
        final int index,
        final int step,
        final Step command,
        final String reason,
        final RespReply reference,
        final RespReply target,
        final Deque<String> history)
    {
        final StringBuilder out = new StringBuilder();
        out.append("sequence ").append(index).append(", command ").append(step).append('\n');
        out.append("  reproduce: -D").append(SEED_PROP_NAME).append('=').append(runSeed);
        if (Boolean.getBoolean(TYPES_PROP_NAME))
        {
            out.append(" -D").append(TYPES_PROP_NAME).append("=true");
        }
        out.append('\n');
        out.append("  preceding commands (with Redis's replies):\n");
        for (final String line : history)
        {
            out.append("    ").append(line).append('\n');
        }
        out.append("  command : ").append(command.source()).append('\n');
        out.append("  mismatch: ").append(reason).append('\n');
        out.append("  redis   : ").append(reference).append('\n');
        out.append(String.format("  %-8s: ", servers.targetName())).append(target);
        return out.toString();
    }
}
