package dev.threadproof.runtime;

/**
 * The two array block loops of the compensated reductions ({@code ArrayOps.sum} and {@code dot}, and {@code norm2}'s
 * sum of squares), as an interface so that a vectorized twin can stand in for {@link DoubleDouble}'s scalar loops.
 *
 * <p>Contract of every implementation: the raw accumulators it stores are bitwise those of the scalar loops
 * ({@link DoubleDouble#scalarSumBlock}, {@link DoubleDouble#scalarDotBlock}): accumulator {@code j} of the four takes
 * the elements {@code from + 4m + j} in index order with TwoSum, the last {@code (to - from) % 4} elements go to
 * accumulator 0. A faster loop may change how the work is scheduled on the hardware, never which roundings happen, so
 * results stay bitwise the same whichever implementation runs. {@code VectorBlockSumsTest} checks that bit for bit.
 */
interface ArrayBlockSums {
    /** Sums x[from..to) into block {@code b} of an accumulator buffer ({@link DoubleDouble#SLOTS} doubles a block). */
    void sumBlock(double[] x, int from, int to, double[] acc, int b);

    /** Sums the rounded products x[i] * y[i] for i in [from, to) into block {@code b} of an accumulator buffer. */
    void dotBlock(double[] x, double[] y, int from, int to, double[] acc, int b);
}
