package com.example.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.junit.FreeThreaded;
import dev.threadproof.junit.ThreadIndex;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ordinary unit tests of {@link RateCounter}, run by threadproof-junit on 4 threads at once, 20 rounds each, on one
 * shared instance. {@link #nothingLostNothingTwice()} checks the shared invariant after every body.
 */
@FreeThreaded(threads = RateCounterTest.THREADS, iterations = RateCounterTest.ROUNDS)
class RateCounterTest {
    static final int THREADS = 4;
    static final int ROUNDS = 20;
    static final int EVENTS = 1_000;

    private final RateCounter counter = new RateCounter();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();

    @Test
    @Certifies(type = RateCounter.class, members = {"record", "drain", "pending"})
    void everyEventIsDrainedExactlyOnce(@ThreadIndex int thread) {
        for (int i = 0; i < EVENTS; i++) {
            counter.record();
            counter.record(2);
            recorded.addAndGet(3);
            if (i % 97 == thread) {
                drained.addAndGet(counter.drain());
            }
        }
        assertTrue(counter.pending() >= 0, "a negative count");
    }

    @Test
    @Certifies(type = RateCounter.class, members = {"<init>"})
    void countersBuiltAtOnceAreIndependent(@ThreadIndex int thread) {
        RateCounter own = new RateCounter();
        own.record(thread);
        assertEquals(thread, own.pending());
        assertEquals(thread, own.drain());
        assertEquals(0, own.pending());
    }

    @Test
    void aNegativeCountIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RateCounter().record(-1));
        assertTrue(e.getMessage().contains("n must be at least 0"), e.getMessage());
    }

    @AfterEach
    void nothingLostNothingTwice() {
        assertEquals(recorded.get(), drained.get() + counter.drain(), "events recorded = events drained");
    }
}
