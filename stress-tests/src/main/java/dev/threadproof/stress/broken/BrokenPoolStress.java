package dev.threadproof.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.Z_Result;

/**
 * Broken twins of the pool and the parallel call: an unsafe lazy initialization (what {@code WorkerPool.common()}'s
 * holder class avoids) and a call that returns before its worker finishes (what the join of every parallel call
 * avoids).
 *
 * <p>Run: {@code ci/stress.sh --tests Broken}. Expected: the interesting outcome of each test is observed.
 */
public class BrokenPoolStress {
    private BrokenPoolStress() {
    }

    /** Check-then-act lazy initialization with no synchronization: two callers may each create "the" pool. */
    @JCStressTest
    @Outcome(id = "true", expect = ACCEPTABLE, desc = "Both callers happened to get one instance.")
    @Outcome(id = "false", expect = ACCEPTABLE_INTERESTING,
            desc = "Two instances were created: the unsafe lazy init raced. The control is caught.")
    @State
    public static class UnsafeLazyInitCreatesTwo {
        Object instance;
        Object seen1;
        Object seen2;

        Object get() {
            Object p = instance;
            if (p == null) {
                p = new Object();
                instance = p;
            }
            return p;
        }

        @Actor
        public void actor1() {
            seen1 = get();
        }

        @Actor
        public void actor2() {
            seen2 = get();
        }

        @Arbiter
        public void arbiter(Z_Result r) {
            r.r1 = seen1 == seen2;
        }
    }

    /**
     * A lost join: the "caller" hands half of the work to a "worker" and returns without waiting for it, then reads
     * the worker's result. A real parallel call waits (the join edge); this one does not.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The worker happened to finish before the caller read.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING,
            desc = "The caller returned and read before the worker's write: work outlived the call. Caught.")
    @Outcome(expect = FORBIDDEN, desc = "The caller lost its own half.")
    @State
    public static class LostJoinReturnsEarly {
        int callerHalf;
        volatile int workerHalf;

        @Actor
        public void worker() {
            workerHalf = 1;
        }

        @Actor
        public void caller(II_Result r) {
            callerHalf = 1;
            // Broken: no wait for the worker here.
            r.r1 = callerHalf;
            r.r2 = workerHalf;
        }
    }
}
