package dev.threadproof.runtime;

import static dev.threadproof.runtime.KernelDriver.PARALLEL_MIN;
import static dev.threadproof.runtime.KernelDriver.PARALLEL_MIN_MAP;
import static dev.threadproof.runtime.KernelDriver.blocks;
import static dev.threadproof.runtime.KernelDriver.from;
import static dev.threadproof.runtime.KernelDriver.sameLength;
import static dev.threadproof.runtime.KernelDriver.to;

import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The element-wise kernels of {@link ArrayOps}: map, zip, axpy, scale, fill; each block writes its own elements.
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {
    }

    static void map(double[] in, double[] out, DoubleUnaryOperator f, Workers workers) {
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
    static void zip(double[] a, double[] b, double[] out, DoubleBinaryOperator f, Workers workers) {
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
    static void axpy(double alpha, double[] x, double[] y, Workers workers) {
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
    static void scale(double alpha, double[] x, Workers workers) {
        Objects.requireNonNull(x, "x");
        int n = x.length;
        blocks(n, workers, PARALLEL_MIN).forEach(b -> {
            for (int i = from(b), end = to(b, n); i < end; i++) {
                x[i] *= alpha;
            }
        });
    }
    static void fill(double[] x, double value, Workers workers) {
        Objects.requireNonNull(x, "x");
        int n = x.length;
        blocks(n, workers, PARALLEL_MIN).forEach(b -> java.util.Arrays.fill(x, from(b), to(b, n), value));
    }
}
