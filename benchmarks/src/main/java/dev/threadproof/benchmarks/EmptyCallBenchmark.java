package dev.threadproof.benchmarks;

import dev.threadproof.runtime.Parallel;
import dev.threadproof.runtime.ParallelRange;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one parallel call: a parallel-for over 2 iterations with a trivial body ({@code a[i] = i}), the
 * {@code empty} group of the OpenMP peer ({@code benchmarks/peers}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EmptyCallBenchmark} or {@code ci/bench.sh}, which runs the
 * OpenMP peer in the same invocation so the two can be compared as a ratio.
 *
 * <p>Variants: {@code baseline} (the plain loop), {@code threadproof1} and {@code threadproof2} (1 and 2 workers on the
 * common pool), {@code block2} (a parallel block of 2, whose members both run when the team gets its second thread),
 * {@code streamFj2} (a parallel stream inside {@code new ForkJoinPool(2)}, the way plain Java parallelizes it). At
 * teardown {@code threadproof2} prints how many of its bodies ran on a pool thread: a call whose caller ran both
 * iterations before the helper arrived is legitimate (the helper claims nothing), and this share says how often that
 * happened.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class EmptyCallBenchmark {
    private final double[] sink = new double[16];
    private ParallelRange serialRange;
    private ParallelRange twoWorkers;
    private ForkJoinPool fj2;
    private static final AtomicLong POOL_BODIES = new AtomicLong();
    private static final AtomicLong ALL_BODIES = new AtomicLong();
    private static final AtomicLong BLOCKS = new AtomicLong();
    private static final AtomicLong FULL_TEAMS = new AtomicLong();
    private Thread caller;

    @Setup(Level.Trial)
    public void setUp() {
        serialRange = Parallel.range(2).workers(1);
        twoWorkers = Parallel.range(2).workers(2);
        fj2 = new ForkJoinPool(2);
        caller = Thread.currentThread();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fj2.shutdownNow();
        long all = ALL_BODIES.get();
        if (all > 0) {
            System.out.printf("%n[threadproof2] bodies on a pool thread: %d of %d (%.1f%%)%n", POOL_BODIES.get(), all,
                    100.0 * POOL_BODIES.get() / all);
        }
        long blocks = BLOCKS.get();
        if (blocks > 0) {
            System.out.printf("%n[block2] blocks with a team of 2: %d of %d (%.1f%%)%n", FULL_TEAMS.get(), blocks,
                    100.0 * FULL_TEAMS.get() / blocks);
        }
    }

    @Benchmark
    public double[] baseline() {
        for (int i = 0; i < 2; i++) {
            sink[i] = i;
        }
        return sink;
    }

    @Benchmark
    public double[] threadproof1() {
        serialRange.forEach(i -> sink[i] = i);
        return sink;
    }

    @Benchmark
    public double[] threadproof2() {
        twoWorkers.forEach(i -> {
            sink[i] = i;
            if (i == 1) {
                ALL_BODIES.lazySet(ALL_BODIES.get() + 1); // approximate counters: a diagnostic, not a result
                if (Thread.currentThread() != caller) {
                    POOL_BODIES.lazySet(POOL_BODIES.get() + 1);
                }
            }
        });
        return sink;
    }

    /**
     * A full fork-join round trip: a parallel block of 2 whose members each write one element. Unlike a range, a
     * block's members all run (each is a running thread), so when the team has 2 members the pool thread really takes
     * part; teardown prints how often the team got its second member.
     */
    @Benchmark
    public double[] block2() {
        Parallel.block(2, team -> {
            int id = team.threadId();
            sink[id] = id;
            if (id == 0) {
                BLOCKS.lazySet(BLOCKS.get() + 1);
                if (team.size() == 2) {
                    FULL_TEAMS.lazySet(FULL_TEAMS.get() + 1);
                }
            }
        });
        return sink;
    }

    @Benchmark
    public double[] streamFj2() {
        fj2.submit(() -> IntStream.range(0, 2).parallel().forEach(i -> sink[i] = i)).join();
        return sink;
    }
}
