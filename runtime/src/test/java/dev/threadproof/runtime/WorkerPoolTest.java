package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.threadproof.annotations.Certifies;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/** The common pool's lazy start and threads, and the lifecycle of pools of one's own. */
class WorkerPoolTest {

    @Test
    void commonPoolIsOneInstanceWithNamedDaemonThreads() throws InterruptedException {
        AtomicReferenceArray<WorkerPool> seen = new AtomicReferenceArray<>(16);
        Concurrent.runThreads(16, t -> seen.set(t, WorkerPool.common()));
        for (int i = 1; i < 16; i++) {
            assertSame(seen.get(0), seen.get(i));
        }
        WorkerPool common = WorkerPool.common();
        assertEquals(Workers.usableCores(), common.size());
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 20 && used.size() < 2; round++) {
            Parallel.range(10_000).workers(-1).schedule(Schedule.dynamic(1)).forEach(i -> {
                used.add(Thread.currentThread());
                Concurrent.work(100);
            });
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("threadproof-worker-")) {
                assertTrue(t.isDaemon(), t + " is not a daemon");
                int n = Integer.parseInt(t.getName().substring("threadproof-worker-".length()));
                assertTrue(n >= 1 && n <= common.size(), t.getName());
            }
        }
        for (Thread t : used) {
            assertTrue(t == Thread.currentThread() || t.getName().startsWith("threadproof-worker-"), t.getName());
        }
    }

    @Test
    void closeLetsARunningCallFinishAndRejectsLaterCalls() throws InterruptedException {
        WorkerPool pool = WorkerPool.create(2);
        Workers w = Workers.on(pool);
        int n = 1000;
        AtomicIntegerArray ran = new AtomicIntegerArray(n);
        CountDownLatch inBody = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> callFailure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                Parallel.range(n).workers(w).schedule(Schedule.dynamic(1)).forEach(i -> {
                    if (i == 0) {
                        inBody.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                    ran.incrementAndGet(i);
                });
            } catch (Throwable t) {
                callFailure.set(t);
            }
        });
        caller.start();
        assertTrue(inBody.await(Concurrent.HANG_MILLIS, TimeUnit.MILLISECONDS));
        Thread closer = new Thread(pool::close);
        closer.start();
        // close must wait for the running call: wait until it is blocked, then let the call finish.
        while (!pool.isClosed()) {
            Thread.onSpinWait();
        }
        assertTrue(!pool.isTerminated(), "the pool terminated while a call was running");
        release.countDown();
        caller.join(Concurrent.HANG_MILLIS);
        closer.join(Concurrent.HANG_MILLIS);
        if (caller.isAlive() || closer.isAlive()) {
            fail("call or close did not finish");
        }
        assertEquals(null, callFailure.get());
        for (int i = 0; i < n; i++) {
            assertEquals(1, ran.get(i), "index " + i + " of the call running during close");
        }
        assertTrue(pool.isTerminated());
        AtomicInteger late = new AtomicInteger();
        try {
            Parallel.range(10).workers(w).forEach(i -> late.incrementAndGet());
            fail("a call after close was accepted");
        } catch (RejectedExecutionException expected) {
            assertTrue(expected.getMessage().contains(pool.name()));
        }
        assertEquals(0, late.get());
        long alive = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(pool.name() + "-worker-")).count();
        assertEquals(0, alive, "worker threads outlived close");
    }

    @Test
    void aCallRacingWithCloseRunsCompletelyOrIsRejected() throws InterruptedException {
        int rejected = 0;
        int completed = 0;
        for (int round = 0; round < 200; round++) {
            WorkerPool pool = WorkerPool.create(2);
            Workers w = Workers.on(pool);
            AtomicInteger ran = new AtomicInteger();
            AtomicReference<String> outcome = new AtomicReference<>();
            Concurrent.runThreads(2, t -> {
                if (t == 0) {
                    try {
                        Parallel.range(500).workers(w).schedule(Schedule.dynamic(7)).forEach(i -> ran.incrementAndGet());
                        outcome.set("completed");
                    } catch (RejectedExecutionException e) {
                        outcome.set("rejected");
                    }
                } else {
                    pool.close();
                }
            });
            if (outcome.get().equals("completed")) {
                assertEquals(500, ran.get(), "a call that returned normally ran only part of its range");
                completed++;
            } else {
                assertEquals(0, ran.get(), "a rejected call ran bodies");
                rejected++;
            }
            assertTrue(pool.isTerminated());
        }
        assertEquals(200, completed + rejected);
    }

    @Test
    @Certifies(type = WorkerPool.class, members = {"create", "name", "size", "toString", "activeCalls", "isClosed",
        "close", "isTerminated"})
    void poolsAreCreatedQueriedAndClosedFromManyThreadsAtOnce() throws InterruptedException {
        java.util.Set<String> names = ConcurrentHashMap.newKeySet();
        WorkerPool shared = WorkerPool.create(2);
        try {
            Concurrent.runThreads(4, t -> {
                for (int round = 0; round < 50; round++) {
                    WorkerPool mine;
                    try (WorkerPool own = WorkerPool.create(1 + t % 2)) {
                        mine = own;
                        assertTrue(names.add(own.name()), "two pools got the name " + own.name());
                        assertEquals(1 + t % 2, own.size());
                        AtomicInteger ran = new AtomicInteger();
                        Parallel.range(100).workers(Workers.on(shared)).forEach(i -> ran.incrementAndGet());
                        assertEquals(100, ran.get());
                        String text = shared.toString();
                        assertTrue(text.contains(shared.name()) && text.contains("open"), text);
                        assertTrue(shared.activeCalls() >= 0 && shared.activeCalls() <= 4, text);
                        assertTrue(!shared.isClosed());
                        assertTrue(!shared.isTerminated() && !own.isTerminated());
                    }
                    assertTrue(mine.isClosed() && mine.isTerminated(), "close returned before " + mine + " ended");
                }
            });
        } finally {
            shared.close();
        }
        assertEquals(200, names.size());
        assertEquals(0, shared.activeCalls());
    }

    /**
     * A body that interrupts its own worker thread does not leave that interrupt to the next call the worker helps:
     * the worker clears it between jobs. Kills the mutant that swaps that {@code Thread.interrupted()} for
     * {@code isInterrupted()}.
     */
    @Test
    void anInterruptABodyLeavesOnItsWorkerDoesNotReachTheNextCall() throws InterruptedException {
        try (WorkerPool pool = WorkerPool.create(1)) {
            // A call gets the worker only when it is idle: each call first gives it a millisecond to get back to
            // idle (on a busy machine, e.g. this test run free-threaded, it may not have had a CPU since the last
            // call). Rounds where it helped neither call prove nothing and are tried again, up to a bound, and 20
            // rounds where it helped both must be seen.
            int checked = 0;
            for (int attempt = 0; attempt < 2_000 && checked < 20; attempt++) {
                AtomicReference<Boolean> interruptedItself = new AtomicReference<>();
                Thread.sleep(1);
                Parallel.block(Workers.on(pool, 2), team -> {
                    if (team.threadId() != 0) {
                        Thread.currentThread().interrupt();
                        interruptedItself.set(true);
                    }
                });
                AtomicReference<Boolean> interruptedOnEntry = new AtomicReference<>();
                Thread.sleep(1);
                Parallel.block(Workers.on(pool, 2), team -> {
                    if (team.threadId() != 0) {
                        interruptedOnEntry.set(Thread.currentThread().isInterrupted());
                    }
                });
                if (interruptedItself.get() != null && interruptedOnEntry.get() != null) {
                    checked++;
                    assertEquals(Boolean.FALSE, interruptedOnEntry.get(),
                            "attempt " + attempt + ": the worker carried the first body's interrupt into the next call");
                }
            }
            assertEquals(20, checked, "the pool's worker helped both calls in too few attempts to check");
        }
    }

    @Test
    void closeFromInsideABodyDoesNotDeadlock() {
        WorkerPool pool = WorkerPool.create(2);
        AtomicInteger ran = new AtomicInteger();
        Parallel.range(100).workers(Workers.on(pool)).forEach(i -> {
            if (i == 0) {
                pool.close();
            }
            ran.incrementAndGet();
        });
        assertEquals(100, ran.get());
        assertTrue(pool.isClosed());
    }

    @Test
    void oneIdleWorkerServesOneOfTwoConcurrentCallsNeverBoth() throws InterruptedException {
        // Two callers start a block of 2 at the same moment on a pool of 1, and every member waits until both
        // blocks' members 0 run: the worker cannot leave one block before the other call has taken its helpers, so
        // at most one of them can have it. A worker claimed twice would serve both (sizes 2 and 2), or lose one
        // task and leave its call waiting forever.
        int rounds = 300;
        try (WorkerPool pool = WorkerPool.create(1)) {
            AtomicInteger gate = new AtomicInteger();
            AtomicIntegerArray inside = new AtomicIntegerArray(rounds);
            AtomicIntegerArray sizes = new AtomicIntegerArray(2 * rounds);
            Concurrent.runThreads(2, t -> {
                for (int round = 0; round < rounds; round++) {
                    // Let the worker go idle and park (its spin ends after SpinThenPark.SPIN_NANOS), then start together.
                    long idle = System.nanoTime() + 4 * SpinThenPark.SPIN_NANOS;
                    while (System.nanoTime() < idle) {
                        Thread.onSpinWait();
                    }
                    Concurrent.meet(gate, 2 * (round + 1));
                    int r = round;
                    Parallel.block(Workers.on(pool, 2), team -> {
                        if (team.threadId() == 0) {
                            sizes.set(2 * r + t, team.size());
                            inside.incrementAndGet(r);
                        }
                        Concurrent.spinUntil(() -> inside.get(r) >= 2);
                    });
                }
            });
            for (int round = 0; round < rounds; round++) {
                assertEquals(2, inside.get(round), "round " + round + ": a block's member 0 did not run");
                assertTrue(sizes.get(2 * round) + sizes.get(2 * round + 1) <= 3, "round " + round
                        + ": two overlapping calls each got the pool's one worker (team sizes "
                        + sizes.get(2 * round) + " and " + sizes.get(2 * round + 1) + ")");
            }
        }
    }
}
