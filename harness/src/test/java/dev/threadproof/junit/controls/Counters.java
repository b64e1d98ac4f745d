package dev.threadproof.junit.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A hit counter: {@code count++} on a volatile field (racy: the read-modify-write is not atomic) and a LongAdder. */
public final class Counters {
    private Counters() {
    }

    interface Counter {
        void increment();

        long get();
    }

    /** Broken: {@code volatile} makes each read and write visible, not the increment atomic. */
    static final class RacyCounter implements Counter {
        private volatile long count;

        @Override
        public void increment() {
            count++; // two threads read the same value and both write value + 1: one increment is lost
        }

        @Override
        public long get() {
            return count;
        }
    }

    static final class AdderCounter implements Counter {
        private final LongAdder count = new LongAdder();

        @Override
        public void increment() {
            count.increment();
        }

        @Override
        public long get() {
            return count.sum();
        }
    }

    /** An ordinary test: passes on one thread; the shared counter must count every increment. */
    abstract static class Case {
        static final int INCREMENTS = 500_000;
        final Counter counter = create();
        final AtomicInteger bodies = new AtomicInteger();

        abstract Counter create();

        @Test
        void countsEveryIncrement() {
            for (int i = 0; i < INCREMENTS; i++) {
                counter.increment();
            }
            bodies.incrementAndGet();
        }

        @AfterEach
        void noIncrementLost() {
            assertEquals(bodies.get() * (long) INCREMENTS, counter.get());
        }
    }

    static final class RacyCase extends Case {
        @Override
        Counter create() {
            return new RacyCounter();
        }
    }

    static final class CorrectCase extends Case {
        @Override
        Counter create() {
            return new AdderCounter();
        }
    }
}
