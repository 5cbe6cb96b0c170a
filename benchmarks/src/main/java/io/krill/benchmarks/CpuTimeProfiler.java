package io.krill.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Adds {@code cpu.time.norm}: CPU time the benchmark JVM spent per operation (all its threads, user and system).
 * <p>
 * BACKGROUND: on a machine whose cores are shared with other work, JMH's wall-clock time per operation includes
 * the time the benchmark thread waited for a core, which varies from run to run far more than the code under
 * test. CPU time counts only the time spent running, so two builds measured on a busy machine can still be
 * compared. It includes the JIT and GC threads, which are idle once a single-threaded benchmark is warm.
 * Use: {@code -prof io.krill.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler
{
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
    private long startCpuNs;

    @Override
    public String getDescription()
    {
        return "CPU time of the benchmark JVM per operation";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        startCpuNs = os.getProcessCpuTime();
    }

    @Override
    public List<? extends Result> afterIteration(final BenchmarkParams benchmarkParams,
        final IterationParams iterationParams, final IterationResult result)
    {
        final long cpuNs = os.getProcessCpuTime() - startCpuNs;
        final long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
        final double perOp = ops == 0 ? Double.NaN : (double)cpuNs / ops;
        return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }
}
