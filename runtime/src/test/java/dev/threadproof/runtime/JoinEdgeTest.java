package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadproof.junit.ThreadUnsafe;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * No work outlives the call: when a call returns or throws, no body is running and every body's plain writes are
 * visible to the caller; the caller's prior writes are visible to every body.
 */
class JoinEdgeTest {
    private static final int N = 2000;

    /** Plain (non-volatile) fields: only the parallel-call edges make them visible across threads. */
    private int[] written;
    private int published;

    @Test
    @ThreadUnsafe(reason = "checks plain writes through the instance fields written and published, which each run"
            + " replaces: copies on other threads would overwrite the very memory it checks")
    void bodiesFinishBeforeTheCallReturnsAndTheirPlainWritesAreVisible() {
        for (int round = 0; round < 50; round++) {
            for (Schedule s : ExactlyOnceTest.SCHEDULES) {
                written = new int[N];
                published = round + 1;
                AtomicInteger running = new AtomicInteger();
                int expect = published;
                int[] sawPublished = new int[N];
                Parallel.range(N).workers(3).schedule(s).forEach(i -> {
                    running.incrementAndGet();
                    sawPublished[i] = published;
                    Concurrent.work(i % 7 == 0 ? 2000 : 10); // uneven bodies: helpers finish late
                    written[i] = i + 1;
                    running.decrementAndGet();
                });
                assertEquals(0, running.get(), "a body was still running after the call returned");
                for (int i = 0; i < N; i++) {
                    assertEquals(i + 1, written[i], "write of body " + i + " not visible after return, " + s);
                    assertEquals(expect, sawPublished[i], "body " + i + " did not see the caller's prior write");
                }
            }
        }
    }

    @Test
    void bodiesFinishBeforeAFailingCallThrows() {
        for (int round = 0; round < 50; round++) {
            AtomicInteger running = new AtomicInteger();
            int[] done = new int[N];
            assertThrows(IllegalStateException.class, () -> Parallel.range(N).workers(3)
                    .schedule(Schedule.dynamic(4)).forEach(i -> {
                        running.incrementAndGet();
                        try {
                            if (i == 100) {
                                throw new IllegalStateException("planned");
                            }
                            Concurrent.work(i % 5 == 0 ? 5000 : 10);
                            done[i] = 1;
                        } finally {
                            running.decrementAndGet();
                        }
                    }));
            assertEquals(0, running.get(), "a body was still running after the call threw");
            for (int i = 0; i < 100; i++) {
                assertEquals(1, done[i], "index " + i + " below the failure must have run and be visible");
            }
        }
    }

    @Test
    void noBodyStartsAfterTheCallReturned() throws InterruptedException {
        int[] late = new int[1];
        AtomicInteger returned = new AtomicInteger();
        Concurrent.runThreads(2, t -> {
            for (int round = 0; round < 200; round++) {
                AtomicInteger flag = new AtomicInteger();
                Parallel.range(64).workers(3).schedule(Schedule.dynamic(1)).forEach(i -> {
                    if (flag.get() != 0) {
                        synchronized (late) {
                            late[0]++;
                        }
                    }
                });
                flag.set(1);
                returned.incrementAndGet();
            }
        });
        // Helpers that were reserved but came late must find nothing left to run.
        Parallel.range(1000).workers(-1).forEach(i -> { });
        synchronized (late) {
            assertEquals(0, late[0], "bodies ran after their call returned");
        }
        assertEquals(400, returned.get());
        assertTrue(WorkerPool.common().size() >= 1);
    }
}
