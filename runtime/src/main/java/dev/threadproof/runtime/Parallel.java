package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.util.Objects;

/**
 * Thread-safe: the entry points of threadproof's parallel loops and blocks; any number of threads may call them at
 * once.
 *
 * <pre>{@code
 * // Cython: for i in prange(n, nogil=True): out[i] = sin(x[i])
 * Parallel.range(n).forEach(i -> out[i] = Math.sin(x[i]));
 *
 * // Cython: with parallel(): ... threadid() ...
 * Parallel.block(4, team -> {
 *     double[] scratch = new double[m];                  // per-thread scratch
 *     team.range(0, rows).forEach(i -> work(i, scratch)); // the team shares the rows
 * });
 * }</pre>
 *
 * <p>Memory consistency effects (the parallel-call edges): actions in the calling thread prior to a parallel call
 * <i>happen-before</i> every body invocation of it, and every body invocation <i>happens-before</i> the call returns or
 * throws.
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class Parallel {
    private Parallel() {
    }

    /**
     * Thread-safe: the range {@code 0, 1, ..., n - 1} (empty when {@code n <= 0}, as Python's {@code range(n)}).
     *
     * @param n the number of iterations
     * @return the range, with default workers and the static schedule
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static ParallelRange range(int n) {
        return new ParallelRange(0, n, 1);
    }

    /**
     * Thread-safe: the range {@code start, start + 1, ...} before {@code stop} (empty when {@code stop <= start}).
     *
     * @param start the first index
     * @param stop the exclusive end
     * @return the range
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static ParallelRange range(int start, int stop) {
        return new ParallelRange(start, stop, 1);
    }

    /**
     * Thread-safe: the range {@code start, start + step, ...} strictly before {@code stop} in the direction of the step
     * (Python's {@code range(start, stop, step)}); the count is exact for every int triple, with no overflow.
     *
     * @param start the first index
     * @param stop the exclusive end
     * @param step the step, positive or negative, not 0
     * @return the range
     * @throws IllegalArgumentException if {@code step == 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static ParallelRange range(int start, int stop, int step) {
        return new ParallelRange(start, stop, step);
    }

    /**
     * Thread-safe: runs {@code body} once in each member of a team of up to {@code workers} threads, the calling thread
     * being member 0; see {@link #block(Workers, BlockBody)}.
     *
     * @param workers the team size asked for, by the rules of {@link Workers#of(int)}
     * @param body the body every member runs
     * @throws IllegalArgumentException if {@code workers} is invalid
     * @throws NullPointerException if {@code body} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void block(int workers, BlockBody body) {
        Objects.requireNonNull(body, "body");
        block(Workers.of(workers), body);
    }

    /**
     * Thread-safe: runs {@code body} once in each member of a team, with the workers a call naming none gets (see
     * {@link Workers}).
     *
     * @param body the body every member runs
     * @throws NullPointerException if {@code body} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void block(BlockBody body) {
        Engine.team(null, Objects.requireNonNull(body, "body"));
    }

    /**
     * Thread-safe: a parallel block (Cython's {@code with parallel():}, OpenMP's {@code omp parallel}): every member of
     * a team runs {@code body} once, at the same time, with its own {@link Team} handle; the calling thread is member
     * 0 and the call returns when every member has.
     *
     * <p>The team is formed only of threads that are running it, so a barrier never waits for a thread that may not
     * come, whatever else shares the pool or executor: it has at most {@code workers.count()} members, fewer when the
     * pool has fewer idle threads, or when fewer of the executor's tasks have started by the time the caller forms
     * the team (it waits for them at most 1 ms; see {@link Workers#on(java.util.concurrent.ExecutorService, int)});
     * {@link Team#size()} tells. A block
     * inside a body of a call dispatched in parallel runs with a team of one; inside a body of a call that ran
     * serially from the start (one worker, {@code onlyIf(false)}, one iteration) it is dispatched like any other.
     *
     * <p>If members throw, the parallel block throws the failure of the lowest member id, the others suppressed; members
     * waiting at a barrier are released. An interrupt of the calling thread breaks the team and the parallel block throws a
     * {@link java.util.concurrent.CancellationException} once every running member has returned.
     *
     * <p>Memory consistency effects: actions prior to the call <i>happen-before</i> every member's body; every member's
     * body <i>happens-before</i> the call returns or throws.
     *
     * @param workers the workers
     * @param body the body every member runs
     * @throws NullPointerException if {@code workers} or {@code body} is null
     * @throws java.util.concurrent.RejectedExecutionException if the pool is closed or the executor shut down
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static void block(Workers workers, BlockBody body) {
        Objects.requireNonNull(workers, "workers");
        Engine.team(workers, Objects.requireNonNull(body, "body"));
    }
}
