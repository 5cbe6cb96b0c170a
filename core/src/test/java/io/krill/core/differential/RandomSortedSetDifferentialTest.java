package io.krill.core.differential;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Goal: on random sequences of sorted set commands over a few shared keys, Krill's replies are the same as Redis
 * 7.0's, reply for reply, in both encodings.
 * <p>
 * Method: a run seed ({@code -Ddiff.seed=<n>}, otherwise drawn and printed) yields one child seed per sequence;
 * each sequence is a dynamic test that flushes both servers, sets {@code zset-max-listpack-entries} to a value
 * drawn from the seed (2, 4 or the default 128, so sets convert to skip lists early or not at all), sends
 * {@code diff.zset.length} commands from {@link RandomSortedSetCommands} to both servers comparing every reply,
 * and restores the default. A mismatch reports the seed, the sequence, the step and the commands leading to it.
 * {@code -Ddiff.zset.sequences} and {@code -Ddiff.zset.length} size the run (default 12 sequences of 150).
 */
class RandomSortedSetDifferentialTest
{
    static final String SEQUENCES_PROP_NAME = "diff.zset.sequences";
    static final String LENGTH_PROP_NAME = "diff.zset.length";
    static final int SEQUENCES_DEFAULT = 12;
    static final int LENGTH_DEFAULT = 150;
    private static final String[] LISTPACK_ENTRIES = {"2", "4", "128"};
    private static final int HISTORY_SHOWN = 15;

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
    List<DynamicTest> shouldReplyLikeRedisWhenRunningRandomSortedSetSequences()
    {
        if (servers == null)
        {
            return List.of(DynamicTest.dynamicTest("random sorted set sequences", () -> start.require()));
        }
        final String seedText = System.getProperty(RandomDifferentialTest.SEED_PROP_NAME);
        final long seed = seedText != null ? Long.parseLong(seedText) : new SplittableRandom().nextLong();
        final int sequences = Integer.getInteger(SEQUENCES_PROP_NAME, SEQUENCES_DEFAULT);
        final int length = Integer.getInteger(LENGTH_PROP_NAME, LENGTH_DEFAULT);
        System.out.printf("RandomSortedSetDifferentialTest: -D%s=%d (%d sequences of %d commands)%n",
            RandomDifferentialTest.SEED_PROP_NAME, seed, sequences, length);
        final SplittableRandom seeds = new SplittableRandom(seed);
        final List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < sequences; i++)
        {
            final int index = i;
            final long sequenceSeed = seeds.nextLong();
            tests.add(DynamicTest.dynamicTest("sequence " + i, () -> runSequence(seed, index, sequenceSeed, length)));
        }
        return tests;
    }

    private static void runSequence(final long runSeed, final int index, final long sequenceSeed, final int length)
        throws IOException
    {
        final String entries = LISTPACK_ENTRIES[new SplittableRandom(sequenceSeed).nextInt(LISTPACK_ENTRIES.length)];
        final RandomSortedSetCommands commands = new RandomSortedSetCommands(sequenceSeed);
        final Deque<String> history = new ArrayDeque<>();
        try (Session session = new Session(servers))
        {
            session.flushAll();
            configure(session, entries);
            try
            {
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
                        throw new AssertionFailedError(describe(runSeed, index, step, entries, command, reason,
                            reference, target, history), reference.toString(), target.toString());
                    }
                    history.addLast(command.source() + "  -> " + reference);
                    if (history.size() > HISTORY_SHOWN)
                    {
                        history.removeFirst();
                    }
                }
            }
            finally
            {
                configure(session, "128");
            }
        }
    }

    private static void configure(final Session session, final String entries) throws IOException
    {
        final List<byte[]> args = List.of(bytes("CONFIG"), bytes("SET"), bytes("zset-max-listpack-entries"),
            bytes(entries));
        Session.call(session.reference(), args);
        Session.call(session.target(), args);
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String describe(final long runSeed, final int index, final int step, final String entries,
        final Step command, final String reason, final RespReply reference, final RespReply target,
        final Deque<String> history)
    {
        final StringBuilder out = new StringBuilder();
        out.append("sequence ").append(index).append(", command ").append(step)
            .append(" (zset-max-listpack-entries ").append(entries).append(")\n");
        out.append("  reproduce: -D").append(RandomDifferentialTest.SEED_PROP_NAME).append('=').append(runSeed)
            .append('\n');
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
