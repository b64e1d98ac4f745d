package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Immutable: how many threads a parallel call may use and where they come from, as SciPy's per-call
 * {@code workers=} argument; build one once and pass it to any number of calls from any thread.
 *
 * <p>The count always includes the calling thread, which takes part in every call:
 * <ul>
 *   <li>{@link #of(int) of(n)}: {@code n} threads of the {@link WorkerPool#common() common pool}, the caller
 *   counting as one. SciPy's rules: {@code -1} means all {@link #usableCores() usable cores}, {@code -k} all but
 *   {@code k - 1}; {@code 0} and values below {@code -usableCores()} are rejected.</li>
 *   <li>{@link #all()}, {@link #serial()}: {@code of(-1)} and {@code of(1)}.</li>
 *   <li>{@link #on(WorkerPool)}: every thread of a pool of your own, plus the caller.</li>
 *   <li>{@link #on(ExecutorService)}: any executor, e.g. a distributed engine's: the call submits its chunks as tasks
 *   (a map-like hook) and never shuts the executor down.</li>
 * </ul>
 * A call gets at most this many threads and fewer when the pool is busy: it borrows idle workers, never waits for
 * busy ones. A call that names no workers uses the {@link #limit(int) limit} in force on the calling thread, else the
 * environment variable {@value #ENV}, else {@link #all()}.
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
public final class Workers {

    /** Immutable: the environment variable that sets the default worker count: {@value}. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static final String ENV = WorkerCount.ENV;

    private static final int CORES = WorkerCount.USABLE_CORES;
    private static final Workers SERIAL = new Workers(1, 1, null, null);

    private final int requested;
    private final int count;
    private final WorkerPool pool;
    private final ExecutorService executor;

    private Workers(int requested, int count, WorkerPool pool, ExecutorService executor) {
        this.requested = requested;
        this.count = count;
        this.pool = pool;
        this.executor = executor;
    }

    /**
     * Immutable: {@code n} threads of the common pool, the caller counting as one, with SciPy's rules for
     * {@code n <= 0}: {@code -1} is every usable core, {@code -k} is all but {@code k - 1}.
     *
     * @param n the worker count: 1 or more, or -1 .. -{@link #usableCores()}
     * @return the workers
     * @throws IllegalArgumentException if {@code n == 0} or {@code n < -usableCores()}; the message names {@code n}
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Workers of(int n) {
        int c = WorkerCount.resolve(n, CORES, "workers");
        return c == 1 ? SERIAL : new Workers(n, c, null, null);
    }

    /**
     * Immutable: every usable core of the common pool ({@code of(-1)}).
     *
     * @return the workers
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Workers all() {
        return of(-1);
    }

    /**
     * Immutable: the calling thread alone ({@code of(1)}): the call runs as a plain loop.
     *
     * @return the workers
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Workers serial() {
        return SERIAL;
    }

    /**
     * Immutable: every thread of {@code pool} plus the caller. A call on a closed pool is rejected with a
     * {@link java.util.concurrent.RejectedExecutionException} before any body runs.
     *
     * @param pool the pool
     * @return the workers
     * @throws NullPointerException if {@code pool} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Workers on(WorkerPool pool) {
        Objects.requireNonNull(pool, "pool");
        return new Workers(pool.size() + 1, pool.size() + 1, pool, null);
    }

    /**
     * Immutable: up to {@code n} threads, the caller counting as one, of {@code pool}, with the rules of
     * {@link #of(int)} for {@code n} ({@code -1} = all usable cores).
     *
     * @param pool the pool
     * @param n the worker count
     * @return the workers
     * @throws NullPointerException if {@code pool} is null
     * @throws IllegalArgumentException if {@code n} is invalid as for {@link #of(int)}
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Workers on(WorkerPool pool, int n) {
        Objects.requireNonNull(pool, "pool");
        return new Workers(n, WorkerCount.resolve(n, CORES, "n"), pool, null);
    }

    /**
     * Immutable: the caller plus tasks submitted to {@code executor}, as many as the executor's parallelism (a
     * {@link ForkJoinPool}'s parallelism, a {@link ThreadPoolExecutor}'s maximum pool size, else
     * {@link #usableCores()}), at most {@code usableCores()} in all.
     *
     * @param executor the executor; never shut down by threadproof
     * @return the workers
     * @throws NullPointerException if {@code executor} is null
     * @see #on(ExecutorService, int)
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Workers on(ExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        int p = CORES;
        if (executor instanceof ForkJoinPool) {
            p = ((ForkJoinPool) executor).getParallelism() + 1;
        } else if (executor instanceof ThreadPoolExecutor) {
            p = ((ThreadPoolExecutor) executor).getMaximumPoolSize() + 1;
        }
        return on(executor, Math.max(1, Math.min(p, CORES)));
    }

    /**
     * Immutable: the caller plus {@code parallelism - 1} tasks submitted to {@code executor} per call.
     *
     * <p>No call waits for a task that does not start, so any number of callers may share {@code executor} at any
     * parallelism, whatever its threads, queue or rejection policy: a range's caller claims the chunks its tasks have
     * not, and a {@link Parallel#block parallel block}'s team is formed of the caller and the tasks that have started
     * when the caller forms it (it waits for all of them, at most 1 ms after submitting them); a task that starts
     * later, is rejected, or is run by the caller itself, runs nothing. A team may therefore be smaller than
     * {@code parallelism} ({@link Team#size()} tells); results do not depend on it.
     *
     * @param executor the executor; never shut down by threadproof
     * @param parallelism the number of threads per call, the caller included, at least 1
     * @return the workers
     * @throws NullPointerException if {@code executor} is null
     * @throws IllegalArgumentException if {@code parallelism <= 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public static Workers on(ExecutorService executor, int parallelism) {
        Objects.requireNonNull(executor, "executor");
        if (parallelism <= 0) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        return new Workers(parallelism, parallelism, null, executor);
    }

    /**
     * Confined: opens a scope in which calls from the calling thread that name no workers use {@code n} workers
     * (threadpoolctl's {@code threadpool_limits}); close it, best with try-with-resources.
     *
     * <p>The limit applies to this thread only (other threads are unaffected) and is followed by the bodies of its
     * calls wherever they run: {@link #info()} reports it there too. Limits nest; an inner one replaces the outer
     * until it is closed. Calls that name their workers are not affected. Being confined, a limit shares nothing
     * that a linearizability test could check; jcstress's {@code PoolStress.LimitIsConfined} checks the confinement.
     *
     * <pre>{@code
     * try (Workers.Limit limit = Workers.limit(2)) {
     *     Parallel.range(n).forEach(i -> out[i] = f(i));   // at most 2 threads
     * }
     * }</pre>
     *
     * @param n the worker count, with the rules of {@link #of(int)}
     * @return the open limit
     * @throws IllegalArgumentException if {@code n} is invalid as for {@link #of(int)}
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED, note = "the limit belongs to the thread that opens it")
    public static Limit limit(int n) {
        int c = WorkerCount.resolve(n, CORES, "n");
        Context ctx = Context.current();
        Limit l = new Limit(c, (Limit) ctx.limit, Thread.currentThread());
        ctx.limit = l;
        return l;
    }

    /**
     * Thread-safe: a snapshot of the runtime's thread pools, their sizes, the limit in force on the calling thread
     * and the environment defaults, as threadpoolctl's {@code threadpool_info()}. The list of pools is weakly
     * consistent (read from a concurrent set without locking), so it has no sequential specification to check against
     * beyond the pools' own, which {@code WorkerPoolLincheckTest} checks.
     *
     * @return the snapshot
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static WorkersInfo info() {
        return WorkersInfo.capture();
    }

    /**
     * Thread-safe: the number of cores this JVM may use: {@link Runtime#availableProcessors()} read once at start-up,
     * which honours CPU affinity and container (cgroup) quotas.
     *
     * @return the usable cores, at least 1
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static int usableCores() {
        return CORES;
    }

    /**
     * Immutable: the number of threads a call may use, the caller included.
     *
     * @return the count, at least 1
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int count() {
        return count;
    }

    /**
     * Immutable: a description such as {@code Workers.of(-1) = 2 threads of threadproof-common}.
     *
     * @return the description
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    @Override
    public String toString() {
        if (executor != null) {
            return "Workers.on(" + executor.getClass().getSimpleName() + ", " + count + ")";
        }
        if (pool != null) {
            return "Workers.on(" + pool.name() + ") = " + count + " threads";
        }
        return "Workers.of(" + requested + ") = " + count + (count == 1 ? " thread" : " threads of threadproof-common");
    }

    // ---------------------------------------------------------------- engine side (package-private)

    WorkerPool pool() {
        return pool;
    }

    ExecutorService executor() {
        return executor;
    }

    /** Rejects a call on a closed pool or shut-down executor, before anything runs. */
    void checkUsable() {
        if (pool != null) {
            pool.checkOpen();
        } else if (executor != null && executor.isShutdown()) {
            throw new java.util.concurrent.RejectedExecutionException("executor " + executor + " is shut down");
        }
    }

    /**
     * Confined: an open {@link Workers#limit(int) worker limit}; closing it restores the limit that was in force
     * before. Close it on the thread that opened it, innermost first.
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED, note = "belongs to the thread that opened it")
    public static final class Limit implements AutoCloseable, Context.ScopedLimit {
        private final int workers;
        private final Limit outer;
        private final Thread owner;
        private boolean closed;

        Limit(int workers, Limit outer, Thread owner) {
            this.workers = workers;
            this.outer = outer;
            this.owner = owner;
        }

        /**
         * Confined: the worker count this limit gives calls that name none.
         *
         * @return the count
         */
        @ThreadSafety(level = ThreadSafety.Level.CONFINED)
        public int workers() {
            return workers;
        }

        /**
         * Confined: ends this limit and restores the one in force before it. Idempotent.
         *
         * @throws IllegalStateException if called from another thread than the one that opened it, or while a limit
         *     opened inside this one is still open
         */
        @ThreadSafety(level = ThreadSafety.Level.CONFINED)
        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("a Workers.Limit must be closed by the thread that opened it ("
                        + owner.getName() + "), not " + Thread.currentThread().getName());
            }
            if (closed) {
                return;
            }
            Context ctx = Context.current();
            if (ctx.limit != this) {
                throw new IllegalStateException("close the innermost Workers.Limit first: this limit ("
                        + workers + ") has an open limit inside it");
            }
            closed = true;
            ctx.limit = outer;
        }

        /**
         * Confined: a description such as {@code Workers.Limit[2]}.
         *
         * @return the description
         */
        @ThreadSafety(level = ThreadSafety.Level.CONFINED)
        @Override
        public String toString() {
            return "Workers.Limit[" + workers + (closed ? ", closed]" : "]");
        }
    }
}
