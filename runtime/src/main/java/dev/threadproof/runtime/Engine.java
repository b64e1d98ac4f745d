package dev.threadproof.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Dispatch of parallel calls: carries out a {@link CallPlan}: borrows helpers from a pool or submits them to an
 * executor, runs the caller's share, waits, and reports failures. Ranges and parallel blocks share the one path,
 * {@link #dispatch}.
 */
final class Engine {
    /*
     * Implementation overview: one call, from Parallel.range(...) to the bodies and back.
     *
     * 1. The value. Parallel.range(...) and its builders (ParallelRange) only record start, stop, step, workers,
     *    schedule and onlyIf; nothing runs until a terminal operation (forEach, forEachChunk) calls Engine.run, or a
     *    reduction (sum, reduce) runs the range's blocks through Reductions, which calls Engine.run on them.
     *    Parallel.block calls Engine.team the same way.
     *
     * 2. The plan (CallPlan.of). Workers: the call's own, else the default on this thread: the limit in force
     *    (Workers.limit, or the one a helper inherits from its call), else THREADPROOF_NUM_THREADS (Env), else all
     *    usable cores. The call runs inline in the caller (one participant: nothing dispatched, Context.depth
     *    unchanged) when onlyIf is false, fewer than two participants are wanted (min(workers, units) <= 1), or the
     *    thread already runs a share of a call dispatched in parallel (Context.depth > 0: nested calls run inline).
     *    Schedule.runtime() is resolved from the environment (Env.resolve) by the plan, not by the value.
     *
     * 3. Dispatch (Engine.dispatch, the one path for ranges and parallel blocks). On an executor (Workers.on(ExecutorService)):
     *    participants - 1 helper tasks are submitted, each running Job.runAsHelper; a parallel block's team is then
     *    formed from the caller and the tasks that started (TeamJob.helpersSubmitted), so no member waits for a task the
     *    executor may never run (its threads taken by other callers, a full queue). On a pool (the common pool unless
     *    the workers name one): pool.enter registers the call (close waits for it), WorkerPool.reserve takes only
     *    workers idle at that moment (never queues behind other calls), the job is built for the participants it
     *    got, and WorkerPool.assign hands each reserved worker the job (a volatile write of Worker.task, then unpark
     *    if the worker announced it parks). The fork edge of the package documentation is that write (pool) or
     *    ExecutorService.execute (executor), made after the job is fully built.
     *
     * 4. The bodies. Every participant, the caller as participant 0 included, runs Job.participate. A RangeJob
     *    (ranges, reduction blocks, team loops) claims units by its schedule: static lanes by getAndAdd on
     *    nextLane, dynamic chunks by getAndAdd on next, guided chunks by compareAndSet; a TeamJob gives each member
     *    an id and a Team over TeamState (barriers, team loops). Failures are recorded in Failures at their ordinal
     *    (the iteration, or the member id); work above the lowest failure, or after a cancellation, is skipped but
     *    counted.
     *
     * 5. The join. Each participant adds the units it finished or skipped to the job's completion count with an
     *    atomic add; the add that completes the job calls Job.signal. The caller, after its own share, waits in
     *    Job.awaitDone by SpinThenPark: it spins, then announces itself (Job.announce) and parks until
     *    signalled; waiter/completion form a Dekker pair, so the wake-up cannot be lost. The join edge is that
     *    atomic add read by the caller's volatile read of isDone. Then Job.finish throws the lowest failure, the
     *    others suppressed, or a CancellationException if the caller was interrupted (Job.cancel).
     *
     * 6. Idle policy (SpinThenPark, the same for callers, workers and barriers). A pool worker with no task spins
     *    for SpinThenPark.SPIN_NANOS (at most maxSpinners workers at a time, so idle spinners never take every core
     *    from callers), then announces that it parks (Worker.prepareToPark) and parks; assign unparks it. Workers are
     *    never told about calls they were not reserved for.
     *
     * Files, in layers: each file uses only files of its own layer or of the layers before it (jdeps finds no
     * loop between the runtime's files).
     *   1. Values and arithmetic: Span, Schedule, WorkerCount, ChunkBody, the reducer interfaces, Failures,
     *      SpinThenPark, DoubleDouble.
     *   2. Configuration and the reduction cut: Env (the environment), Context (per-thread state), Reductions.
     *   3. Participation: Job, RangeJob, WorkerPool (workers, reserve, assign, idling), TeamState, TeamRange, Team,
     *      BlockBody, TeamJob.
     *   4. Planning: Workers (the value a call names), WorkersInfo, CallPlan.
     *   5. Dispatch: Engine.
     *   6. Entry points: ParallelRange, Parallel, KernelDriver and the kernels it drives, ArrayOps.
     */

    private Engine() {
    }

    /**
     * Runs a range: {@code workers} null means the call's default; {@code onlyIf} false runs it serially. Exactly one
     * of {@code body} and {@code chunkBody} is not null.
     */
    static void run(Span span, Workers workers, Schedule schedule, boolean onlyIf, IntConsumer body,
                    ChunkBody chunkBody) {
        CallPlan plan = CallPlan.of(workers, onlyIf, span.size, schedule);
        if (span.size == 0) {
            return;
        }
        dispatch(plan, n -> new RangeJob(span, plan.schedule, n, body, chunkBody, plan.limit)).finish();
    }

    /**
     * The blocks of a range reduction, run as a parallel range over block indices with the range's options: each
     * claim of its schedule is one run of consecutive blocks.
     */
    static Reductions.BlockLoop blocks(Workers workers, Schedule schedule, boolean onlyIf) {
        return new Reductions.BlockLoop() {
            @Override
            public <B> B run(int blocks, Supplier<B> shared, Reductions.BlockRuns<B> body) {
                B s = shared.get();
                Engine.run(new Span(0, blocks, 1), workers, schedule, onlyIf, null, (lo, hi) -> body.run(s, lo, hi));
                return s;
            }
        };
    }

    /** Runs a parallel block: {@code workers} null means the call's default. */
    static void team(Workers workers, BlockBody body) {
        CallPlan plan = CallPlan.of(workers, true, Long.MAX_VALUE, null);
        Thread caller = Thread.currentThread();
        // On an executor the team is formed from the helper tasks that start (TeamJob.helpersSubmitted); inline or on a pool
        // every member is certain to run, so the team has its size at once.
        dispatch(plan, n -> plan.executor != null && n > 1 ? new TeamJob(body, n, plan.limit, caller)
                : new TeamJob(body, n, plan.limit)).finish();
    }

    /**
     * Carries out a plan: builds the job for the participants it gets ({@code jobFor}), runs it inline or with
     * helpers, and returns it done, for its caller to report ({@link Job#finish()}).
     */
    static <J extends Job> J dispatch(CallPlan plan, IntFunction<J> jobFor) {
        checkNotInterrupted();
        if (plan.inline()) {
            J job = jobFor.apply(1);
            job.participate(true);
            return job;
        }
        return plan.executor != null ? onExecutor(plan, jobFor) : onPool(plan, jobFor);
    }

    /**
     * Submits {@code participants - 1} helper tasks to the plan's executor (fewer if it rejects one), runs the caller's
     * part and waits. Nothing waits for a task that has not started: a range's caller claims what helpers leave, and a
     * parallel block's team is formed from the tasks that started ({@link Job#helpersSubmitted}).
     */
    private static <J extends Job> J onExecutor(CallPlan plan, IntFunction<J> jobFor) {
        ExecutorService executor = plan.executor;
        J job = jobFor.apply(plan.participants);
        int submitted = 0;
        for (int p = 1; p < plan.participants; p++) {
            try {
                executor.execute(() -> job.runAsHelper(Context.current()));
                submitted++;
            } catch (RejectedExecutionException e) {
                break; // a full queue: the call goes on with the helpers it has, the caller included
            }
        }
        job.helpersSubmitted(submitted);
        runAsCaller(job, plan.context, null);
        return job;
    }

    /**
     * Runs a job on the plan's pool: registers the call, borrows up to {@code participants - 1} idle workers, builds
     * the job for the participants it got (the caller included), hands each borrowed worker its part, runs the
     * caller's part and waits.
     */
    private static <J extends Job> J onPool(CallPlan plan, IntFunction<J> jobFor) {
        WorkerPool pool = plan.pool;
        int helpers = Math.min(plan.participants - 1, pool.size());
        WorkerPool.Worker[] reserved = new WorkerPool.Worker[helpers];
        pool.enter();
        try {
            int k = pool.reserve(reserved, helpers);
            J job = jobFor.apply(k + 1);
            for (int i = 0; i < k; i++) {
                WorkerPool.assign(reserved[i], job);
            }
            runAsCaller(job, plan.context, pool);
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
