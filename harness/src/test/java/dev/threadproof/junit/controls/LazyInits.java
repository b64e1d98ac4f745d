package dev.threadproof.junit.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A lazily created expensive resource: check-then-act without a lock (racy) and the holder with a lock. */
public final class LazyInits {
    private LazyInits() {
    }

    /** Expensive to build (about a tenth of a millisecond), so it is built on first use. */
    static final class Resource {
        final double value;

        Resource(AtomicInteger built) {
            built.incrementAndGet();
            double v = 0;
            for (int i = 1; i < 50_000; i++) {
                v += Math.sqrt(i);
            }
            value = v;
        }
    }

    interface Lazy {
        Resource get();

        int built();
    }

    /** Broken: two threads both see null and both build; callers get different instances. */
    static final class RacyLazy implements Lazy {
        private final AtomicInteger built = new AtomicInteger();
        private Resource resource;

        @Override
        public Resource get() {
            if (resource == null) {
                resource = new Resource(built); // check-then-act: another thread may be between the two
            }
            return resource;
        }

        @Override
        public int built() {
            return built.get();
        }
    }

    static final class LockedLazy implements Lazy {
        private final AtomicInteger built = new AtomicInteger();
        private Resource resource;

        @Override
        public synchronized Resource get() {
            if (resource == null) {
                resource = new Resource(built);
            }
            return resource;
        }

        @Override
        public int built() {
            return built.get();
        }
    }

    /** A table of lazily built resources, one per slot (as a per-key connection or codec table would be). */
    abstract static class Case {
        static final int SLOTS = 64;
        final Lazy[] slots = new Lazy[SLOTS];

        Case() {
            for (int i = 0; i < SLOTS; i++) {
                slots[i] = create();
            }
        }

        abstract Lazy create();

        @Test
        void buildsEachResourceOnce() {
            for (Lazy slot : slots) {
                Resource r = slot.get();
                assertSame(r, slot.get());
            }
        }

        @AfterEach
        void builtExactlyOnce() {
            for (int i = 0; i < SLOTS; i++) {
                assertEquals(1, slots[i].built(), "slot " + i);
            }
        }
    }

    static final class RacyCase extends Case {
        @Override
        Lazy create() {
            return new RacyLazy();
        }
    }

    static final class CorrectCase extends Case {
        @Override
        Lazy create() {
            return new LockedLazy();
        }
    }
}
