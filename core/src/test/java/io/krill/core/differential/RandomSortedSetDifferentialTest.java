package io.krill.core.differential;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        final int sequences = Integer.getInteger(SEQUENCES_PROP_NAME, SEQUENCES_DEFAULT);
        final int length = Integer.getInteger(LENGTH_PROP_NAME, LENGTH_DEFAULT);
        return RandomSequences.tests("RandomSortedSetDifferentialTest", sequences,
            String.format("%d sequences of %d commands", sequences, length),
            (runSeed, index, sequenceSeed) -> runSequence(runSeed, index, sequenceSeed, length));
    }

    private static void runSequence(final long runSeed, final int index, final long sequenceSeed, final int length)
        throws IOException
    {
        final String entries = LISTPACK_ENTRIES[new SplittableRandom(sequenceSeed).nextInt(LISTPACK_ENTRIES.length)];
        final RandomSortedSetCommands commands = new RandomSortedSetCommands(sequenceSeed);
        try (Session session = new Session(servers))
        {
            session.flushAll();
            configure(session, entries);
            try
            {
                RandomSequences.compare(servers, session, commands::next, length,
                    "sequence " + index + " (zset-max-listpack-entries " + entries + ")",
                    RandomSequences.seedProperty(runSeed));
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
}
