package dev.threadproof.stress;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.ParallelRange;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.threadproof.runtime.ArrayOps;
import dev.threadproof.runtime.Parallel;
import dev.threadproof.runtime.Workers;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * Reproducible reductions under concurrency: two callers reduce the same input on the shared pool at once and both get
 * the exact bits of the serial reduction; a reduction racing with an unrelated range still gets them.
 *
 * <p>The input has 3 blocks of {@code ArrayOps.BLOCK} elements with values that cancel, so any change of order would
 * change the bits. Run one: {@code ci/stress.sh --tests ReductionStress}. Observed (smoke, JDK 17, 2 CPUs): "true,
 * true" only.
 */
public class ReductionStress {
    private ReductionStress() {
    }

    static final double[] X = new double[3 * ArrayOps.BLOCK + 17];
    static final long SUM_BITS;
    static final long RANGE_SUM_BITS;

    static {
        long z = 12345;
        for (int i = 0; i < X.length; i++) {
            z = z * 6364136223846793005L + 1442695040888963407L;
            X[i] = ((z >>> 11) * 0x1.0p-53 - 0.5) * Math.pow(10, (i * 7) % 13);
        }
        SUM_BITS = Double.doubleToRawLongBits(ArrayOps.sum(X, Workers.serial()));
        RANGE_SUM_BITS = Double.doubleToRawLongBits(Parallel.range(X.length).workers(1).sum(i -> X[i] * 3));
    }

    @JCStressTest
    @Certifies(type = ArrayOps.class, members = {"sum"})
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "Both concurrent sums returned the serial sum's exact bits.")
    @Outcome(expect = FORBIDDEN, desc = "A concurrent sum differed from the serial sum: the reduction is not "
            + "reproducible under contention.")
    @State
    public static class TwoCallersSameInput {
        @Actor
        public void caller1(ZZ_Result r) {
            r.r1 = Double.doubleToRawLongBits(ArrayOps.sum(X, Workers.of(2))) == SUM_BITS;
        }

        @Actor
        public void caller2(ZZ_Result r) {
            r.r2 = Double.doubleToRawLongBits(ArrayOps.sum(X, Workers.of(-1))) == SUM_BITS;
        }
    }

    @JCStressTest
    @Certifies(type = ParallelRange.class, members = {"sum"})
    @Outcome(id = "true, true", expect = ACCEPTABLE,
            desc = "The range sum kept its bits and the unrelated range ran every index while they shared the pool.")
    @Outcome(expect = FORBIDDEN, desc = "The range sum changed under contention, or the other range lost an index.")
    @State
    public static class ReductionVersusRange {
        final int[] hits = new int[1000];

        @Actor
        public void reducer(ZZ_Result r) {
            r.r1 = Double.doubleToRawLongBits(Parallel.range(X.length).workers(2).sum(i -> X[i] * 3))
                    == RANGE_SUM_BITS;
        }

        @Actor
        public void other(ZZ_Result r) {
            Parallel.range(hits.length).workers(2).forEach(i -> hits[i]++);
            boolean all = true;
            for (int h : hits) {
                all &= h == 1;
            }
            r.r2 = all;
        }
    }
}
