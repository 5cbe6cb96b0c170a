package io.krill.gossip.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Seeds for simulation tests (STYLE.md "Deterministic simulation"): {@code -Dsim.seed=<n>} replays one run
 * (limited to one test with {@code -Dsim.test=<name>}); otherwise a test runs its fixed seeds plus one drawn
 * seed; {@code -Dsim.seeds=<n>} runs seeds 1..n instead of the fixed ones (a long local sweep). Every seed is
 * printed before it runs, and a failure is rethrown with
 * {@code reproduce: -Dsim.seed=<n> -Dsim.test=<name>} in its message.
 */
public final class SimRun
{
    public interface Body
    {
        void run(long seed) throws Exception;
    }

    private SimRun()
    {
    }

    public static void forSeeds(final String testName, final int fixedSeeds, final Body body)
    {
        for (final long seed : seeds(testName, fixedSeeds))
        {
            once(testName, seed, body);
        }
    }

    public static void once(final String testName, final long seed, final Body body)
    {
        System.out.println("sim " + testName + " seed=" + seed);
        try
        {
            body.run(seed);
        }
        catch (final Throwable failure)
        {
            final AssertionError error = new AssertionError(
                failure.getMessage() + "\nreproduce: -Dsim.seed=" + seed + " -Dsim.test=" + testName, failure);
            throw error;
        }
    }

    /**
     * The seeds a test should run: the replay seed when given for it, else 1..fixed plus a drawn one.
     */
    public static List<Long> seeds(final String testName, final int fixedSeeds)
    {
        final String replay = System.getProperty("sim.seed");
        final String only = System.getProperty("sim.test");
        final List<Long> seeds = new ArrayList<>();
        if (replay != null && (only == null || only.equals(testName)))
        {
            seeds.add(Long.parseLong(replay));
            return seeds;
        }
        final String sweep = System.getProperty("sim.seeds");
        final int count = sweep != null ? Integer.parseInt(sweep) : fixedSeeds;
        for (long seed = 1; seed <= count; seed++)
        {
            seeds.add(seed);
        }
        // One fresh seed per run widens coverage over time; it is printed, so a failure can be replayed.
        seeds.add(System.nanoTime() & Long.MAX_VALUE);
        return seeds;
    }
}
