package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Deterministic failure: the first failing iteration's exception, every earlier iteration run, others suppressed. */
class FailureTest {

    static final class BodyFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int index;

        BodyFailure(int index) {
            super("body failed at " + index);
            this.index = index;
        }
    }

    static final class BodyError extends Error {
        private static final long serialVersionUID = 1L;
        final int index;

        BodyError(int index) {
            super("body error at " + index);
            this.index = index;
        }
    }

    @Test
    void lowestFailingIndexWinsAndEveryLowerIndexRan() {
        int n = 5000;
        int[][] failingSets = {{4000}, {17, 4000}, {2500, 2501, 4999}, {0}, {4999, 1234, 3000}};
        for (int[] failing : failingSets) {
            Set<Integer> fail = new HashSet<>();
            int lowest = Integer.MAX_VALUE;
            for (int f : failing) {
                fail.add(f);
                lowest = Math.min(lowest, f);
            }
            for (Schedule s : ExactlyOnceTest.SCHEDULES) {
                for (int w : new int[] {1, 2, 3, 8}) {
                    AtomicIntegerArray ran = new AtomicIntegerArray(n);
                    ParallelRange r = Parallel.range(n).workers(w).schedule(s);
                    BodyFailure thrown = assertThrows(BodyFailure.class, () -> r.forEach(i -> {
                        ran.incrementAndGet(i);
                        if (fail.contains(i)) {
                            throw new BodyFailure(i);
                        }
                    }));
                    assertEquals(lowest, thrown.index, "primary failure of " + r);
                    for (int i = 0; i < lowest; i++) {
                        assertEquals(1, ran.get(i), "index " + i + " below the failure did not run once, " + r);
                    }
                    for (int i = lowest; i < n; i++) {
                        assertTrue(ran.get(i) <= 1, "index " + i + " ran twice, " + r);
                    }
                    Set<Integer> suppressed = new HashSet<>();
                    for (Throwable t : thrown.getSuppressed()) {
                        int idx = ((BodyFailure) t).index;
                        assertTrue(fail.contains(idx) && idx > lowest, "unexpected suppressed " + t);
                        assertTrue(suppressed.add(idx), "suppressed twice: " + t);
                        assertEquals(1, ran.get(idx));
                    }
                    for (int f : failing) {
                        if (f != lowest && ran.get(f) == 1) {
                            assertTrue(suppressed.contains(f), "failure at " + f + " ran but was lost, " + r);
                        }
                    }
                }
            }
        }
    }

    @Test
    void failuresRecordedAtTheSameMomentAreAllKept() {
        // Two participants run iterations 0 and 1, meet, and throw together: both failures are recorded at once,
        // and the call throws iteration 0's with iteration 1's suppressed, never one of them lost.
        int checked = 0;
        try (WorkerPool pool = WorkerPool.create(1)) {
            for (int round = 0; round < 50_000 && checked < 6000; round++) {
                Concurrent.idle(50_000); // let the worker become free again
                java.util.concurrent.atomic.AtomicInteger met = new java.util.concurrent.atomic.AtomicInteger();
                boolean[] together = new boolean[1];
                Throwable thrown = assertThrows(BodyFailure.class, () -> Parallel.range(2)
                        .workers(Workers.on(pool, 2)).schedule(Schedule.dynamic(1)).forEach(i -> {
                            met.incrementAndGet();
                            // A bounded wait: with no helper free, iteration 1 runs after 0 in the caller.
                            for (int spins = 0; met.get() < 2 && spins < 100_000; spins++) {
                                Thread.onSpinWait();
                            }
                            if (i == 0 && met.get() == 2) {
                                together[0] = true; // index 0's thread alone writes it; read after the call
                            }
                            throw new BodyFailure(i);
                        }));
                assertEquals(0, ((BodyFailure) thrown).index, "round " + round + ": the lowest index wins");
                if (!together[0] || met.get() < 2) {
                    continue; // iteration 1 was skipped, or they did not overlap
                }
                checked++;
                assertEquals(1, thrown.getSuppressed().length, "round " + round + ": iteration 1's failure was lost");
                assertEquals(1, ((BodyFailure) thrown.getSuppressed()[0]).index, "round " + round);
            }
        }
        assertTrue(checked >= 20, "only " + checked + " rounds had both iterations fail together");
    }

    @Test
    void negativeStepFailsAtTheFirstIterationInIterationOrder() {
        BodyFailure thrown = assertThrows(BodyFailure.class, () -> Parallel.range(999, -1, -1).workers(3)
                .schedule(Schedule.dynamic(3)).forEach(i -> {
                    if (i == 10 || i == 900) {
                        throw new BodyFailure(i);
                    }
                }));
        assertEquals(900, thrown.index);
    }

    @Test
    void errorsPropagateLikeExceptions() {
        BodyError thrown = assertThrows(BodyError.class, () -> Parallel.range(1000).workers(3)
                .schedule(Schedule.dynamic(1)).forEach(i -> {
                    if (i % 100 == 42) {
                        throw new BodyError(i);
                    }
                }));
        assertEquals(42, thrown.index);
    }

    @Test
    void chunkFailureIsAttributedToTheChunk() {
        BodyFailure thrown = assertThrows(BodyFailure.class, () -> Parallel.range(100).workers(2)
                .schedule(Schedule.staticChunks(10)).forEachChunk((lo, hi) -> {
                    if (lo >= 30) {
                        throw new BodyFailure(lo);
                    }
                }));
        assertEquals(30, thrown.index);
    }

    @Test
    void checkedExceptionsThrownSneakilyAreWrapped() {
        Exception checked = new Exception("checked");
        CompletionException e = assertThrows(CompletionException.class,
                () -> Parallel.range(10).workers(2).forEach(i -> sneakyThrow(checked)));
        assertSame(checked, e.getCause());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
