package com.example.library.broken;

import dev.threadproof.annotations.ThreadSafety;

/**
 * Thread-safe, it claims, wrongly: the negative control of this example, a twin of {@code RateCounter} whose
 * {@code record} reads the count and writes it back later, so concurrent records are lost. Built only with
 * {@code -Pbroken}; the report must name it FAILED.
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class BrokenRateCounter {
    private volatile long pending;

    /** Thread-safe: a counter with no events. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public BrokenRateCounter() {
    }

    /** Thread-safe, it claims: records one event (a read, then a write: the race). */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public void record() {
        long seen = pending;
        Thread.yield();
        pending = seen + 1;
    }

    /**
     * Thread-safe: the events recorded.
     *
     * @return the count
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public long pending() {
        return pending;
    }
}
