package io.github.panamasockets.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof io.github.panamasockets.bench.CpuTimeProfiler}) that reports
 * {@code cpu.time.norm}: the CPU time of the whole benchmark JVM, user and system, all threads (the benchmark's,
 * an echo or drain thread's, JMH's, the JIT's and the GC's), per operation of an iteration.
 *
 * <p>On a machine shared with other work, time per operation measures the contention as much as the code: a
 * thread that waits for a core still counts the wait. The CPU time the JVM itself spent per operation holds up
 * much better, and includes what the kernel did on the calls' behalf, which is most of a socket call's cost.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long before;

    /** JMH makes one per fork. */
    public CpuTimeProfiler() {}

    @Override
    public String getDescription() {
        return "CPU time of the benchmark JVM (all threads, user + system) per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = OS.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long used = OS.getProcessCpuTime() - before;
        long ops = result.getMetadata().getAllOps();
        double perOp = ops > 0 && used >= 0 ? (double) used / ops : Double.NaN;
        return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }
}
