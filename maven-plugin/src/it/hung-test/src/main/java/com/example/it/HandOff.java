package com.example.it;

import dev.threadproof.annotations.ThreadSafety;
import java.util.concurrent.locks.LockSupport;

/** Thread-safe, it claims: hands one value from a producer to a consumer; the hand-off is lost, so take never ends. */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class HandOff {
    private Object value; // the bug: not volatile, and put never wakes the taker

    /**
     * Thread-safe: offers a value.
     *
     * @param v the value
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public void put(Object v) {
        // dropped: the value never arrives
    }

    /**
     * Thread-safe: waits for the value, ignoring interruption.
     *
     * @return the value
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public Object take() {
        while (value == null) {
            LockSupport.park(this);
        }
        return value;
    }
}
