package com.example.it;

import dev.threadproof.annotations.ThreadSafety;

/** Thread-safe, it claims: a counter whose increment is a read and a later write, so concurrent increments are lost. */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class RacyCounter {
    private volatile long count;

    /** Thread-safe: a counter at 0. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public RacyCounter() {
    }

    /** Thread-safe, it claims: adds one. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public void increment() {
        long v = count;
        Thread.yield(); // widens the window between the read and the write
        count = v + 1;
    }

    /** Thread-safe: the count. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public long get() {
        return count;
    }
}
