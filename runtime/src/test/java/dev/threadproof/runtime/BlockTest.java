package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/** Parallel blocks: thread ids, work-sharing loops, barriers, per-thread scratch and failures. */
class BlockTest {

    @Test
    void threadIdsAreUniqueAndCoverTheTeam() {
        for (int w : new int[] {1, 2, 3, 5, 8}) {
            try (WorkerPool pool = WorkerPool.create(7)) {
                int[] sizes = new int[1];
                AtomicIntegerArray ids = new AtomicIntegerArray(8);
                Set<Thread> threads = ConcurrentHashMap.newKeySet();
                Thread caller = Thread.currentThread();
                AtomicInteger callerId = new AtomicInteger(-1);
                Parallel.block(Workers.on(pool, w), team -> {
                    ids.incrementAndGet(team.threadId());
                    threads.add(Thread.currentThread());
                    if (Thread.currentThread() == caller) {
                        callerId.set(team.threadId());
                    }
                    if (team.threadId() == 0) {
                        sizes[0] = team.size();
                    }
                });
                // A fresh pool is idle, so the team gets every worker asked for.
                assertEquals(w, sizes[0], "team size");
                assertEquals(w, threads.size(), "each member is its own thread");
                assertEquals(0, callerId.get(), "the calling thread is member 0");
                for (int id = 0; id < 8; id++) {
                    assertEquals(id < w ? 1 : 0, ids.get(id), "thread id " + id);
                }
            }
        }
    }

    @Test
    void teamRangesShareIterationsExactlyOnce() {
        for (Schedule s : ExactlyOnceTest.SCHEDULES) {
            AtomicIntegerArray hits = new AtomicIntegerArray(10_000);
            AtomicIntegerArray hits2 = new AtomicIntegerArray(333);
            Parallel.block(4, team -> {
                team.range(10_000).schedule(s).forEach(hits::incrementAndGet);
                team.range(0, 333).schedule(s).forEachChunk((lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        hits2.incrementAndGet(i);
                    }
                });
            });
            for (int i = 0; i < 10_000; i++) {
                assertEquals(1, hits.get(i), "index " + i + " with " + s);
            }
            for (int i = 0; i < 333; i++) {
                assertEquals(1, hits2.get(i), "index " + i + " of the second loop with " + s);
            }
        }
    }

    /** Cython's normalize(): two loops in one block; the second needs every write of the first (implicit barrier). */
    @Test
    void implicitBarrierOfATeamLoopPublishesItsWrites() {
        int n = 100_000;
        for (int round = 0; round < 20; round++) {
            int[] a = new int[n];
            int[] b = new int[n];
            AtomicInteger wrong = new AtomicInteger();
            Parallel.block(3, team -> {
                team.range(n).schedule(Schedule.dynamic(64)).forEach(i -> a[i] = i + 1);
                team.range(n).forEach(i -> {
                    int j = n - 1 - i; // read an element most likely written by another member
                    if (a[j] != j + 1) {
                        wrong.incrementAndGet();
                    }
                    b[i] = a[j];
                });
            });
            assertEquals(0, wrong.get(), "a member read before the first loop's writes were visible");
        }
    }

    /**
     * Regression found by jcstress (BlockStress.TeamIdsAndBarrier under -Xint): a member that completed the barrier and
     * returned before the other member had looked at the "returned" count made that member break the team. Many short
     * rounds give the race a chance; the fix makes it impossible.
     */
    @Test
    void aMemberReturningRightAfterTheLastBarrierIsNotAUsageError() {
        for (int round = 0; round < 20_000; round++) {
            Parallel.block(2, Team::barrier);
        }
    }

    @Test
    void explicitBarrierSeparatesPhases() {
        for (int round = 0; round < 50; round++) {
            int[] slots = new int[8];
            AtomicInteger wrong = new AtomicInteger();
            Parallel.block(3, team -> {
                int id = team.threadId();
                slots[id] = id + 100 * (1);
                team.barrier();
                for (int other = 0; other < team.size(); other++) {
                    if (slots[other] != other + 100) {
                        wrong.incrementAndGet();
                    }
                }
                team.barrier();
                slots[id] = id + 200;
                team.barrier();
                for (int other = 0; other < team.size(); other++) {
                    if (slots[other] != other + 200) {
                        wrong.incrementAndGet();
                    }
                }
            });
            assertEquals(0, wrong.get());
        }
    }

    @Test
    void perThreadScratchAndTasksChosenByThreadId() {
        int n = 1000;
        long[] rowSums = new long[n];
        AtomicReferenceArray<String> task = new AtomicReferenceArray<>(2);
        Parallel.block(2, team -> {
            long[] scratch = new long[16]; // private to this member
            team.range(n).forEach(i -> {
                for (int k = 0; k < scratch.length; k++) {
                    scratch[k] = (long) i * k;
                }
                long s = 0;
                for (long v : scratch) {
                    s += v;
                }
                rowSums[i] = s;
            });
            if (team.threadId() == 0) {
                task.set(0, "first");
            } else if (team.threadId() == 1) {
                task.set(1, "second");
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals((long) i * 120, rowSums[i]);
        }
        assertEquals("first", task.get(0));
    }

    @Test
    void aMemberFailureReleasesTheOthersAndIsThrown() {
        IllegalStateException planned = new IllegalStateException("member 1 failed");
        try (WorkerPool pool = WorkerPool.create(3)) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> Parallel.block(Workers.on(pool), team -> {
                        if (team.threadId() == 1) {
                            throw planned;
                        }
                        team.barrier(); // member 1 never comes
                    }));
            assertSame(planned, thrown);
            AtomicInteger ok = new AtomicInteger();
            Parallel.block(Workers.on(pool), team -> ok.incrementAndGet());
            assertTrue(ok.get() >= 1, "the pool is usable after a failed block");
        }
    }

    @Test
    void aTeamLoopFailureIsTheSameExceptionInEveryMember() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> Parallel.block(3, team -> team.range(1000).schedule(Schedule.dynamic(3)).forEach(i -> {
                    if (i == 500 || i == 900) {
                        throw new IllegalArgumentException("index " + i);
                    }
                })));
        assertEquals("index 500", thrown.getMessage());
    }

    /**
     * Every member of a failed team loop calls the loop's finish at about the same time; the failure they throw is
     * built once: one object for all of them, each other failure suppressed onto it once. Kills the mutant that
     * removes {@code synchronized} from {@code Failures.primary} (concurrent sorts and duplicate suppressed entries).
     */
    @Test
    void everyMemberOfAFailedTeamLoopThrowsTheSameObjectWithNoDuplicateSuppressed() {
        try (WorkerPool pool = WorkerPool.create(3)) {
            for (int round = 0; round < 300; round++) {
                AtomicReferenceArray<Throwable> seen = new AtomicReferenceArray<>(4);
                Throwable thrown = assertThrows(Throwable.class, () -> Parallel.block(Workers.on(pool, 4), team -> {
                    try {
                        team.range(64).schedule(Schedule.dynamic(1)).forEach(i -> {
                            throw new IllegalArgumentException("index " + i);
                        });
                    } catch (RuntimeException e) {
                        seen.set(team.threadId(), e);
                        throw e;
                    }
                }));
                assertTrue(thrown instanceof IllegalArgumentException, "round " + round + ": " + thrown);
                assertEquals("index 0", thrown.getMessage(), "the lowest index wins");
                for (int m = 0; m < 4; m++) {
                    Throwable t = seen.get(m);
                    assertTrue(t == null || t == thrown, "round " + round + ": member " + m + " threw " + t
                            + ", not the loop's one failure " + thrown);
                }
                Set<Throwable> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                distinct.addAll(java.util.List.of(thrown.getSuppressed()));
                assertEquals(thrown.getSuppressed().length, distinct.size(),
                        "round " + round + ": a failure was suppressed twice");
            }
        }
    }

    @Test
    void aMemberReturningWhileOthersWaitIsAUsageError() {
        try (WorkerPool pool = WorkerPool.create(1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Parallel.block(Workers.on(pool), team -> {
                        if (team.threadId() == 0) {
                            team.barrier();
                        }
                    }));
            assertTrue(e.getMessage().contains("barrier"), e.getMessage());
        }
    }

    /**
     * On an executor the team is the caller plus the helper tasks that started in time: every member id below the
     * team's size runs once, none above, and the team loop covers the range whatever the size. On an executor with a
     * thread for every helper, the tasks do start in time: some call of the first 200 gets the whole team of 4 (the
     * caller waits up to 1 ms for its helpers; a formation that never waited would always give a team of 1).
     */
    @Test
    void blocksRunOnAnExecutor() {
        ExecutorService ex = Executors.newFixedThreadPool(3);
        try {
            int largest = 0;
            for (int call = 0; call < 200 && largest < 4; call++) {
                AtomicIntegerArray ids = new AtomicIntegerArray(4);
                AtomicIntegerArray hits = new AtomicIntegerArray(5000);
                int[] size = new int[1];
                Parallel.block(Workers.on(ex, 4), team -> {
                    ids.incrementAndGet(team.threadId());
                    if (team.threadId() == 0) {
                        size[0] = team.size();
                    }
                    team.barrier();
                    team.range(5000).schedule(Schedule.guided(4)).forEach(hits::incrementAndGet);
                });
                assertTrue(size[0] >= 1 && size[0] <= 4, "a team of " + size[0]);
                for (int id = 0; id < 4; id++) {
                    assertEquals(id < size[0] ? 1 : 0, ids.get(id), "member " + id + " of a team of " + size[0]);
                }
                for (int i = 0; i < 5000; i++) {
                    assertEquals(1, hits.get(i));
                }
                largest = Math.max(largest, size[0]);
            }
            assertEquals(4, largest, "no call of 200 got its helpers: the team never waits for tasks that start");
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void everyMemberOfACancelledTeamLoopThrowsTheSameCancellation() {
        // Member 0 (the caller) is interrupted as its team loop starts: the loop is cancelled, and after the loop's
        // barrier each member builds or reuses the loop's one CancellationException. Checked are the rounds where
        // both members got there (no worker free, or a barrier broken by the interrupt, are other paths).
        int checked = 0;
        try (WorkerPool pool = WorkerPool.create(1)) {
            for (int round = 0; round < 5000 && checked < 300; round++) {
                Concurrent.idle(100_000); // let the worker become free again
                AtomicReferenceArray<Throwable> seen = new AtomicReferenceArray<>(2);
                AtomicInteger entered = new AtomicInteger();
                int[] size = new int[1];
                Throwable thrown = null;
                try {
                    Parallel.block(Workers.on(pool, 2), team -> {
                        // Start the loop together, so that member 0 does not wait long at its barrier (a member
                        // that is interrupted while it waits there breaks the team instead).
                        Concurrent.meet(entered, team.size());
                        if (team.threadId() == 0) {
                            size[0] = team.size();
                            Thread.currentThread().interrupt();
                        }
                        try {
                            team.range(64).forEach(i -> { });
                        } catch (RuntimeException e) {
                            seen.set(team.threadId(), e);
                            throw e;
                        }
                    });
                } catch (Throwable t) {
                    thrown = t;
                }
                assertTrue(Thread.interrupted(), "round " + round + ": the caller's interrupt status was not kept");
                Throwable s0 = seen.get(0);
                Throwable s1 = seen.get(1);
                // Unchecked: a team of one; member 1 took every lane before member 0 polled its interrupt (nothing
                // cancelled, nothing thrown); a barrier broken by the interrupt (members abort instead).
                if (size[0] < 2 || s0 == null || s1 == null || s0 instanceof TeamState.Aborted
                        || s1 instanceof TeamState.Aborted) {
                    continue;
                }
                assertTrue(thrown instanceof CancellationException, "round " + round + ": " + thrown);
                checked++;
                assertSame(s0, s1, "round " + round + ": the members of one cancelled loop threw different exceptions");
                assertSame(s0, thrown, "round " + round);
                assertEquals(List.of(), List.of(thrown.getSuppressed()), "round " + round + ": suppressed twins");
            }
        }
        assertTrue(checked >= 20, "only " + checked + " rounds had both members reach the end of the loop");
    }

    @Test
    void aBrokenTeamShowsTheSameCauseToItsMembersAndToTheCaller() {
        // Member 1 returns at once while member 0 waits at a barrier: both sides may notice and break the team at
        // the same moment; the first cause wins, and the barrier's abort carries the cause the block then throws.
        int checked = 0;
        try (WorkerPool pool = WorkerPool.create(1)) {
            for (int round = 0; round < 20_000 && checked < 3000; round++) {
                // The pool's worker finishes its last member after the caller has moved on: give it time to become
                // free again, or most rounds get a team of one.
                Concurrent.idle(100_000);
                AtomicReference<Throwable> causeAtBarrier = new AtomicReference<>();
                AtomicInteger entered = new AtomicInteger();
                int[] size = new int[1];
                Throwable thrown = null;
                try {
                    Parallel.block(Workers.on(pool, 2), team -> {
                        // Released together, so that the return and the arrival often coincide.
                        Concurrent.meet(entered, team.size());
                        if (team.threadId() == 0) {
                            size[0] = team.size();
                            try {
                                team.barrier();
                            } catch (CancellationException e) {
                                causeAtBarrier.set(e.getCause());
                                throw e;
                            }
                        }
                    });
                } catch (Throwable t) {
                    thrown = t;
                }
                if (size[0] < 2) {
                    assertEquals(null, thrown, "round " + round + ": a team of one passes its barrier");
                    continue;
                }
                checked++;
                assertTrue(thrown instanceof IllegalStateException, "round " + round + ": " + thrown);
                assertSame(thrown, causeAtBarrier.get(), "round " + round + ": member 0's barrier was broken by "
                        + causeAtBarrier.get() + " but the block threw " + thrown);
            }
        }
        assertTrue(checked >= 20, "only " + checked + " rounds had a team of two");
    }
}
