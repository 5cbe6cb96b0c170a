package io.krill.core.differential;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Goal: Krill answers every command in the hand-written case files exactly as Redis 7.0 does.
 * <p>
 * Method: each {@code src/test/resources/differential/*.txt} file (format in {@link CaseFile} and the README next
 * to the files) is parsed into cases; each case becomes a dynamic test named "file:line title" that flushes both
 * servers, opens fresh connections and sends every command to a real {@code redis-server} and to the target,
 * comparing the replies as the line's directive says. The target is Krill, or with {@code -Ddiff.target=redis} a
 * second Redis, which must pass every case (that is how the cases themselves are validated).
 * {@code -Ddiff.file=strings} runs only the files whose name contains "strings"; {@code -Ddiff.transcript=true}
 * writes each command with Redis's reply to {@code target/differential-transcripts/}.
 */
class CaseFileDifferentialTest
{
    static final String CASES_RESOURCE = "/differential";
    static final String FILE_PROP_NAME = "diff.file";
    static final String TRANSCRIPT_PROP_NAME = "diff.transcript";

    private static ServerPair.Start start;
    private static ServerPair servers;
    private static final List<PrintWriter> TRANSCRIPTS = new ArrayList<>();

    @BeforeAll
    static void startServers() throws IOException, InterruptedException
    {
        start = ServerPair.tryStart();
        servers = start.servers();
    }

    @AfterAll
    static void stopServers() throws Exception
    {
        TRANSCRIPTS.forEach(PrintWriter::close);
        TRANSCRIPTS.clear();
        if (servers != null)
        {
            servers.close();
            servers = null;
        }
    }

    @TestFactory
    Stream<DynamicNode> shouldReplyLikeRedisWhenRunningEachCaseFile() throws IOException, URISyntaxException
    {
        if (servers == null)
        {
            return Stream.of(DynamicTest.dynamicTest("differential cases", () -> start.require()));
        }
        final String only = System.getProperty(FILE_PROP_NAME, "");
        final List<DynamicNode> files = new ArrayList<>();
        for (final Path file : caseFiles())
        {
            final String name = file.getFileName().toString();
            if (name.contains(only))
            {
                files.add(fileNode(name, Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        if (files.isEmpty())
        {
            throw new IllegalStateException("no case files under " + CASES_RESOURCE + " match '" + only + "'");
        }
        return files.stream();
    }

    static List<Path> caseFiles() throws IOException, URISyntaxException
    {
        final URL folder = CaseFileDifferentialTest.class.getResource(CASES_RESOURCE);
        if (folder == null)
        {
            throw new IllegalStateException("test resource folder " + CASES_RESOURCE + " is missing");
        }
        try (Stream<Path> paths = Files.list(Path.of(folder.toURI())))
        {
            return paths.filter(path -> path.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
    }

    private DynamicNode fileNode(final String name, final String content) throws IOException
    {
        final List<CaseFile.Case> cases;
        try
        {
            cases = CaseFile.parse(name, content);
        }
        catch (final IllegalArgumentException ex)
        {
            return DynamicTest.dynamicTest(name + " (parse)", () ->
            {
                throw ex;
            });
        }
        final CaseRunner runner = new CaseRunner(servers, transcript(name));
        final List<DynamicTest> tests = new ArrayList<>();
        for (final CaseFile.Case testCase : cases)
        {
            final URI source = URI.create("classpath:" + CASES_RESOURCE + "/" + name + "?line=" + testCase.line());
            tests.add(DynamicTest.dynamicTest(testCase.displayName(), source, () -> runner.run(testCase)));
        }
        return DynamicContainer.dynamicContainer(name, tests);
    }

    private static PrintWriter transcript(final String name) throws IOException
    {
        if (!Boolean.getBoolean(TRANSCRIPT_PROP_NAME))
        {
            return null;
        }
        final Path dir = Path.of("target", "differential-transcripts");
        Files.createDirectories(dir);
        final PrintWriter writer = new PrintWriter(Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8));
        TRANSCRIPTS.add(writer);
        return writer;
    }
}
