package dev.threadproof.runtime;

import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The fixed tree as the runtime built it before its reductions combined blocks as they finish: from a buffer of every
 * block's result. The reference that {@link RunTree} and {@link BlockTreeSum} are tested against, bit for bit.
 */
final class BufferedTree {
    private BufferedTree() {
    }

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

    /** A buffer for {@code blocks} blocks' raw accumulators ({@link DoubleDouble#SLOTS} a block). */
    static double[] accumulatorBuffer(int blocks) {
        return new double[DoubleDouble.SLOTS * blocks];
    }

    /** Finishes every block of an accumulator buffer and returns the fixed-tree double-double sum of the blocks. */
    static double sumOfAccumulators(double[] acc) {
        int nb = acc.length / DoubleDouble.SLOTS;
        double[] t = new double[4];
        double[] hi = new double[nb];
        double[] lo = new double[nb];
        for (int b = 0; b < nb; b++) {
            DoubleDouble.finishBlock(acc, b, t);
            hi[b] = t[0];
            lo[b] = t[1];
        }
        return sumOf(hi, lo);
    }

    /** The fixed-tree double-double sum of the block results, rounded to a double. */
    static double sumOf(double[] hi, double[] lo) {
        if (hi.length == 0) {
            return 0.0;
        }
        double[] out = new double[2 * 34];
        ddTree(hi, lo, 0, hi.length, out, 0);
        return out[0] + out[1];
    }

    private static void ddTree(double[] hi, double[] lo, int a, int b, double[] out, int d) {
        if (b - a == 1) {
            out[2 * d] = hi[a];
            out[2 * d + 1] = lo[a];
            return;
        }
        int mid = a + Integer.highestOneBit(b - a - 1);
        ddTree(hi, lo, a, mid, out, d + 1);
        double lh = out[2 * d + 2];
        double ll = out[2 * d + 3];
        ddTree(hi, lo, mid, b, out, d + 1);
        DoubleDouble.ddAdd(lh, ll, out[2 * d + 2], out[2 * d + 3], out, 2 * d);
    }
}
