package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;

/**
 * Conditionally thread-safe: a general reduction over the indices of a range (argmin, mean and variance, histograms,
 * anything), for {@link ParallelRange#reduce(Reducer)}; its methods are called concurrently on distinct accumulators.
 *
 * <p>The range is cut into blocks whose bounds depend only on its length. Each block starts from a fresh
 * {@link #identity()} and {@link #accumulate accumulates} its indices in increasing iteration order, in one thread;
 * block results are then {@link #combine combined} in a fixed pairwise tree (the left block first). So if the three
 * methods are deterministic, the result is the same for every worker count, schedule and pool. An empty range reduces
 * to {@code identity()}.
 *
 * <p>Accumulators may be mutable: {@code accumulate} and {@code combine} may update and return their first argument.
 * Each accumulator is used by one thread at a time, and the fork and join edges of the call order those uses.
 *
 * @param <A> the accumulator type
 */
@ThreadSafety(level = ThreadSafety.Level.CONDITIONAL,
        note = "methods are called concurrently on distinct accumulators; they must not share mutable state")
public interface Reducer<A> {

    /**
     * Conditionally thread-safe: a new accumulator holding no index; called concurrently.
     *
     * @return the accumulator
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = "called concurrently")
    A identity();

    /**
     * Conditionally thread-safe: adds one index to an accumulator; called concurrently on distinct accumulators.
     *
     * @param acc the accumulator
     * @param index the index
     * @return the updated accumulator (may be {@code acc} itself)
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = "called concurrently on distinct accumulators")
    A accumulate(A acc, int index);

    /**
     * Conditionally thread-safe: merges the accumulator of a later block into that of an earlier one; called
     * concurrently on distinct accumulators.
     *
     * @param left the accumulator of the earlier indices
     * @param right the accumulator of the later indices
     * @return the merged accumulator (may be {@code left} itself)
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = "called concurrently on distinct accumulators")
    A combine(A left, A right);
}
