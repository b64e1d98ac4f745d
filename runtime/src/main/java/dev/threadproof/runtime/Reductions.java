package dev.threadproof.runtime;

import java.util.function.DoubleBinaryOperator;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import java.util.function.LongBinaryOperator;

/**
 * The one reduction engine: range reductions ({@link ParallelRange#sum}, {@link ParallelRange#reduce}), team sums
 * ({@link TeamRange#sum}) and the array kernels' reductions all cut their terms into blocks, reduce each block in
 * order, and combine the block results in a fixed tree, here.
 *
 * <p>Implementation notes.
 *
 * <p><b>Blocks.</b> A reduction over {@code n} iterations is cut into blocks of {@link #rangeBlock(long)} iterations
 * (range and team reductions) or {@link #ARRAY_BLOCK} elements (array kernels): both depend on {@code n} only. Each
 * block is reduced serially, in index order, by one thread; which thread does not matter. Who runs the blocks is a
 * {@link BlockLoop}: a parallel range over block indices ({@link Engine#blocks}) or a team's shared loop
 * ({@link TeamState}).
 *
 * <p><b>Tree.</b> Block results are combined in a fixed pairwise tree: a span of {@code s >= 2} blocks is split into a
 * left part of the largest power of two below {@code s} and the rest, recursively, left operand first. The tree depends
 * on the number of blocks only, so the result is bitwise the same for every worker count, schedule and pool. Sums use
 * the compensated arithmetic of {@link DoubleDouble}.
 *
 * <p>The typed reductions ({@code double}, {@code long}, object) are declared twins: the JIT needs the term and the
 * accumulator typed, so the three {@code reduce} methods, and the three {@code tree} methods, are kept line for line
 * alike.
 */
final class Reductions {
    private Reductions() {
    }

    /** Block length of array kernels: fixed. */
    static final int ARRAY_BLOCK = 4096;

    /** Block length of range reductions: a function of the iteration count only, from 16 to 4096. */
    static int rangeBlock(long n) {
        return (int) Math.min(4096, Math.max(16, (n + 255) / 256));
    }

    static int blockCount(long n, int block) {
        return (int) ((n + block - 1) / block);
    }

    /** Who runs a reduction's blocks: every block index in {@code [0, blocks)} once, into one shared buffer. */
    interface BlockLoop {
        /**
         * Runs {@code body} once for every block, each writing its result into {@code buffer} at its index.
         *
         * @return the buffer, every block written; made by {@code buffer} (a team's members share the first one made)
         */
        <B> B run(int blocks, IntFunction<B> buffer, BlockReducer<B> body);
    }

    /** Reduces block {@code b} into its slot of {@code buffer}. */
    interface BlockReducer<B> {
        void reduce(B buffer, int b);
    }

    /** The compensated sum of {@code f(i)} over {@code span}; see {@link ParallelRange#sum}. */
    static double sum(Span span, IntToDoubleFunction f, BlockLoop loop) {
        long n = span.size;
        int block = rangeBlock(n);
        long start = span.start;
        int step = span.step;
        double[] acc = loop.run(blockCount(n, block), DoubleDouble::accumulatorBuffer, (buf, b) ->
                DoubleDouble.sumBlock(f, start, step, (long) b * block, Math.min((long) b * block + block, n), buf, b));
        return DoubleDouble.sumOfAccumulators(acc);
    }

    // Declared twins: reduce(double), reduce(long) and reduce(object) below are kept line for line alike.

    /** {@code reducer} over {@code f(i)} for {@code i} in {@code span}; see {@link ParallelRange#reduce}. */
    static double reduce(Span span, DoubleReducer reducer, IntToDoubleFunction f, BlockLoop loop) {
        long n = span.size;
        if (n == 0) {
            return reducer.identity();
        }
        int block = rangeBlock(n);
        long start = span.start;
        int step = span.step;
        double[] part = loop.run(blockCount(n, block), double[]::new, (buf, b) -> {
            double acc = reducer.identity();
            for (long k = (long) b * block, end = Math.min(k + block, n); k < end; k++) {
                acc = reducer.combine(acc, f.applyAsDouble((int) (start + k * step)));
            }
            buf[b] = acc;
        });
        return tree(part, 0, part.length, reducer::combine);
    }

    /** {@code reducer} over {@code f(i)} for {@code i} in {@code span}; see {@link ParallelRange#reduce}. */
    static long reduce(Span span, LongReducer reducer, IntToLongFunction f, BlockLoop loop) {
        long n = span.size;
        if (n == 0) {
            return reducer.identity();
        }
        int block = rangeBlock(n);
        long start = span.start;
        int step = span.step;
        long[] part = loop.run(blockCount(n, block), long[]::new, (buf, b) -> {
            long acc = reducer.identity();
            for (long k = (long) b * block, end = Math.min(k + block, n); k < end; k++) {
                acc = reducer.combine(acc, f.applyAsLong((int) (start + k * step)));
            }
            buf[b] = acc;
        });
        return tree(part, 0, part.length, reducer::combine);
    }

    /** {@code reducer} over the indices of {@code span}; see {@link ParallelRange#reduce(Reducer)}. */
    static <A> A reduce(Span span, Reducer<A> reducer, BlockLoop loop) {
        long n = span.size;
        if (n == 0) {
            return reducer.identity();
        }
        int block = rangeBlock(n);
        long start = span.start;
        int step = span.step;
        Object[] part = loop.run(blockCount(n, block), Object[]::new, (buf, b) -> {
            A acc = reducer.identity();
            for (long k = (long) b * block, end = Math.min(k + block, n); k < end; k++) {
                acc = reducer.accumulate(acc, (int) (start + k * step));
            }
            buf[b] = acc;
        });
        @SuppressWarnings("unchecked")
        A[] typed = (A[]) part;
        return tree(typed, 0, typed.length, reducer::combine);
    }

    // ------------------------------------------------------------------ generic trees

    interface ObjCombiner<A> {
        A combine(A left, A right);
    }

    static double tree(double[] v, int a, int b, DoubleBinaryOperator op) {
        if (b - a == 1) {
            return v[a];
        }
        int mid = a + Integer.highestOneBit(b - a - 1);
        return op.applyAsDouble(tree(v, a, mid, op), tree(v, mid, b, op));
    }

    static long tree(long[] v, int a, int b, LongBinaryOperator op) {
        if (b - a == 1) {
            return v[a];
        }
        int mid = a + Integer.highestOneBit(b - a - 1);
        return op.applyAsLong(tree(v, a, mid, op), tree(v, mid, b, op));
    }

    static <A> A tree(A[] v, int a, int b, ObjCombiner<A> op) {
        if (b - a == 1) {
            return v[a];
        }
        int mid = a + Integer.highestOneBit(b - a - 1);
        A left = tree(v, a, mid, op);
        return op.combine(left, tree(v, mid, b, op));
    }
}
