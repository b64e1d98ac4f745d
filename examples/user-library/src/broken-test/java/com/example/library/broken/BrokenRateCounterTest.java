package com.example.library.broken;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.junit.FreeThreaded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The same kind of test as RateCounterTest, on the broken twin: it passes on one thread and fails on four. */
@FreeThreaded(threads = 4, iterations = 5)
class BrokenRateCounterTest {
    private final BrokenRateCounter counter = new BrokenRateCounter();

    @Test
    @Certifies(type = BrokenRateCounter.class, members = {"<init>", "record", "pending"})
    void noEventIsLost() {
        for (int i = 0; i < 2_000; i++) {
            counter.record();
        }
    }

    @AfterEach
    void everyEventCounted() {
        assertEquals(4L * 5 * 2_000, counter.pending(), "events recorded by 4 threads x 5 rounds x 2,000");
    }
}
