package dev.threadproof.runtime;

import java.util.function.IntToDoubleFunction;

/**
 * Compensated (double-double) summation of one block and of many blocks' results: the arithmetic of every
 * reproducible sum ({@link ParallelRange#sum}, {@link TeamRange#sum}, {@link ArrayOps#sum}, {@link ArrayOps#dot},
 * {@link ArrayOps#norm2}); {@link Reductions} decides the blocks.
 *
 * <p>Implementation notes. Inside a block, four interleaved double-double accumulators each take every fourth
 * element: TwoSum (Knuth; 6 flops, no branch) adds an element to the accumulator's high part and accumulates the exact
 * rounding error in the low part, so the loop-carried dependency is one addition per accumulator. Accumulators and
 * block results are merged with double-double additions, block results in the fixed tree of {@link Reductions}. The
 * result is within a few units in the last place of the exact sum unless the input is extremely ill-conditioned (see
 * {@link ParallelRange#sum}). Non-finite values follow IEEE: when a block's plain sum is not finite (an infinity, a
 * NaN, or an overflow of the running sum), the block's result is that plain sum.
 *
 * <p>The three block loops ({@code sumBlock} of a function, {@code sumBlock} of an array, {@code dotBlock}) are
 * declared twins: the JIT needs each loop typed for its source, so they are kept line for line alike and differ only
 * in how element {@code i} is read. The two array loops have a third twin on the Vector API ({@code VectorBlockSums},
 * in {@code src/main/vector}), whose four lanes are the four accumulators; {@link VectorPath} picks it when the JVM
 * has the incubating module, and it stores bitwise the same accumulators ({@link ArrayBlockSums}).
 */
final class DoubleDouble {
    private DoubleDouble() {
    }

    /**
     * Whether the JIT turns {@link Math#fma} into one instruction (HotSpot's {@code UseFMA}). {@code Math.fma(-1.0, a,
     * b)} is exactly {@code b - a} (one rounding of an exact value), so both forms of {@link #diff} give the same bits;
     * the fused form moves three of TwoSum's seven additions to the multiply-add units, which is faster per element
     * (docs/performance.md, "Figures behind implementation choices"). Without hardware FMA, {@code Math.fma} is a slow
     * software routine, hence the check.
     */
    static final boolean FMA = detectFma();

    private static boolean detectFma() {
        try {
            return Boolean.parseBoolean(java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA")
                    .getValue());
        } catch (RuntimeException | LinkageError e) {
            return false; // not HotSpot, or no java.management: the plain subtraction is always correct
        }
    }

    /** {@code b - a}, exactly rounded; on the multiply-add unit when it is fast. */
    static double diff(double b, double a) {
        return FMA ? Math.fma(-1.0, a, b) : b - a;
    }

    /**
     * {@code a + b}, exactly rounded; on the multiply-add unit when it is fast ({@code Math.fma(1.0, a, b)} is one
     * rounding of the exact sum, the same bits). The sum loops use it for two of their four accumulators' error
     * additions, so that TwoSum's seven operations split evenly between the adders and the multiply-add units
     * (docs/performance.md, "Figures behind implementation choices").
     */
    static double sum(double a, double b) {
        return FMA ? Math.fma(1.0, a, b) : a + b;
    }


    /**
     * Slots per block in an accumulator buffer: the high parts of the four accumulators, then their low parts (so that
     * a vector loop stores each as one vector).
     */
    static final int SLOTS = 8;

    /** Sums {@code f(start + k * step)} for ordinals k in [k0, k1) into block {@code b} of the accumulator buffer. */
    static void sumBlock(IntToDoubleFunction f, long start, int step, long k0, long k1, double[] acc, int b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        long k = k0;
        for (; k + 3 < k1; k += 4) {
            int i = (int) (start + k * step);
            double x0 = f.applyAsDouble(i);
            double x1 = f.applyAsDouble(i + step);
            double x2 = f.applyAsDouble(i + 2 * step);
            double x3 = f.applyAsDouble(i + 3 * step);
            double t0 = s0 + x0;
            double z0 = diff(t0, s0);
            c0 = sum(c0, diff(s0, t0 - z0) + diff(x0, z0));
            s0 = t0;
            double t1 = s1 + x1;
            double z1 = diff(t1, s1);
            c1 += diff(s1, t1 - z1) + diff(x1, z1);
            s1 = t1;
            double t2 = s2 + x2;
            double z2 = diff(t2, s2);
            c2 = sum(c2, diff(s2, t2 - z2) + diff(x2, z2));
            s2 = t2;
            double t3 = s3 + x3;
            double z3 = diff(t3, s3);
            c3 += diff(s3, t3 - z3) + diff(x3, z3);
            s3 = t3;
        }
        for (; k < k1; k++) {
            double x0 = f.applyAsDouble((int) (start + k * step));
            double t0 = s0 + x0;
            double z0 = diff(t0, s0);
            c0 += diff(s0, t0 - z0) + diff(x0, z0);
            s0 = t0;
        }
        putAccumulators(acc, b, s0, c0, s1, c1, s2, c2, s3, c3);
    }

    /**
     * Sums x[from..to) into block {@code b} of the accumulator buffer (the array kernel of {@code ArrayOps.sum}): on
     * the vector loops when {@link VectorPath} loaded them, else on the scalar loop; the bits are the same.
     */
    static void sumBlock(double[] x, int from, int to, double[] acc, int b) {
        ArrayBlockSums vector = VectorPath.LOOPS;
        if (vector != null) {
            vector.sumBlock(x, from, to, acc, b);
        } else {
            scalarSumBlock(x, from, to, acc, b);
        }
    }

    /** Sums x[i] * y[i] for i in [from, to): each product rounded once, then summed as {@link #sumBlock}. */
    static void dotBlock(double[] x, double[] y, int from, int to, double[] acc, int b) {
        ArrayBlockSums vector = VectorPath.LOOPS;
        if (vector != null) {
            vector.dotBlock(x, y, from, to, acc, b);
        } else {
            scalarDotBlock(x, y, from, to, acc, b);
        }
    }

    /** {@link #sumBlock} on scalar accumulators: the reference every {@link ArrayBlockSums} matches bit for bit. */
    static void scalarSumBlock(double[] x, int from, int to, double[] acc, int b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            double x0 = x[i];
            double x1 = x[i + 1];
            double x2 = x[i + 2];
            double x3 = x[i + 3];
            double t0 = s0 + x0;
            double z0 = diff(t0, s0);
            c0 = sum(c0, diff(s0, t0 - z0) + diff(x0, z0));
            s0 = t0;
            double t1 = s1 + x1;
            double z1 = diff(t1, s1);
            c1 += diff(s1, t1 - z1) + diff(x1, z1);
            s1 = t1;
            double t2 = s2 + x2;
            double z2 = diff(t2, s2);
            c2 = sum(c2, diff(s2, t2 - z2) + diff(x2, z2));
            s2 = t2;
            double t3 = s3 + x3;
            double z3 = diff(t3, s3);
            c3 += diff(s3, t3 - z3) + diff(x3, z3);
            s3 = t3;
        }
        for (; i < to; i++) {
            double x0 = x[i];
            double t0 = s0 + x0;
            double z0 = diff(t0, s0);
            c0 += diff(s0, t0 - z0) + diff(x0, z0);
            s0 = t0;
        }
        putAccumulators(acc, b, s0, c0, s1, c1, s2, c2, s3, c3);
    }

    /** {@link #dotBlock} on scalar accumulators: the reference every {@link ArrayBlockSums} matches bit for bit. */
    static void scalarDotBlock(double[] x, double[] y, int from, int to, double[] acc, int b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            double x0 = x[i] * y[i];
            double x1 = x[i + 1] * y[i + 1];
            double x2 = x[i + 2] * y[i + 2];
            double x3 = x[i + 3] * y[i + 3];
            double t0 = s0 + x0;
            double z0 = diff(t0, s0);
            c0 += diff(s0, t0 - z0) + diff(x0, z0);
            s0 = t0;
            double t1 = s1 + x1;
            double z1 = diff(t1, s1);
            c1 += diff(s1, t1 - z1) + diff(x1, z1);
            s1 = t1;
            double t2 = s2 + x2;
            double z2 = diff(t2, s2);
            c2 += diff(s2, t2 - z2) + diff(x2, z2);
            s2 = t2;
            double t3 = s3 + x3;
            double z3 = diff(t3, s3);
            c3 += diff(s3, t3 - z3) + diff(x3, z3);
            s3 = t3;
        }
        for (; i < to; i++) {
            double x0 = x[i] * y[i];
            double t0 = s0 + x0;
            double z0 = diff(t0, s0);
            c0 += diff(s0, t0 - z0) + diff(x0, z0);
            s0 = t0;
        }
        putAccumulators(acc, b, s0, c0, s1, c1, s2, c2, s3, c3);
    }

    /**
     * Stores a block's raw accumulators. They are finished later, in {@link #finishBlock}, rather than here: with
     * the finishing double-double additions inlined after the loop, C2 (JDK 17) compiled {@link #dotBlock}'s loop
     * slower (docs/performance.md, "Figures behind implementation choices").
     */
    private static void putAccumulators(double[] acc, int b, double s0, double c0, double s1, double c1, double s2,
                                 double c2, double s3, double c3) {
        int o = SLOTS * b;
        acc[o] = s0;
        acc[o + 1] = s1;
        acc[o + 2] = s2;
        acc[o + 3] = s3;
        acc[o + 4] = c0;
        acc[o + 5] = c1;
        acc[o + 6] = c2;
        acc[o + 7] = c3;
    }

    /**
     * Block {@code b}'s four accumulators merged in double-double into t[0], t[1]; their plain sum if it is not finite.
     */
    static void finishBlock(double[] acc, int b, double[] t) {
        finishBlock(acc, b, t, 0);
    }

    /**
     * Block {@code b}'s four accumulators merged in double-double into t[at], t[at + 1] (t[at + 2], t[at + 3] are
     * overwritten on the way); their plain sum if it is not finite. {@code t} may be {@code acc} past the block.
     */
    static void finishBlock(double[] acc, int b, double[] t, int at) {
        int o = SLOTS * b;
        double plain = (acc[o] + acc[o + 1]) + (acc[o + 2] + acc[o + 3]);
        if (!Double.isFinite(plain)) {
            t[at] = plain;
            t[at + 1] = 0;
            return;
        }
        ddAdd(acc[o], acc[o + 4], acc[o + 1], acc[o + 5], t, at);
        ddAdd(acc[o + 2], acc[o + 6], acc[o + 3], acc[o + 7], t, at + 2);
        ddAdd(t[at], t[at + 1], t[at + 2], t[at + 3], t, at);
    }

    /** (ah, al) + (bh, bl) as a double-double, into out[at], out[at + 1]; plain sum if it is not finite. */
    static void ddAdd(double ah, double al, double bh, double bl, double[] out, int at) {
        double s = ah + bh;
        if (!Double.isFinite(s)) {
            out[at] = s;
            out[at + 1] = 0;
            return;
        }
        double z = s - ah;
        double e = (ah - (s - z)) + (bh - z);
        e += al + bl;
        double h = s + e;
        out[at] = h;
        out[at + 1] = e - (h - s);
    }
}
