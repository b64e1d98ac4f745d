package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Conditionally thread-safe: parallel array kernels (NumPy-style), safe to call from many threads at once provided no
 * other thread writes an array a call reads, or touches an array it writes, while the call runs.
 *
 * <p>Every kernel has an overload taking {@link Workers}. Without it, a kernel uses the workers a call naming none gets
 * (see {@link Workers}) and runs serially in the caller below a size where threads cannot pay off: {@value
 * #PARALLEL_MIN} elements for memory-bound kernels, {@value #PARALLEL_MIN_MAP} for {@code map} and {@code zip}, and
 * {@value #PARALLEL_MIN} multiply-adds for {@code matmul}. Passing workers explicitly overrides that cut-off. Results do
 * not depend on the path taken.
 *
 * <p><b>Reproducible.</b> Floating-point reductions ({@code sum, dot, norm2, mean, variance}) and {@code cumsum} cut the
 * array into blocks of {@value #BLOCK} elements (a function of the length only), reduce each block serially and
 * combine block results in a fixed pairwise tree: the result is bitwise the same for every worker count and pool.
 * {@code sum} and {@code dot} are compensated (see {@link ParallelRange#sum}). The other kernels are exact or
 * element-wise, so they are reproducible anyway.
 *
 * <p><b>Load balance.</b> Workers claim blocks in chunks of up to 16 as they go (a dynamic schedule), not one fixed
 * share each, so a worker whose core is slowed down by other work does fewer blocks instead of holding the call back.
 * Which worker ran which block changes from call to call; results do not.
 *
 * <p><b>Inputs are never modified</b> unless they are the output ({@code map(x, x, f)} works in place). Null arrays,
 * mismatched lengths and invalid parameters are rejected before anything runs, with the parameter named.
 *
 * <p>Memory consistency effects: as every parallel call, actions prior to a kernel call <i>happen-before</i> its work,
 * and its work (in particular every write to an output array) <i>happens-before</i> it returns.
 */
@ThreadSafety(level = ThreadSafety.Level.CONDITIONAL,
        note = "no other thread may write the arrays a call reads, or access the arrays it writes, during the call")
public final class ArrayOps {
    private ArrayOps() {
    }

    /** Immutable: elements per block of a reproducible reduction: {@value}. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final int BLOCK = Reductions.ARRAY_BLOCK;

    /** Immutable: the length from which memory-bound kernels use threads when no workers are given: {@value}. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final int PARALLEL_MIN = 1 << 15;

    /** Immutable: the length from which {@code map} and {@code zip} use threads when no workers are given: {@value}. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final int PARALLEL_MIN_MAP = 1 << 13;

    private static final String CONDITION = "no other thread writes its inputs or accesses its outputs meanwhile";

    // ------------------------------------------------------------------ helpers

    private static ParallelRange blocks(int n, Workers w, int threshold) {
        int nb = Reductions.blockCount(n, BLOCK);
        return ParallelRange.over(nb, w, w != null || n >= threshold).schedule(blockSchedule(nb));
    }

    /**
     * Blocks are claimed in chunks of up to 16 (64 Ki elements), not split into one fixed share per worker: a worker
     * whose core is slowed down (by another process, or by a host that shares the core) then does fewer blocks instead
     * of holding the whole call back. There are at least 64 chunks when there are 64 blocks or more. Results do not
     * depend on it: every block's result is kept by block index.
     */
    private static Schedule blockSchedule(int nb) {
        return Schedule.dynamic(Math.max(1, Math.min(16, nb / 64)));
    }

    private static int from(int b) {
        return b * BLOCK;
    }

    private static int to(int b, int n) {
        return (int) Math.min((long) b * BLOCK + BLOCK, n);
    }

    private static void sameLength(double[] a, String an, double[] b, String bn) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(an + " and " + bn + " must have the same length: " + an + ".length = "
                    + a.length + ", " + bn + ".length = " + b.length);
        }
    }

    private static void nonEmpty(double[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("x must not be empty: the minimum or maximum of no element is undefined");
        }
    }

    // ------------------------------------------------------------------ sum, dot, norm2

    /**
     * Conditionally thread-safe: the compensated, reproducible sum of {@code x} (0.0 when empty); see
     * {@link ParallelRange#sum} for the error bound.
     *
     * @param x the values
     * @return the sum
     * @throws NullPointerException if {@code x} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double sum(double[] x) {
        return sum(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #sum(double[])} on the given workers.
     *
     * @param x the values
     * @param workers the workers, or null for the default (with the serial cut-off)
     * @return the sum
     * @throws NullPointerException if {@code x} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double sum(double[] x, Workers workers) {
        Objects.requireNonNull(x, "x");
        int n = x.length;
        int nb = Reductions.blockCount(n, BLOCK);
        double[] acc = Reductions.laneBuffer(nb);
        blocks(n, workers, PARALLEL_MIN).forEach(b -> Reductions.sumBlock(x, from(b), to(b, n), acc, b));
        return Reductions.sumOfLanes(acc);
    }

    /**
     * Conditionally thread-safe: the dot product of {@code x} and {@code y}, reproducible: each product is rounded once
     * and the products are summed as {@link #sum(double[])}.
     *
     * @param x the first vector
     * @param y the second vector, of the same length
     * @return the dot product (0.0 when empty)
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double dot(double[] x, double[] y) {
        return dot(x, y, null);
    }

    /**
     * Conditionally thread-safe: {@link #dot(double[], double[])} on the given workers.
     *
     * @param x the first vector
     * @param y the second vector, of the same length
     * @param workers the workers, or null for the default
     * @return the dot product
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double dot(double[] x, double[] y, Workers workers) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        sameLength(x, "x", y, "y");
        int n = x.length;
        int nb = Reductions.blockCount(n, BLOCK);
        double[] acc = Reductions.laneBuffer(nb);
        blocks(n, workers, PARALLEL_MIN).forEach(b -> Reductions.dotBlock(x, y, from(b), to(b, n), acc, b));
        return Reductions.sumOfLanes(acc);
    }

    // Blue's scaling constants, as LAPACK 3.10's dnrm2: sums of squares of tiny and huge values are scaled so that
    // they neither underflow nor overflow.
    private static final double TSML = 0x1p-511;
    private static final double TBIG = 0x1p486;
    private static final double SSML = 0x1p537;
    private static final double SBIG = 0x1p-538;

    /**
     * Conditionally thread-safe: the Euclidean norm of {@code x}, without overflow or underflow for huge or tiny
     * values (Blue's algorithm, as LAPACK's {@code dnrm2}, with the squares of normal-range values summed in
     * double-double); reproducible. NaN if an element is NaN, +Infinity if one is
     * infinite and none is NaN; 0.0 when empty.
     *
     * @param x the vector
     * @return the norm
     * @throws NullPointerException if {@code x} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double norm2(double[] x) {
        return norm2(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #norm2(double[])} on the given workers.
     *
     * @param x the vector
     * @param workers the workers, or null for the default
     * @return the norm
     * @throws NullPointerException if {@code x} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double norm2(double[] x, Workers workers) {
        Objects.requireNonNull(x, "x");
        int n = x.length;
        if (n == 0) {
            return 0.0;
        }
        int nb = Reductions.blockCount(n, BLOCK);
        double[] big = new double[nb];
        double[] medHi = new double[nb];
        double[] medLo = new double[nb];
        double[] sml = new double[nb];
        blocks(n, workers, PARALLEL_MIN).forEach(b -> {
            double abig = 0;
            double s = 0; // the medium squares, summed with TwoSum: the norm is then within about 1 ulp
            double c = 0;
            double asml = 0;
            for (int i = from(b), end = to(b, n); i < end; i++) {
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
            big[b] = abig;
            if (Double.isFinite(s)) {
                medHi[b] = s + c;
                medLo[b] = c - (medHi[b] - s);
            } else {
                medHi[b] = s;
            }
            sml[b] = asml;
        });
        double abig = Reductions.tree(big, 0, nb, Double::sum);
        double amed = Reductions.sumOf(medHi, medLo);
        double asml = Reductions.tree(sml, 0, nb, Double::sum);
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
        return scl * Math.sqrt(sumsq);
    }

    // ------------------------------------------------------------------ min, max, argmin, argmax

    /**
     * Conditionally thread-safe: the smallest element; NaN if any element is NaN (as NumPy's {@code min}); -0.0 is
     * below 0.0.
     *
     * @param x the values, not empty
     * @return the minimum
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double min(double[] x) {
        return min(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #min(double[])} on the given workers.
     *
     * @param x the values, not empty
     * @param workers the workers, or null for the default
     * @return the minimum
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double min(double[] x, Workers workers) {
        return extreme(x, workers, true);
    }

    /**
     * Conditionally thread-safe: the largest element; NaN if any element is NaN (as NumPy's {@code max}); 0.0 is above
     * -0.0.
     *
     * @param x the values, not empty
     * @return the maximum
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double max(double[] x) {
        return max(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #max(double[])} on the given workers.
     *
     * @param x the values, not empty
     * @param workers the workers, or null for the default
     * @return the maximum
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double max(double[] x, Workers workers) {
        return extreme(x, workers, false);
    }

    private static double extreme(double[] x, Workers workers, boolean min) {
        Objects.requireNonNull(x, "x");
        nonEmpty(x);
        int n = x.length;
        int nb = Reductions.blockCount(n, BLOCK);
        double[] part = new double[nb];
        blocks(n, workers, PARALLEL_MIN).forEach(b -> {
            double m = x[from(b)];
            for (int i = from(b) + 1, end = to(b, n); i < end; i++) {
                m = min ? Math.min(m, x[i]) : Math.max(m, x[i]);
            }
            part[b] = m;
        });
        return Reductions.tree(part, 0, nb, min ? Math::min : Math::max);
    }

    /**
     * Conditionally thread-safe: the index of the smallest element, the lowest such index on ties (-0.0 ties with
     * 0.0); the index of the first NaN if there is one (as NumPy's {@code argmin}).
     *
     * @param x the values, not empty
     * @return the index
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static int argmin(double[] x) {
        return argmin(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #argmin(double[])} on the given workers.
     *
     * @param x the values, not empty
     * @param workers the workers, or null for the default
     * @return the index
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static int argmin(double[] x, Workers workers) {
        return argExtreme(x, workers, true);
    }

    /**
     * Conditionally thread-safe: the index of the largest element, the lowest such index on ties; the index of the
     * first NaN if there is one (as NumPy's {@code argmax}).
     *
     * @param x the values, not empty
     * @return the index
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static int argmax(double[] x) {
        return argmax(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #argmax(double[])} on the given workers.
     *
     * @param x the values, not empty
     * @param workers the workers, or null for the default
     * @return the index
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static int argmax(double[] x, Workers workers) {
        return argExtreme(x, workers, false);
    }

    private static int argExtreme(double[] x, Workers workers, boolean min) {
        Objects.requireNonNull(x, "x");
        nonEmpty(x);
        int n = x.length;
        int nb = Reductions.blockCount(n, BLOCK);
        long[] part = new long[nb];
        blocks(n, workers, PARALLEL_MIN).forEach(b -> {
            int best = from(b);
            double v = x[best];
            if (!Double.isNaN(v)) {
                for (int i = best + 1, end = to(b, n); i < end; i++) {
                    double xi = x[i];
                    if (min ? xi < v : xi > v) {
                        v = xi;
                        best = i;
                    } else if (Double.isNaN(xi)) {
                        best = i;
                        break;
                    }
                }
            }
            part[b] = best;
        });
        return (int) Reductions.tree(part, 0, nb, (l, r) -> {
            double xl = x[(int) l];
            double xr = x[(int) r];
            if (Double.isNaN(xl)) {
                return l;
            }
            if (Double.isNaN(xr)) {
                return r;
            }
            return (min ? xr < xl : xr > xl) ? r : l;
        });
    }

    // ------------------------------------------------------------------ mean, variance

    /**
     * Conditionally thread-safe: the arithmetic mean, {@code sum(x) / x.length} with the compensated, reproducible
     * sum; NaN when {@code x} is empty (as NumPy, without the warning).
     *
     * @param x the values
     * @return the mean
     * @throws NullPointerException if {@code x} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double mean(double[] x) {
        return mean(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #mean(double[])} on the given workers.
     *
     * @param x the values
     * @param workers the workers, or null for the default
     * @return the mean
     * @throws NullPointerException if {@code x} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double mean(double[] x, Workers workers) {
        Objects.requireNonNull(x, "x");
        return x.length == 0 ? Double.NaN : sum(x, workers) / x.length;
    }

    /**
     * Conditionally thread-safe: the variance {@code sum((x - mean)^2) / (n - ddof)} (NumPy's {@code var} with
     * {@code ddof}; 0 for the population, 1 for the sample variance), reproducible: each block computes its mean and
     * sum of squared deviations in two passes over the cached block, and blocks are merged with Chan's parallel
     * formula in a fixed tree. NaN when {@code n - ddof <= 0}.
     *
     * @param x the values
     * @param ddof the delta degrees of freedom, at least 0
     * @return the variance
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code ddof < 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double variance(double[] x, int ddof) {
        return variance(x, ddof, null);
    }

    /**
     * Conditionally thread-safe: {@link #variance(double[], int)} on the given workers.
     *
     * @param x the values
     * @param ddof the delta degrees of freedom, at least 0
     * @param workers the workers, or null for the default
     * @return the variance
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code ddof < 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double variance(double[] x, int ddof, Workers workers) {
        Objects.requireNonNull(x, "x");
        if (ddof < 0) {
            throw new IllegalArgumentException("ddof must be at least 0, got " + ddof);
        }
        int n = x.length;
        if (n - ddof <= 0) {
            return Double.NaN;
        }
        int nb = Reductions.blockCount(n, BLOCK);
        double[][] part = new double[nb][];
        blocks(n, workers, PARALLEL_MIN).forEach(b -> {
            int lo = from(b);
            int hi = to(b, n);
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
            // Two-pass with the correction term of Chan, Golub and LeVeque: exact up to rounding of the mean.
            m2 -= corr * corr / (hi - lo);
            mean += corr / (hi - lo);
            part[b] = new double[] {hi - lo, mean, m2};
        });
        double[] all = Reductions.tree(part, 0, nb, (l, r) -> {
            double na = l[0];
            double nbb = r[0];
            double nn = na + nbb;
            double delta = r[1] - l[1];
            return new double[] {nn, l[1] + delta * (nbb / nn), l[2] + r[2] + delta * delta * (na * nbb / nn)};
        });
        return all[2] / (n - ddof);
    }

    // ------------------------------------------------------------------ element-wise

    /**
     * Conditionally thread-safe: {@code out[i] = f(in[i])} for every i; {@code in} and {@code out} may be the same
     * array. {@code f} is invoked concurrently.
     *
     * @param in the input
     * @param out the output, of the same length
     * @param f the function, applied concurrently to distinct elements
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void map(double[] in, double[] out, DoubleUnaryOperator f) {
        map(in, out, f, null);
    }

    /**
     * Conditionally thread-safe: {@link #map(double[], double[], DoubleUnaryOperator)} on the given workers.
     *
     * @param in the input
     * @param out the output, of the same length
     * @param f the function
     * @param workers the workers, or null for the default
     * @throws NullPointerException if an array or {@code f} is null
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void map(double[] in, double[] out, DoubleUnaryOperator f, Workers workers) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(f, "f");
        sameLength(in, "in", out, "out");
        int n = in.length;
        blocks(n, workers, PARALLEL_MIN_MAP).forEach(b -> {
            for (int i = from(b), end = to(b, n); i < end; i++) {
                out[i] = f.applyAsDouble(in[i]);
            }
        });
    }

    /**
     * Conditionally thread-safe: {@code out[i] = f(a[i], b[i])} for every i; {@code out} may be {@code a} or
     * {@code b}.
     *
     * @param a the first input
     * @param b the second input, of the same length
     * @param out the output, of the same length
     * @param f the function, applied concurrently to distinct elements
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void zip(double[] a, double[] b, double[] out, DoubleBinaryOperator f) {
        zip(a, b, out, f, null);
    }

    /**
     * Conditionally thread-safe: {@link #zip(double[], double[], double[], DoubleBinaryOperator)} on the given workers.
     *
     * @param a the first input
     * @param b the second input
     * @param out the output
     * @param f the function
     * @param workers the workers, or null for the default
     * @throws NullPointerException if an array or {@code f} is null
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void zip(double[] a, double[] b, double[] out, DoubleBinaryOperator f, Workers workers) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(f, "f");
        sameLength(a, "a", b, "b");
        sameLength(a, "a", out, "out");
        int n = a.length;
        blocks(n, workers, PARALLEL_MIN_MAP).forEach(blk -> {
            for (int i = from(blk), end = to(blk, n); i < end; i++) {
                out[i] = f.applyAsDouble(a[i], b[i]);
            }
        });
    }

    /**
     * Conditionally thread-safe: {@code y[i] += alpha * x[i]} (BLAS {@code daxpy}, one rounding for the product and
     * one for the sum).
     *
     * @param alpha the scale
     * @param x the input
     * @param y the input and output, of the same length
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void axpy(double alpha, double[] x, double[] y) {
        axpy(alpha, x, y, null);
    }

    /**
     * Conditionally thread-safe: {@link #axpy(double, double[], double[])} on the given workers.
     *
     * @param alpha the scale
     * @param x the input
     * @param y the input and output
     * @param workers the workers, or null for the default
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void axpy(double alpha, double[] x, double[] y, Workers workers) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        sameLength(x, "x", y, "y");
        int n = x.length;
        blocks(n, workers, PARALLEL_MIN).forEach(b -> {
            for (int i = from(b), end = to(b, n); i < end; i++) {
                y[i] += alpha * x[i];
            }
        });
    }

    /**
     * Conditionally thread-safe: {@code x[i] *= alpha} for every i.
     *
     * @param alpha the scale
     * @param x the array, scaled in place
     * @throws NullPointerException if {@code x} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void scale(double alpha, double[] x) {
        scale(alpha, x, null);
    }

    /**
     * Conditionally thread-safe: {@link #scale(double, double[])} on the given workers.
     *
     * @param alpha the scale
     * @param x the array, scaled in place
     * @param workers the workers, or null for the default
     * @throws NullPointerException if {@code x} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void scale(double alpha, double[] x, Workers workers) {
        Objects.requireNonNull(x, "x");
        int n = x.length;
        blocks(n, workers, PARALLEL_MIN).forEach(b -> {
            for (int i = from(b), end = to(b, n); i < end; i++) {
                x[i] *= alpha;
            }
        });
    }

    /**
     * Conditionally thread-safe: sets every element of {@code x} to {@code value}.
     *
     * @param x the array
     * @param value the value
     * @throws NullPointerException if {@code x} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void fill(double[] x, double value) {
        fill(x, value, null);
    }

    /**
     * Conditionally thread-safe: {@link #fill(double[], double)} on the given workers.
     *
     * @param x the array
     * @param value the value
     * @param workers the workers, or null for the default
     * @throws NullPointerException if {@code x} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void fill(double[] x, double value, Workers workers) {
        Objects.requireNonNull(x, "x");
        int n = x.length;
        blocks(n, workers, PARALLEL_MIN).forEach(b -> java.util.Arrays.fill(x, from(b), to(b, n), value));
    }

    // ------------------------------------------------------------------ cumsum

    /**
     * Conditionally thread-safe: the inclusive prefix sums {@code out[i] = in[0] + ... + in[i]}, by a parallel
     * two-pass scan that is bitwise the same for every worker count: pass one sums each block of {@value #BLOCK}
     * elements, the block offsets are accumulated in order, pass two runs each block's prefix sums from its offset.
     * {@code in} and {@code out} may be the same array. The values differ from a strictly serial scan by rounding
     * only.
     *
     * @param in the input
     * @param out the output, of the same length
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void cumsum(double[] in, double[] out) {
        cumsum(in, out, null);
    }

    /**
     * Conditionally thread-safe: {@link #cumsum(double[], double[])} on the given workers.
     *
     * @param in the input
     * @param out the output
     * @param workers the workers, or null for the default
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void cumsum(double[] in, double[] out, Workers workers) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        sameLength(in, "in", out, "out");
        int n = in.length;
        int nb = Reductions.blockCount(n, BLOCK);
        double[] offset = new double[nb];
        ParallelRange range = blocks(n, workers, PARALLEL_MIN);
        range.forEach(b -> {
            if (b + 1 < nb) {
                double s = 0;
                for (int i = from(b), end = to(b, n); i < end; i++) {
                    s += in[i];
                }
                offset[b + 1] = s;
            }
        });
        for (int b = 1; b < nb; b++) {
            offset[b] += offset[b - 1];
        }
        range.forEach(b -> {
            double s = offset[b];
            for (int i = from(b), end = to(b, n); i < end; i++) {
                s += in[i];
                out[i] = s;
            }
        });
    }

    // ------------------------------------------------------------------ histogram

    /**
     * Conditionally thread-safe: the counts of {@code x} in {@code bins} equal-width bins over {@code [lo, hi]}, as
     * NumPy's {@code histogram(x, bins, (lo, hi))}: bin {@code k} holds {@code edge[k] <= v < edge[k+1]} with
     * {@code edge[k] = lo + k * ((hi - lo) / bins)} and {@code edge[bins] = hi}; {@code hi} itself falls in the last
     * bin; values outside {@code [lo, hi]} and NaN are not counted. Each worker fills bins of its own, merged at the
     * end.
     *
     * @param x the values
     * @param lo the lower edge, finite
     * @param hi the upper edge, finite and above {@code lo}
     * @param bins the number of bins, at least 1
     * @return the counts, of length {@code bins}
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code bins <= 0}, {@code lo >= hi} or an edge is not finite
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static long[] histogram(double[] x, double lo, double hi, int bins) {
        return histogram(x, lo, hi, bins, null);
    }

    /**
     * Conditionally thread-safe: {@link #histogram(double[], double, double, int)} on the given workers.
     *
     * @param x the values
     * @param lo the lower edge
     * @param hi the upper edge
     * @param bins the number of bins
     * @param workers the workers, or null for the default
     * @return the counts
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code bins <= 0}, {@code lo >= hi} or an edge is not finite
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static long[] histogram(double[] x, double lo, double hi, int bins, Workers workers) {
        Objects.requireNonNull(x, "x");
        if (bins <= 0) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("lo and hi must be finite, got lo = " + lo + ", hi = " + hi);
        }
        if (lo >= hi) {
            throw new IllegalArgumentException("lo must be below hi, got lo = " + lo + ", hi = " + hi);
        }
        double norm = bins / (hi - lo);
        // With lo == 0 and a power-of-two bins / hi, v * norm is exact, so it names the bin without edge checks.
        boolean exact = lo == 0.0 && norm == Math.scalb(1.0, Math.getExponent(norm));
        double[] edges = exact ? null : edges(lo, hi, bins);
        int n = x.length;
        if (workers == null && n < PARALLEL_MIN) {
            long[] counts = new long[bins];
            histogramBlock(x, 0, n, lo, hi, norm, edges, counts, exact);
            return counts;
        }
        Workers w = workers != null ? workers : Workers.forCall(Context.current());
        int nb = Reductions.blockCount(n, BLOCK);
        long[][] perMember = new long[w.count()][];
        Parallel.block(w, team -> {
            long[] counts = new long[bins];
            team.range(nb).schedule(blockSchedule(nb))
                    .forEach(b -> histogramBlock(x, from(b), to(b, n), lo, hi, norm, edges, counts, exact));
            perMember[team.threadId()] = counts;
        });
        long[] total = new long[bins];
        for (long[] counts : perMember) {
            if (counts != null) {
                for (int k = 0; k < bins; k++) {
                    total[k] += counts[k];
                }
            }
        }
        return total;
    }

    private static double[] edges(double lo, double hi, int bins) {
        double[] edges = new double[bins + 1];
        double width = (hi - lo) / bins;
        for (int k = 0; k < bins; k++) {
            edges[k] = lo + k * width;
        }
        edges[bins] = hi;
        return edges;
    }

    private static void histogramBlock(double[] x, int from, int to, double lo, double hi, double norm,
                                       double[] edges, long[] counts, boolean exact) {
        int last = counts.length - 1;
        if (exact) {
            for (int i = from; i < to; i++) {
                double v = x[i];
                if (v >= 0.0 && v <= hi) {
                    counts[Math.min((int) (v * norm), last)]++;
                }
            }
            return;
        }
        for (int i = from; i < to; i++) {
            double v = x[i];
            if (v >= lo && v <= hi) {
                int k = (int) ((v - lo) * norm);
                if (k > last) {
                    k = last;
                }
                // The product can be one bin off near an edge; the edges decide, as in NumPy.
                if (v < edges[k]) {
                    k--;
                } else if (k < last && v >= edges[k + 1]) {
                    k++;
                }
                counts[k]++;
            }
        }
    }

    // ------------------------------------------------------------------ matmul

    /**
     * Conditionally thread-safe: {@code C = A * B} for row-major {@code A} (m x k), {@code B} (k x p) and {@code C}
     * (m x p), overwriting {@code C}. Rows of {@code C} are computed in parallel; each element is summed over
     * {@code k} in increasing order (reproducible), with the loop blocked over columns so a strip of {@code B} stays in
     * cache.
     *
     * @param a the left matrix, {@code m * k} elements
     * @param b the right matrix, {@code k * p} elements
     * @param c the result, {@code m * p} elements; neither {@code a} nor {@code b}
     * @param m rows of A and C
     * @param k columns of A, rows of B
     * @param p columns of B and C
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if a dimension is negative, a length does not match its dimensions, or
     *     {@code c} is {@code a} or {@code b}
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void matmul(double[] a, double[] b, double[] c, int m, int k, int p) {
        matmul(a, b, c, m, k, p, null);
    }

    /**
     * Conditionally thread-safe: {@link #matmul(double[], double[], double[], int, int, int)} on the given workers.
     *
     * @param a the left matrix
     * @param b the right matrix
     * @param c the result
     * @param m rows of A and C
     * @param k columns of A, rows of B
     * @param p columns of B and C
     * @param workers the workers, or null for the default
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if a dimension or length is wrong, or {@code c} aliases an input
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void matmul(double[] a, double[] b, double[] c, int m, int k, int p, Workers workers) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(c, "c");
        if (m < 0 || k < 0 || p < 0) {
            throw new IllegalArgumentException("m, k and p must not be negative, got m = " + m + ", k = " + k
                    + ", p = " + p);
        }
        checkLength(a, "a", m, k, "m * k");
        checkLength(b, "b", k, p, "k * p");
        checkLength(c, "c", m, p, "m * p");
        if (c == a || c == b) {
            throw new IllegalArgumentException("c must not be the same array as " + (c == a ? "a" : "b")
                    + ": it is overwritten while the inputs are read");
        }
        long flops = (long) m * k * p;
        int rowsPerBlock = (int) Math.max(1, Math.min(m, 1 + (1 << 14) / Math.max(1L, (long) k * p)));
        int nb = (m + rowsPerBlock - 1) / rowsPerBlock;
        ParallelRange.over(nb, workers, workers != null || flops >= PARALLEL_MIN).forEach(blk -> {
            int r0 = blk * rowsPerBlock;
            int r1 = Math.min(m, r0 + rowsPerBlock);
            matmulRows(a, b, c, r0, r1, k, p);
        });
    }

    private static final int COLUMN_STRIP = 256;

    private static void matmulRows(double[] a, double[] b, double[] c, int r0, int r1, int k, int p) {
        for (int jj = 0; jj < p; jj += COLUMN_STRIP) {
            int jEnd = Math.min(p, jj + COLUMN_STRIP);
            for (int i = r0; i < r1; i++) {
                int ci = i * p;
                java.util.Arrays.fill(c, ci + jj, ci + jEnd, 0.0);
                int ai = i * k;
                for (int kk = 0; kk < k; kk++) {
                    double aik = a[ai + kk];
                    int bk = kk * p;
                    for (int j = jj; j < jEnd; j++) {
                        c[ci + j] += aik * b[bk + j];
                    }
                }
            }
        }
    }

    private static void checkLength(double[] arr, String name, int rows, int cols, String dims) {
        long want = (long) rows * cols;
        if (arr.length != want) {
            throw new IllegalArgumentException(name + ".length must be " + dims + " = " + want + ", got "
                    + arr.length);
        }
    }
}
