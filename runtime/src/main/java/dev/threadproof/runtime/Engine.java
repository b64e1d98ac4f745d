package dev.threadproof.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Dispatch of parallel calls: decides the workers, borrows helpers from a pool or submits them to an executor, runs
 * the caller's share, waits, and reports failures.
 *
 * <p>Implementation notes. The caller is always participant 0 and claims work like any helper, so a call never waits
 * for a helper that has not started; it waits only for work that is running. Helpers come from the pool's idle
 * workers at the moment of the call (never queued behind other calls), so concurrent callers cannot oversubscribe the
 * machine or deadlock each other. A call made while this thread runs its share of a call dispatched in parallel
 * (depth &gt; 0) runs inline, with one participant; a call decided serial up front (onlyIf(false), one worker, one
 * iteration) runs its bodies without raising the depth, so calls inside them are dispatched as usual.
 */
final class Engine {
    private Engine() {
    }

    static void run(ParallelRange r, IntConsumer body, ChunkBody chunkBody) {
        Context ctx = Context.current();
        Workers w = r.workersOrNull();
        if (w == null) {
            w = Workers.forCall(ctx);
        }
        Schedule s = r.schedule().resolve();
        w.checkUsable();
        long count = r.size();
        if (count == 0) {
            return;
        }
        checkNotInterrupted();
        int limit = ctx.limitInForce();
        int want = (int) Math.min(w.count(), count);
        if (!r.isParallel() || ctx.depth > 0 || want <= 1) {
            RangeJob job = new RangeJob(r, s, 1, body, chunkBody, limit);
            job.participate(true);
            job.finish();
            return;
        }
        ExecutorService executor = w.executor();
        if (executor != null) {
            RangeJob job = new RangeJob(r, s, want, body, chunkBody, limit);
            for (int p = 1; p < want; p++) {
                if (!submit(executor, job)) {
                    break;
                }
            }
            runAsCaller(job, ctx, null);
            job.finish();
            return;
        }
        onPool(w, want, ctx, participants -> new RangeJob(r, s, participants, body, chunkBody, limit)).finish();
    }

    static void block(Workers w, BlockBody body) {
        Context ctx = Context.current();
        if (w == null) {
            w = Workers.forCall(ctx);
        }
        w.checkUsable();
        checkNotInterrupted();
        int limit = ctx.limitInForce();
        if (ctx.depth > 0 || w.count() <= 1) {
            BlockJob job = new BlockJob(body, 1, limit);
            job.participate(true);
            job.finish();
            return;
        }
        ExecutorService executor = w.executor();
        if (executor != null) {
            BlockJob job = new BlockJob(body, w.count(), limit);
            for (int p = 1; p < w.count(); p++) {
                if (!submit(executor, job)) {
                    // A member that cannot start would leave the others waiting at barriers forever: give up.
                    job.cancel(new RejectedExecutionException("executor " + executor + " rejected member " + p
                            + " of a parallel block of " + w.count() + "; the block did not run"));
                    break;
                }
            }
            runAsCaller(job, ctx, null);
            job.finish();
            return;
        }
        onPool(w, w.count(), ctx, participants -> new BlockJob(body, participants, limit)).finish();
    }

    /**
     * Runs a job on the workers' pool (the common pool unless they name one): registers the call, borrows up to
     * {@code want - 1} idle workers, builds the job for the participants it got (the caller included), hands each
     * borrowed worker its part, runs the caller's part and waits. Returns the job, done, for its caller to report.
     */
    private static <J extends Job> J onPool(Workers w, int want, Context ctx, IntFunction<J> jobFor) {
        WorkerPool pool = w.pool() != null ? w.pool() : WorkerPool.common();
        int helpers = Math.min(want - 1, pool.size());
        WorkerPool.Worker[] reserved = new WorkerPool.Worker[helpers];
        pool.enter();
        try {
            int k = pool.reserve(reserved, helpers);
            J job = jobFor.apply(k + 1);
            for (int i = 0; i < k; i++) {
                WorkerPool.assign(reserved[i], job);
            }
            runAsCaller(job, ctx, pool);
            return job;
        } finally {
            pool.exit();
        }
    }

    /** A caller that is already interrupted is cancelled before anything runs; its interrupt status is kept. */
    private static void checkNotInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("parallel call cancelled before it started: the calling thread is "
                    + "interrupted; the interrupt status is kept");
        }
    }

    private static boolean submit(ExecutorService executor, Job job) {
        try {
            executor.execute(() -> job.runAsHelper(Context.current()));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs the caller's share as participant 0 (nested calls inside run inline), then waits for the rest. */
    private static void runAsCaller(Job job, Context ctx, WorkerPool pool) {
        WorkerPool savedPool = ctx.pool;
        ctx.depth++;
        ctx.pool = pool;
        try {
            job.participate(true);
        } finally {
            ctx.depth--;
            ctx.pool = savedPool;
        }
        job.awaitDone();
    }
}
