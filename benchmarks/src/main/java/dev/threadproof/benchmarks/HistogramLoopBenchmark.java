package dev.threadproof.benchmarks;

import dev.threadproof.runtime.ArrayOps;
import dev.threadproof.runtime.Workers;
import java.util.Arrays;
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
 * What the range check of {@code ArrayOps.histogram} costs at one thread: the peers' loop ({@code b[(int) (v * 256)]++},
 * which is wrong for NaN, negative values and values at or above 1) against the same loop with one and with both of
 * the comparisons NumPy's rules need, on the peers' input ({@code KernelBenchmark}'s {@code x}, 256 bins over
 * {@code [0, 1]}), and {@code ArrayOps.histogram} itself with {@code Workers.serial()}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HistogramLoopBenchmark}. These are single-threaded loops,
 * so no peer runs beside them; compare them with each other only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class HistogramLoopBenchmark {
    @Param({"24", "12"})
    public int log2n;

    private double[] x;
    private final Workers one = Workers.serial();

    @Setup(Level.Trial)
    public void setUp() {
        x = new double[1 << log2n];
        for (int i = 0; i < x.length; i++) {
            x[i] = KernelBenchmark.u01(i);
        }
    }

    /** The peers' loop: no range check. */
    @Benchmark
    public long[] unchecked() {
        long[] b = new long[256];
        for (double v : x) {
            b[(int) (v * 256.0)]++;
        }
        return b;
    }

    /** One integer comparison on the bin index (not enough for NaN, which converts to bin 0). */
    @Benchmark
    public long[] indexCheck() {
        long[] b = new long[257];
        for (double v : x) {
            int k = (int) (v * 256.0);
            if (k >= 0) {
                b[k]++;
            }
        }
        return b;
    }

    /** One floating-point comparison (excludes NaN and negative values, not values above 1). */
    @Benchmark
    public long[] lowerCheck() {
        long[] b = new long[257];
        for (double v : x) {
            if (v >= 0.0) {
                b[(int) (v * 256.0)]++;
            }
        }
        return b;
    }

    /** Both comparisons, as NumPy's rules need them, with {@code hi} (bin 256) clamped into bin 255 per value. */
    @Benchmark
    public long[] bothChecks() {
        long[] b = new long[256];
        for (double v : x) {
            if (v >= 0.0 && v <= 1.0) {
                b[Math.min((int) (v * 256.0), 255)]++;
            }
        }
        return b;
    }

    /**
     * Both comparisons with {@code hi} counted in a 257th slot and added to bin 255 once, after the loop: the loop of
     * {@code ArrayOps.histogram} when {@code lo == 0} and {@code bins / hi} is a power of two.
     */
    @Benchmark
    public long[] bothChecksExtraSlot() {
        long[] b = new long[257];
        for (double v : x) {
            if (v >= 0.0 && v <= 1.0) {
                b[(int) (v * 256.0)]++;
            }
        }
        long[] counts = Arrays.copyOf(b, 256);
        counts[255] += b[256];
        return counts;
    }

    /** The library call at one worker. */
    @Benchmark
    public long[] arrayOps() {
        return ArrayOps.histogram(x, 0, 1, 256, one);
    }
}
