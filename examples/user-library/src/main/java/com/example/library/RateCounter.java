package com.example.library;

import dev.threadproof.annotations.ThreadSafety;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe: counts events for a rate; any number of threads record, and a reporter drains the count once per
 * period (events per period is the rate).
 *
 * <p>Each method is one atomic operation on one counter, so every call is linearizable: an event recorded before a
 * {@link #drain()} is in that drain's count or a later one's, never in two and never lost.
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class RateCounter {
    private final AtomicLong pending = new AtomicLong();

    /** Thread-safe: a counter with no events. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public RateCounter() {
    }

    /** Thread-safe: records one event. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public void record() {
        pending.incrementAndGet();
    }

    /**
     * Thread-safe: records {@code n} events at once.
     *
     * @param n how many, at least 0
     * @throws IllegalArgumentException if {@code n < 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public void record(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0, not " + n);
        }
        pending.addAndGet(n);
    }

    /**
     * Thread-safe: the events recorded since the last drain, without draining them.
     *
     * @return the count
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public long pending() {
        return pending.get();
    }

    /**
     * Thread-safe: the events recorded since the last drain, and starts a new period.
     *
     * @return the count
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public long drain() {
        return pending.getAndSet(0);
    }
}
