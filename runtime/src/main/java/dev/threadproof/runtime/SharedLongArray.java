package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.LongBinaryOperator;

/**
 * Thread-safe: a fixed-length array of longs that many threads may read and update at once with no lost updates;
 * every method is atomic on its element and linearizable.
 *
 * <p>Use it for shared counters and histograms updated from the bodies of a parallel call. Additions wrap around on
 * overflow, as {@code +} does.
 *
 * <p><b>Memory ordering.</b> Elements live in a {@code long[]} accessed through a {@link VarHandle}: reads are volatile
 * reads, writes volatile writes, and {@link #getAndAdd} / {@link #compareAndSet} / {@link #getAndSet} are the
 * VarHandle's atomic operations. Memory consistency effects, as for {@code volatile} fields: actions in a thread prior
 * to a write of an element <i>happen-before</i> actions following a read of that element that sees the write (or a
 * later one). {@link #snapshot()} reads each element this way but is not atomic as a whole.
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class SharedLongArray {
    private static final VarHandle ELEMENTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values;

    /**
     * Thread-safe: an array of {@code length} zeros; publish it to other threads safely.
     *
     * @param length the length, at least 0
     * @throws IllegalArgumentException if {@code length < 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public SharedLongArray(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, got " + length);
        }
        this.values = new long[length];
    }

    /**
     * Thread-safe: an array holding a copy of {@code values}.
     *
     * @param values the initial values, copied
     * @throws NullPointerException if {@code values} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public SharedLongArray(long[] values) {
        this.values = Objects.requireNonNull(values, "values").clone();
    }

    /**
     * Thread-safe: the number of elements (fixed).
     *
     * @return the length
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public int length() {
        return values.length;
    }

    /**
     * Thread-safe: the element at {@code i}, with volatile read semantics.
     *
     * @param i the index
     * @return the value
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public long get(int i) {
        return (long) ELEMENTS.getVolatile(values, i);
    }

    /**
     * Thread-safe: sets the element at {@code i}, with volatile write semantics.
     *
     * @param i the index
     * @param value the new value
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public void set(int i, long value) {
        ELEMENTS.setVolatile(values, i, value);
    }

    /**
     * Thread-safe: atomically sets the element at {@code i} and returns the old value.
     *
     * @param i the index
     * @param value the new value
     * @return the previous value
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public long getAndSet(int i, long value) {
        return (long) ELEMENTS.getAndSet(values, i, value);
    }

    /**
     * Thread-safe: atomically sets the element at {@code i} to {@code update} if it equals {@code expect}.
     *
     * @param i the index
     * @param expect the expected value
     * @param update the new value
     * @return whether the element was updated
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public boolean compareAndSet(int i, long expect, long update) {
        return ELEMENTS.compareAndSet(values, i, expect, update);
    }

    /**
     * Thread-safe: atomically adds {@code delta} to the element at {@code i} and returns the old value.
     *
     * @param i the index
     * @param delta the amount to add
     * @return the previous value
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of bounds
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public long getAndAdd(int i, long delta) {
        return (long) ELEMENTS.getAndAdd(values, i, delta);
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
    public long addAndGet(int i, long delta) {
        return (long) ELEMENTS.getAndAdd(values, i, delta) + delta;
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
    public long accumulateAndGet(int i, long x, LongBinaryOperator f) {
        Objects.requireNonNull(f, "f");
        long prev = get(i);
        for (;;) {
            long next = f.applyAsLong(prev, x);
            long witness = (long) ELEMENTS.compareAndExchange(values, i, prev, next);
            if (witness == prev) {
                return next;
            }
            prev = witness;
        }
    }

    /**
     * Thread-safe: a new {@code long[]} with every element read atomically (volatile), in index order; not one atomic
     * picture of the whole array while other threads write.
     *
     * @return the copy
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE,
            note = "each element is read atomically; the array as a whole is not a single atomic snapshot")
    public long[] snapshot() {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /**
     * Thread-safe: the elements as in {@link java.util.Arrays#toString(long[])} of a {@link #snapshot()}.
     *
     * @return the text
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    @Override
    public String toString() {
        return java.util.Arrays.toString(snapshot());
    }
}
