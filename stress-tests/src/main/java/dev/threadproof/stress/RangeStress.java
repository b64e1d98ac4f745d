package dev.threadproof.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.Parallel;
import dev.threadproof.runtime.ParallelRange;
import dev.threadproof.runtime.Schedule;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Parallel ranges under concurrency: when a call returns (or throws), every body's plain write is visible to the
 * caller (no work outlives the call), while another caller runs a range on the same pool at the same time.
 *
 * <p>Each actor makes its own parallel call on the common pool with 2 workers and counts, right after the call, the
 * elements its bodies wrote that it cannot see: any missing element is a body that outlived the call or a missing join
 * edge. Run one: {@code ci/stress.sh --tests RangeStress}. Observed (smoke budget, JDK 17, 2 CPUs): "0, 0" only.
 */
public class RangeStress {
    private RangeStress() {
    }

    static final int N = 64;
    static final ParallelRange RANGE = Parallel.range(N).workers(2).schedule(Schedule.dynamic(4));

    /** Runs a range writing plain ints and returns how many writes the caller cannot see afterwards. */
    static int missingAfterCall(int[] data) {
        RANGE.forEach(i -> data[i] = i + 1);
        int missing = 0;
        for (int i = 0; i < N; i++) {
            if (data[i] != i + 1) {
                missing++;
            }
        }
        return missing;
    }

    @JCStressTest
    @Certifies(type = ParallelRange.class, members = {"forEach"})
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Both callers saw every write of their bodies after the call.")
    @Outcome(expect = FORBIDDEN, desc = "A caller returned before a body's write was visible: work outlived the call.")
    @State
    public static class JoinVisibility {
        final int[] a = new int[N];
        final int[] b = new int[N];

        @Actor
        public void caller1(II_Result r) {
            r.r1 = missingAfterCall(a);
        }

        @Actor
        public void caller2(II_Result r) {
            r.r2 = missingAfterCall(b);
        }
    }

    @JCStressTest
    @Certifies(type = ParallelRange.class, members = {"forEach", "forEachChunk"})
    @Outcome(id = "0, 0", expect = ACCEPTABLE,
            desc = "The failing call threw the lowest failure and every lower index's write was visible; the chunked "
                    + "call saw every write.")
    @Outcome(expect = FORBIDDEN, desc = "A write below the failing index was missing, or a chunk outlived its call.")
    @State
    public static class FailureJoinVisibility {
        final int[] a = new int[N];
        final int[] b = new int[N];

        @Actor
        public void failing(II_Result r) {
            int lost = 0;
            try {
                RANGE.forEach(i -> {
                    if (i == N / 2) {
                        throw new IllegalStateException("planned");
                    }
                    a[i] = 1;
                });
                lost = -1000; // the call must throw
            } catch (IllegalStateException expected) {
                for (int i = 0; i < N / 2; i++) {
                    lost += a[i] == 1 ? 0 : 1;
                }
            }
            r.r1 = lost;
        }

        @Actor
        public void chunked(II_Result r) {
            RANGE.forEachChunk((lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    b[i] = 2;
                }
            });
            int missing = 0;
            for (int i = 0; i < N; i++) {
                missing += b[i] == 2 ? 0 : 1;
            }
            r.r2 = missing;
        }
    }
}
