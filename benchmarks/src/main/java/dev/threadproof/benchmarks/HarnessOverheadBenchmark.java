package dev.threadproof.benchmarks;

import dev.threadproof.junit.FreeThreadedRunner;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The harness's own cost: time per thread-iteration of an empty test body run by threadproof-junit, goal at most
 * 10 us at 8 threads. Each call runs {@value #THREAD_ITERATIONS} thread-iterations ({@code threads} threads, {@code
 * THREAD_ITERATIONS / threads} iterations each), so the score is already per thread-iteration: it includes starting and
 * joining the threads, the start barrier before every iteration, and the per-thread bookkeeping.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HarnessOverheadBenchmark}.
 *
 * <p>Variants: {@code baseline} (the empty body called {@value #THREAD_ITERATIONS} times on one thread),
 * {@code emptyBody} (the runner, a lambda body), {@code reflectiveBody} (the runner calling an empty method through
 * {@link Method#invoke}, as the JUnit extension calls a test method). With more threads than CPUs the barrier parks its
 * waiters, so the score on a 2-CPU machine is mostly the kernel's wake-up latency divided by the thread count.
 *
 * <p>{@code race=on} runs the same in forks with threadproof's race detector installed (as
 * {@code -Dthreadproof.race=on} installs it): the harness's hand-offs (its thread starts, its start barrier) are then
 * tracked, and the bodies' accesses checked.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class HarnessOverheadBenchmark {
    static final int THREAD_ITERATIONS = 8_000;

    @Param({"2", "4", "8"})
    public int threads;

    /** {@code on}: the race detector is installed in this fork, for this package (a fork never uninstalls it). */
    @Param({"off", "on"})
    public String race;

    private FreeThreadedRunner runner;
    private Method empty;

    /** The test method the reflective variant calls. */
    public static void emptyTest() {
        // nothing: the harness's cost alone
    }

    @Setup
    public void setUp() throws NoSuchMethodException {
        if (race.equals("on")) {
            dev.threadproof.race.Race.install("dev.threadproof.benchmarks");
        }
        runner = FreeThreadedRunner.threads(threads).iterations(THREAD_ITERATIONS / threads);
        empty = HarnessOverheadBenchmark.class.getMethod("emptyTest");
    }

    @Benchmark
    @OperationsPerInvocation(THREAD_ITERATIONS)
    public void baseline(Blackhole bh) {
        for (int i = 0; i < THREAD_ITERATIONS; i++) {
            bh.consume(i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(THREAD_ITERATIONS)
    public void emptyBody(Blackhole bh) {
        runner.run((thread, iteration) -> bh.consume(iteration));
    }

    @Benchmark
    @OperationsPerInvocation(THREAD_ITERATIONS)
    public void reflectiveBody() {
        Method m = empty;
        runner.run((thread, iteration) -> m.invoke(null));
    }
}
