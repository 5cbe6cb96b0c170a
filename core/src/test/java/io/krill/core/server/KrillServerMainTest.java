package io.krill.core.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goal: the {@code krill-server} entry point behaves like redis-server at its edges: a bad option prints Redis's
 * fatal report on stderr and exits 1; {@code --version} and {@code --help} print and exit 0. Method: run
 * {@link KrillServerMain} in a child JVM on this test's classpath and check the exit status and output. Also
 * checks the mapping from Redis log levels to slf4j's.
 */
class KrillServerMainTest
{
    private static final class Outcome
    {
        final int exitStatus;
        final String stdout;
        final String stderr;

        Outcome(final int exitStatus, final String stdout, final String stderr)
        {
            this.exitStatus = exitStatus;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    private static Outcome run(final String... args) throws IOException, InterruptedException
    {
        final String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> command = new ArrayList<>(Arrays.asList(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
            KrillServerMain.class.getName()));
        command.addAll(Arrays.asList(args));
        final File out = File.createTempFile("krill-main", ".out");
        final File err = File.createTempFile("krill-main", ".err");
        try
        {
            final Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                throw new AssertionError("krill-server did not exit");
            }
            return new Outcome(process.exitValue(),
                new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8));
        }
        finally
        {
            out.delete();
            err.delete();
        }
    }

    @Test
    void shouldExitWithRedisStyleReportWhenOptionIsUnknown() throws IOException, InterruptedException
    {
        final Outcome outcome = run("--port", "7000", "--foo", "bar");
        assertEquals(1, outcome.exitStatus, outcome.stderr);
        assertTrue(outcome.stderr.startsWith("\n*** FATAL CONFIG FILE ERROR (Krill "), outcome.stderr);
        assertTrue(outcome.stderr.contains("Reading the configuration file, at line 3\n>>> 'foo \"bar\"'\n"
            + "Bad directive or wrong number of arguments\n"), outcome.stderr);
        assertEquals("", outcome.stdout);
    }

    @Test
    void shouldPrintVersionWhenAsked() throws IOException, InterruptedException
    {
        final Outcome outcome = run("--version");
        assertEquals(0, outcome.exitStatus, outcome.stderr);
        assertTrue(outcome.stdout.startsWith("Krill server v="), outcome.stdout);
        assertEquals(outcome.stdout, run("-v").stdout);
    }

    @Test
    void shouldPrintUsageWhenAskedForHelp() throws IOException, InterruptedException
    {
        final Outcome outcome = run("-h");
        assertEquals(0, outcome.exitStatus, outcome.stderr);
        assertTrue(outcome.stdout.startsWith("Usage: krill-server [/path/to/redis.conf] [options]"), outcome.stdout);
    }

    @Test
    void shouldMapRedisLogLevelsWhenConfiguringSlf4j()
    {
        assertEquals("debug", KrillServerMain.slf4jLevel("debug"));
        assertEquals("debug", KrillServerMain.slf4jLevel("verbose"));
        assertEquals("info", KrillServerMain.slf4jLevel("notice"));
        assertEquals("warn", KrillServerMain.slf4jLevel("warning"));
    }
}
