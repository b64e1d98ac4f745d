package dev.threadproof.benchmarks;

import dev.threadproof.runtime.ArrayOps;
import dev.threadproof.runtime.DoubleReducer;
import dev.threadproof.runtime.Parallel;
import dev.threadproof.runtime.Schedule;
import dev.threadproof.runtime.Workers;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one reduction call allocates, for the reductions {@link KernelBenchmark} does not run: {@code variance},
 * {@code norm2}'s scaled pass, and the range and team reductions ({@code Parallel.range(n).sum},
 * {@code reduce(DoubleReducer)}, a team's {@code team.range(n).sum}), at 2 workers, on the kernels' input; the
 * range reductions also with one claim per block ({@code dynamic(1)}), where a tree that made a node per claim would
 * allocate one per block.
 *
 * <p>Run with JMH's allocation profiler, in plain forks as a user's JVM starts:
 * {@code java -jar benchmarks/target/benchmarks.jar ReductionAllocationBenchmark -prof gc} and read
 * {@code gc.alloc.rate.norm} (bytes per call). It uses only the public API, so the same source builds against an
 * older runtime for a before-and-after comparison (docs/performance.md, "Kernels as users run them").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ReductionAllocationBenchmark {
    @Param({"24"})
    public int log2n;

    private double[] x;
    private double[] scaled;
    private final Workers two = Workers.of(2);
    private static final Schedule ONE_BLOCK = Schedule.dynamic(1);

    @Setup(Level.Trial)
    public void setUp() {
        int n = 1 << log2n;
        x = new double[n];
        KernelBenchmark.fillInputs(x, new double[n]);
        scaled = x.clone();
        scaled[0] = 1e300; // norm2 then takes its scaled pass (Blue's three sums)
    }

    @Benchmark
    public double variance() {
        return ArrayOps.variance(x, 1, two);
    }

    @Benchmark
    public double norm2Scaled() {
        return ArrayOps.norm2(scaled, two);
    }

    @Benchmark
    public double rangeSum() {
        double[] v = x;
        return Parallel.range(v.length).workers(two).sum(i -> v[i]);
    }

    @Benchmark
    public double rangeReduce() {
        double[] v = x;
        return Parallel.range(v.length).workers(two).reduce(DoubleReducer.SUM, i -> v[i]);
    }

    @Benchmark
    public double rangeSumDynamic1() {
        double[] v = x;
        return Parallel.range(v.length).workers(two).schedule(ONE_BLOCK).sum(i -> v[i]);
    }

    @Benchmark
    public double rangeReduceMaxDynamic1() {
        double[] v = x;
        return Parallel.range(v.length).workers(two).schedule(ONE_BLOCK).reduce(DoubleReducer.MAX, i -> v[i]);
    }

    @Benchmark
    public double teamSum() {
        double[] v = x;
        double[] out = new double[1];
        Parallel.block(two, team -> {
            double s = team.range(v.length).sum(i -> v[i]);
            if (team.threadId() == 0) {
                out[0] = s;
            }
        });
        return out[0];
    }
}
