package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The sharing matrix: every API family, called by 1..8 concurrent callers that share one executor (or one pool) of
 * 1..4 threads, with a parallelism of 1..8 per call, each cell under a watchdog that fails with a thread dump. The
 * sample holds every shape that could hang under the admission the runtime had before teams were formed from the
 * tasks that start: parallelism above the executor's threads plus one (a hang with a single caller), and callers whose
 * helpers together exceed the threads (a hang when their helpers interleave).
 */
final class SharingMatrix {
    static final int[] CALLERS = {1, 2, 3, 4, 8};
    static final int[] THREADS = {1, 2, 3, 4};
    static final int[] PARALLELISM = {1, 2, 3, 5, 8};
    /** Calls per caller in a cell (one: the callers of a cell already overlap; the matrix, not repetition, is the point). */
    static final int CALLS = 1;

    /** One call of the family under test, checked: throws if its result is wrong. */
    interface Call {
        void call(Workers workers, int caller) throws Throwable;
    }

    /** An executor kind of the matrix: made for a cell of {@code threads} threads, shut down after it. */
    interface Kind {
        ExecutorService make(int threads);
    }

    private SharingMatrix() {
    }

    /** The executors of the matrix, by name; the virtual-thread one where the JDK has it (21+). */
    static List<Object[]> kinds() {
        List<Object[]> kinds = new ArrayList<>();
        kinds.add(new Object[] {"fixed ThreadPoolExecutor", (Kind) Executors::newFixedThreadPool});
        kinds.add(new Object[] {"ForkJoinPool", (Kind) ForkJoinPool::new});
        kinds.add(new Object[] {"bounded queue of 1 that rejects", (Kind) t -> new ThreadPoolExecutor(t, t, 0,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), new ThreadPoolExecutor.AbortPolicy())});
        kinds.add(new Object[] {"caller-runs", (Kind) t -> new ThreadPoolExecutor(t, t, 0, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new ThreadPoolExecutor.CallerRunsPolicy())});
        try {
            java.lang.reflect.Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            kinds.add(new Object[] {"virtual threads", (Kind) t -> {
                try {
                    return (ExecutorService) m.invoke(null);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }});
        } catch (NoSuchMethodException jdk17) {
            // no virtual threads before JDK 21: the JDK 25 lane runs this kind
        }
        return kinds;
    }

    /**
     * Runs {@code call} in every cell: every executor kind and a shared {@link WorkerPool}, every caller count, thread
     * count and parallelism of the sample.
     *
     * @return the number of cells run
     */
    static int runAll(String family, Call call) throws InterruptedException {
        int cells = 0;
        for (Object[] k : kinds()) {
            String name = (String) k[0];
            Kind kind = (Kind) k[1];
            for (int threads : THREADS) {
                if (name.equals("virtual threads") && threads > 1) {
                    continue; // one virtual thread per task: the thread count is not the executor's
                }
                for (int callers : CALLERS) {
                    for (int p : PARALLELISM) {
                        ExecutorService ex = kind.make(threads);
                        try {
                            cell(family + " on " + name + " of " + threads + " threads, " + callers + " callers, "
                                    + "parallelism " + p, callers, Workers.on(ex, p), call, Concurrent.HANG_MILLIS);
                        } finally {
                            ex.shutdownNow();
                        }
                        cells++;
                    }
                }
            }
        }
        for (int threads : THREADS) {
            try (WorkerPool pool = WorkerPool.create(threads)) {
                for (int callers : CALLERS) {
                    for (int p : PARALLELISM) {
                        cell(family + " on a shared WorkerPool of " + threads + " threads, " + callers + " callers, "
                                + "parallelism " + p, callers, Workers.on(pool, Math.min(p, Workers.usableCores())),
                                call, Concurrent.HANG_MILLIS);
                        cells++;
                    }
                }
            }
        }
        return cells;
    }

    /**
     * One cell: {@code callers} threads released together, each making {@link #CALLS} calls on {@code workers}. Fails
     * with every thread's stack if they have not all returned within {@code hangMillis} (the stuck callers are then
     * interrupted, which cancels their calls), and with the first failure of a call otherwise.
     */
    static void cell(String name, int callers, Workers workers, Call call, long hangMillis)
            throws InterruptedException {
        String dump = run(name, callers, workers, call, hangMillis);
        if (dump != null) {
            fail(name + ": the callers did not return within " + hangMillis + " ms, a hang; every thread:\n" + dump);
        }
    }

    /**
     * Runs one cell as {@link #cell} does, but reports a hang instead of failing on it.
     *
     * @return null if every caller returned in time; else every thread's stack at the moment the watchdog fired
     */
    static String run(String name, int callers, Workers workers, Call call, long hangMillis)
            throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        String dump = Concurrent.runThreads(callers, "matrix-caller-", caller -> {
            for (int i = 0; i < CALLS; i++) {
                call.call(workers, caller);
            }
        }, hangMillis, failures);
        if (dump == null && !failures.isEmpty()) {
            Throwable first = failures.poll();
            failures.forEach(first::addSuppressed);
            throw new AssertionError(name + ": a call failed", first);
        }
        return dump;
    }
}
