package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input gets an early, clear exception naming the parameter; nothing runs. */
class BadInputTest {

    private static void rejects(Class<? extends Throwable> type, String param, Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(param),
                "message should name '" + param + "': " + e.getMessage());
    }

    @Test
    void nullArgumentsAreNamed() {
        ParallelRange r = Parallel.range(10);
        rejects(NullPointerException.class, "body", () -> r.forEach(null));
        rejects(NullPointerException.class, "body", () -> r.forEachChunk(null));
        rejects(NullPointerException.class, "workers", () -> r.workers((Workers) null));
        rejects(NullPointerException.class, "schedule", () -> r.schedule(null));
        rejects(NullPointerException.class, "body", () -> Parallel.block(2, null));
        rejects(NullPointerException.class, "body", () -> Parallel.block((BlockBody) null));
        rejects(NullPointerException.class, "workers", () -> Parallel.block((Workers) null, t -> { }));
        rejects(NullPointerException.class, "pool", () -> Workers.on((WorkerPool) null));
        rejects(NullPointerException.class, "executor", () -> Workers.on((ExecutorService) null));
        rejects(NullPointerException.class, "text", () -> Schedule.parse(null));
    }

    @Test
    void invalidNumbersAreNamed() {
        rejects(IllegalArgumentException.class, "step", () -> Parallel.range(0, 1, 0));
        rejects(IllegalArgumentException.class, "chunk", () -> Schedule.staticChunks(0));
        rejects(IllegalArgumentException.class, "chunk", () -> Schedule.dynamic(-1));
        rejects(IllegalArgumentException.class, "minChunk", () -> Schedule.guided(0));
        rejects(IllegalArgumentException.class, "workers", () -> Parallel.range(10).workers(0));
        rejects(IllegalArgumentException.class, "workers",
                () -> Parallel.range(10).workers(-Workers.usableCores() - 1));
        rejects(IllegalArgumentException.class, "workers", () -> Parallel.block(0, t -> { }));
        rejects(IllegalArgumentException.class, "n", () -> Workers.limit(0));
        rejects(IllegalArgumentException.class, "threads", () -> WorkerPool.create(0));
        rejects(IllegalArgumentException.class, "parallelism",
                () -> Workers.on(Executors.newSingleThreadExecutor(), 0));
    }

    @Test
    void malformedSchedulesQuoteTheText() {
        rejects(IllegalArgumentException.class, "dynamc,4", () -> Schedule.parse("dynamc,4"));
        rejects(IllegalArgumentException.class, "dynamic,x", () -> Schedule.parse("dynamic,x"));
        rejects(IllegalArgumentException.class, "guided,0", () -> Schedule.parse("guided,0"));
        assertEquals(Schedule.dynamic(64), Schedule.parse(" Dynamic , 64 "));
        assertEquals(Schedule.STATIC, Schedule.parse("static"));
        assertEquals(Schedule.staticChunks(16), Schedule.parse("static,16"));
        assertEquals(Schedule.guided(1), Schedule.parse("guided"));
        assertEquals(Schedule.dynamic(1), Schedule.parse("dynamic"));
        for (Schedule s : ExactlyOnceTest.SCHEDULES) {
            assertEquals(s, Schedule.parse(s.toString()), "round trip of " + s);
        }
    }

    @Test
    void aClosedPoolRejectsBeforeAnythingRuns() {
        WorkerPool pool = WorkerPool.create(2);
        Workers w = Workers.on(pool);
        pool.close();
        assertTrue(pool.isClosed() && pool.isTerminated());
        AtomicInteger ran = new AtomicInteger();
        IntConsumer body = i -> ran.incrementAndGet();
        assertThrows(RejectedExecutionException.class, () -> Parallel.range(100).workers(w).forEach(body));
        assertThrows(RejectedExecutionException.class, () -> Parallel.range(100).workers(w).onlyIf(false).forEach(body));
        assertThrows(RejectedExecutionException.class, () -> Parallel.range(0).workers(w).forEach(body));
        assertThrows(RejectedExecutionException.class, () -> Parallel.block(w, t -> ran.incrementAndGet()));
        assertEquals(0, ran.get(), "a body ran on a closed pool");
    }

    @Test
    void aShutDownExecutorRejectsBeforeAnythingRuns() {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        Workers w = Workers.on(ex, 3);
        ex.shutdown();
        AtomicInteger ran = new AtomicInteger();
        assertThrows(RejectedExecutionException.class,
                () -> Parallel.range(100).workers(w).forEach(i -> ran.incrementAndGet()));
        assertEquals(0, ran.get());
    }

    @Test
    void theCommonPoolCannotBeClosed() {
        assertThrows(UnsupportedOperationException.class, () -> WorkerPool.common().close());
        assertTrue(!WorkerPool.common().isClosed());
    }
}
