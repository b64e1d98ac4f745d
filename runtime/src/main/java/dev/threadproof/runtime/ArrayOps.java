package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
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
 * element-wise, so they are reproducible anyway. A NaN result of a reduction (and a NaN element of {@code cumsum}'s
 * output) is always {@link Double#NaN} itself, raw bits {@code 0x7ff8000000000000L}: Java's arithmetic does not fix
 * which NaN an operation on NaNs returns (interpreted and compiled code of the same loop may differ in the sign), so
 * without this the bits of a NaN would depend on what ran.
 *
 * <p><b>Memory.</b> A reduction keeps no buffer of block results: the fixed tree is built as the blocks finish, so a
 * call allocates a few kilobytes whatever the array's length (about 2.8 KB for {@code sum} of 2^24 values at 2
 * workers; docs/performance.md has the figures). The exceptions are {@code cumsum}, which keeps one offset per block
 * beside its output, and {@code histogram} and {@code matmul}, whose per-worker counts and blocks grow with
 * {@code bins} and the matrices' width, not with the length.
 *
 * <p><b>Load balance.</b> Workers claim blocks in chunks of up to 16 as they go (a dynamic schedule), not one fixed
 * share each, so a worker whose core is slowed down by other work does fewer blocks instead of holding the call back.
 * Which worker ran which block changes from call to call; results do not.
 *
 * <p><b>Inputs are never modified</b> unless they are the output ({@code map(x, x, f)} works in place). Mismatched
 * lengths and invalid parameters are rejected before anything runs with an {@link IllegalArgumentException} naming
 * the parameter; as in {@link java.util.Arrays}, every kernel throws a {@link NullPointerException} if an array or
 * function argument is null (a null {@code Workers} means the default), also before anything runs.
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
    public static final int BLOCK = KernelDriver.BLOCK;

    /**
     * Immutable: whether {@code sum}, {@code dot} and {@code norm2} run on the Vector API loops in this JVM, decided
     * once when the JVM first uses them. They do when the JVM was started with {@code --add-modules
     * jdk.incubator.vector} (an incubating module of JDK 17 and later; the JVM then prints a warning naming it) on a
     * CPU with native 256-bit vectors (x86-64 with AVX2, for example); otherwise scalar loops run. The vector loops
     * keep the scalar loops' four accumulators as the four lanes of a vector, so results are bitwise the same either
     * way; only speed changes (docs/performance.md).
     *
     * @return true if the vector loops run
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static boolean vectorApi() {
        return VectorPath.LOOPS != null;
    }

    /** Immutable: the length from which memory-bound kernels use threads when no workers are given: {@value}. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final int PARALLEL_MIN = KernelDriver.PARALLEL_MIN;

    /** Immutable: the length from which {@code map} and {@code zip} use threads when no workers are given: {@value}. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final int PARALLEL_MIN_MAP = KernelDriver.PARALLEL_MIN_MAP;

    private static final String CONDITION = "no other thread writes its inputs or accesses its outputs meanwhile";

    /**
     * Conditionally thread-safe: the compensated, reproducible sum of {@code x} (0.0 when empty); see
     * {@link ParallelRange#sum} for the error bound.
     *
     * @param x the values
     * @return the sum
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double sum(double[] x) {
        return sum(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #sum(double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double sum(double[] x, Workers workers) {
        return ReductionKernels.sum(x, workers);
    }

    /**
     * Conditionally thread-safe: the dot product of {@code x} and {@code y}, reproducible: each product is rounded once
     * and the products are summed as {@link #sum(double[])}.
     *
     * @param x the first vector
     * @param y the second vector, of the same length
     * @return the dot product (0.0 when empty)
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double dot(double[] x, double[] y) {
        return dot(x, y, null);
    }

    /**
     * Conditionally thread-safe: {@link #dot(double[], double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double dot(double[] x, double[] y, Workers workers) {
        return ReductionKernels.dot(x, y, workers);
    }

    /**
     * Conditionally thread-safe: the Euclidean norm of {@code x}, without overflow or underflow for huge or tiny
     * values, within about one unit in the last place; reproducible. One pass sums the squares in double-double; only
     * when that sum is not finite or is outside [2^-600, 2^1000) does a second pass scale them (Blue's algorithm, as
     * LAPACK's {@code dnrm2}). NaN if an element is NaN, +Infinity if one is
     * infinite and none is NaN; 0.0 when empty.
     *
     * @param x the vector
     * @return the norm
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double norm2(double[] x) {
        return norm2(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #norm2(double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double norm2(double[] x, Workers workers) {
        return ReductionKernels.norm2(x, workers);
    }

    /**
     * Conditionally thread-safe: the smallest element; NaN if any element is NaN (as NumPy's {@code min}); -0.0 is
     * below 0.0.
     *
     * @param x the values, not empty
     * @return the minimum
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double min(double[] x) {
        return min(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #min(double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double min(double[] x, Workers workers) {
        return ReductionKernels.extreme(x, workers, true);
    }

    /**
     * Conditionally thread-safe: the largest element; NaN if any element is NaN (as NumPy's {@code max}); 0.0 is above
     * -0.0.
     *
     * @param x the values, not empty
     * @return the maximum
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double max(double[] x) {
        return max(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #max(double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double max(double[] x, Workers workers) {
        return ReductionKernels.extreme(x, workers, false);
    }

    /**
     * Conditionally thread-safe: the index of the smallest element, the lowest such index on ties (-0.0 ties with
     * 0.0); the index of the first NaN if there is one (as NumPy's {@code argmin}).
     *
     * @param x the values, not empty
     * @return the index
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static int argmin(double[] x) {
        return argmin(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #argmin(double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static int argmin(double[] x, Workers workers) {
        return ReductionKernels.argExtreme(x, workers, true);
    }

    /**
     * Conditionally thread-safe: the index of the largest element, the lowest such index on ties; the index of the
     * first NaN if there is one (as NumPy's {@code argmax}).
     *
     * @param x the values, not empty
     * @return the index
     * @throws IllegalArgumentException if {@code x} is empty
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static int argmax(double[] x) {
        return argmax(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #argmax(double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static int argmax(double[] x, Workers workers) {
        return ReductionKernels.argExtreme(x, workers, false);
    }

    /**
     * Conditionally thread-safe: the arithmetic mean, {@code sum(x) / x.length} with the compensated, reproducible
     * sum; NaN when {@code x} is empty (as NumPy, without the warning).
     *
     * @param x the values
     * @return the mean
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double mean(double[] x) {
        return mean(x, null);
    }

    /**
     * Conditionally thread-safe: {@link #mean(double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double mean(double[] x, Workers workers) {
        return ReductionKernels.mean(x, workers);
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
     * @throws IllegalArgumentException if {@code ddof < 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double variance(double[] x, int ddof) {
        return variance(x, ddof, null);
    }

    /**
     * Conditionally thread-safe: {@link #variance(double[], int)} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static double variance(double[] x, int ddof, Workers workers) {
        return ReductionKernels.variance(x, ddof, workers);
    }

    /**
     * Conditionally thread-safe: {@code out[i] = f(in[i])} for every i; {@code in} and {@code out} may be the same
     * array. {@code f} is invoked concurrently.
     *
     * @param in the input
     * @param out the output, of the same length
     * @param f the function, applied concurrently to distinct elements
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void map(double[] in, double[] out, DoubleUnaryOperator f) {
        map(in, out, f, null);
    }

    /**
     * Conditionally thread-safe: {@link #map(double[], double[], DoubleUnaryOperator)} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void map(double[] in, double[] out, DoubleUnaryOperator f, Workers workers) {
        ElementwiseKernels.map(in, out, f, workers);
    }

    /**
     * Conditionally thread-safe: {@code out[i] = f(a[i], b[i])} for every i; {@code out} may be {@code a} or
     * {@code b}.
     *
     * @param a the first input
     * @param b the second input, of the same length
     * @param out the output, of the same length
     * @param f the function, applied concurrently to distinct elements
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void zip(double[] a, double[] b, double[] out, DoubleBinaryOperator f) {
        zip(a, b, out, f, null);
    }

    /**
     * Conditionally thread-safe: {@link #zip(double[], double[], double[], DoubleBinaryOperator)} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void zip(double[] a, double[] b, double[] out, DoubleBinaryOperator f, Workers workers) {
        ElementwiseKernels.zip(a, b, out, f, workers);
    }

    /**
     * Conditionally thread-safe: {@code y[i] += alpha * x[i]} (BLAS {@code daxpy}, one rounding for the product and
     * one for the sum).
     *
     * @param alpha the scale
     * @param x the input
     * @param y the input and output, of the same length
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void axpy(double alpha, double[] x, double[] y) {
        axpy(alpha, x, y, null);
    }

    /**
     * Conditionally thread-safe: {@link #axpy(double, double[], double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void axpy(double alpha, double[] x, double[] y, Workers workers) {
        ElementwiseKernels.axpy(alpha, x, y, workers);
    }

    /**
     * Conditionally thread-safe: {@code x[i] *= alpha} for every i.
     *
     * @param alpha the scale
     * @param x the array, scaled in place
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void scale(double alpha, double[] x) {
        scale(alpha, x, null);
    }

    /**
     * Conditionally thread-safe: {@link #scale(double, double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void scale(double alpha, double[] x, Workers workers) {
        ElementwiseKernels.scale(alpha, x, workers);
    }

    /**
     * Conditionally thread-safe: sets every element of {@code x} to {@code value}.
     *
     * @param x the array
     * @param value the value
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void fill(double[] x, double value) {
        fill(x, value, null);
    }

    /**
     * Conditionally thread-safe: {@link #fill(double[], double)} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void fill(double[] x, double value, Workers workers) {
        ElementwiseKernels.fill(x, value, workers);
    }

    /**
     * Conditionally thread-safe: the inclusive prefix sums {@code out[i] = in[0] + ... + in[i]}, by a parallel
     * two-pass scan that is bitwise the same for every worker count: pass one sums each block of {@value #BLOCK}
     * elements, the block offsets are accumulated in order, pass two runs each block's prefix sums from its offset.
     * {@code in} and {@code out} may be the same array. The values differ from a strictly serial scan by rounding
     * only.
     *
     * @param in the input
     * @param out the output, of the same length
     * @throws IllegalArgumentException if the lengths differ
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void cumsum(double[] in, double[] out) {
        cumsum(in, out, null);
    }

    /**
     * Conditionally thread-safe: {@link #cumsum(double[], double[])} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void cumsum(double[] in, double[] out, Workers workers) {
        ScanKernel.cumsum(in, out, workers);
    }

    /**
     * Conditionally thread-safe: the counts of {@code x} in {@code bins} equal-width bins over {@code [lo, hi]}, as
     * NumPy's {@code histogram(x, bins, (lo, hi))}: bin {@code k} holds {@code edge[k] <= v < edge[k+1]} with
     * {@code edge[k] = lo + k * ((hi - lo) / bins)} and {@code edge[bins] = hi}; {@code hi} itself falls in the last
     * bin; values outside {@code [lo, hi]} and NaN are not counted. Each worker fills bins of its own, merged at the
     * end: the workers run as a {@link Parallel#block parallel block}, whose team is formed only of threads that are
     * running it, so concurrent calls that share an executor or pool never wait for each other's threads.
     *
     * @param x the values
     * @param lo the lower edge, finite
     * @param hi the upper edge, finite and above {@code lo}
     * @param bins the number of bins, at least 1
     * @return the counts, of length {@code bins}
     * @throws IllegalArgumentException if {@code bins <= 0}, {@code lo >= hi} or an edge is not finite
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static long[] histogram(double[] x, double lo, double hi, int bins) {
        return histogram(x, lo, hi, bins, null);
    }

    /**
     * Conditionally thread-safe: {@link #histogram(double[], double, double, int)} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static long[] histogram(double[] x, double lo, double hi, int bins, Workers workers) {
        return HistogramKernel.histogram(x, lo, hi, bins, workers);
    }

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
     * @throws IllegalArgumentException if a dimension is negative, a length does not match its dimensions, or
     *     {@code c} is {@code a} or {@code b}
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void matmul(double[] a, double[] b, double[] c, int m, int k, int p) {
        matmul(a, b, c, m, k, p, null);
    }

    /**
     * Conditionally thread-safe: {@link #matmul(double[], double[], double[], int, int, int)} on {@code workers}
     * (null: the default, with the serial cut-off); parameters, result and exceptions as there.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = CONDITION)
    public static void matmul(double[] a, double[] b, double[] c, int m, int k, int p, Workers workers) {
        MatmulKernel.matmul(a, b, c, m, k, p, workers);
    }
}
