package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Range and team reductions build the fixed tree from runs of blocks as they finish ({@link RunTree}): bit for bit the
 * tree the runtime built before from a buffer of every block's result ({@link BufferedTree}), for every schedule, worker
 * count, pool and in a team ({@link AllocationTest}: and nothing allocated grows with the length).
 */
class RunTreeTest {
    private static final List<Workers> WORKERS = ReductionTestWorkers.list();

    /**
     * Lengths whose block counts sit at the tree's edges: 1, 2, 3, 5, 7, 8, 9, 31, 33, 255 and 256 blocks of 16
     * iterations, then 256 blocks of 4096 (the block length is 4096 above 2^20 iterations) and a short 257th.
     */
    private static final int[] LENGTHS = {16, 32, 48, 80, 112, 128, 144, 496, 528, 255 * 16, 256 * 16,
        256 * 4096 + 5};

    /**
     * Terms whose compensated sum depends on how block results are grouped: one term per block, of random sign and
     * exponent in [-60, 0], and 2^150 in the first block cancelled in the last (while it is in a partial sum, the
     * double-double keeps only the small terms' top bits, so the grouping shows in the last bits).
     */
    private static double[] terms(int n) {
        int block = Reductions.rangeBlock(n);
        int nb = Reductions.blockCount(n, block);
        Random r = new Random(n);
        double[] x = new double[n];
        for (int b = 0; b < nb; b++) {
            x[b * block] = (r.nextBoolean() ? 1 : -1) * (1 + r.nextDouble()) * Math.scalb(1.0, -r.nextInt(61));
        }
        if (n > 2) {
            x[1] = 0x1p150;
            x[n - 1] = -0x1p150;
        }
        return x;
    }

    /** The sum as it was built before: every block's accumulators in a buffer, then the tree over the buffer. */
    private static double bufferedSum(int n, IntToDoubleFunction f) {
        int block = Reductions.rangeBlock(n);
        int nb = Reductions.blockCount(n, block);
        double[] acc = BufferedTree.accumulatorBuffer(nb);
        for (int b = 0; b < nb; b++) {
            DoubleDouble.sumBlock(f, 0, 1, (long) b * block, Math.min((long) b * block + block, n), acc, b);
        }
        return BufferedTree.sumOfAccumulators(acc);
    }

    /** A plain (uncompensated) sum reducer: its roundings show the grouping. */
    private static final DoubleReducer PLAIN = new DoubleReducer() {
        @Override
        public double identity() {
            return 0.0;
        }

        @Override
        public double combine(double a, double b) {
            return a + b;
        }
    };

    /** Not associative on purpose: the result is a fingerprint of the exact tree (the runtime must not rely on it). */
    private static final LongReducer SHAPE = new LongReducer() {
        @Override
        public long identity() {
            return 0;
        }

        @Override
        public long combine(long a, long b) {
            return a * 1_000_003 + b;
        }
    };

    /** The object reducer's fingerprint of the tree, updating and returning its first argument as the contract allows. */
    private static final Reducer<long[]> SHAPE_OF_OBJECTS = new Reducer<>() {
        @Override
        public long[] identity() {
            return new long[1];
        }

        @Override
        public long[] accumulate(long[] acc, int index) {
            acc[0] = acc[0] * 31 + index;
            return acc;
        }

        @Override
        public long[] combine(long[] left, long[] right) {
            left[0] = left[0] * 1_000_003 + right[0] * 7 + 1;
            return left;
        }
    };

    private static double bufferedPlain(int n, IntToDoubleFunction f) {
        int block = Reductions.rangeBlock(n);
        double[] part = new double[Reductions.blockCount(n, block)];
        for (int b = 0; b < part.length; b++) {
            double acc = PLAIN.identity();
            for (long k = (long) b * block, end = Math.min(k + block, n); k < end; k++) {
                acc = PLAIN.combine(acc, f.applyAsDouble((int) k));
            }
            part[b] = acc;
        }
        return BufferedTree.tree(part, 0, part.length, PLAIN::combine);
    }

    private static long bufferedShape(int n) {
        int block = Reductions.rangeBlock(n);
        long[] part = new long[Reductions.blockCount(n, block)];
        for (int b = 0; b < part.length; b++) {
            long acc = SHAPE.identity();
            for (long k = (long) b * block, end = Math.min(k + block, n); k < end; k++) {
                acc = SHAPE.combine(acc, k ^ 0x5DEECE66DL);
            }
            part[b] = acc;
        }
        return BufferedTree.tree(part, 0, part.length, SHAPE::combine);
    }

    private static long bufferedShapeOfObjects(int n) {
        int block = Reductions.rangeBlock(n);
        long[][] part = new long[Reductions.blockCount(n, block)][];
        for (int b = 0; b < part.length; b++) {
            long[] acc = SHAPE_OF_OBJECTS.identity();
            for (long k = (long) b * block, end = Math.min(k + block, n); k < end; k++) {
                acc = SHAPE_OF_OBJECTS.accumulate(acc, (int) k);
            }
            part[b] = acc;
        }
        return BufferedTree.tree(part, 0, part.length, SHAPE_OF_OBJECTS::combine)[0];
    }

    @Test
    void rangeReductionsKeepTheBufferedTreeBitForBit() {
        for (int n : LENGTHS) {
            double[] x = terms(n);
            IntToDoubleFunction f = i -> x[i];
            double sum = bufferedSum(n, f);
            double plain = bufferedPlain(n, f);
            long shape = bufferedShape(n);
            long objects = bufferedShapeOfObjects(n);
            boolean large = n > 1 << 20;
            for (Workers w : WORKERS) {
                for (Schedule s : ExactlyOnceTest.SCHEDULES) {
                    String what = "n=" + n + " " + w + " " + s;
                    ParallelRange range = Parallel.range(n).workers(w).schedule(s);
                    if (large && s != Schedule.STATIC && s != ExactlyOnceTest.SCHEDULES[3]) {
                        continue; // 2^20 iterations: the static and dynamic(1) schedules (one run, one run per block)
                    }
                    Bits.assertSame(sum, range.sum(f), "sum " + what);
                    Bits.assertSame(plain, range.reduce(PLAIN, f), "reduce(double) " + what);
                    assertEquals(shape, range.reduce(SHAPE, i -> i ^ 0x5DEECE66DL), "reduce(long) " + what);
                    assertEquals(objects, range.reduce(SHAPE_OF_OBJECTS)[0], "reduce(Reducer) " + what);
                }
            }
        }
    }

    /**
     * The thread's work space and spare node are taken while a run uses them: a term that runs reductions of its own on
     * the same thread (inline, inside a worker) gets fresh ones, and a call that fails leaves no node of its tree as a
     * spare; the outer and the later calls keep the buffered tree's bits. With one claim per block, so that spares
     * move, and with the static schedule, whose runs hold several spans (each span reads the run's term anew).
     */
    @Test
    void termsThatReduceAndFailedCallsLeaveTheTreesExact() {
        int n = 33 * 16;
        double[] x = terms(n);
        double[] y = terms(7 * 16); // 7 blocks: merges at three levels, kept short for the race detector lane
        double inner = bufferedSum(y.length, j -> y[j]);
        double innerPlain = bufferedPlain(y.length, j -> y[j]);
        long innerShape = bufferedShape(y.length);
        IntToDoubleFunction f = i -> x[i] * inner + innerPlain + innerShape;
        double want = bufferedSum(n, f);
        double wantPlain = bufferedPlain(n, f);
        for (Schedule one : new Schedule[] {Schedule.dynamic(1), Schedule.STATIC}) {
            for (Workers w : WORKERS) {
                termsThatReduceAndFailedCalls(one, w, n, x, y, want, wantPlain);
            }
        }
    }

    private static void termsThatReduceAndFailedCalls(Schedule one, Workers w, int n, double[] x, double[] y,
            double want, double wantPlain) {
        String how = w + " " + one;
        ParallelRange range = Parallel.range(n).workers(w).schedule(one);
        ParallelRange inside = Parallel.range(y.length).schedule(one);
        IntToDoubleFunction nested = i -> x[i] * inside.sum(j -> y[j]) + inside.reduce(PLAIN, j -> y[j])
                + inside.reduce(SHAPE, j -> j ^ 0x5DEECE66DL);
        Bits.assertSame(want, range.sum(nested), "sum of terms that reduce, " + how);
        Bits.assertSame(wantPlain, range.reduce(PLAIN, nested), "reduce(double) of terms that reduce, " + how);
        for (int fail : new int[] {0, n / 3, n - 1}) {
            IntToDoubleFunction failing = i -> {
                if (i == fail) {
                    throw new IllegalStateException("term " + i);
                }
                return x[i];
            };
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> range.sum(failing),
                    "a failing sum, " + how);
            assertEquals("term " + fail, e.getMessage());
            assertThrows(IllegalStateException.class, () -> range.reduce(PLAIN, failing), "a failing reduce, " + how);
            Bits.assertSame(bufferedSum(n, i -> x[i]), range.sum(i -> x[i]), "sum after a failed call, " + how);
            Bits.assertSame(bufferedPlain(n, i -> x[i]), range.reduce(PLAIN, i -> x[i]),
                    "reduce(double) after a failed call, " + how);
        }
    }

    @Test
    void teamSumsKeepTheBufferedTreeBitForBitInEveryMember() {
        for (int n : LENGTHS) {
            double[] x = terms(n);
            IntToDoubleFunction f = i -> x[i];
            double want = bufferedSum(n, f);
            for (Schedule s : ExactlyOnceTest.SCHEDULES) {
                for (int w : new int[] {2, 3}) {
                    double[] sums = new double[w];
                    int[] size = new int[1];
                    Parallel.block(w, team -> {
                        sums[team.threadId()] = team.range(n).schedule(s).sum(f);
                        if (team.threadId() == 0) {
                            size[0] = team.size();
                        }
                    });
                    for (int m = 0; m < size[0]; m++) {
                        Bits.assertSame(want, sums[m], "team sum of member " + m + " of " + size[0] + ", n=" + n + " "
                                + s);
                    }
                }
            }
        }
    }
}
