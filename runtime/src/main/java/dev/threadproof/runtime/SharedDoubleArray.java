package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;

/**
 * Thread-safe: a fixed-length array of doubles that many threads may read and update at once with no lost updates;
 * every method is atomic on its element and linearizable.
 *
 * <p>Use it where bodies of a parallel call update the same element (a shared histogram of weights, a scatter-add).
 * Where every element has one writer, a plain {@code double[]} is faster and the parallel-call edges make it safe.
 * For whole-array reductions prefer {@link ParallelRange#sum} (reproducible); concurrent additions to one element
 * round in whatever order they happen to run, so the result may differ in the last bits from run to run.
 *
 * <p><b>Representation.</b> Each element is stored as its raw IEEE 754 bits ({@link Double#doubleToRawLongBits}) in a
 * {@code long[]} accessed through a {@link VarHandle}. Additions are compare-and-set loops on those bits, so an add is
 * never lost under any contention. {@link #compareAndSet} therefore compares <em>bit patterns</em>: {@code -0.0} and
 * {@code 0.0} are different values, and a NaN matches only a NaN with the same bit pattern ({@code Double.NaN} is
 * {@code 0x7ff8000000000000L}; a NaN from other sources may carry other bits).
 *
 * <p><b>Memory ordering.</b> All reads are volatile reads and all writes volatile writes ({@code getVolatile} /
 * {@code setVolatile} / {@code compareAndSet}): memory consistency effects, as for {@code volatile} fields, actions in a
 * thread prior to a write of an element <i>happen-before</i> actions following a read of that element that sees the
 * write (or a later one). {@link #snapshot()} reads each element this way but is not atomic as a whole.
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class SharedDoubleArray {
    private static final VarHandle BITS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] bits;

    /**
     * Thread-safe: an array of {@code length} zeros (+0.0); publish it to other threads safely (a final field, a
     * volatile, or before a parallel call).
     *
     * @param length the length, at least 0
     * @throws IllegalArgumentException if {@code length < 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public SharedDoubleArray(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, got " + length);
        }
        this.bits = new long[length];
    }

    /**
     * Thread-safe: an array holding a copy of {@code values}.
     *
     * @param values the initial values, copied
     * @throws NullPointerException if {@code values} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public SharedDoubleArray(double[] values) {
        Objects.requireNonNull(values, "values");
        this.bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
    }

    /**
     * Thread-safe: the number of elements (fixed).
     *
     * @return the length
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public int length() {
        return bits.length;
    }

    /**
     * Thread-safe: the element at {@code i}, with volatile read semantics.
     *
     * @param i the index
     * @return the value
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public double get(int i) {
        return Double.longBitsToDouble((long) BITS.getVolatile(bits, i));
    }

    /**
     * Thread-safe: sets the element at {@code i}, with volatile write semantics.
     *
     * @param i the index
     * @param value the new value
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public void set(int i, double value) {
        BITS.setVolatile(bits, i, Double.doubleToRawLongBits(value));
    }

    /**
     * Thread-safe: atomically sets the element at {@code i} to {@code value} and returns the old value.
     *
     * @param i the index
     * @param value the new value
     * @return the previous value
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public double getAndSet(int i, double value) {
        return Double.longBitsToDouble((long) BITS.getAndSet(bits, i, Double.doubleToRawLongBits(value)));
    }

    /**
     * Thread-safe: atomically sets the element at {@code i} to {@code update} if its bits equal those of
     * {@code expect} (see the class documentation for -0.0 and NaN).
     *
     * @param i the index
     * @param expect the expected value
     * @param update the new value
     * @return whether the element was updated
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public boolean compareAndSet(int i, double expect, double update) {
        return BITS.compareAndSet(bits, i, Double.doubleToRawLongBits(expect), Double.doubleToRawLongBits(update));
    }

    /**
     * Thread-safe: atomically adds {@code delta} to the element at {@code i} and returns the old value; never lost
     * under contention (a compare-and-set loop on the raw bits).
     *
     * @param i the index
     * @param delta the amount to add
     * @return the previous value
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public double getAndAdd(int i, double delta) {
        long prev = (long) BITS.getVolatile(bits, i);
        for (;;) {
            long next = Double.doubleToRawLongBits(Double.longBitsToDouble(prev) + delta);
            long witness = (long) BITS.compareAndExchange(bits, i, prev, next);
            if (witness == prev) {
                return Double.longBitsToDouble(prev);
            }
            prev = witness;
        }
    }

    /**
     * Thread-safe: atomically adds {@code delta} to the element at {@code i} and returns the new value.
     *
     * @param i the index
     * @param delta the amount to add
     * @return the updated value
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public double addAndGet(int i, double delta) {
        return getAndAdd(i, delta) + delta;
    }

    /**
     * Thread-safe: atomically replaces the element at {@code i} with {@code f(current, x)} and returns the new value;
     * {@code f} may be applied several times under contention, so it must be free of side effects.
     *
     * @param i the index
     * @param x the second argument of {@code f}
     * @param f the update function
     * @return the updated value
     * @throws NullPointerException if {@code f} is null
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public double accumulateAndGet(int i, double x, DoubleBinaryOperator f) {
        Objects.requireNonNull(f, "f");
        long prev = (long) BITS.getVolatile(bits, i);
        for (;;) {
            double next = f.applyAsDouble(Double.longBitsToDouble(prev), x);
            long witness = (long) BITS.compareAndExchange(bits, i, prev, Double.doubleToRawLongBits(next));
            if (witness == prev) {
                return next;
            }
            prev = witness;
        }
    }

    /**
     * Thread-safe: a new {@code double[]} with every element read atomically (volatile), in index order; not one
     * atomic picture of the whole array while other threads write.
     *
     * @return the copy
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE,
            note = "each element is read atomically; the array as a whole is not a single atomic snapshot")
    public double[] snapshot() {
        double[] out = new double[bits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /**
     * Thread-safe: the elements as in {@link java.util.Arrays#toString(double[])} of a {@link #snapshot()}.
     *
     * @return the text
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    @Override
    public String toString() {
        return java.util.Arrays.toString(snapshot());
    }
}
