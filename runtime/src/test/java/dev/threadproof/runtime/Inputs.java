package dev.threadproof.runtime;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test inputs for floating-point reductions, and exact references computed with BigDecimal. */
final class Inputs {
    private Inputs() {
    }

    /** Random values, random signs, magnitudes spread uniformly over 12 decades (1e-6 .. 1e6). */
    static double[] twelveDecades(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double mag = Math.pow(10, -6 + 12 * r.nextDouble());
            x[i] = (r.nextBoolean() ? 1 : -1) * mag * (1 + r.nextDouble());
        }
        return x;
    }

    /**
     * Cancellation-heavy: large values with their exact negatives scattered at random, plus a small residue, so the
     * sum is many orders of magnitude below the sum of magnitudes (condition number about {@code 10^decades}).
     */
    static double[] cancelling(int n, long seed, int decades) {
        Random r = new Random(seed);
        double[] x = new double[n];
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double big = Math.pow(10, decades) * (1 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
            x[i] = big;
            x[i + 1] = -big + r.nextDouble(); // leaves a residue of about 0.5 per pair, inexactly representable
        }
        if (i < n) {
            x[i] = r.nextDouble();
        }
        for (int k = n - 1; k > 0; k--) { // shuffle so cancelling partners land in different blocks and lanes
            int j = r.nextInt(k + 1);
            double t = x[k];
            x[k] = x[j];
            x[j] = t;
        }
        return x;
    }

    static BigDecimal exactSum(double[] x) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : x) {
            s = s.add(new BigDecimal(v));
        }
        return s;
    }

    static BigDecimal exactDot(double[] x, double[] y) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < x.length; i++) {
            s = s.add(new BigDecimal(x[i] * y[i])); // the product rounded once, as ArrayOps.dot documents
        }
        return s;
    }

    /** Error of {@code got} against the exact value, in units of the last place of the correctly rounded value. */
    static double ulpsOff(double got, BigDecimal exact) {
        double rounded = exact.doubleValue();
        BigDecimal err = new BigDecimal(got).subtract(exact).abs();
        return err.divide(new BigDecimal(Math.ulp(rounded)), MathContext.DECIMAL64).doubleValue();
    }

    /** Lengths at and around block boundaries of array kernels and range reductions. */
    static int[] lengths() {
        List<Integer> out = new ArrayList<>();
        for (int base : new int[] {0, 16, 256, 4096, 8192, 4096 * 3, 256 * 4096, 256 * 4096 * 2}) {
            for (int d = -2; d <= 2; d++) {
                if (base + d >= 0) {
                    out.add(base + d);
                }
            }
        }
        out.add(5);
        out.add(100_003);
        return out.stream().distinct().mapToInt(Integer::intValue).toArray();
    }
}
