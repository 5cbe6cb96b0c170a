package io.krill.core.glob;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one KEYS/SCAN MATCH test of a key costs, and that it allocates nothing. Baseline: a precompiled
 * {@link java.util.regex.Pattern} for the same glob, which is what a JDK-only implementation would reach for.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar GlobPatternBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class GlobPatternBenchmark
{
    @Param({"user:*:session", "*a*b*c*", "h[ae]llo?world"})
    public String glob;

    private byte[] pattern;
    private byte[] key;
    private Pattern regex;
    private String keyText;

    @Setup
    public void setup()
    {
        pattern = glob.getBytes(StandardCharsets.US_ASCII);
        keyText = "user:1234567:session-with-a-longer-tail-b-and-c";
        key = keyText.getBytes(StandardCharsets.US_ASCII);
        regex = Pattern.compile(toRegex(glob));
    }

    private static String toRegex(final String glob)
    {
        final StringBuilder out = new StringBuilder();
        for (final char c : glob.toCharArray())
        {
            switch (c)
            {
                case '*':
                    out.append(".*");
                    break;
                case '?':
                    out.append('.');
                    break;
                case '[':
                case ']':
                    out.append(c);
                    break;
                default:
                    out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    @Benchmark
    public boolean globPattern()
    {
        return GlobPattern.matches(pattern, 0, pattern.length, key, 0, key.length, false);
    }

    @Benchmark
    public boolean jdkRegex()
    {
        return regex.matcher(keyText).matches();
    }
}
