package dev.threadproof.runtime;

import java.util.concurrent.ExecutorService;

/**
 * How one parallel call runs, decided in one step from everything that bears on it: the workers the call names (or
 * the default on this thread: the {@link Workers.Limit} in force, else {@value WorkerCount#ENV}, else all usable
 * cores), the pool or executor, {@code onlyIf}, nesting, the number of units of work, and the schedule
 * ({@link Schedule#runtime()} resolved against {@value Schedule#ENV}). Ranges, parallel blocks and kernels are planned here, and
 * {@link Workers#info()} reports the same default; {@link Engine#dispatch} carries a plan out.
 *
 * <p>A plan is made and used by the calling thread only.
 */
final class CallPlan {
    /** The participants wanted, the caller included; 1: the call runs inline in the caller and dispatches nothing. */
    final int participants;
    /** Where helpers are borrowed from, when the call runs in parallel on a pool; else null. */
    final WorkerPool pool;
    /** Where helper tasks are submitted, when the call runs in parallel on an executor; else null. */
    final ExecutorService executor;
    /** The worker count in force on the calling thread (0: none); helpers run the bodies under it. */
    final int limit;
    /** The calling thread's context. */
    final Context context;
    /** The schedule the call's range runs with ({@link Schedule#runtime()} resolved); null for a parallel block. */
    final Schedule schedule;

    private CallPlan(int participants, WorkerPool pool, ExecutorService executor, int limit, Context context,
                     Schedule schedule) {
        this.schedule = schedule;
        this.participants = participants;
        this.pool = pool;
        this.executor = executor;
        this.limit = limit;
        this.context = context;
    }

    /**
     * Plans a call on the calling thread.
     *
     * @param workers the workers the call names, or null for the default on this thread
     * @param onlyIf false: the call runs serially in the caller
     * @param units the units of work (iterations of a range; {@link Long#MAX_VALUE} for a parallel block, whose members are
     *              not limited by its work)
     * @param schedule the range's schedule, or null for a parallel block
     * @throws IllegalStateException if a default is needed and {@value WorkerCount#ENV} or {@value Schedule#ENV} is
     *         malformed
     * @throws java.util.concurrent.RejectedExecutionException if the workers' pool is closed or executor shut down
     */
    static CallPlan of(Workers workers, boolean onlyIf, long units, Schedule schedule) {
        Context ctx = Context.current();
        int limit = ctx.limitInForce();
        Workers w = workers != null ? workers : defaultWorkers(limit);
        Schedule s = schedule == null ? null : Env.resolve(schedule);
        w.checkUsable();
        // Nested calls run inline: the thread already runs a share of a call dispatched in parallel.
        int n = !onlyIf || ctx.depth > 0 ? 1 : (int) Math.min(w.count(), units);
        if (n <= 1) {
            return new CallPlan(1, null, null, limit, ctx, s);
        }
        ExecutorService executor = w.executor();
        WorkerPool pool = executor != null ? null : w.pool() != null ? w.pool() : WorkerPool.common();
        return new CallPlan(n, pool, executor, limit, ctx, s);
    }

    /** The workers a call naming {@code workers} gets on this thread: {@code workers} itself, or the default. */
    static Workers workersFor(Workers workers) {
        return workers != null ? workers : defaultWorkers(Context.current().limitInForce());
    }

    private static Workers defaultWorkers(int limit) {
        return Workers.of(Context.defaultCount(limit));
    }

    /** Whether the call runs inline in the caller. */
    boolean inline() {
        return participants == 1;
    }
}
