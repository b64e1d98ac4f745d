package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.util.Objects;
import java.util.function.LongBinaryOperator;

/**
 * Immutable: an associative operation on longs with an identity, for {@link ParallelRange#reduce(LongReducer,
 * java.util.function.IntToLongFunction)}: Cython's in-place reduction operators {@code += *= &= |= ^=} plus min and
 * max. Integer reductions are exact, so any order gives the same result; threadproof still uses the fixed block tree.
 * {@link #SUM} and {@link #PRODUCT} wrap around on overflow, as Java's {@code +} and {@code *} do.
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "implementations must be stateless")
public interface LongReducer {

    /** Immutable: sum, wrapping on overflow; identity 0. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    LongReducer SUM = named("SUM", 0L, Long::sum);

    /** Immutable: product, wrapping on overflow; identity 1. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    LongReducer PRODUCT = named("PRODUCT", 1L, (a, b) -> a * b);

    /** Immutable: minimum; identity {@code Long.MAX_VALUE}. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    LongReducer MIN = named("MIN", Long.MAX_VALUE, Math::min);

    /** Immutable: maximum; identity {@code Long.MIN_VALUE}. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    LongReducer MAX = named("MAX", Long.MIN_VALUE, Math::max);

    /** Immutable: bitwise and; identity -1 (all bits set). */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    LongReducer AND = named("AND", -1L, (a, b) -> a & b);

    /** Immutable: bitwise or; identity 0. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    LongReducer OR = named("OR", 0L, (a, b) -> a | b);

    /** Immutable: bitwise exclusive or; identity 0. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    LongReducer XOR = named("XOR", 0L, (a, b) -> a ^ b);

    /**
     * Immutable: the identity: {@code combine(identity(), x) == x} for every x. An empty range reduces to it.
     *
     * @return the identity
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    long identity();

    /**
     * Immutable: combines two partial results; must be associative (and free of side effects).
     *
     * @param a the left partial result
     * @param b the right partial result
     * @return the combination
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    long combine(long a, long b);

    /**
     * Immutable: a reducer from an identity and an associative operator.
     *
     * @param identity the identity
     * @param op the operator
     * @return the reducer
     * @throws NullPointerException if {@code op} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    static LongReducer of(long identity, LongBinaryOperator op) {
        Objects.requireNonNull(op, "op");
        return named("custom", identity, op);
    }

    /**
     * A reducer that combines with {@code op} and names itself {@code LongReducer.NAME}. Declared twin of
     * {@code DoubleReducer.named} (primitive types differ, so the JIT sees no boxing): keep the two line for line alike.
     */
    private static LongReducer named(String name, long identity, LongBinaryOperator op) {
        return new LongReducer() {
            @Override
            public long identity() {
                return identity;
            }

            @Override
            public long combine(long a, long b) {
                return op.applyAsLong(a, b);
            }

            @Override
            public String toString() {
                return "LongReducer." + name;
            }
        };
    }
}
