package io.krill.gossip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads the bus messages captured from Redis 7.0.15 (copied from the shared fixtures into test resources, see
 * the README there) and their {@code index.tsv} rows.
 */
final class BusFixtures
{
    static final String MAIN = "/io/krill/gossip/fixtures/";
    static final String HOSTNAME_EXT = "/io/krill/gossip/fixtures/hostname-ext/";

    private BusFixtures()
    {
    }

    /**
     * The rows of {@code dir/index.tsv}, each as column name to value, in file order.
     */
    static List<Map<String, String>> index(final String dir)
    {
        final String text = new String(bytes(dir, "index.tsv"), StandardCharsets.UTF_8);
        final String[] lines = text.split("\n");
        final String[] columns = lines[0].split("\t", -1);
        final List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++)
        {
            if (lines[i].isEmpty())
            {
                continue;
            }
            final String[] values = lines[i].split("\t", -1);
            final Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.length; c++)
            {
                row.put(columns[c], c < values.length ? values[c] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    static byte[] bytes(final String dir, final String file)
    {
        try (InputStream in = BusFixtures.class.getResourceAsStream(dir + file))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing test resource " + dir + file);
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Names of the {@code .bin} files present in {@code dir}.
     */
    static List<String> binFiles(final String dir)
    {
        final URL url = BusFixtures.class.getResource(dir);
        try (Stream<Path> files = Files.list(Path.of(url.toURI())))
        {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bin")).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Every captured message, main capture then hostname-ext: the seeds of the fuzz test.
     */
    static List<byte[]> allMessages()
    {
        final List<byte[]> messages = new ArrayList<>();
        for (final Map<String, String> row : index(MAIN))
        {
            messages.add(bytes(MAIN, row.get("file")));
        }
        for (final Map<String, String> row : index(HOSTNAME_EXT))
        {
            messages.add(bytes(HOSTNAME_EXT, row.get("file")));
        }
        return messages;
    }
}
