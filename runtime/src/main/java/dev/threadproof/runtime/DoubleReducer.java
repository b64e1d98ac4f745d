package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;

/**
 * Immutable: an associative operation on doubles with an identity, for {@link ParallelRange#reduce(DoubleReducer,
 * java.util.function.IntToDoubleFunction)} (Cython's {@code +=} and {@code *=} reductions, OpenMP's {@code min} and
 * {@code max}).
 *
 * <p>Reductions are <b>reproducible</b>: the range is cut into blocks whose bounds depend only on its length, each block
 * is reduced serially in index order, and the block results are combined in a fixed pairwise tree, so the result is
 * bitwise the same for every worker count, schedule and pool. {@link #SUM} is compensated (see
 * {@link ParallelRange#sum(java.util.function.IntToDoubleFunction)}). A NaN result is returned as {@link Double#NaN}
 * itself, whichever NaN the reducer's arithmetic made: Java does not fix which NaN an operation on NaNs returns, so
 * only that keeps a NaN's raw bits reproducible.
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "implementations must be stateless")
public interface DoubleReducer {

    /** Immutable: compensated, reproducible summation; identity 0.0. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    DoubleReducer SUM = named("SUM", 0.0, Double::sum);

    /** Immutable: product in a fixed order; identity 1.0. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    DoubleReducer PRODUCT = named("PRODUCT", 1.0, (a, b) -> a * b);

    /**
     * Immutable: minimum, propagating NaN as NumPy's {@code min} does ({@link Math#min}: -0.0 is below 0.0); identity
     * +Infinity.
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    DoubleReducer MIN = named("MIN", Double.POSITIVE_INFINITY, Math::min);

    /** Immutable: maximum, propagating NaN as NumPy's {@code max} does; identity -Infinity. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    DoubleReducer MAX = named("MAX", Double.NEGATIVE_INFINITY, Math::max);

    /**
     * Immutable: the identity: {@code combine(identity(), x) == x} for every x. An empty range reduces to it.
     *
     * @return the identity
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    double identity();

    /**
     * Immutable: combines two partial results; must be associative (and free of side effects).
     *
     * @param a the left partial result
     * @param b the right partial result
     * @return the combination
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    double combine(double a, double b);

    /**
     * Immutable: a reducer from an identity and an associative operator.
     *
     * @param identity the identity
     * @param op the operator
     * @return the reducer
     * @throws NullPointerException if {@code op} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    static DoubleReducer of(double identity, DoubleBinaryOperator op) {
        Objects.requireNonNull(op, "op");
        return named("custom", identity, op);
    }

    /**
     * A reducer that combines with {@code op} and names itself {@code DoubleReducer.NAME}. Declared twin of
     * {@code LongReducer.named} (primitive types differ, so the JIT sees no boxing): keep the two line for line alike.
     */
    private static DoubleReducer named(String name, double identity, DoubleBinaryOperator op) {
        return new DoubleReducer() {
            @Override
            public double identity() {
                return identity;
            }

            @Override
            public double combine(double a, double b) {
                return op.applyAsDouble(a, b);
            }

            @Override
            public String toString() {
                return "DoubleReducer." + name;
            }
        };
    }
}
