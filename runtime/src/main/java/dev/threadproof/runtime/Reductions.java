package dev.threadproof.runtime;

import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

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
 * the compensated arithmetic of {@link DoubleDouble}. The tree is built as the blocks finish, never from a buffer of
 * every block's result: a range reduction reduces each claimed run of blocks into its aligned subtrees where it ran
 * ({@link RunTree}), an array kernel each fixed chunk of blocks ({@link BlockTreeSum}); the memory a call needs grows
 * with its runs in flight, not with its length.
 *
 * <p>The typed reductions ({@code double}, {@code long}, object) are declared twins: the JIT needs the term and the
 * accumulator typed, so the three {@code reduce} methods, and the three {@code node} methods, are kept line for line
 * alike.
 */
final class Reductions {
    private Reductions() {
    }

    /**
     * {@code v}, or {@link Double#NaN} itself if {@code v} is any NaN. Java's arithmetic does not fix which NaN an
     * operation on NaNs returns (the interpreter and the compiled code of the same loop may return NaNs of different
     * sign or payload, and the JIT may swap the operands of an addition), so every floating-point reduction returns its
     * NaN through here: the result is then bitwise the same, raw bits included, whatever ran it.
     */
    static double oneNaN(double v) {
        return v != v ? Double.NaN : v;
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

    /** Who runs a reduction's blocks: every block index in {@code [0, blocks)} once, as runs of consecutive blocks. */
    interface BlockLoop {
        /**
         * Runs {@code body} on runs of consecutive blocks that together cover {@code [0, blocks)} once (one run per
         * claim of the loop's schedule), all on the object {@code shared} makes.
         *
         * @return that object, after every run ended; a team's members share the first one made
         */
        <B> B run(int blocks, Supplier<B> shared, BlockRuns<B> body);
    }

    /** Reduces the blocks {@code [lo, hi)}, in order, into {@code shared}. */
    interface BlockRuns<B> {
        void run(B shared, int lo, int hi);
    }

    /**
     * Levels of the per-run stack of {@link #sum}: an aligned span has at most 2^31 blocks, and its node needs one
     * double-double per level below it.
     */
    private static final int LEVELS = 33;

    /** The compensated sum of {@code f(i)} over {@code span}; see {@link ParallelRange#sum}. */
    static double sum(Span span, IntToDoubleFunction f, BlockLoop loop) {
        long n = span.size;
        int nb = blockCount(n, rangeBlock(n));
        if (nb == 0) {
            return 0.0;
        }
        RunTree<double[]> tree = loop.run(nb, () -> new RunTree<>(nb, Reductions::ddMerge, true), (t, lo, hi) -> {
            // The thread's work space and spare node, taken while in use (a sum that f starts on this thread makes its
            // own): after a thread's first run, a run allocates nothing but the nodes the tree has none to spare for,
            // and no object per run either (one claim per block would make that one per block).
            Context context = Context.current();
            SumRun run = (SumRun) context.sumRun;
            context.sumRun = null;
            if (run == null) {
                run = new SumRun();
            }
            double[] spare = context.doubleNode;
            context.doubleNode = null;
            run.span = span;
            run.f = f;
            try {
                // Kept only after a normal return: after a throw the spare may be a node of the failed call's tree.
                context.doubleNode = t.run(lo, hi, spare, run);
            } finally {
                run.span = null; // no reference to the caller's term outlives the run
                run.f = null;
                context.sumRun = run;
            }
        });
        double[] root = tree.result();
        return oneNaN(root[0] + root[1]);
    }

    /**
     * A thread's work space for the runs of range sums, kept between runs and calls in its {@link Context}: a block's
     * accumulators and the stack of its nodes, and the run's span and term while it runs. Confined to its thread.
     */
    static final class SumRun implements RunTree.Node<double[]> {
        final double[] work = new double[DoubleDouble.SLOTS + 2 * LEVELS];
        Span span;
        IntToDoubleFunction f;

        @Override
        public double[] of(int first, int level, double[] spare) {
            ddNode(span, f, first, level, work, 0);
            double[] v = spare != null ? spare : new double[2];
            v[0] = work[DoubleDouble.SLOTS];
            v[1] = work[DoubleDouble.SLOTS + 1];
            return v;
        }
    }

    /** Merges two double-double nodes into the left one (the tree owns both). */
    private static double[] ddMerge(double[] l, double[] r) {
        DoubleDouble.ddAdd(l[0], l[1], r[0], r[1], l, 0);
        return l;
    }

    /**
     * The double-double node of the aligned span of {@code 2^level} blocks from {@code first}, into work[SLOTS + 2d],
     * work[SLOTS + 2d + 1]: a block's four accumulators finished (in work[0 .. SLOTS)), or the left half's node merged
     * with the right half's, left first.
     */
    private static void ddNode(Span span, IntToDoubleFunction f, int first, int level, double[] work, int d) {
        int at = DoubleDouble.SLOTS + 2 * d;
        if (level == 0) {
            long n = span.size;
            int block = rangeBlock(n);
            DoubleDouble.sumBlock(f, span.start, span.step, (long) first * block,
                    Math.min((long) first * block + block, n), work, 0);
            DoubleDouble.finishBlock(work, 0, work, at); // writes at .. at + 3: the level below is free at a leaf
            return;
        }
        ddNode(span, f, first, level - 1, work, d + 1);
        double lh = work[at + 2];
        double ll = work[at + 3];
        ddNode(span, f, first + (1 << (level - 1)), level - 1, work, d + 1);
        DoubleDouble.ddAdd(lh, ll, work[at + 2], work[at + 3], work, at);
    }

    // Declared twins: reduce(double), reduce(long) and reduce(object) below, and their node methods, are kept line for
    // line alike; the double and long trees hold their values in one-element arrays that they recycle (RunTree), the
    // object tree holds the reducer's own objects and cannot.

    /** {@code reducer} over {@code f(i)} for {@code i} in {@code span}; see {@link ParallelRange#reduce}. */
    static double reduce(Span span, DoubleReducer reducer, IntToDoubleFunction f, BlockLoop loop) {
        long n = span.size;
        if (n == 0) {
            return reducer.identity();
        }
        int nb = blockCount(n, rangeBlock(n));
        RunTree.Node<double[]> nodes = (first, level, reuse) -> { // one per call, not one per run
            double value = node(span, reducer, f, first, level);
            double[] v = reuse != null ? reuse : new double[2];
            v[0] = value;
            return v;
        };
        RunTree<double[]> tree = loop.run(nb, () -> new RunTree<>(nb, (l, r) -> {
            l[0] = reducer.combine(l[0], r[0]);
            return l;
        }, true), (t, lo, hi) -> {
            Context context = Context.current();
            double[] spare = context.doubleNode;
            context.doubleNode = null; // a reduction f starts on this thread makes its own
            context.doubleNode = t.run(lo, hi, spare, nodes);
        });
        return oneNaN(tree.result()[0]);
    }

    private static double node(Span span, DoubleReducer reducer, IntToDoubleFunction f, int first, int level) {
        if (level == 0) {
            long n = span.size;
            int block = rangeBlock(n);
            double acc = reducer.identity();
            for (long k = (long) first * block, end = Math.min(k + block, n); k < end; k++) {
                acc = reducer.combine(acc, f.applyAsDouble((int) (span.start + k * span.step)));
            }
            return acc;
        }
        double left = node(span, reducer, f, first, level - 1);
        return reducer.combine(left, node(span, reducer, f, first + (1 << (level - 1)), level - 1));
    }

    /** {@code reducer} over {@code f(i)} for {@code i} in {@code span}; see {@link ParallelRange#reduce}. */
    static long reduce(Span span, LongReducer reducer, IntToLongFunction f, BlockLoop loop) {
        long n = span.size;
        if (n == 0) {
            return reducer.identity();
        }
        int nb = blockCount(n, rangeBlock(n));
        RunTree.Node<long[]> nodes = (first, level, reuse) -> { // one per call, not one per run
            long value = node(span, reducer, f, first, level);
            long[] v = reuse != null ? reuse : new long[1];
            v[0] = value;
            return v;
        };
        RunTree<long[]> tree = loop.run(nb, () -> new RunTree<>(nb, (l, r) -> {
            l[0] = reducer.combine(l[0], r[0]);
            return l;
        }, true), (t, lo, hi) -> {
            Context context = Context.current();
            long[] spare = context.longNode;
            context.longNode = null; // a reduction f starts on this thread makes its own
            context.longNode = t.run(lo, hi, spare, nodes);
        });
        return tree.result()[0];
    }

    private static long node(Span span, LongReducer reducer, IntToLongFunction f, int first, int level) {
        if (level == 0) {
            long n = span.size;
            int block = rangeBlock(n);
            long acc = reducer.identity();
            for (long k = (long) first * block, end = Math.min(k + block, n); k < end; k++) {
                acc = reducer.combine(acc, f.applyAsLong((int) (span.start + k * span.step)));
            }
            return acc;
        }
        long left = node(span, reducer, f, first, level - 1);
        return reducer.combine(left, node(span, reducer, f, first + (1 << (level - 1)), level - 1));
    }

    /** {@code reducer} over the indices of {@code span}; see {@link ParallelRange#reduce(Reducer)}. */
    static <A> A reduce(Span span, Reducer<A> reducer, BlockLoop loop) {
        long n = span.size;
        if (n == 0) {
            return reducer.identity();
        }
        int nb = blockCount(n, rangeBlock(n));
        RunTree.Node<A> nodes = (first, level, reuse) -> node(span, reducer, first, level); // one per call
        RunTree<A> tree = loop.run(nb, () -> new RunTree<A>(nb, reducer::combine), (t, lo, hi) ->
                t.run(lo, hi, null, nodes));
        return tree.result();
    }

    private static <A> A node(Span span, Reducer<A> reducer, int first, int level) {
        if (level == 0) {
            long n = span.size;
            int block = rangeBlock(n);
            A acc = reducer.identity();
            for (long k = (long) first * block, end = Math.min(k + block, n); k < end; k++) {
                acc = reducer.accumulate(acc, (int) (span.start + k * span.step));
            }
            return acc;
        }
        A left = node(span, reducer, first, level - 1);
        return reducer.combine(left, node(span, reducer, first + (1 << (level - 1)), level - 1));
    }
}
