package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every index runs exactly once, for every schedule, chunk size, worker count, pool and range shape. */
class ExactlyOnceTest {
    private static WorkerPool own;
    private static ExecutorService executor;

    @BeforeAll
    static void start() {
        own = WorkerPool.create(3);
        executor = new ForkJoinPool(3);
    }

    @AfterAll
    static void stop() {
        own.close();
        executor.shutdownNow();
    }

    static final Schedule[] SCHEDULES = {
        Schedule.STATIC, Schedule.staticChunks(1), Schedule.staticChunks(7), Schedule.dynamic(1), Schedule.dynamic(5),
        Schedule.guided(1), Schedule.guided(3),
    };
    static final int[] WORKERS = {1, 2, 3, 8, -1, 100};
    static final int[] SIZES = {0, 1, 2, 5, 97, 1000, 10_007};

    private static List<Function<Integer, Workers>> workerKinds() {
        List<Function<Integer, Workers>> kinds = new ArrayList<>();
        kinds.add(Workers::of);
        kinds.add(n -> Workers.on(own));
        kinds.add(n -> Workers.on(executor, n < 0 ? Workers.usableCores() : n));
        return kinds;
    }

    private static void check(ParallelRange r, int n, boolean chunked) {
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        if (chunked) {
            r.forEachChunk((lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    hits.incrementAndGet(i);
                }
            });
        } else {
            r.forEach(hits::incrementAndGet);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "index " + i + " of " + r);
        }
    }

    @Test
    void everyIndexOnceForEverySchedulePoolAndWorkerCount() {
        long cases = 0;
        for (Function<Integer, Workers> kind : workerKinds()) {
            for (int w : WORKERS) {
                for (Schedule s : SCHEDULES) {
                    for (int n : SIZES) {
                        ParallelRange r = Parallel.range(n).workers(kind.apply(w)).schedule(s);
                        check(r, n, false);
                        check(r, n, true);
                        cases++;
                    }
                }
            }
        }
        assertEquals(3L * WORKERS.length * SCHEDULES.length * SIZES.length, cases);
    }

    @Test
    void everyIndexOnceWithStepsAndOffsets() {
        int[][] shapes = {{5, 1000, 3}, {999, -1, -1}, {1000, 3, -7}, {-500, 500, 11}};
        for (int[] sh : shapes) {
            for (int w : WORKERS) {
                for (Schedule s : SCHEDULES) {
                    ParallelRange r = Parallel.range(sh[0], sh[1], sh[2]).workers(w).schedule(s);
                    AtomicIntegerArray hits = new AtomicIntegerArray(2001);
                    r.forEach(i -> hits.incrementAndGet(i + 1000));
                    for (long i = sh[0]; sh[2] > 0 ? i < sh[1] : i > sh[1]; i += sh[2]) {
                        assertEquals(1, hits.getAndSet((int) i + 1000, 0), "index " + i + " of " + r);
                    }
                    for (int j = 0; j < hits.length(); j++) {
                        assertEquals(0, hits.get(j), "index " + (j - 1000) + " is outside " + r + " but ran");
                    }
                }
            }
        }
    }

    @Test
    void onlyIfFalseRunsEverythingInTheCaller() {
        Thread caller = Thread.currentThread();
        AtomicLong foreign = new AtomicLong();
        AtomicIntegerArray hits = new AtomicIntegerArray(1000);
        Parallel.range(1000).workers(8).schedule(Schedule.dynamic(1)).onlyIf(false).forEach(i -> {
            hits.incrementAndGet(i);
            if (Thread.currentThread() != caller) {
                foreign.incrementAndGet();
            }
        });
        assertEquals(0, foreign.get(), "onlyIf(false) ran bodies outside the calling thread");
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void runtimeScheduleDefaultsToStaticWhenTheVariableIsUnset() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(Schedule.ENV) == null);
        assertEquals(Schedule.STATIC, Env.resolve(Schedule.runtime()));
        check(Parallel.range(1000).workers(3).schedule(Schedule.runtime()), 1000, false);
    }
}
