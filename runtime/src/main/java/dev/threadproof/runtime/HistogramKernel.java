package dev.threadproof.runtime;

import static dev.threadproof.runtime.KernelDriver.PARALLEL_MIN;

import java.util.List;
import java.util.Objects;

/**
 * The histogram kernel of {@link ArrayOps}, with NumPy's counting rules: per-member counts over claimed blocks
 * ({@link KernelDriver#perMember}), summed at the end.
 */
final class HistogramKernel {
    private HistogramKernel() {
    }

    static long[] histogram(double[] x, double lo, double hi, int bins, Workers workers) {
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
        // (bins + 1 slots are counted on that path, so bins must leave room for one more.)
        boolean exact = lo == 0.0 && norm == Math.scalb(1.0, Math.getExponent(norm)) && bins < Integer.MAX_VALUE;
        int n = x.length;
        List<long[]> perMember;
        if (exact) {
            perMember = KernelDriver.perMember(n, workers, PARALLEL_MIN, () -> new long[bins + 1],
                    (counts, from, to) -> countScaled(x, from, to, hi, norm, counts));
        } else {
            double[] edges = edges(lo, hi, bins);
            perMember = KernelDriver.perMember(n, workers, PARALLEL_MIN, () -> new long[bins],
                    (counts, from, to) -> countByEdges(x, from, to, lo, hi, norm, edges, counts));
        }
        long[] total = new long[bins];
        for (long[] counts : perMember) {
            for (int k = 0; k < bins; k++) {
                total[k] += counts[k];
            }
            if (exact) {
                total[bins - 1] += counts[bins]; // the values equal to hi
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

    /**
     * The exact path's loop: counts {@code v} in {@code [0, hi]} into slot {@code (int) (v * norm)} of
     * {@code counts[0..bins]}; slot {@code bins} collects {@code v == hi} and is added to the last bin at the end. That
     * extra slot replaces a per-value {@code Math.min(k, bins - 1)}: the loop is then two comparisons, a multiply and an
     * increment per value (the array's own bound check stays, so a wrong index would throw, not miscount), and C2
     * no longer spills registers in it when it is inlined into a caller. Figures: docs/performance.md, "The histogram".
     */
    private static void countScaled(double[] x, int from, int to, double hi, double norm, long[] counts) {
        for (int i = from; i < to; i++) {
            double v = x[i];
            if (v >= 0.0 && v <= hi) {
                counts[(int) (v * norm)]++;
            }
        }
    }

    private static void countByEdges(double[] x, int from, int to, double lo, double hi, double norm,
                                     double[] edges, long[] counts) {
        int last = counts.length - 1;
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
}
