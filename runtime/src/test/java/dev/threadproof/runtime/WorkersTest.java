package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadproof.annotations.Certifies;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SciPy's workers rules, threadpoolctl-style limits, and info(). */
class WorkersTest {
    private static final int CORES = Workers.usableCores();

    @Test
    void scipyRulesForCounts() {
        assertEquals(CORES, Workers.of(-1).count());
        assertEquals(CORES, Workers.all().count());
        assertEquals(1, Workers.of(-CORES).count());
        if (CORES >= 2) {
            assertEquals(CORES - 1, Workers.of(-2).count());
        }
        assertEquals(1, Workers.serial().count());
        assertEquals(7, Workers.of(7).count());
        assertEquals(CORES, Runtime.getRuntime().availableProcessors());
        assertThrows(IllegalArgumentException.class, () -> Workers.of(0));
        assertThrows(IllegalArgumentException.class, () -> Workers.of(-CORES - 1));
        assertThrows(IllegalArgumentException.class, () -> Workers.of(Integer.MIN_VALUE));
    }

    @Test
    void aCallNeverUsesMoreThreadsThanItsWorkers() {
        for (int w = 1; w <= 4; w++) {
            try (WorkerPool pool = WorkerPool.create(8)) {
                Set<Thread> used = ConcurrentHashMap.newKeySet();
                Workers workers = Workers.on(pool);
                Parallel.range(20_000).workers(w).schedule(Schedule.dynamic(1)).forEach(i -> used.add(Thread.currentThread()));
                assertTrue(used.size() <= w, used.size() + " threads ran a call of " + w + " workers");
                used.clear();
                Parallel.range(20_000).workers(workers).schedule(Schedule.dynamic(1))
                        .forEach(i -> used.add(Thread.currentThread()));
                assertTrue(used.size() <= pool.size() + 1);
            }
        }
    }

    @Test
    void limitIsTheDefaultForCallsThatNameNoWorkersAndIsFollowedIntoBodies() {
        Thread caller = Thread.currentThread();
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        try (Workers.Limit one = Workers.limit(1)) {
            assertEquals(1, one.workers());
            assertEquals(1, Workers.info().limit());
            Parallel.range(10_000).schedule(Schedule.dynamic(1)).forEach(i -> used.add(Thread.currentThread()));
            assertEquals(Set.of(caller), used, "limit(1) must keep the call in the calling thread");
        }
        assertEquals(0, Workers.info().limit());
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger bodies = new AtomicInteger();
        try (Workers.Limit two = Workers.limit(2)) {
            try (Workers.Limit three = Workers.limit(3)) {
                assertEquals(3, Workers.info().limit(), "an inner limit replaces the outer one");
                Parallel.range(200).workers(3).schedule(Schedule.dynamic(1)).forEach(i -> {
                    bodies.incrementAndGet();
                    if (Workers.info().limit() != 3) {
                        wrong.incrementAndGet();
                    }
                });
            }
            assertEquals(2, Workers.info().limit(), "closing the inner limit restores the outer one");
        }
        assertEquals(200, bodies.get());
        assertEquals(0, wrong.get(), "a body did not see the limit of the call it runs for");
    }

    @Test
    void limitIsConfinedToItsThread() throws InterruptedException {
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        AtomicInteger seenElsewhere = new AtomicInteger(-1);
        Concurrent.runThreads(2, t -> {
            if (t == 0) {
                try (Workers.Limit l = Workers.limit(1)) {
                    opened.countDown();
                    assertTrue(checked.await(Concurrent.HANG_MILLIS, TimeUnit.MILLISECONDS));
                    assertEquals(1, Workers.info().limit());
                }
            } else {
                assertTrue(opened.await(Concurrent.HANG_MILLIS, TimeUnit.MILLISECONDS));
                seenElsewhere.set(Workers.info().limit());
                checked.countDown();
            }
        });
        assertEquals(0, seenElsewhere.get(), "a limit opened on one thread changed another");
    }

    @Test
    void limitsMustBeClosedInnermostFirstOnTheirOwnThread() throws InterruptedException {
        Workers.Limit outer = Workers.limit(2);
        Workers.Limit inner = Workers.limit(1);
        assertThrows(IllegalStateException.class, outer::close);
        Concurrent.runThreads(1, t -> assertThrows(IllegalStateException.class, inner::close));
        inner.close();
        outer.close();
        outer.close(); // idempotent
        assertEquals(0, Workers.info().limit());
    }

    @Test
    @Certifies(type = Workers.class, members = {"usableCores", "info"})
    void usableCoresAndInfoFromManyThreadsWhilePoolsComeAndGo() throws InterruptedException {
        Concurrent.runThreads(4, t -> {
            for (int k = 0; k < 200; k++) {
                assertEquals(CORES, Workers.usableCores());
                if (t % 2 == 0) {
                    try (WorkerPool p = WorkerPool.create(1)) {
                        assertTrue(Workers.info().pools().stream().anyMatch(i -> i.name().equals(p.name())));
                    }
                } else {
                    WorkersInfo info = Workers.info();
                    assertEquals(CORES, info.usableCores());
                    assertTrue(info.toString().contains("usable cores"));
                }
            }
        });
    }

    @Test
    void infoShowsPoolsAndDefaults() {
        WorkerPool.common();
        try (WorkerPool own = WorkerPool.create(3)) {
            WorkersInfo info = Workers.info();
            assertEquals(CORES, info.usableCores());
            assertTrue(info.pools().stream().anyMatch(p -> p.common() && p.size() == CORES), info.toString());
            assertTrue(info.pools().stream().anyMatch(p -> p.name().equals(own.name()) && p.size() == 3),
                    info.toString());
            assertTrue(info.toString().contains(own.name()));
            if (System.getenv(Workers.ENV) == null) {
                assertEquals(CORES, info.defaultWorkers());
            }
        }
        assertTrue(Workers.info().pools().stream().noneMatch(p -> p.name().startsWith("threadproof-pool-")
                && !p.common() && p.size() == 3 && p.activeCalls() < 0));
    }
}
