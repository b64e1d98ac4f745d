package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An interrupted caller cancels what has not started, waits for what runs, keeps its interrupt flag and throws. */
class InterruptTest {

    private static void interruptWhileRunning(ParallelRange r, int n) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        AtomicInteger runningAfter = new AtomicInteger(-1);
        Thread caller = new Thread(() -> {
            try {
                r.forEach(i -> {
                    running.incrementAndGet();
                    started.countDown();
                    Concurrent.work(200_000);
                    ran.incrementAndGet();
                    running.decrementAndGet();
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
            runningAfter.set(running.get());
            flagAfter.set(Thread.currentThread().isInterrupted());
        }, "interrupted-caller");
        caller.start();
        assertTrue(started.await(Concurrent.HANG_MILLIS, TimeUnit.MILLISECONDS), "no body started");
        caller.interrupt();
        caller.join(Concurrent.HANG_MILLIS);
        if (caller.isAlive()) {
            fail("the interrupted call did not return");
        }
        assertTrue(thrown.get() instanceof CancellationException, "expected a CancellationException, got " + thrown);
        assertEquals(Boolean.TRUE, flagAfter.get(), "the interrupt status was not kept");
        assertEquals(0, runningAfter.get(), "a body was running after the call threw");
        assertTrue(ran.get() < n, "nothing was cancelled: all " + n + " iterations ran");
    }

    @Test
    void interruptCancelsDynamicChunks() throws InterruptedException {
        interruptWhileRunning(Parallel.range(100_000).workers(3).schedule(Schedule.dynamic(1)), 100_000);
    }

    @Test
    void interruptCancelsStaticChunks() throws InterruptedException {
        interruptWhileRunning(Parallel.range(100_000).workers(3).schedule(Schedule.staticChunks(1)), 100_000);
    }

    @Test
    void interruptCancelsASerialCall() throws InterruptedException {
        interruptWhileRunning(Parallel.range(100_000).workers(1).schedule(Schedule.dynamic(1)), 100_000);
    }

    @Test
    void thePoolStaysUsableAfterACancelledCall() throws InterruptedException {
        try (WorkerPool pool = WorkerPool.create(2)) {
            interruptWhileRunning(Parallel.range(100_000).workers(Workers.on(pool)).schedule(Schedule.dynamic(1)),
                    100_000);
            AtomicInteger count = new AtomicInteger();
            Parallel.range(10_000).workers(Workers.on(pool)).forEach(i -> count.incrementAndGet());
            assertEquals(10_000, count.get());
        }
    }

    @Test
    void aPendingInterruptCancelsBeforeAnyBodyRuns() {
        AtomicInteger ran = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class,
                    () -> Parallel.range(1000).workers(2).schedule(Schedule.dynamic(1)).forEach(i -> ran.incrementAndGet()));
            assertThrows(CancellationException.class,
                    () -> Parallel.range(1000).workers(1).forEach(i -> ran.incrementAndGet()));
            assertThrows(CancellationException.class, () -> Parallel.block(2, t -> ran.incrementAndGet()));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status was cleared");
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, ran.get(), "a body ran although the caller was interrupted before the call");
    }

    @Test
    void interruptBreaksABlockWaitingAtABarrier() throws InterruptedException {
        try (WorkerPool pool = WorkerPool.create(1)) {
            CountDownLatch atBarrier = new CountDownLatch(1);
            CountDownLatch member0Left = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger size = new AtomicInteger();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flagAfter = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    Parallel.block(Workers.on(pool), team -> {
                        size.set(team.size());
                        if (team.threadId() == 0) {
                            try {
                                atBarrier.countDown();
                                team.barrier(); // member 1 is not coming until the team is broken
                            } finally {
                                member0Left.countDown();
                            }
                        } else {
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                throw new AssertionError("member 1 was interrupted", e);
                            }
                        }
                    });
                } catch (Throwable t) {
                    thrown.set(t);
                }
                flagAfter.set(Thread.currentThread().isInterrupted());
            }, "block-caller");
            caller.start();
            assertTrue(atBarrier.await(Concurrent.HANG_MILLIS, TimeUnit.MILLISECONDS));
            caller.interrupt();
            assertTrue(member0Left.await(Concurrent.HANG_MILLIS, TimeUnit.MILLISECONDS),
                    "the interrupt did not release member 0 from the barrier");
            release.countDown();
            caller.join(Concurrent.HANG_MILLIS);
            assertTrue(!caller.isAlive(), "the block did not return");
            assertEquals(2, size.get(), "an idle pool of one thread should give a team of two");
            assertTrue(thrown.get() instanceof CancellationException, "expected a cancellation, got " + thrown.get());
            assertEquals(Boolean.TRUE, flagAfter.get(), "the interrupt status was not kept");
        }
    }

    /**
     * An interrupt cancels a block while helper tasks are still claiming member ids: the caller's cancel and the
     * helpers claim from the same counter, so each member runs at most once, none is still running when the call
     * returns, and the call returns. Kills split read-modify-writes in {@code TeamJob.cancel}.
     */
    @Test
    void cancellingABlockWhileHelpersClaimMembersRunsEachAtMostOnceAndReturns() throws InterruptedException {
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                int size = 8;
                java.util.concurrent.atomic.AtomicIntegerArray runs =
                        new java.util.concurrent.atomic.AtomicIntegerArray(size);
                AtomicInteger running = new AtomicInteger();
                AtomicInteger runningAfter = new AtomicInteger(-1);
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                CountDownLatch started = new CountDownLatch(1);
                Thread caller = new Thread(() -> {
                    try {
                        Parallel.block(Workers.on(ex, size), team -> {
                            running.incrementAndGet();
                            runs.incrementAndGet(team.threadId());
                            started.countDown();
                            Concurrent.work(20_000);
                            running.decrementAndGet();
                        });
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                    runningAfter.set(running.get());
                }, "block-caller-" + round);
                caller.start();
                assertTrue(started.await(Concurrent.HANG_MILLIS, TimeUnit.MILLISECONDS), "no member started");
                caller.interrupt();
                caller.join(Concurrent.HANG_MILLIS);
                assertTrue(!caller.isAlive(), "round " + round + ": the cancelled block did not return");
                assertTrue(thrown.get() == null || thrown.get() instanceof CancellationException,
                        "round " + round + ": " + thrown.get());
                assertEquals(0, runningAfter.get(), "round " + round + ": a member ran after the call returned");
                for (int m = 0; m < size; m++) {
                    assertTrue(runs.get(m) <= 1, "round " + round + ": member " + m + " ran " + runs.get(m) + " times");
                }
            }
        } finally {
            ex.shutdownNow();
        }
    }
}
