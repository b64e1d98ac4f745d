package dev.threadproof.runtime;

import static dev.threadproof.runtime.KernelDriver.PARALLEL_MIN;
import static dev.threadproof.runtime.KernelDriver.nonEmpty;
import static dev.threadproof.runtime.KernelDriver.sameLength;
import static dev.threadproof.runtime.Reductions.oneNaN;

import java.util.Objects;

/**
 * The reduction kernels of {@link ArrayOps}: sum, dot, norm2, min, max, argmin, argmax, mean, variance. Each block is
 * reduced serially in index order and block results are combined in a fixed tree ({@link Reductions}), so results are
 * bitwise the same for every worker count.
 */
final class ReductionKernels {
    private ReductionKernels() {
    }

    // Blue's scaling constants, as LAPACK 3.10's dnrm2: sums of squares of tiny and huge values are scaled so that
    // they neither underflow nor overflow.
    private static final double TSML = 0x1p-511;
    private static final double TBIG = 0x1p486;
    private static final double SSML = 0x1p537;
    private static final double SBIG = 0x1p-538;

    static double sum(double[] x, Workers workers) {
        Objects.requireNonNull(x, "x");
        return oneNaN(BlockTreeSum.sum(x.length, workers, PARALLEL_MIN, (acc, from, to) -> DoubleDouble.sumBlock(x,
                from, to, acc, 0)));
    }
    static double dot(double[] x, double[] y, Workers workers) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        sameLength(x, "x", y, "y");
        return oneNaN(BlockTreeSum.sum(x.length, workers, PARALLEL_MIN, (acc, from, to) -> DoubleDouble.dotBlock(x, y,
                from, to, acc, 0)));
    }
    // norm2's one-pass range: a compensated sum of squares at least SAFE_LO and below SAFE_HI needs no scaling.
    // Below SAFE_LO, squares that underflowed could matter; at n < 2^31 elements they add at most 2^31 * 2^-1075 =
    // 2^-1044 in all, a relative 2^-444 of SAFE_LO. At or above SAFE_HI a partial sum may have come near overflow.
    private static final double SAFE_LO = 0x1p-600;
    private static final double SAFE_HI = 0x1p1000;

    static double norm2(double[] x, Workers workers) {
        Objects.requireNonNull(x, "x");
        int n = x.length;
        if (n == 0) {
            return 0.0;
        }
        // One pass in the common case: the sum of squares is dot(x, x) (each square rounded once, then summed in
        // double-double, on the vector loops where they run). Only when that sum is not finite (a NaN, an infinity,
        // an overflow) or leaves [SAFE_LO, SAFE_HI) does a second pass scale as Blue's algorithm does. The choice
        // depends on the fixed-tree result only, so the result is bitwise the same for every worker count.
        double squares = dot(x, x, workers);
        if (squares >= SAFE_LO && squares < SAFE_HI) {
            return Math.sqrt(squares); // finite
        }
        return blueNorm2(x, n, workers);
    }

    /** Blue's algorithm, as LAPACK 3.10's dnrm2, with the medium squares summed in double-double. */
    private static double blueNorm2(double[] x, int n, Workers workers) {
        double[] root = BlockTreeSum.reduce(n, workers, PARALLEL_MIN, new BlueRule(x));
        double abig = root[0];
        double amed = root[1] + root[2];
        double asml = root[3];
        double scl;
        double sumsq;
        if (abig > 0) {
            if (amed > 0 || Double.isNaN(amed)) {
                abig += (amed * SBIG) * SBIG;
            }
            scl = 1.0 / SBIG;
            sumsq = abig;
        } else if (asml > 0) {
            if (amed > 0 || Double.isNaN(amed)) {
                double ymed = Math.sqrt(amed);
                double ysml = Math.sqrt(asml) / SSML;
                double ymin = Math.min(ymed, ysml);
                double ymax = Math.max(ymed, ysml);
                scl = 1.0;
                sumsq = ymax * ymax * (1.0 + (ymin / ymax) * (ymin / ymax));
            } else {
                scl = 1.0 / SSML;
                sumsq = asml;
            }
        } else {
            scl = 1.0;
            sumsq = amed;
        }
        return oneNaN(scl * Math.sqrt(sumsq));
    }
    static double mean(double[] x, Workers workers) {
        Objects.requireNonNull(x, "x");
        return x.length == 0 ? Double.NaN : oneNaN(sum(x, workers) / x.length);
    }
    static double variance(double[] x, int ddof, Workers workers) {
        Objects.requireNonNull(x, "x");
        if (ddof < 0) {
            throw new IllegalArgumentException("ddof must be at least 0, got " + ddof);
        }
        int n = x.length;
        if (n - ddof <= 0) {
            return Double.NaN;
        }
        return oneNaN(BlockTreeSum.reduce(n, workers, PARALLEL_MIN, new MomentsRule(x))[2] / (n - ddof));
    }

    /**
     * The least (or greatest) element. {@code Math.min} and {@code Math.max} are associative and commutative bit for
     * bit up to a NaN's bits (a NaN wins, -0.0 is below 0.0 either way round), so each team member keeps one running
     * extreme over the blocks it runs and the members' are combined: the fixed tree's result, in O(workers) memory;
     * which of several NaNs wins depends on the order, so a NaN is returned as {@link Double#NaN}.
     */
    static double extreme(double[] x, Workers workers, boolean min) {
        Objects.requireNonNull(x, "x");
        nonEmpty(x);
        int n = x.length;
        double m = Double.NaN;
        boolean seen = false;
        for (double[] part : KernelDriver.perMember(n, workers, PARALLEL_MIN, () -> new double[2], (s, from, to) -> {
            double v = s[1] != 0 ? s[0] : x[from];
            for (int i = from; i < to; i++) {
                v = min ? Math.min(v, x[i]) : Math.max(v, x[i]);
            }
            s[0] = v;
            s[1] = 1;
        })) {
            if (part[1] != 0) {
                m = seen ? (min ? Math.min(m, part[0]) : Math.max(m, part[0])) : part[0];
                seen = true;
            }
        }
        return oneNaN(m);
    }

    /**
     * The index of the least (or greatest) element: the first NaN if there is one, else the lowest index of the
     * extreme value (-0.0 and 0.0 tie). That is the least index under a total order, so each team member keeps its best
     * over the blocks it runs and the members' best are combined: the fixed tree's result, in O(workers) memory.
     */
    static int argExtreme(double[] x, Workers workers, boolean min) {
        Objects.requireNonNull(x, "x");
        nonEmpty(x);
        int n = x.length;
        int best = -1;
        for (int[] part : KernelDriver.perMember(n, workers, PARALLEL_MIN, () -> new int[] {-1}, (s, from, to) -> {
            int b = s[0];
            for (int i = from; i < to; i++) {
                if (b < 0 || better(x, i, b, min)) {
                    b = i;
                }
            }
            s[0] = b;
        })) {
            if (part[0] >= 0 && (best < 0 || better(x, part[0], best, min))) {
                best = part[0];
            }
        }
        return best;
    }

    /** Whether index {@code i} comes before {@code j} in argmin's (argmax's) order: NaN first, then value, then index. */
    private static boolean better(double[] x, int i, int j, boolean min) {
        double xi = x[i];
        double xj = x[j];
        if (Double.isNaN(xi) || Double.isNaN(xj)) {
            return Double.isNaN(xi) && (!Double.isNaN(xj) || i < j);
        }
        return (min ? xi < xj : xi > xj) || (xi == xj && i < j);
    }
    /**
     * Immutable: {@code variance}'s tree nodes, (count, mean, sum of squared deviations) per block, merged by Chan,
     * Golub and LeVeque's rule; a block is reduced in two passes with their correction term (exact up to the rounding
     * of the mean).
     */
    private static final class MomentsRule implements BlockTreeSum.Rule<Void> {
        private final double[] x;

        MomentsRule(double[] x) {
            this.x = x;
        }

        @Override
        public int width() {
            return 3;
        }

        @Override
        public Void work() {
            return null;
        }

        @Override
        public void leaf(Void work, int lo, int hi, double[] out, int at) {
            double s = 0;
            for (int i = lo; i < hi; i++) {
                s += x[i];
            }
            double mean = s / (hi - lo);
            double m2 = 0;
            double corr = 0;
            for (int i = lo; i < hi; i++) {
                double d = x[i] - mean;
                m2 += d * d;
                corr += d;
            }
            m2 -= corr * corr / (hi - lo);
            mean += corr / (hi - lo);
            out[at] = hi - lo;
            out[at + 1] = mean;
            out[at + 2] = m2;
        }

        @Override
        public void merge(double[] l, int lo, double[] r, int ro, double[] out, int o) {
            double na = l[lo];
            double nbb = r[ro];
            double nn = na + nbb;
            double delta = r[ro + 1] - l[lo + 1];
            double mean = l[lo + 1] + delta * (nbb / nn);
            double m2 = l[lo + 2] + r[ro + 2] + delta * delta * (na * nbb / nn);
            out[o] = nn;
            out[o + 1] = mean;
            out[o + 2] = m2;
        }
    }

    /**
     * Immutable: {@code norm2}'s scaled pass, Blue's three sums per block: big squares (scaled down), medium squares
     * (a double-double: TwoSum inside the block), small squares (scaled up); each merged by its own rule in one tree.
     */
    private static final class BlueRule implements BlockTreeSum.Rule<Void> {
        private final double[] x;

        BlueRule(double[] x) {
            this.x = x;
        }

        @Override
        public int width() {
            return 4;
        }

        @Override
        public Void work() {
            return null;
        }

        @Override
        public void leaf(Void work, int from, int to, double[] out, int at) {
            double abig = 0;
            double s = 0; // the medium squares, summed with TwoSum: the norm is then within about 1 ulp
            double c = 0;
            double asml = 0;
            for (int i = from; i < to; i++) {
                double ax = Math.abs(x[i]);
                if (ax > TBIG) {
                    abig += (ax * SBIG) * (ax * SBIG);
                } else if (ax < TSML) {
                    asml += (ax * SSML) * (ax * SSML);
                } else {
                    double sq = ax * ax; // NaN lands here and propagates
                    double t = s + sq;
                    double z = t - s;
                    c += (s - (t - z)) + (sq - z);
                    s = t;
                }
            }
            out[at] = abig;
            if (Double.isFinite(s)) {
                double hi = s + c;
                out[at + 1] = hi;
                out[at + 2] = c - (hi - s);
            } else {
                out[at + 1] = s;
                out[at + 2] = 0;
            }
            out[at + 3] = asml;
        }

        @Override
        public void merge(double[] l, int lo, double[] r, int ro, double[] out, int o) {
            double big = l[lo] + r[ro];
            double sml = l[lo + 3] + r[ro + 3];
            DoubleDouble.ddAdd(l[lo + 1], l[lo + 2], r[ro + 1], r[ro + 2], out, o + 1); // reads its inputs first
            out[o] = big;
            out[o + 3] = sml;
        }
    }
}
