package dev.threadproof.runtime;

import java.util.Random;

/**
 * Run in a child JVM by {@link FmaIndependenceTest} and {@link VectorPathTest}: prints which loops the JVM runs
 * ({@code fma=}, {@code vector=}) and the raw bits of reductions over inputs that exercise every part of the block
 * loops (partial last blocks, tails of one to three elements, cancellation, twelve decades, NaN and infinities, norms
 * on both sides of {@code norm2}'s one-pass range). With the argument {@code blocks} it instead compares the loaded
 * vector loops, and a deliberately broken twin, with the scalar reference block by block ({@link #compareBlocks}).
 */
public final class ReductionProbe {
    private ReductionProbe() {
    }

    public static void main(String[] args) {
        System.out.println("fma=" + DoubleDouble.FMA);
        System.out.println("vector=" + ArrayOps.vectorApi());
        if (args.length > 0 && args[0].equals("blocks")) {
            ArrayBlockSums loops = VectorPath.LOOPS != null ? VectorPath.LOOPS : new ScalarLoops(false);
            System.out.println("loops-mismatches=" + compareBlocks(loops, 20_000));
            System.out.println("broken-mismatches=" + compareBlocks(new ScalarLoops(true), 20_000));
            return;
        }
        for (int n : new int[] {1, 2, 3, 5, 4095, 4097, 4099, 300_001}) {
            double[] x = Inputs.cancelling(n, 42 + n, 8);
            double[] y = Inputs.twelveDecades(n, 43 + n);
            print("sum n=" + n, ArrayOps.sum(x));
            print("dot n=" + n, ArrayOps.dot(x, y));
            print("norm2 n=" + n, ArrayOps.norm2(y));
            for (int e : new int[] {-330, -300, -280, 480, 500, 520}) {
                print("norm2 n=" + n + " scale=2^" + e, ArrayOps.norm2(scaled(y, e)));
            }
            double[] special = y.clone();
            special[n / 2] = Double.POSITIVE_INFINITY;
            print("sum inf n=" + n, ArrayOps.sum(special));
            special[n - 1] = Double.NaN;
            print("dot nan n=" + n, ArrayOps.dot(special, y));
        }
        double[] x = Inputs.cancelling(300_001, 42, 8);
        print("range", Parallel.range(x.length).workers(2).sum(i -> x[i] * 0.5));
    }

    private static double[] scaled(double[] y, int e) {
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            s[i] = Math.scalb(y[i], e);
        }
        return s;
    }

    private static void print(String what, double v) {
        System.out.println(what + " = " + Long.toHexString(Double.doubleToRawLongBits(v)));
    }

    /**
     * Runs {@code loops} and the scalar reference on {@code trials} random blocks (random offsets and lengths from 0
     * to 70, values over 600 binary orders of magnitude, some NaN and infinities) and returns how many stored
     * accumulators differed in any bit.
     */
    static int compareBlocks(ArrayBlockSums loops, int trials) {
        Random r = new Random(7);
        int mismatches = 0;
        for (int t = 0; t < trials; t++) {
            int len = 80;
            double[] x = new double[len];
            double[] y = new double[len];
            for (int i = 0; i < len; i++) {
                x[i] = value(r);
                y[i] = value(r);
            }
            int from = r.nextInt(10);
            int to = from + r.nextInt(len - from - 9);
            double[] want = BufferedTree.accumulatorBuffer(2);
            double[] got = BufferedTree.accumulatorBuffer(2);
            DoubleDouble.scalarSumBlock(x, from, to, want, 0);
            loops.sumBlock(x, from, to, got, 0);
            DoubleDouble.scalarDotBlock(x, y, from, to, want, 1);
            loops.dotBlock(x, y, from, to, got, 1);
            for (int k = 0; k < want.length; k++) {
                if (Double.doubleToLongBits(want[k]) != Double.doubleToLongBits(got[k])) {
                    mismatches++;
                }
            }
        }
        return mismatches;
    }

    private static double value(Random r) {
        int kind = r.nextInt(200);
        if (kind == 0) {
            return Double.NaN;
        }
        if (kind == 1) {
            return r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return Math.scalb(r.nextDouble() - 0.5, r.nextInt(600) - 300);
    }

    /**
     * The scalar loops as an {@link ArrayBlockSums}; {@code broken} makes them the negative control: the last
     * {@code (to - from) % 4} elements are added to accumulator 0 with a plain addition instead of TwoSum, the slip of a
     * vector loop whose scalar tail forgot the compensation, which the block comparison must catch.
     */
    private static final class ScalarLoops implements ArrayBlockSums {
        private final boolean broken;

        ScalarLoops(boolean broken) {
            this.broken = broken;
        }

        @Override
        public void sumBlock(double[] x, int from, int to, double[] acc, int b) {
            int end = broken ? to - (to - from) % 4 : to;
            DoubleDouble.scalarSumBlock(x, from, end, acc, b);
            for (int i = end; i < to; i++) {
                acc[DoubleDouble.SLOTS * b] += x[i];
            }
        }

        @Override
        public void dotBlock(double[] x, double[] y, int from, int to, double[] acc, int b) {
            int end = broken ? to - (to - from) % 4 : to;
            DoubleDouble.scalarDotBlock(x, y, from, end, acc, b);
            for (int i = end; i < to; i++) {
                acc[DoubleDouble.SLOTS * b] += x[i] * y[i];
            }
        }
    }
}
