package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Array kernels against independent references, reproducibility across workers, and bad input. */
class ArrayOpsTest {
    private static final List<Workers> WORKERS = ReductionTestWorkers.list();

    private static double[] random(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble() * 2 - 1;
        }
        return x;
    }

    @Test
    void reductionsAreReproducibleAcrossWorkers() {
        // (1 << 22) + 4099: 1026 blocks, claimed in chunks of 16 with a partial last chunk and a partial last block.
        for (int n : new int[] {1, 4095, 4096, 4097, 50_000, 300_001, (1 << 22) + 4099}) {
            double[] x = Inputs.cancelling(n, n, 7);
            double[] y = random(n, n + 1);
            double sum = ArrayOps.sum(x, Workers.serial());
            double dot = ArrayOps.dot(x, y, Workers.serial());
            double nrm = ArrayOps.norm2(x, Workers.serial());
            double mean = ArrayOps.mean(x, Workers.serial());
            double var = ArrayOps.variance(x, 1, Workers.serial());
            double[] cs = new double[n];
            ArrayOps.cumsum(x, cs, Workers.serial());
            for (Workers w : WORKERS) {
                Bits.assertSame(sum, ArrayOps.sum(x, w), "sum n=" + n + " " + w);
                Bits.assertSame(dot, ArrayOps.dot(x, y, w), "dot n=" + n + " " + w);
                Bits.assertSame(nrm, ArrayOps.norm2(x, w), "norm2 n=" + n + " " + w);
                Bits.assertSame(mean, ArrayOps.mean(x, w), "mean n=" + n + " " + w);
                Bits.assertSame(var, ArrayOps.variance(x, 1, w), "variance n=" + n + " " + w);
                double[] cs2 = new double[n];
                ArrayOps.cumsum(x, cs2, w);
                assertArrayEquals(cs, cs2, "cumsum n=" + n + " " + w);
            }
            Bits.assertSame(sum, ArrayOps.sum(x), "default workers");
        }
    }

    /** Today's tree, the way it was built before the chunks combined as they finish: every block's buffer. */
    private static double bufferedSum(double[] x, double[] y) {
        int n = x.length;
        int nb = Reductions.blockCount(n, ArrayOps.BLOCK);
        double[] acc = BufferedTree.accumulatorBuffer(nb);
        for (int b = 0; b < nb; b++) {
            int from = b * ArrayOps.BLOCK;
            int to = Math.min(from + ArrayOps.BLOCK, n);
            if (y == null) {
                DoubleDouble.scalarSumBlock(x, from, to, acc, b);
            } else {
                DoubleDouble.scalarDotBlock(x, y, from, to, acc, b);
            }
        }
        return BufferedTree.sumOfAccumulators(acc);
    }

    /**
     * Terms whose double-double sum depends on how the block results are grouped: one term per block, of random sign
     * and an exponent anywhere in [-60, 0], and a huge term cancelled later: 2^150 from the first block to the last
     * (the grouping above the chunks), or 2^100 from the first block of the last chunk to the last block (a shorter
     * last chunk's own grouping). While the huge term is in a partial sum, its double-double keeps only the small
     * terms' top bits, so which small terms were added to it, and which to each other first, shows in the last bits.
     */
    private static double[] treeSensitive(int n, int nb, boolean lastChunk) {
        Random r = new Random(nb);
        double[] x = new double[n];
        for (int b = 0; b < nb; b++) {
            x[b * ArrayOps.BLOCK] = (r.nextBoolean() ? 1 : -1) * (1 + r.nextDouble()) * Math.scalb(1.0,
                    -r.nextInt(61));
        }
        double huge = lastChunk ? 0x1p100 : 0x1p150;
        int g = BlockTreeSum.chunkBlocks(nb);
        x[lastChunk ? (nb - 1) / g * g * ArrayOps.BLOCK + 1 : 1] = huge;
        x[n - 1] = -huge;
        return x;
    }

    @Test
    void sumAndDotKeepTheFixedTreeBitForBitWithoutABufferPerBlock() {
        // Block counts at every chunk size's edges (chunks of 1, 2, 4, 8 and 16 blocks), some with a partial last
        // block; the terms cancel, so any change in the order of the additions shows in the last bits.
        for (int nb : new int[] {1, 2, 3, 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025,
                1039, 1041}) {
            int n = nb * ArrayOps.BLOCK - (nb % 3) * 7;
            for (boolean lastChunk : new boolean[] {false, true}) {
                double[] x = treeSensitive(n, nb, lastChunk);
                double[] y = random(n, n + 3);
                double sum = bufferedSum(x, null);
                double dot = bufferedSum(x, y);
                String what = "nb=" + nb + (lastChunk ? " (last chunk)" : "");
                Bits.assertSame(sum, ArrayOps.sum(x, Workers.serial()), "sum " + what + " serial");
                Bits.assertSame(dot, ArrayOps.dot(x, y, Workers.serial()), "dot " + what + " serial");
                for (Workers w : WORKERS) {
                    Bits.assertSame(sum, ArrayOps.sum(x, w), "sum " + what + " " + w);
                    Bits.assertSame(dot, ArrayOps.dot(x, y, w), "dot " + what + " " + w);
                }
            }
        }
        // Not finite on the way: an overflow inside one chunk, a NaN in another, an infinity at the end.
        for (double[] special : new double[][] {{1e308, 1e308}, {Double.NaN}, {Double.POSITIVE_INFINITY}}) {
            int n = 300 * ArrayOps.BLOCK + 5;
            double[] x = random(n, 17);
            for (int k = 0; k < special.length; k++) {
                x[n / 3 + k] = special[k];
            }
            double want = bufferedSum(x, null);
            for (Workers w : WORKERS) {
                Bits.assertSame(want, ArrayOps.sum(x, w), "sum with " + Arrays.toString(special) + " " + w);
            }
        }
        Bits.assertSame(0.0, ArrayOps.sum(new double[0], Workers.of(2)), "empty");
    }

    /** Today's variance, as it was built before its tree combined chunks as they finish: one array per block. */
    private static double bufferedVariance(double[] x, int ddof) {
        int n = x.length;
        int nb = Reductions.blockCount(n, ArrayOps.BLOCK);
        double[][] part = new double[nb][];
        for (int b = 0; b < nb; b++) {
            int lo = b * ArrayOps.BLOCK;
            int hi = Math.min(lo + ArrayOps.BLOCK, n);
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
            part[b] = new double[] {hi - lo, mean, m2};
        }
        double[] all = BufferedTree.tree(part, 0, nb, (l, r) -> {
            double na = l[0];
            double nbb = r[0];
            double nn = na + nbb;
            double delta = r[1] - l[1];
            return new double[] {nn, l[1] + delta * (nbb / nn), l[2] + r[2] + delta * delta * (na * nbb / nn)};
        });
        return all[2] / (n - ddof);
    }

    /** Today's scaled norm2 (Blue, as LAPACK 3.10's dnrm2), as it was built before: four arrays of block sums. */
    private static double bufferedBlueNorm2(double[] x) {
        double tsml = 0x1p-511;
        double tbig = 0x1p486;
        double ssml = 0x1p537;
        double sbig = 0x1p-538;
        int n = x.length;
        int nb = Reductions.blockCount(n, ArrayOps.BLOCK);
        double[] big = new double[nb];
        double[] medHi = new double[nb];
        double[] medLo = new double[nb];
        double[] sml = new double[nb];
        for (int b = 0; b < nb; b++) {
            double abig = 0;
            double s = 0;
            double c = 0;
            double asml = 0;
            for (int i = b * ArrayOps.BLOCK, end = Math.min(i + ArrayOps.BLOCK, n); i < end; i++) {
                double ax = Math.abs(x[i]);
                if (ax > tbig) {
                    abig += (ax * sbig) * (ax * sbig);
                } else if (ax < tsml) {
                    asml += (ax * ssml) * (ax * ssml);
                } else {
                    double sq = ax * ax;
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
        }
        double abig = BufferedTree.tree(big, 0, nb, Double::sum);
        double amed = BufferedTree.sumOf(medHi, medLo);
        double asml = BufferedTree.tree(sml, 0, nb, Double::sum);
        double scl;
        double sumsq;
        if (abig > 0) {
            if (amed > 0 || Double.isNaN(amed)) {
                abig += (amed * sbig) * sbig;
            }
            scl = 1.0 / sbig;
            sumsq = abig;
        } else if (asml > 0) {
            if (amed > 0 || Double.isNaN(amed)) {
                double ymed = Math.sqrt(amed);
                double ysml = Math.sqrt(asml) / ssml;
                double ymin = Math.min(ymed, ysml);
                double ymax = Math.max(ymed, ysml);
                scl = 1.0;
                sumsq = ymax * ymax * (1.0 + (ymin / ymax) * (ymin / ymax));
            } else {
                scl = 1.0 / ssml;
                sumsq = asml;
            }
        } else {
            scl = 1.0;
            sumsq = amed;
        }
        return scl * Math.sqrt(sumsq);
    }

    @Test
    void varianceAndScaledNorm2KeepTheFixedTreeBitForBitWithoutABufferPerBlock() {
        // The block counts at every chunk size's edges, as for sum and dot; the terms' exponents spread so that the
        // merges' roundings depend on the grouping. norm2 takes its scaled pass: huge values (above Blue's big
        // threshold) in some blocks, tiny ones (below the small threshold) in others, medium ones everywhere.
        for (int nb : new int[] {1, 2, 3, 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025,
                1039}) {
            int n = nb * ArrayOps.BLOCK - (nb % 3) * 7;
            for (boolean lastChunk : new boolean[] {false, true}) {
                double[] x = treeSensitive(n, nb, lastChunk);
                Random r = new Random(nb * 31L + (lastChunk ? 1 : 0));
                for (int i = 0; i < n; i += 97) {
                    x[i] += r.nextDouble() * 1e3;
                }
                // Blue's sums: medium squares only (their sum below the one-pass range), with
                // small ones (below 2^-511) in a third of the blocks, and with big ones (above 2^486) in another third.
                // (Medium: exponents from -390 to -350, so the squares' sum is below 2^-600 and not one of them small.)
                double[] medium = new double[n];
                for (int i = 0; i < n; i++) {
                    medium[i] = (r.nextBoolean() ? 1 : -1) * (1 + r.nextDouble()) * Math.scalb(1.0, -350 - r.nextInt(41));
                }
                double[] small = medium.clone();
                double[] big = medium.clone();
                for (int b = 0; b < nb; b++) {
                    int at = Math.min(n - 1, b * ArrayOps.BLOCK + 5);
                    if (b % 3 == 1) {
                        small[at] = 0x1p-520 * (1 + r.nextDouble());
                    } else if (b % 3 == 0) {
                        big[at] = 0x1p500 * (1 + r.nextDouble());
                    }
                }
                String what = "nb=" + nb + (lastChunk ? " (last chunk)" : "");
                double var = bufferedVariance(x, 1);
                Bits.assertSame(var, ArrayOps.variance(x, 1, Workers.serial()), "variance " + what + " serial");
                for (Workers w : WORKERS) {
                    Bits.assertSame(var, ArrayOps.variance(x, 1, w), "variance " + what + " " + w);
                }
                for (double[] scaled : new double[][] {medium, small, big}) {
                    double nrm = bufferedBlueNorm2(scaled);
                    String kind = (scaled == medium ? "medium" : scaled == small ? "medium and small" : "medium and big")
                            + " squares, " + what;
                    Bits.assertSame(nrm, ArrayOps.norm2(scaled, Workers.serial()), "scaled norm2, " + kind + " serial");
                    for (Workers w : WORKERS) {
                        Bits.assertSame(nrm, ArrayOps.norm2(scaled, w), "scaled norm2, " + kind + " " + w);
                    }
                }
            }
        }
        // Not finite: a NaN in one block, an infinity in another; the scaled pass with a NaN among huge values.
        int n = 300 * ArrayOps.BLOCK + 5;
        double[] x = random(n, 19);
        x[n / 3] = Double.NaN;
        x[n / 2] = Double.POSITIVE_INFINITY;
        double[] scaled = random(n, 23);
        scaled[7] = 1e300;
        scaled[n / 2] = Double.NaN;
        for (Workers w : WORKERS) {
            Bits.assertSame(bufferedVariance(x, 0), ArrayOps.variance(x, 0, w), "variance, not finite, " + w);
            Bits.assertSame(bufferedBlueNorm2(scaled), ArrayOps.norm2(scaled, w), "scaled norm2 with a NaN, " + w);
        }
    }

    @Test
    void dotAndNormAgainstExactReferences() {
        for (int n : new int[] {3, 4097, 100_000}) {
            double[] x = Inputs.twelveDecades(n, 5);
            double[] y = Inputs.twelveDecades(n, 6);
            assertTrue(Inputs.ulpsOff(ArrayOps.dot(x, y), Inputs.exactDot(x, y)) <= 2, "dot n=" + n);
            BigDecimal ss = BigDecimal.ZERO;
            for (double v : x) {
                ss = ss.add(new BigDecimal(v).multiply(new BigDecimal(v)));
            }
            double exactNorm = ss.sqrt(MathContext.DECIMAL128).doubleValue();
            double got = ArrayOps.norm2(x);
            assertTrue(Math.abs(got - exactNorm) <= 4 * Math.ulp(exactNorm), "norm2 n=" + n + ": " + got + " vs "
                    + exactNorm);
        }
    }

    /**
     * norm2 sums squares in one pass when the sum lies in [2^-600, 2^1000) and scales them (Blue) otherwise: vectors
     * whose sum of squares lies just inside, just outside and far outside that range, with elements over twelve
     * decades (so some squares underflow or overflow when scaled far), are all within 4 ulps of the exact norm.
     */
    @Test
    void norm2IsAccurateOnBothSidesOfItsOnePassRange() {
        double[] y = Inputs.twelveDecades(10_000, 12);
        for (int e : new int[] {-560, -540, -330, -310, -300, -290, 0, 480, 495, 500, 505, 520}) {
            double[] x = new double[y.length];
            BigDecimal ss = BigDecimal.ZERO;
            for (int i = 0; i < y.length; i++) {
                x[i] = Math.scalb(y[i], e);
                BigDecimal v = new BigDecimal(x[i]);
                ss = ss.add(v.multiply(v));
            }
            double exact = ss.sqrt(MathContext.DECIMAL128).doubleValue();
            for (Workers w : new Workers[] {Workers.serial(), Workers.of(2)}) {
                double got = ArrayOps.norm2(x, w);
                assertTrue(Math.abs(got - exact) <= 4 * Math.ulp(exact),
                        "norm2 scaled by 2^" + e + " " + w + ": " + got + " vs " + exact);
            }
        }
    }

    @Test
    void norm2NeitherOverflowsNorUnderflows() {
        double[] huge = {1e300, 1e300, -1e300};
        assertEquals(Math.sqrt(3) * 1e300, ArrayOps.norm2(huge), 4 * Math.ulp(Math.sqrt(3) * 1e300));
        double[] tiny = {3e-300, 4e-300};
        assertEquals(5e-300, ArrayOps.norm2(tiny), 4 * Math.ulp(5e-300));
        double[] subnormal = {3 * Double.MIN_VALUE * 1e10, 4 * Double.MIN_VALUE * 1e10};
        assertEquals(5 * Double.MIN_VALUE * 1e10, ArrayOps.norm2(subnormal), 1e-6 * 5 * Double.MIN_VALUE * 1e10);
        double[] mixed = {1e300, 1e-300, 1.0};
        assertEquals(1e300, ArrayOps.norm2(mixed));
        assertTrue(Double.isNaN(ArrayOps.norm2(new double[] {1, Double.NaN})));
        assertEquals(Double.POSITIVE_INFINITY, ArrayOps.norm2(new double[] {1, Double.NEGATIVE_INFINITY}));
        assertEquals(0.0, ArrayOps.norm2(new double[0]));
    }

    @Test
    void minMaxArgminArgmaxWithTiesNaNAndSignedZero() {
        int n = 100_000;
        for (Workers w : WORKERS) {
            double[] x = random(n, 9);
            x[70_000] = -5;
            x[90_000] = -5;
            x[12_345] = 7;
            x[99_999] = 7;
            assertEquals(-5.0, ArrayOps.min(x, w));
            assertEquals(7.0, ArrayOps.max(x, w));
            assertEquals(70_000, ArrayOps.argmin(x, w), "ties go to the lowest index");
            assertEquals(12_345, ArrayOps.argmax(x, w), "ties go to the lowest index");
            x[80_000] = Double.NaN;
            x[95_000] = Double.NaN;
            assertTrue(Double.isNaN(ArrayOps.min(x, w)));
            assertTrue(Double.isNaN(ArrayOps.max(x, w)));
            assertEquals(80_000, ArrayOps.argmin(x, w), "the first NaN wins");
            assertEquals(80_000, ArrayOps.argmax(x, w), "the first NaN wins");
        }
        // Signed zeros in blocks that different members run: -0.0 is the min whichever member met it first, and the
        // zeros tie, so argmin is the lowest index of either.
        double[] z = random(300_000, 13);
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.abs(z[i]) + 1;
        }
        z[250_000] = -0.0;
        z[10_000] = 0.0;
        z[200_000] = -0.0;
        for (Workers w : WORKERS) {
            Bits.assertSame(-0.0, ArrayOps.min(z, w), "min of signed zeros across blocks " + w);
            assertEquals(10_000, ArrayOps.argmin(z, w), "signed zeros tie across blocks " + w);
            assertEquals(0, ArrayOps.argmax(new double[] {2, 1, 2}, w));
        }
        double[] zeros = {0.0, -0.0, 0.0};
        Bits.assertSame(-0.0, ArrayOps.min(zeros), "min of signed zeros");
        Bits.assertSame(0.0, ArrayOps.max(new double[] {-0.0, 0.0}), "max of signed zeros");
        assertEquals(0, ArrayOps.argmin(zeros), "-0.0 ties with 0.0");
    }

    @Test
    void meanAndVarianceAgainstExact() {
        double[] x = new double[200_003];
        Random r = new Random(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e6 + r.nextGaussian(); // a large mean makes the naive one-pass formula fail
        }
        BigDecimal n = new BigDecimal(x.length);
        BigDecimal mean = Inputs.exactSum(x).divide(n, MathContext.DECIMAL128);
        BigDecimal m2 = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal d = new BigDecimal(v).subtract(mean);
            m2 = m2.add(d.multiply(d));
        }
        double wantVar = m2.divide(n.subtract(BigDecimal.ONE), MathContext.DECIMAL128).doubleValue();
        assertEquals(mean.doubleValue(), ArrayOps.mean(x), 2 * Math.ulp(mean.doubleValue()));
        assertEquals(wantVar, ArrayOps.variance(x, 1), 1e-9 * wantVar);
        double pop = m2.divide(n, MathContext.DECIMAL128).doubleValue();
        assertEquals(pop, ArrayOps.variance(x, 0), 1e-9 * pop);
        assertTrue(Double.isNaN(ArrayOps.variance(new double[] {1}, 1)), "n - ddof <= 0 gives NaN");
        assertTrue(Double.isNaN(ArrayOps.mean(new double[0])));
    }

    @Test
    void elementWiseKernelsMatchPlainLoops() {
        int n = 123_457;
        double[] x = random(n, 1);
        double[] y = random(n, 2);
        for (Workers w : WORKERS) {
            double[] out = new double[n];
            ArrayOps.map(x, out, v -> Math.sin(v) * Math.exp(-v * v), w);
            for (int i = 0; i < n; i++) {
                Bits.assertSame(Math.sin(x[i]) * Math.exp(-x[i] * x[i]), out[i], "map at " + i);
            }
            ArrayOps.zip(x, y, out, (a, b) -> a * b - 1, w);
            for (int i = 0; i < n; i++) {
                Bits.assertSame(x[i] * y[i] - 1, out[i], "zip at " + i);
            }
            double[] yy = y.clone();
            ArrayOps.axpy(2.5, x, yy, w);
            for (int i = 0; i < n; i++) {
                Bits.assertSame(y[i] + 2.5 * x[i], yy[i], "axpy at " + i);
            }
            ArrayOps.scale(-3, yy, w);
            for (int i = 0; i < n; i++) {
                Bits.assertSame((y[i] + 2.5 * x[i]) * -3, yy[i], "scale at " + i);
            }
            ArrayOps.fill(yy, 42, w);
            for (int i = 0; i < n; i++) {
                assertEquals(42.0, yy[i]);
            }
            double[] inPlace = x.clone();
            ArrayOps.map(inPlace, inPlace, v -> v + 1, w);
            for (int i = 0; i < n; i++) {
                Bits.assertSame(x[i] + 1, inPlace[i], "in-place map at " + i);
            }
        }
        double[] before = x.clone();
        ArrayOps.sum(x);
        ArrayOps.variance(x, 0);
        ArrayOps.histogram(x, -1, 1, 10);
        assertArrayEquals(before, x, "an input was modified");
    }

    @Test
    void cumsumIsAPrefixSumAndWorksInPlace() {
        int n = 20_001;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 7; // small integers: every prefix sum is exact, whatever the order
        }
        double[] out = new double[n];
        ArrayOps.cumsum(x, out, Workers.of(3));
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i];
            assertEquals(s, out[i], "prefix " + i);
        }
        ArrayOps.cumsum(x, x, Workers.of(2));
        assertArrayEquals(out, x, "in place");
        double[] r = random(n, 3);
        double[] cr = new double[n];
        ArrayOps.cumsum(r, cr);
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += r[i];
            assertEquals(t, cr[i], 1e-12 * (1 + Math.abs(t)) * 100, "prefix " + i);
        }
    }

    /** An independent reference for NumPy's rule: the bin k with edge[k] <= v < edge[k+1], by binary search. */
    private static long[] referenceHistogram(double[] x, double lo, double hi, int bins) {
        double[] edges = new double[bins + 1];
        for (int k = 0; k < bins; k++) {
            edges[k] = lo + k * ((hi - lo) / bins);
        }
        edges[bins] = hi;
        long[] counts = new long[bins];
        for (double v : x) {
            if (!(v >= lo && v <= hi)) {
                continue;
            }
            if (v == hi) {
                counts[bins - 1]++;
                continue;
            }
            int a = 0;
            int b = bins; // invariant: edges[a] <= v < edges[b]
            while (b - a > 1) {
                int m = (a + b) >>> 1;
                if (v >= edges[m]) {
                    a = m;
                } else {
                    b = m;
                }
            }
            counts[a]++;
        }
        return counts;
    }

    @Test
    void histogramFollowsNumpysRules() {
        int n = 300_000;
        double[] x = random(n, 11);
        x[0] = 1.0;        // hi: the last bin
        x[1] = -1.0;       // lo: the first bin
        x[2] = 1.0000001;  // above hi: not counted
        x[3] = Double.NaN; // not counted
        x[4] = -2;         // below lo: not counted
        for (int bins : new int[] {1, 3, 10, 256, 1000}) {
            long[] want = referenceHistogram(x, -1, 1, bins);
            for (Workers w : WORKERS) {
                assertArrayEquals(want, ArrayOps.histogram(x, -1, 1, bins, w), bins + " bins, " + w);
            }
            assertEquals(n - 3, Arrays.stream(want).sum());
        }
        // The exact path (lo = 0, power-of-two bins / hi): every edge value k / 256, hi itself, just below hi.
        double[] dyadic = new double[260];
        for (int k = 0; k <= 256; k++) {
            dyadic[k] = k / 256.0;
        }
        dyadic[257] = Math.nextDown(1.0);
        dyadic[258] = -0.0;
        dyadic[259] = Math.nextUp(1.0);
        // no workers argument: below the parallel threshold the caller counts alone (the serial path)
        assertArrayEquals(referenceHistogram(dyadic, 0, 1, 256), ArrayOps.histogram(dyadic, 0, 1, 256));
        for (Workers w : WORKERS) {
            assertArrayEquals(referenceHistogram(dyadic, 0, 1, 256), ArrayOps.histogram(dyadic, 0, 1, 256, w));
            assertArrayEquals(referenceHistogram(x, 0, 1, 256), ArrayOps.histogram(x, 0, 1, 256, w));
            assertArrayEquals(referenceHistogram(x, 0, 0.5, 64), ArrayOps.histogram(x, 0, 0.5, 64, w));
            assertArrayEquals(referenceHistogram(dyadic, 0, 1, 1), ArrayOps.histogram(dyadic, 0, 1, 1, w));
        }
        // Enough blocks to be claimed in chunks of 16, with a partial last chunk: counts must not depend on who ran what.
        double[] big = random((1 << 22) + 4099, 12);
        big[big.length - 1] = Double.NaN;
        for (int i = 0; i < big.length; i += 1 << 16) {
            big[i] = 1.0; // hi, in every chunk of blocks: each member's count of hi must reach the last bin
        }
        for (Workers w : WORKERS) {
            assertArrayEquals(referenceHistogram(big, 0, 1, 256), ArrayOps.histogram(big, 0, 1, 256, w), "exact " + w);
            assertArrayEquals(referenceHistogram(big, -1, 1, 1000), ArrayOps.histogram(big, -1, 1, 1000, w), "" + w);
        }
        // Values exactly on interior edges, where (v - lo) * norm rounds the wrong way without the edge check.
        double[] onEdges = new double[1000];
        for (int k = 0; k < onEdges.length; k++) {
            onEdges[k] = 0.1 + k * ((0.7 - 0.1) / 1000);
        }
        assertArrayEquals(referenceHistogram(onEdges, 0.1, 0.7, 1000), ArrayOps.histogram(onEdges, 0.1, 0.7, 1000));
    }

    @Test
    void matmulMatchesTheTripleLoopBitForBit() {
        int[][] shapes = {{1, 1, 1}, {7, 5, 3}, {64, 300, 70}, {129, 33, 257}, {0, 3, 4}, {3, 0, 4}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int p = s[2];
            double[] a = random(m * k, m);
            double[] b = random(k * p, p);
            double[] want = new double[m * p];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < p; j++) {
                    double acc = 0;
                    for (int q = 0; q < k; q++) {
                        acc += a[i * k + q] * b[q * p + j];
                    }
                    want[i * p + j] = acc;
                }
            }
            for (Workers w : WORKERS) {
                double[] c = new double[m * p];
                Arrays.fill(c, Double.NaN); // must be overwritten
                ArrayOps.matmul(a, b, c, m, k, p, w);
                assertArrayEquals(want, c, "matmul " + Arrays.toString(s) + " " + w);
            }
        }
    }

    private static void rejects(String param, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(param), "message should name " + param + ": " + e.getMessage());
    }

    @Test
    void badInputIsRejectedBeforeAnythingIsWritten() {
        double[] x = {1, 2, 3};
        double[] two = {1, 2};
        double[] out = {9, 9, 9};
        rejects("y", () -> ArrayOps.dot(x, two));
        rejects("out", () -> ArrayOps.map(x, two, v -> v));
        rejects("b", () -> ArrayOps.zip(x, two, out, Double::sum));
        rejects("y", () -> ArrayOps.axpy(1, x, two));
        rejects("out", () -> ArrayOps.cumsum(x, new double[4]));
        rejects("bins", () -> ArrayOps.histogram(x, 0, 1, 0));
        rejects("lo", () -> ArrayOps.histogram(x, 1, 1, 3));
        rejects("lo", () -> ArrayOps.histogram(x, 2, 1, 3));
        rejects("hi", () -> ArrayOps.histogram(x, 0, Double.POSITIVE_INFINITY, 3));
        rejects("x", () -> ArrayOps.min(new double[0]));
        rejects("x", () -> ArrayOps.max(new double[0]));
        rejects("x", () -> ArrayOps.argmin(new double[0]));
        rejects("x", () -> ArrayOps.argmax(new double[0]));
        rejects("ddof", () -> ArrayOps.variance(x, -1));
        rejects("a.length", () -> ArrayOps.matmul(x, x, out, 2, 2, 2));
        rejects("c", () -> ArrayOps.matmul(new double[4], new double[4], new double[5], 2, 2, 2));
        double[] sq = {1, 2, 3, 4};
        rejects("c", () -> ArrayOps.matmul(sq, new double[4], sq, 2, 2, 2));
        rejects("m", () -> ArrayOps.matmul(x, x, out, -1, 1, 1));
        assertArrayEquals(new double[] {9, 9, 9}, out, "a rejected call wrote its output");
        assertArrayEquals(new double[] {1, 2}, two);
        assertThrows(NullPointerException.class, () -> ArrayOps.sum(null));
        NullPointerException npe = assertThrows(NullPointerException.class, () -> ArrayOps.map(x, out, null));
        assertTrue(npe.getMessage().contains("f"));
        npe = assertThrows(NullPointerException.class, () -> ArrayOps.dot(x, null));
        assertTrue(npe.getMessage().contains("y"));
    }
}
