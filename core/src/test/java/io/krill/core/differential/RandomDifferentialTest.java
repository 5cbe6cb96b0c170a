package io.krill.core.differential;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.List;

/**
 * Goal: on random interleavings of string, list and keyspace commands over a few shared keys, Krill's replies are the
 * same as Redis 7.0's, reply for reply.
 * <p>
 * Method: a run seed ({@code -Ddiff.seed=<n>}, otherwise drawn and printed) yields one child seed per sequence;
 * each sequence is a dynamic test that flushes both servers, opens fresh connections and sends
 * {@code diff.length} commands from {@link RandomCommands} to both, comparing every reply (approximately for
 * remaining times, as sets for KEYS and SCAN, by type for RANDOMKEY). A mismatch reports the seed to reproduce,
 * the sequence, the step and the commands leading to it ({@link RandomSequences}). {@code -Ddiff.sequences} and
 * {@code -Ddiff.length} size the run; {@code -Ddiff.types=true} adds set and hash writes on the same keys
 * (WRONGTYPE paths).
 */
class RandomDifferentialTest
{
    static final String SEED_PROP_NAME = RandomSequences.SEED_PROP_NAME;
    static final String SEQUENCES_PROP_NAME = "diff.sequences";
    static final String LENGTH_PROP_NAME = "diff.length";
    static final String TYPES_PROP_NAME = "diff.types";
    static final int SEQUENCES_DEFAULT = 20;
    static final int LENGTH_DEFAULT = 200;

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
        final int sequences = Integer.getInteger(SEQUENCES_PROP_NAME, SEQUENCES_DEFAULT);
        final int length = Integer.getInteger(LENGTH_PROP_NAME, LENGTH_DEFAULT);
        final boolean types = Boolean.getBoolean(TYPES_PROP_NAME);
        return RandomSequences.tests("RandomDifferentialTest", sequences,
            String.format("%d sequences of %d commands, types=%b", sequences, length, types),
            (runSeed, index, sequenceSeed) ->
            {
                final RandomCommands commands = new RandomCommands(sequenceSeed, types);
                try (Session session = new Session(servers))
                {
                    session.flushAll();
                    RandomSequences.compare(servers, session, commands::next, length, "sequence " + index,
                        RandomSequences.seedProperty(runSeed) + (types ? " -D" + TYPES_PROP_NAME + "=true" : ""));
                }
            });
    }
}
