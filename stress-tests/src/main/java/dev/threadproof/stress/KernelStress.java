package dev.threadproof.stress;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.ParallelRange;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.threadproof.runtime.ArrayOps;
import dev.threadproof.runtime.DoubleReducer;
import dev.threadproof.runtime.LongReducer;
import dev.threadproof.runtime.Parallel;
import dev.threadproof.runtime.Reducer;
import dev.threadproof.runtime.Workers;
import java.util.Arrays;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * The rest of the kernels and reducers under concurrency: two callers share read-only inputs and the common pool, each
 * writing only its own outputs (the condition of {@code ArrayOps}), and both get the results the same calls give with
 * one worker.
 *
 * <p>Run one: {@code ci/stress.sh --tests KernelStress}. Observed (smoke, JDK 17, 2 CPUs): "true, true" only.
 */
public class KernelStress {
    private KernelStress() {
    }

    static final int N = 2 * ArrayOps.BLOCK + 31;
    static final double[] X = new double[N];
    static final double[] Y = new double[N];
    static final double[] A = new double[24 * 20];
    static final double[] B = new double[20 * 18];
    static final String READ_EXPECTED;
    static final String WRITE_EXPECTED;

    static {
        long z = 99;
        for (int i = 0; i < N; i++) {
            z = z * 6364136223846793005L + 1442695040888963407L;
            X[i] = (z >>> 11) * 0x1.0p-53 - 0.25;
            Y[i] = Math.sin(i);
        }
        for (int i = 0; i < A.length; i++) {
            A[i] = Math.cos(i);
        }
        for (int i = 0; i < B.length; i++) {
            B[i] = 1.0 / (i + 1);
        }
        READ_EXPECTED = reads(Workers.serial());
        WRITE_EXPECTED = writes(Workers.serial());
    }

    /** Argmin over indices as a general Reducer: {index of the smallest X}, ties to the lowest index. */
    static final class ArgMin implements Reducer<int[]> {
        @Override
        public int[] identity() {
            return new int[] {-1};
        }

        @Override
        public int[] accumulate(int[] acc, int index) {
            if (acc[0] < 0 || X[index] < X[acc[0]]) {
                acc[0] = index;
            }
            return acc;
        }

        @Override
        public int[] combine(int[] left, int[] right) {
            return right[0] >= 0 && (left[0] < 0 || X[right[0]] < X[left[0]]) ? right : left;
        }
    }

    /** Every read-only kernel and reducer, rendered exactly. */
    static String reads(Workers w) {
        return Arrays.toString(new double[] {
            ArrayOps.dot(X, Y, w), ArrayOps.norm2(X, w), ArrayOps.mean(X, w), ArrayOps.variance(X, 1, w),
            ArrayOps.min(X, w), ArrayOps.max(X, w), ArrayOps.argmin(X, w), ArrayOps.argmax(X, w),
            Parallel.range(N).workers(w).reduce(DoubleReducer.MAX, i -> X[i] * Y[i]),
            Parallel.range(N).workers(w).reduce(LongReducer.XOR, i -> Double.doubleToRawLongBits(X[i])),
            Parallel.range(N).workers(w).reduce(new ArgMin())[0],
        }) + Arrays.toString(ArrayOps.histogram(X, -0.25, 0.75, 7, w));
    }

    /** Every writing kernel on outputs of its own, rendered exactly. */
    static String writes(Workers w) {
        double[] out = new double[N];
        double[] acc = Y.clone();
        ArrayOps.map(X, out, v -> v * v, w);
        ArrayOps.zip(out, Y, out, Math::max, w);
        ArrayOps.axpy(0.5, X, acc, w);
        ArrayOps.scale(3, acc, w);
        double[] cs = new double[N];
        ArrayOps.cumsum(acc, cs, w);
        double[] c = new double[24 * 18];
        ArrayOps.matmul(A, B, c, 24, 20, 18, w);
        double[] filled = new double[N];
        ArrayOps.fill(filled, 7, w);
        return ArrayOps.sum(out, w) + " " + Arrays.hashCode(cs) + " " + Arrays.hashCode(c) + " "
                + ArrayOps.sum(filled, w);
    }

    @JCStressTest
    @Certifies(type = ArrayOps.class, members = {"dot", "norm2", "mean", "variance", "min", "max", "argmin", "argmax",
        "histogram", "map", "zip", "axpy", "scale", "cumsum", "matmul", "fill"})
    @Outcome(id = "true, true", expect = ACCEPTABLE,
            desc = "Concurrent kernel calls on shared inputs returned exactly what one worker computes.")
    @Outcome(expect = FORBIDDEN, desc = "A kernel result changed because another caller ran kernels at the same time.")
    @State
    public static class KernelsUnderContention {
        @Actor
        public void reader(ZZ_Result r) {
            r.r1 = reads(Workers.of(2)).equals(READ_EXPECTED);
        }

        @Actor
        public void writer(ZZ_Result r) {
            r.r2 = writes(Workers.of(-1)).equals(WRITE_EXPECTED);
        }
    }

    @JCStressTest
    @Certifies(type = ParallelRange.class, members = {"reduce"})
    @Outcome(id = "true, true", expect = ACCEPTABLE,
            desc = "Two concurrent general reductions gave the same result as a serial one.")
    @Outcome(expect = FORBIDDEN, desc = "A reduction changed because another ran at the same time.")
    @State
    public static class ReducersUnderContention {
        static final int EXPECTED = Parallel.range(N).workers(1).reduce(new ArgMin())[0];

        @Actor
        public void actor1(ZZ_Result r) {
            r.r1 = Parallel.range(N).workers(2).reduce(new ArgMin())[0] == EXPECTED;
        }

        @Actor
        public void actor2(ZZ_Result r) {
            r.r2 = Parallel.range(N).workers(-1).reduce(new ArgMin())[0] == EXPECTED;
        }
    }
}
