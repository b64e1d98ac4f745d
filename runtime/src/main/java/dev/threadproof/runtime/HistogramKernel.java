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
        boolean exact = lo == 0.0 && norm == Math.scalb(1.0, Math.getExponent(norm));
        double[] edges = exact ? null : edges(lo, hi, bins);
        int n = x.length;
        List<long[]> perMember = KernelDriver.perMember(n, workers, PARALLEL_MIN, () -> new long[bins],
                (counts, from, to) -> histogramBlock(x, from, to, lo, hi, norm, edges, counts, exact));
        if (perMember.size() == 1) {
            return perMember.get(0);
        }
        long[] total = new long[bins];
        for (long[] counts : perMember) {
            for (int k = 0; k < bins; k++) {
                total[k] += counts[k];
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
}
