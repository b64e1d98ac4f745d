package dev.threadproof.lincheck;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.LongReducer;
import dev.threadproof.runtime.Parallel;
import dev.threadproof.runtime.SharedLongArray;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * A range reduction over a shared array while another thread adds to it: the sum is linearizable when every update is
 * an increment by one.
 *
 * <p>Scope: {@code add(i)} ({@code addAndGet(i, 1)}) and {@code total()} ({@code Parallel.range(3).reduce(SUM, get)}).
 * With unit increments only, each element is read once and only grows, so the total any sum observes equals the count
 * of increments in some prefix consistent with every thread's order: a linearization point exists. Excluded:
 * arbitrary updates (set, negative adds), under which a sum that reads elements at different times is not an atomic
 * snapshot, and which the reduction does not promise.
 *
 * <p>Model checking runs the reduction with one worker (threads the checker does not manage cannot be explored); stress
 * runs it with two, on the common pool.
 */
@Certifies(type = SharedLongArray.class, members = {"addAndGet", "get"})
@Param(name = "i", gen = IntGen.class, conf = "0:2")
public class ReductionWithAddsLincheckTest {
    private final SharedLongArray a = new SharedLongArray(3);

    @Operation
    public long add(@Param(name = "i") int i) {
        return a.addAndGet(i, 1);
    }

    @Operation
    public long total() {
        return Parallel.range(3).workers(workers()).reduce(LongReducer.SUM, a::get);
    }

    int workers() {
        return 1;
    }

    /** With two workers on the common pool, for the stress run. */
    public static class TwoWorkers extends ReductionWithAddsLincheckTest {
        @Override
        int workers() {
            return 2;
        }
    }

    /** The sequential specification: a plain array and its sum. */
    public static final class Spec {
        private final long[] x = new long[3];

        public long add(int i) {
            return ++x[i];
        }

        public long total() {
            return x[0] + x[1] + x[2];
        }
    }

    @Test
    void modelChecking() {
        assertNull(Lincheck.run(ReductionWithAddsLincheckTest.class, Spec.class, Lincheck.Strategy.MODEL_CHECKING,
                false));
    }

    @Test
    void stress() {
        assertNull(Lincheck.run(TwoWorkers.class, Spec.class, Lincheck.Strategy.STRESS, false));
    }
}
