package dev.threadproof.benchmarks;

import dev.threadproof.runtime.ArrayOps;
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
 * {@link KernelBenchmark}'s compensated reductions (sum, dot, norm2) in a JVM started with
 * {@code --add-modules jdk.incubator.vector}, where they run on the Vector API loops ({@link ArrayOps#vectorApi()});
 * same inputs, same protocol, same results bit for bit. Variants {@code <kernel>VectorTp1}, {@code VectorTp2},
 * {@code VectorTpAuto} as {@code Tp1}, {@code Tp2}, {@code TpAuto} there.
 *
 * <p>Run: {@code ci/bench.sh sum:L dot:L norm2:L}, which runs it beside {@link KernelBenchmark} and the OpenMP peer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class VectorKernelBenchmark {
    @Param({"24", "12"})
    public int log2n;

    private double[] x;
    private double[] y;
    private final Workers one = Workers.serial();
    private final Workers two = Workers.of(2);

    @Setup(Level.Trial)
    public void setUp() {
        if (!ArrayOps.vectorApi()) {
            // Fail closed: without the vector loops these rows would measure the scalar ones under the wrong name.
            throw new IllegalStateException("the Vector API loops did not load in this fork (no native 256-bit "
                    + "vectors, or the JVM lacks jdk.incubator.vector): nothing to measure");
        }
        int n = 1 << log2n;
        x = new double[n];
        y = new double[n];
        KernelBenchmark.fillInputs(x, y);
    }

    @Benchmark
    public double sumVectorTp1() {
        return ArrayOps.sum(x, one);
    }

    @Benchmark
    public double sumVectorTp2() {
        return ArrayOps.sum(x, two);
    }

    @Benchmark
    public double sumVectorTpAuto() {
        return ArrayOps.sum(x);
    }

    @Benchmark
    public double dotVectorTp1() {
        return ArrayOps.dot(x, y, one);
    }

    @Benchmark
    public double dotVectorTp2() {
        return ArrayOps.dot(x, y, two);
    }

    @Benchmark
    public double dotVectorTpAuto() {
        return ArrayOps.dot(x, y);
    }

    @Benchmark
    public double norm2VectorTp1() {
        return ArrayOps.norm2(x, one);
    }

    @Benchmark
    public double norm2VectorTp2() {
        return ArrayOps.norm2(x, two);
    }

    @Benchmark
    public double norm2VectorTpAuto() {
        return ArrayOps.norm2(x);
    }
}
