package dev.threadproof.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Dispatch of parallel calls: decides the workers, borrows helpers from a pool or submits them to an executor, runs
 * the caller's share, waits, and reports failures.
 */
final class Engine {
    /*
     * Implementation overview: one call, from Parallel.range(...) to the bodies and back.
     *
     * 1. The value. Parallel.range(...) and its builders (ParallelRange) only record start, stop, step, workers,
     *    schedule and onlyIf; nothing runs until a terminal operation (forEach, forEachChunk, sum, reduce) calls
     *    Engine.run. Parallel.block calls Engine.block the same way.
     *
     * 2. The plan (run, block). Workers: the call's own, else Workers.forCall(Context): the limit in force on this
     *    thread (Workers.limit, or the one a helper inherits from its call), else THREADPROOF_NUM_THREADS (Env), else
     *    all usable cores. Schedule.runtime() is resolved from the environment. The call runs serially in the caller
     *    (participate(true) directly, nothing dispatched, Context.depth unchanged) when onlyIf is false, fewer than two
     *    participants are wanted (min(workers, iterations) <= 1), or the thread already runs a share of a call
     *    dispatched in parallel (Context.depth > 0: nested calls run inline).
     *
     * 3. Dispatch. On an executor (Workers.on(ExecutorService)): want - 1 helper tasks are submitted, each running
     *    Job.runAsHelper. On a pool (onPool, the common pool by default): pool.enter registers the call (close waits
     *    for it), WorkerPool.reserve takes only workers idle at that moment (never queues behind other calls), the
     *    job is built for the participants it got, and WorkerPool.assign hands each reserved worker the job
     *    (a volatile write of Worker.task, then unpark if the worker announced it parks). The fork edge of the
     *    package documentation is that write (pool) or ExecutorService.execute (executor), made after the job is
     *    fully built.
     *
     * 4. The bodies. Every participant, the caller as participant 0 included, runs Job.participate. A RangeJob
     *    (ranges, reductions, team loops) claims units by its schedule: static lanes by getAndAdd on nextLane,
     *    dynamic chunks by getAndAdd on next, guided chunks by compareAndSet; a BlockJob gives each member an id
     *    and a Team over TeamState (barriers, team loops). Failures are recorded in Failures at their ordinal (the
     *    iteration, or the member id); work above the lowest failure, or after a cancellation, is skipped but
     *    counted.
     *
     * 5. The join. Each participant adds the units it finished or skipped to the job's completion count with an
     *    atomic add; the add that completes the job calls Job.signal. The caller, after its own share, waits in
     *    Job.awaitDone: it spins for Job.SPIN_NANOS, then announces itself (Job.announceWaiter) and parks until
     *    signalled; waiter/completion form a Dekker pair, so the wake-up cannot be lost. The join edge is that
     *    atomic add read by the caller's volatile read of isDone. Then finish() throws the lowest failure, the others
     *    suppressed, or a CancellationException if the caller was interrupted (Job.cancel).
     *
     * 6. Idle policy. A pool worker with no task spins for Job.SPIN_NANOS (at most spinLimit workers at a time, so
     *    idle spinners never take every core from callers), then announces that it parks (Worker.prepareToPark)
     *    and parks; assign unparks it. Workers are never told about calls they were not reserved for.
     *
     * Files: ParallelRange and Parallel (values and entry points), Workers, Context and Env (the plan's inputs),
     * Engine (plan and dispatch), WorkerPool (workers, reserve, assign, idling), Job (participation, the wait),
     * RangeJob and BlockJob (claiming work), TeamState and Team (barriers and team loops), Failures (failures).
     */

    private Engine() {
    }

    /**
     * Runs a range: {@code workers} null means the call's default; {@code onlyIf} false runs it serially. Exactly one
     * of {@code body} and {@code chunkBody} is not null.
     */
    static void run(Span span, Workers workers, Schedule schedule, boolean onlyIf, IntConsumer body,
                    ChunkBody chunkBody) {
        Context ctx = Context.current();
        Workers w = workers;
        if (w == null) {
            w = Workers.forCall(ctx);
        }
        Schedule s = Env.resolve(schedule);
        w.checkUsable();
        long count = span.size;
        if (count == 0) {
            return;
        }
        checkNotInterrupted();
        int limit = ctx.limitInForce();
        int want = (int) Math.min(w.count(), count);
        if (!onlyIf || ctx.depth > 0 || want <= 1) {
            RangeJob job = new RangeJob(span, s, 1, body, chunkBody, limit);
            job.participate(true);
            job.finish();
            return;
        }
        ExecutorService executor = w.executor();
        if (executor != null) {
            RangeJob job = new RangeJob(span, s, want, body, chunkBody, limit);
            for (int p = 1; p < want; p++) {
                if (!submit(executor, job)) {
                    break;
                }
            }
            runAsCaller(job, ctx, null);
            job.finish();
            return;
        }
        onPool(w, want, ctx, participants -> new RangeJob(span, s, participants, body, chunkBody, limit)).finish();
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
        Object savedPool = ctx.pool;
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
