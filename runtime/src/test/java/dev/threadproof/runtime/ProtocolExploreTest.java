package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.junit.FreeThreaded;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The runtime's hand-off protocols under explore mode (controlled scheduling): each test starts its own pool and its
 * own callers, so the engine schedules every thread of the protocol, the pool's workers included; each schedule ends
 * with the pool closed. Sizes are the smallest that exercise the protocol (a one-worker pool, two callers, four
 * indices), so the search covers many interleavings of the protocol itself within the bound.
 */
@FreeThreaded(mode = FreeThreaded.Mode.EXPLORE, threads = 1)
class ProtocolExploreTest {

    /** Runs two callers at once and rethrows the first failure of either. */
    private static void twoCallers(Runnable a, Runnable b) throws Throwable {
        Throwable[] failed = new Throwable[2];
        Thread ta = new Thread(() -> {
            try {
                a.run();
            } catch (Throwable e) {
                failed[0] = e;
            }
        }, "caller-a");
        Thread tb = new Thread(() -> {
            try {
                b.run();
            } catch (Throwable e) {
                failed[1] = e;
            }
        }, "caller-b");
        ta.start();
        tb.start();
        ta.join();
        tb.join();
        for (Throwable e : failed) {
            if (e != null) {
                throw e;
            }
        }
    }

    /**
     * Reserve and assign, the caller's join and park: two calls overlap on a pool whose one worker can serve only one
     * of them; each call runs every index once and returns.
     */
    @Test
    @Certifies(type = WorkerPool.class, members = {"create", "close"})
    void twoCallsOnAOneWorkerPoolEachRunEveryIndexOnce() throws Throwable {
        try (WorkerPool pool = WorkerPool.create(1)) {
            Workers two = Workers.on(pool, 2);
            AtomicIntegerArray seen = new AtomicIntegerArray(8);
            twoCallers(() -> Parallel.range(0, 4).workers(two).schedule(Schedule.dynamic(1))
                            .forEach(seen::incrementAndGet),
                    () -> Parallel.range(4, 8).workers(two).schedule(Schedule.dynamic(1))
                            .forEach(seen::incrementAndGet));
            for (int i = 0; i < 8; i++) {
                assertEquals(1, seen.get(i), "index " + i + " ran " + seen.get(i) + " times");
            }
        }
    }

    /**
     * Reserve and assign with teams: two blocks overlap on a pool whose one worker can join only one team; each block
     * forms a team (of 2, or of 1 when the other holds the worker), passes its barrier and returns.
     */
    @Test
    @Certifies(type = Parallel.class, members = {"block"})
    void twoBlocksOnAOneWorkerPoolEachFormATeamAndReturn() throws Throwable {
        try (WorkerPool pool = WorkerPool.create(1)) {
            Workers two = Workers.on(pool, 2);
            AtomicIntegerArray members = new AtomicIntegerArray(2);
            twoCallers(() -> Parallel.block(two, team -> {
                members.incrementAndGet(0);
                team.barrier();
            }), () -> Parallel.block(two, team -> {
                members.incrementAndGet(1);
                team.barrier();
            }));
            for (int b = 0; b < 2; b++) {
                assertTrue(members.get(b) == 1 || members.get(b) == 2, "block " + b + " ran " + members.get(b)
                        + " members (its caller, and the worker when it got it)");
            }
        }
    }

    /** A reduction's partial results meet the caller: the sum of 0..3 from two workers. */
    @Test
    @Certifies(type = ParallelRange.class, members = {"sum"})
    void aReductionOnTwoWorkersReturnsTheWholeSum() throws Throwable {
        try (WorkerPool pool = WorkerPool.create(1)) {
            double sum = Parallel.range(4).workers(Workers.on(pool, 2)).schedule(Schedule.dynamic(1))
                    .sum(i -> i);
            assertEquals(6.0, sum);
        }
    }

    /** The team barrier: what a member wrote before the barrier, the other member reads after it. */
    @Test
    @Certifies(type = Team.class, members = {"barrier"})
    void aTeamBarrierPublishesWhatEachMemberWroteBeforeIt() throws Throwable {
        try (WorkerPool pool = WorkerPool.create(1)) {
            int[] slots = new int[2];
            AtomicIntegerArray read = new AtomicIntegerArray(2);
            Parallel.block(Workers.on(pool, 2), team -> {
                int me = team.threadId();
                slots[me] = me + 10;
                team.barrier();
                if (team.size() == 2) {
                    read.set(me, slots[1 - me]);
                }
                team.barrier();
            });
            if (read.get(0) != 0 || read.get(1) != 0) {
                assertEquals(11, read.get(0), "member 0 read member 1's slot after the barrier");
                assertEquals(10, read.get(1), "member 1 read member 0's slot after the barrier");
            }
        }
    }

    /**
     * Shutdown racing a call: the call either runs every index and returns, or is rejected before it runs any; close
     * returns once the call is over; nothing hangs.
     */
    @Test
    @Certifies(type = WorkerPool.class, members = {"close"})
    void closeRacingACallRejectsItOrLetsItFinish() throws Throwable {
        WorkerPool pool = WorkerPool.create(1);
        AtomicIntegerArray seen = new AtomicIntegerArray(4);
        boolean[] rejected = new boolean[1];
        twoCallers(() -> {
            try {
                Parallel.range(4).workers(Workers.on(pool, 2)).schedule(Schedule.dynamic(1))
                        .forEach(seen::incrementAndGet);
            } catch (RejectedExecutionException e) {
                rejected[0] = true;
            }
        }, pool::close);
        int ran = 0;
        for (int i = 0; i < 4; i++) {
            ran += seen.get(i);
        }
        assertEquals(rejected[0] ? 0 : 4, ran, "indices run by a call that was " + (rejected[0] ? "" : "not ")
                + "rejected");
        assertTrue(pool.isClosed());
        pool.close();
        assertTrue(pool.isTerminated(), "closed and every worker ended");
    }
}
