package dev.threadproof.runtime;

import static dev.threadproof.runtime.KernelDriver.PARALLEL_MIN;

import java.util.Objects;

/**
 * The matrix product kernel of {@link ArrayOps}: blocks of rows ({@link KernelDriver#rowBlocks}), each in column
 * strips that stay in cache.
 */
final class MatmulKernel {
    private MatmulKernel() {
    }

    private static final int COLUMN_STRIP = 256;

    static void matmul(double[] a, double[] b, double[] c, int m, int k, int p, Workers workers) {
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
        KernelDriver.rowBlocks(m, rowsPerBlock, workers, workers != null || flops >= PARALLEL_MIN,
                (r0, r1) -> matmulRows(a, b, c, r0, r1, k, p));
    }

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
