package dev.threadproof.benchmarks;

import dev.threadproof.runtime.ArrayOps;
import dev.threadproof.runtime.Workers;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;
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
 * The OpenMP peer's kernels ({@code benchmarks/peers}: sum, dot, norm2, map = sin(x)*exp(-x*x), 256-bin histogram over
 * [0,1]) at {@code 2^24} (L) and {@code 2^12} (S) elements, on the same input bits ({@code x[i] = u01(i)},
 * {@code y[i] = u01(i + 2^40)}, splitmix64).
 *
 * <p>Run: {@code ci/bench.sh sum:L dot:L map:L hist:L sum:S dot:S map:S hist:S}, which runs the OpenMP peer on the
 * same groups in the same invocation and prints the ratios.
 *
 * <p>Variants per kernel: {@code *Serial} (a plain Java loop, strict order: the peers' "serial"), {@code *Tp1}
 * (threadproof with {@code Workers.serial()}), {@code *Tp2} (threadproof with {@code Workers.of(2)}), {@code *TpAuto}
 * (threadproof with no workers argument: all cores above the serial cut-off, serial below).
 *
 * <p>Forks pre-touch their heap ({@code -XX:+AlwaysPreTouch}), the steady state of a long-running program: when the
 * reductions allocated a block buffer per call (about 320 KB at 2^24), a default heap made each call pay the VM's
 * first-touch page faults while G1's young generation grew ({@code ArrayOps.sum} at 2 workers: 4.6-4.7 ms per call in
 * those seconds against 2.7-3.1 ms right after a collection, docs/performance.md). The reductions now allocate a few KB
 * per call; {@link PlainKernelBenchmark} runs the same methods in forks with no flags, as a user's JVM starts, and the
 * performance goals count there.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class KernelBenchmark {
    @Param({"24", "12"})
    public int log2n;

    private double[] x;
    private double[] y;
    private double[] out;
    private final Workers one = Workers.serial();
    private final Workers two = Workers.of(2);

    /** The map kernel's function, the peer's {@code sin(x) * exp(-x * x)}. */
    static final DoubleUnaryOperator MAP = v -> Math.sin(v) * Math.exp(-v * v);

    static long splitmix64(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double u01(long i) {
        return (splitmix64(i) >>> 11) * 0x1.0p-53;
    }

    @Setup(Level.Trial)
    public void setUp() {
        int n = 1 << log2n;
        x = new double[n];
        y = new double[n];
        out = new double[n];
        fillInputs(x, y);
    }

    /** The inputs of every kernel benchmark and of the peer: {@code x[i] = u01(i)}, {@code y[i] = u01(i + 2^40)}. */
    static void fillInputs(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] = u01(i);
            y[i] = u01(i + (1L << 40));
        }
    }

    // ---------------------------------------------------------------- sum

    @Benchmark
    public double sumSerial() {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }

    @Benchmark
    public double sumTp1() {
        return ArrayOps.sum(x, one);
    }

    @Benchmark
    public double sumTp2() {
        return ArrayOps.sum(x, two);
    }

    @Benchmark
    public double sumTpAuto() {
        return ArrayOps.sum(x);
    }

    // ---------------------------------------------------------------- dot

    @Benchmark
    public double dotSerial() {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    @Benchmark
    public double dotTp1() {
        return ArrayOps.dot(x, y, one);
    }

    @Benchmark
    public double dotTp2() {
        return ArrayOps.dot(x, y, two);
    }

    @Benchmark
    public double dotTpAuto() {
        return ArrayOps.dot(x, y);
    }

    // ---------------------------------------------------------------- norm2

    /** The plain loop: {@code sqrt} of the strict-order sum of squares (no scaling: it overflows for huge values). */
    @Benchmark
    public double norm2Serial() {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Benchmark
    public double norm2Tp1() {
        return ArrayOps.norm2(x, one);
    }

    @Benchmark
    public double norm2Tp2() {
        return ArrayOps.norm2(x, two);
    }

    @Benchmark
    public double norm2TpAuto() {
        return ArrayOps.norm2(x);
    }

    // ---------------------------------------------------------------- map

    @Benchmark
    public double[] mapSerial() {
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.sin(x[i]) * Math.exp(-x[i] * x[i]);
        }
        return out;
    }

    @Benchmark
    public double[] mapTp1() {
        ArrayOps.map(x, out, MAP, one);
        return out;
    }

    @Benchmark
    public double[] mapTp2() {
        ArrayOps.map(x, out, MAP, two);
        return out;
    }

    @Benchmark
    public double[] mapTpAuto() {
        ArrayOps.map(x, out, MAP);
        return out;
    }

    // ---------------------------------------------------------------- hist

    @Benchmark
    public long[] histSerial() {
        long[] b = new long[256];
        for (double v : x) {
            b[(int) (v * 256.0)]++;
        }
        return b;
    }

    @Benchmark
    public long[] histTp1() {
        return ArrayOps.histogram(x, 0, 1, 256, one);
    }

    @Benchmark
    public long[] histTp2() {
        return ArrayOps.histogram(x, 0, 1, 256, two);
    }

    @Benchmark
    public long[] histTpAuto() {
        return ArrayOps.histogram(x, 0, 1, 256);
    }
}
