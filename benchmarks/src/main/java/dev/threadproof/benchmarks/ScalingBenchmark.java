package dev.threadproof.benchmarks;

import dev.threadproof.runtime.ArrayOps;
import dev.threadproof.runtime.LongReducer;
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
 * Every kernel of {@link KernelBenchmark}, and the irregular loop of the OpenMP peer ({@code benchmarks/peers}), at a
 * worker count given as a parameter: the threadproof side of {@code ci/bench.sh --workers 1,2,4,...}, which runs the
 * peer at the same thread counts and plots the speed-up of both against the ideal line.
 *
 * <p>The irregular loop: iteration {@code i} of {@code 2^16} does {@code i >> 7} dependent, non-linear mixing steps,
 * so its work grows with {@code i}; a static schedule gives the last worker the most work, a dynamic one balances it.
 * The result is the exact sum of the iterations' values (the same for every schedule and worker count).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class ScalingBenchmark {
    /** The iterations of the irregular loop, as in the peer. */
    static final int IRREGULAR_N = 1 << 16;

    @Param({"24"})
    public int log2n;

    @Param({"1", "2"})
    public int workers;

    private double[] x;
    private double[] y;
    private double[] out;
    private Workers w;
    private final Schedule dynamic = Schedule.dynamic(1);

    @Setup(Level.Trial)
    public void setUp() {
        int n = 1 << log2n;
        x = new double[n];
        y = new double[n];
        out = new double[n];
        KernelBenchmark.fillInputs(x, y);
        w = Workers.of(workers);
    }

    @Benchmark
    public double sum() {
        return ArrayOps.sum(x, w);
    }

    @Benchmark
    public double dot() {
        return ArrayOps.dot(x, y, w);
    }

    @Benchmark
    public double norm2() {
        return ArrayOps.norm2(x, w);
    }

    @Benchmark
    public double[] map() {
        ArrayOps.map(x, out, KernelBenchmark.MAP, w);
        return out;
    }

    @Benchmark
    public long[] hist() {
        return ArrayOps.histogram(x, 0, 1, 256, w);
    }

    @Benchmark
    public long irregularStatic() {
        return Parallel.range(IRREGULAR_N).workers(w).reduce(LongReducer.SUM, ScalingBenchmark::irregularWork);
    }

    @Benchmark
    public long irregularDynamic() {
        return Parallel.range(IRREGULAR_N).workers(w).schedule(dynamic)
                .reduce(LongReducer.SUM, ScalingBenchmark::irregularWork);
    }

    /** The peer's {@code irregular_work}: {@code i >> 7} steps of {@code v = (v ^ (v >>> 29)) * C}. */
    static long irregularWork(int i) {
        long v = i;
        for (long k = 0, m = i >> 7; k < m; k++) {
            v = (v ^ (v >>> 29)) * 0xBF58476D1CE4E5B9L;
        }
        return v;
    }
}
