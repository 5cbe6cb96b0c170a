package io.krill.gossip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/*
 * Goal: the gossip state machine reads no clock and draws no randomness of its own (STYLE.md "The sans-I/O
 * contract"): any System.*Time* call, java.time clock, Math.random or seedless random generator in src/main
 * would break the simulator's replay. GossipSansIoTest (from the codec work) covers threads and sockets; this
 * scan is the wider time/randomness net.
 * Method: scan every main source line, comments included.
 */
class GossipStateSansIoTest
{
    private static final Pattern FORBIDDEN = Pattern.compile(
        "System\\.\\w*[Tt]ime\\w*|java\\.time\\.|Math\\.random|new SplittableRandom\\(\\)|new Random\\(|" +
        "SecureRandom|UUID\\.random|\\.sleep\\(|Timer\\b|CompletableFuture");

    @Test
    void shouldReadNoClockAndDrawNoUnseededRandomnessWhenScanningMainSources() throws IOException
    {
        final List<String> hits = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(Path.of("src/main/java")))
        {
            for (final Path path : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList())
            {
                final List<String> lines = Files.readAllLines(path);
                for (int i = 0; i < lines.size(); i++)
                {
                    if (FORBIDDEN.matcher(lines.get(i)).find())
                    {
                        hits.add(path.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertEquals(List.of(), hits);
    }
}
