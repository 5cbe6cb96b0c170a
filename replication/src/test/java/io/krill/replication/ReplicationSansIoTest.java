package io.krill.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/*
 * Goal: the replication module stays sans I/O (STYLE.md "The sans-I/O contract"): no clock, threads, executors,
 * unseeded randomness or sockets in src/main.
 * Method: scan every main source file for the forbidden names.
 */
class ReplicationSansIoTest
{
    private static final Pattern FORBIDDEN = Pattern.compile(
        "System\\.(currentTimeMillis|nanoTime)|Instant\\.now|Clock\\.system|\\bThread\\b|Executor|new Random\\b|" +
        "SecureRandom|ThreadLocalRandom|java\\.net\\.|java\\.nio\\.channels|\\bSocket");

    @Test
    void shouldUseNoClockThreadsOrSocketsWhenScanningMainSources() throws IOException
    {
        final Path root = Path.of("src/main/java");
        assertTrue(Files.isDirectory(root), "run from the replication module directory");
        final List<String> hits = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.filter(p -> p.toString().endsWith(".java")).toList())
            {
                files++;
                final List<String> lines = Files.readAllLines(path);
                for (int i = 0; i < lines.size(); i++)
                {
                    if (FORBIDDEN.matcher(lines.get(i)).find())
                    {
                        hits.add(path + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertTrue(files > 5, "found " + files + " files");
        assertEquals(List.of(), hits);
    }
}
