package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Range reductions: reproducible bit for bit, accurate against BigDecimal, IEEE special values, empty ranges. */
class ReductionTest {
    private static WorkerPool own;
    private static ExecutorService executor;

    @BeforeAll
    static void start() {
        own = WorkerPool.create(3);
        executor = new ForkJoinPool(4);
    }

    @AfterAll
    static void stop() {
        own.close();
        executor.shutdownNow();
    }

    /** Every way of running a reduction: worker counts 1, 2, 3, 5, 8, all; schedules; three kinds of pool. */
    static List<Workers> allWorkers() {
        List<Workers> out = new ArrayList<>();
        for (int w : new int[] {1, 2, 3, 5, 8, -1}) {
            out.add(Workers.of(w));
        }
        out.add(Workers.on(own));
        out.add(Workers.on(own, 2));
        out.add(Workers.on(executor, 5));
        return out;
    }

    @Test
    void sumIsBitwiseTheSameForEveryWorkerCountSchedulePoolAndTeam() {
        for (int n : Inputs.lengths()) {
            double[] x = Inputs.cancelling(n, n, 8);
            double ref = Parallel.range(n).workers(1).sum(i -> x[i]);
            for (Workers w : allWorkers()) {
                for (Schedule s : ExactlyOnceTest.SCHEDULES) {
                    Bits.assertSame(ref, Parallel.range(n).workers(w).schedule(s).sum(i -> x[i]),
                            "n=" + n + " " + w + " " + s);
                }
            }
            double[] teamSums = new double[8];
            int[] teamSize = new int[1];
            Parallel.block(3, team -> {
                teamSums[team.threadId()] = team.range(n).sum(i -> x[i]);
                if (team.threadId() == 0) {
                    teamSize[0] = team.size(); // one member writes it; every member writing it would race
                }
            });
            for (int m = 0; m < teamSize[0]; m++) {
                Bits.assertSame(ref, teamSums[m], "team sum of member " + m + ", n=" + n);
            }
            Bits.assertSame(ref, Parallel.range(n).reduce(DoubleReducer.SUM, i -> x[i]), "reduce(SUM)");
        }
    }

    @Test
    void otherDoubleReducersAreReproducible() {
        int n = 100_003;
        double[] x = new double[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) {
            x[i] = 1 + (r.nextDouble() - 0.5) * 1e-5;
        }
        for (DoubleReducer red : new DoubleReducer[] {DoubleReducer.PRODUCT, DoubleReducer.MIN, DoubleReducer.MAX}) {
            double ref = Parallel.range(n).workers(1).reduce(red, i -> x[i]);
            for (Workers w : allWorkers()) {
                Bits.assertSame(ref, Parallel.range(n).workers(w).schedule(Schedule.dynamic(3)).reduce(red, i -> x[i]),
                        red + " " + w);
            }
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        Bits.assertSame(min, Parallel.range(n).reduce(DoubleReducer.MIN, i -> x[i]), "MIN");
        Bits.assertSame(max, Parallel.range(n).reduce(DoubleReducer.MAX, i -> x[i]), "MAX");
    }

    @Test
    void sumIsWithinTwoUlpOfTheExactSum() {
        double worstTp = 0;
        double worstNaive = 0;
        for (int n : Inputs.lengths()) {
            if (n == 0 || (n > 1_100_000 && n % 4 != 1)) {
                continue; // the exact BigDecimal reference is slow: one length of the largest block count suffices
            }
            List<double[]> inputs = List.of(Inputs.twelveDecades(n, 7 + n), Inputs.cancelling(n, 11 + n, 6),
                    Inputs.cancelling(n, 13 + n, 8));
            for (double[] x : inputs) {
                BigDecimal exact = Inputs.exactSum(x);
                double got = Parallel.range(n).workers(-1).sum(i -> x[i]);
                double ulps = Inputs.ulpsOff(got, exact);
                assertTrue(ulps <= 2, "n=" + n + ": " + ulps + " ulp off the exact sum");
                Bits.assertSame(got, ArrayOps.sum(x), "ArrayOps.sum equals range sum for n=" + n);
                worstTp = Math.max(worstTp, ulps);
                double naive = 0;
                for (double v : x) {
                    naive += v;
                }
                worstNaive = Math.max(worstNaive, Inputs.ulpsOff(naive, exact));
            }
        }
        // The inputs have teeth: a plain loop is far outside the bound on them.
        assertTrue(worstNaive > 1000, "the test inputs are too easy: a naive sum is only " + worstNaive + " ulp off");
        assertTrue(worstTp <= 2);
    }

    @Test
    void specialValuesFollowIeee() {
        int n = 50_000;
        double[] x = Inputs.twelveDecades(n, 3);
        for (Workers w : allWorkers()) {
            double[] y = x.clone();
            y[n / 2] = Double.NaN;
            assertTrue(Double.isNaN(Parallel.range(n).workers(w).sum(i -> y[i])));
            y[n / 2] = Double.POSITIVE_INFINITY;
            assertEquals(Double.POSITIVE_INFINITY, Parallel.range(n).workers(w).sum(i -> y[i]));
            y[n - 1] = Double.NEGATIVE_INFINITY;
            assertTrue(Double.isNaN(Parallel.range(n).workers(w).sum(i -> y[i])), "+Inf plus -Inf is NaN");
            double[] z = x.clone();
            z[17] = Double.NaN;
            assertTrue(Double.isNaN(Parallel.range(n).workers(w).reduce(DoubleReducer.MIN, i -> z[i])));
            assertTrue(Double.isNaN(Parallel.range(n).workers(w).reduce(DoubleReducer.MAX, i -> z[i])));
        }
        assertEquals(-0.0, Parallel.range(2).reduce(DoubleReducer.MIN, i -> i == 0 ? 0.0 : -0.0));
    }

    /**
     * A NaN result is Double.NaN itself, raw bits included, for every floating-point reduction and every way of
     * running it. The inputs carry NaNs of other bits (negative, with a payload): the arithmetic propagates one of them,
     * and which one depends on the order of the operands, which the JIT may change; without the runtime's one NaN the
     * raw bits of a result would differ between the interpreter and compiled code (as they did on a CI machine).
     */
    @Test
    void aNanResultIsAlwaysTheOneNaN() {
        double negative = Double.longBitsToDouble(0xfff8_0000_0000_0000L);
        double payload = Double.longBitsToDouble(0x7ff8_0000_0000_0123L);
        assertTrue(Double.isNaN(negative) && Double.isNaN(payload));
        int n = 3 * ArrayOps.BLOCK + 11;
        double[] x = Inputs.twelveDecades(n, 5);
        x[n / 3] = negative;
        x[n - 2] = payload;
        double[] inf = Inputs.twelveDecades(n, 6);
        inf[5] = Double.POSITIVE_INFINITY;
        inf[n - 5] = Double.NEGATIVE_INFINITY;
        double[] onlyNegative = Inputs.twelveDecades(n, 7);
        onlyNegative[n / 2] = negative; // a plain loop's result has exactly this NaN's bits
        List<Workers> ways = new ArrayList<>(allWorkers());
        ways.add(Workers.serial());
        for (double[] in : new double[][] {x, inf, onlyNegative}) {
            String what = in == x ? "two NaNs" : in == inf ? "+Inf and -Inf" : "one negative NaN";
            for (Workers w : ways) {
                String how = what + ", " + w;
                Bits.assertSame(Double.NaN, ArrayOps.sum(in, w), "sum, " + how);
                Bits.assertSame(Double.NaN, ArrayOps.dot(in, x, w), "dot, " + how);
                Bits.assertSame(Double.NaN, ArrayOps.mean(in, w), "mean, " + how);
                Bits.assertSame(Double.NaN, ArrayOps.variance(in, 1, w), "variance, " + how);
                double[] cs = new double[n];
                ArrayOps.cumsum(in, cs, w);
                Bits.assertSame(Double.NaN, cs[n - 1], "last prefix sum, " + how);
                Bits.assertSame(Double.NaN, Parallel.range(n).workers(w).sum(i -> in[i]), "range sum, " + how);
                Bits.assertSame(Double.NaN, Parallel.range(n).workers(w).reduce(DoubleReducer.SUM, i -> in[i]),
                        "reduce(SUM), " + how);
                if (in != inf) {
                    Bits.assertSame(Double.NaN, Parallel.range(n).workers(w).reduce(DoubleReducer.PRODUCT,
                            i -> in[i]), "reduce(PRODUCT), " + how);
                    Bits.assertSame(Double.NaN, ArrayOps.norm2(in, w), "norm2, " + how);
                    Bits.assertSame(Double.NaN, ArrayOps.min(in, w), "min, " + how);
                    Bits.assertSame(Double.NaN, ArrayOps.max(in, w), "max, " + how);
                    Bits.assertSame(Double.NaN, Parallel.range(n).workers(w).reduce(DoubleReducer.MIN, i -> in[i]),
                            "reduce(MIN), " + how);
                    Bits.assertSame(Double.NaN, Parallel.range(n).workers(w).reduce(DoubleReducer.MAX, i -> in[i]),
                            "reduce(MAX), " + how);
                    for (int i = n / 3; i < n; i++) {
                        if (in != onlyNegative || i >= n / 2) {
                            Bits.assertSame(Double.NaN, cs[i], "prefix sum " + i + ", " + how);
                        }
                    }
                }
            }
            double[] teamSums = new double[8];
            Parallel.block(3, team -> teamSums[team.threadId()] = team.range(n).sum(i -> in[i]));
            Bits.assertSame(Double.NaN, teamSums[0], "team sum, " + what);
        }
    }

    @Test
    void emptyRangesGiveTheIdentity() {
        ParallelRange empty = Parallel.range(5, 5);
        Bits.assertSame(0.0, empty.sum(i -> 1), "sum");
        Bits.assertSame(1.0, empty.reduce(DoubleReducer.PRODUCT, i -> 2), "product");
        assertEquals(Double.POSITIVE_INFINITY, empty.reduce(DoubleReducer.MIN, i -> 2));
        assertEquals(-1L, empty.reduce(LongReducer.AND, i -> 2));
        assertEquals(0L, empty.reduce(LongReducer.XOR, i -> 2));
        assertEquals(0, empty.reduce(new StringReducer()).length(), "an empty range gives identity()");
    }

    @Test
    void longReducersAreExact() {
        int n = 200_001;
        long sum = 0;
        long prod = 1;
        long and = -1;
        long or = 0;
        long xor = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long v = mix(i);
            sum += v;
            prod *= v | 1;
            and &= v | 0xF0F0L;
            or |= v & 0xFFFF;
            xor ^= v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (Workers w : allWorkers()) {
            ParallelRange r = Parallel.range(n).workers(w).schedule(Schedule.guided(5));
            assertEquals(sum, r.reduce(LongReducer.SUM, ReductionTest::mix));
            assertEquals(prod, r.reduce(LongReducer.PRODUCT, i -> mix(i) | 1));
            assertEquals(and, r.reduce(LongReducer.AND, i -> mix(i) | 0xF0F0L));
            assertEquals(or, r.reduce(LongReducer.OR, i -> mix(i) & 0xFFFF));
            assertEquals(xor, r.reduce(LongReducer.XOR, ReductionTest::mix));
            assertEquals(min, r.reduce(LongReducer.MIN, ReductionTest::mix));
            assertEquals(max, r.reduce(LongReducer.MAX, ReductionTest::mix));
        }
    }

    static long mix(int i) {
        long z = i * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }

    /** A Reducer whose result depends on the order of combination: it must still be reproducible. */
    static final class StringReducer implements Reducer<StringBuilder> {
        @Override
        public StringBuilder identity() {
            return new StringBuilder();
        }

        @Override
        public StringBuilder accumulate(StringBuilder acc, int index) {
            return acc.append(index % 10);
        }

        @Override
        public StringBuilder combine(StringBuilder left, StringBuilder right) {
            return left.append(right);
        }
    }

    @Test
    void generalReducersSeeIndicesInOrderAndCombineLeftToRight() {
        int n = 70_001;
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < n; i++) {
            expected.append(i % 10);
        }
        for (Workers w : allWorkers()) {
            for (Schedule s : ExactlyOnceTest.SCHEDULES) {
                StringBuilder got = Parallel.range(n).workers(w).schedule(s).reduce(new StringReducer());
                assertEquals(expected.toString(), got.toString(), w + " " + s);
            }
        }
    }

    @Test
    void reductionFailuresAreDeterministic() {
        AtomicLong ran = new AtomicLong();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Parallel.range(100_000).workers(3).sum(i -> {
                    ran.incrementAndGet();
                    if (i == 77_777 || i == 99_000) {
                        throw new IllegalStateException("term " + i);
                    }
                    return i;
                }));
        assertEquals("term 77777", e.getMessage());
        assertTrue(ran.get() >= 77_778);
    }
}
