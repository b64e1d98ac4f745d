package com.example.it;

import dev.threadproof.annotations.ThreadSafety;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe: a counter. */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class Counter {
    private final AtomicLong count = new AtomicLong();

    /** Thread-safe: a counter at 0. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public Counter() {
    }

    /** Thread-safe: adds one. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public void increment() {
        count.incrementAndGet();
    }

    /** Thread-safe: the count. */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public long get() {
        return count.get();
    }
}
