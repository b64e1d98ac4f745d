package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadproof.annotations.Certifies;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** Nested calls run inline; many concurrent callers share one pool without oversubscription or wrong results. */
class CallersTest {

    @Test
    void nestedCallsRunInlineInTheWorkerThatMakesThem() {
        AtomicInteger foreign = new AtomicInteger();
        AtomicLong total = new AtomicLong();
        Parallel.range(64).workers(-1).schedule(Schedule.dynamic(1)).forEach(i -> {
            Thread outer = Thread.currentThread();
            Parallel.range(100).workers(8).schedule(Schedule.dynamic(1)).forEach(j -> {
                if (Thread.currentThread() != outer) {
                    foreign.incrementAndGet();
                }
                total.incrementAndGet();
            });
            Parallel.block(8, team -> {
                if (team.size() != 1 || Thread.currentThread() != outer) {
                    foreign.incrementAndGet();
                }
            });
        });
        assertEquals(0, foreign.get(), "a nested call used another thread");
        assertEquals(6400, total.get());
    }

    /**
     * The other side of the nesting rule: a call that runs serially from the start (onlyIf(false), one worker)
     * dispatches nothing, so a call inside its body is dispatched as usual; inside a call that was dispatched in
     * parallel the same call runs inline. What is counted is how many helpers were handed to the executor, which does
     * not depend on timing.
     */
    @Test
    void aCallInsideABodyOfASerialCallIsDispatchedAsUsual() throws InterruptedException {
        AtomicInteger handedOver = new AtomicInteger();
        java.util.concurrent.ThreadPoolExecutor executor = new java.util.concurrent.ThreadPoolExecutor(2, 2, 0,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>()) {
            @Override
            public void execute(Runnable task) {
                handedOver.incrementAndGet();
                super.execute(task);
            }
        };
        try {
            Workers two = Workers.on(executor, 2);
            AtomicLong iterations = new AtomicLong();
            IntConsumer nested = i -> Parallel.range(100).workers(two).forEach(j -> iterations.incrementAndGet());

            Parallel.range(4).onlyIf(false).forEach(nested);
            assertEquals(4, handedOver.getAndSet(0), "inside onlyIf(false) each nested call hands one helper over");
            Parallel.range(3).workers(1).forEach(nested);
            assertEquals(3, handedOver.getAndSet(0), "inside a one-worker call each nested call is dispatched");
            Parallel.range(2).workers(two).forEach(nested);
            assertEquals(1, handedOver.getAndSet(0), "inside a call dispatched in parallel only the outer call hands "
                    + "a helper over: the nested ones run inline");
            assertEquals((4 + 3 + 2) * 100, iterations.get());
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    @Certifies(type = Parallel.class, members = {"range"})
    void sixtyFourCallersShareTheCommonPool() throws InterruptedException {
        int callers = 64;
        int n = 20_000;
        WorkerPool common = WorkerPool.common();
        Set<Thread> bodyThreads = ConcurrentHashMap.newKeySet();
        Set<Thread> callerThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        Concurrent.runThreads(callers, c -> {
            callerThreads.add(Thread.currentThread());
            for (int round = 0; round < 10; round++) {
                long[] out = new long[n];
                Schedule s = ExactlyOnceTest.SCHEDULES[(c + round) % ExactlyOnceTest.SCHEDULES.length];
                Parallel.range(n).workers(-1).schedule(s).forEach(i -> {
                    int now = running.incrementAndGet();
                    maxRunning.accumulateAndGet(now, Math::max);
                    bodyThreads.add(Thread.currentThread());
                    out[i] = (long) i * c;
                    running.decrementAndGet();
                });
                long sum = 0;
                for (long v : out) {
                    sum += v;
                }
                assertEquals((long) c * n * (n - 1) / 2, sum, "caller " + c + " round " + round);
            }
        });
        int workers = 0;
        for (Thread t : bodyThreads) {
            if (!callerThreads.contains(t)) {
                assertTrue(t.getName().startsWith("threadproof-worker-"), "body ran on a foreign thread " + t);
                workers++;
            }
        }
        assertTrue(workers <= common.size(), workers + " pool threads ran bodies; the pool has " + common.size());
        assertTrue(maxRunning.get() <= common.size() + callers,
                maxRunning.get() + " bodies ran at once; pool + callers = " + (common.size() + callers));
        long poolThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("threadproof-worker-")).count();
        assertEquals(common.size(), poolThreads, "the common pool grew or shrank");
    }
}
