package io.krill.core.cluster;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code redis-cli} as a process for the cluster tests; a test calling it is skipped (JUnit
 * {@link Assumptions}) when redis-cli is not installed.
 */
final class RedisCli
{
    /** What a run printed (stdout and stderr together, ANSI colours removed) and its exit status. */
    static final class Result
    {
        final int exitCode;
        final String output;

        Result(final int exitCode, final String output)
        {
            this.exitCode = exitCode;
            this.output = output;
        }

        @Override
        public String toString()
        {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    private RedisCli()
    {
    }

    static void assumeInstalled()
    {
        try
        {
            final Process probe = new ProcessBuilder("redis-cli", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            Assumptions.assumeTrue(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "redis-cli --version failed: skipping the redis-cli cluster tests");
        }
        catch (final IOException ex)
        {
            Assumptions.abort("redis-cli is not installed: " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            Assumptions.abort("interrupted");
        }
    }

    static Result run(final long timeoutSeconds, final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add("redis-cli");
        command.addAll(List.of(args));
        // output goes to a file, so a redis-cli that hangs cannot block the test past its timeout
        final Path output = Files.createTempFile("krill-redis-cli", ".out");
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IOException("redis-cli " + String.join(" ", args) + " did not finish in " +
                    timeoutSeconds + " s: " + Files.readString(output));
            }
            final String text = Files.readString(output, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
            return new Result(process.exitValue(), text);
        }
        finally
        {
            Files.deleteIfExists(output);
        }
    }
}
