package dev.threadproof.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Test classes that ExploreTest runs through the Jupiter engine in explore mode: each bug with its fixed twin. */
final class ExploreFixtures {
    private ExploreFixtures() {
    }

    /** Not thread-safe: an id generator whose next() is a read then a write (a lost update hands out one id twice). */
    static final class RacyIds {
        private int next;

        int next() {
            return next++;
        }
    }

    /** The bug: two harness threads get the same id from a plain read-modify-write. */
    @FreeThreaded(mode = FreeThreaded.Mode.EXPLORE)
    static class DuplicateIds {
        private final RacyIds ids = new RacyIds();
        private final AtomicIntegerArray seen = new AtomicIntegerArray(64);

        @Test
        void idsAreUnique() {
            int id = ids.next();
            assertTrue(seen.getAndIncrement(id) == 0, "id " + id + " handed out twice");
        }
    }

    /** The fixed twin: an atomic increment. */
    @FreeThreaded(mode = FreeThreaded.Mode.EXPLORE)
    static class UniqueIds {
        private final AtomicInteger ids = new AtomicInteger();
        private final AtomicIntegerArray seen = new AtomicIntegerArray(64);

        @Test
        void idsAreUnique() {
            int id = ids.getAndIncrement(); // below 64: the engine restores the heap before each schedule
            assertTrue(seen.getAndIncrement(id) == 0, "id " + id + " handed out twice");
        }
    }

    /** Not thread-safe: a plain counter. */
    static final class Count {
        int value;
    }

    /**
     * The bug in a test that starts its own threads (explored with one harness thread): a lost count++. The counter is
     * a field, made with the schedule's instance before the search: Lincheck 3.7 on JDK 21+ does not see an object
     * the body makes and hands to its threads only through a lambda as shared (docs/explore.md, limits).
     */
    @FreeThreaded(mode = FreeThreaded.Mode.EXPLORE, threads = 1)
    static class OwnThreads {
        private final Count c = new Count();

        @Test
        void twoIncrementsCountTwo() throws InterruptedException {
            Thread a = new Thread(() -> c.value++);
            Thread b = new Thread(() -> c.value++);
            a.start();
            b.start();
            a.join();
            b.join();
            assertEquals(2, c.value, "count after two increments");
        }
    }

    /** The fixed twin: the increments under one lock. */
    @FreeThreaded(mode = FreeThreaded.Mode.EXPLORE, threads = 1)
    static class OwnThreadsLocked {
        private final Count c = new Count();

        @Test
        void twoIncrementsCountTwo() throws InterruptedException {
            Thread a = new Thread(() -> {
                synchronized (c) {
                    c.value++;
                }
            });
            Thread b = new Thread(() -> {
                synchronized (c) {
                    c.value++;
                }
            });
            a.start();
            b.start();
            a.join();
            b.join();
            assertEquals(2, c.value, "count after two increments");
        }
    }

    /** A lock-order deadlock among threads the test starts: explore must report it, not hang. */
    @FreeThreaded(mode = FreeThreaded.Mode.EXPLORE, threads = 1)
    static class LockOrder {
        @Test
        void transfersBothWays() throws InterruptedException {
            Object x = new Object();
            Object y = new Object();
            Thread a = new Thread(() -> {
                synchronized (x) {
                    synchronized (y) {
                        Thread.onSpinWait();
                    }
                }
            });
            Thread b = new Thread(() -> {
                synchronized (y) {
                    synchronized (x) {
                        Thread.onSpinWait();
                    }
                }
            });
            a.start();
            b.start();
            a.join();
            b.join();
        }
    }

    /** A thread the test starts dies of an exception that nothing checks: explore must fail the test. */
    @FreeThreaded(mode = FreeThreaded.Mode.EXPLORE, threads = 1)
    static class UncaughtInOwnThread {
        @Test
        void workerThrows() throws InterruptedException {
            Count c = new Count();
            Thread a = new Thread(() -> {
                if (c.value == 0) {
                    throw new IllegalStateException("worker saw an empty count");
                }
            });
            a.start();
            a.join();
        }
    }

    /** A body the engine cannot run (file operations): it runs in stress mode instead, and the summary says why. */
    @FreeThreaded(mode = FreeThreaded.Mode.EXPLORE)
    static class ReadsAFile {
        static final AtomicInteger BODIES = new AtomicInteger();
        static final AtomicInteger BEFORE = new AtomicInteger();
        private boolean prepared;

        @org.junit.jupiter.api.BeforeEach
        void prepare() {
            prepared = true;
            BEFORE.incrementAndGet();
        }

        @Test
        void seesTheWorkingDirectory() throws java.io.IOException {
            assertTrue(prepared, "@BeforeEach ran on the instance the body uses");
            assertTrue(java.nio.file.Files.isDirectory(java.nio.file.Paths.get(".").toRealPath()));
            BODIES.incrementAndGet();
        }
    }
}
