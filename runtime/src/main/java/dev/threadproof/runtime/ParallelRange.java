package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;

/**
 * Immutable: a parallel loop over {@code start, start + step, ...} before {@code stop} (Cython's {@code prange}, OpenMP's
 * {@code parallel for}); build it once with {@link Parallel#range(int, int, int)} and run it from any number of
 * threads.
 *
 * <p>Options return a new range: {@link #workers(int)}, {@link #schedule(Schedule)}, {@link #onlyIf(boolean)}. The
 * terminal operations {@link #forEach(IntConsumer)} and {@link #forEachChunk(ChunkBody)} run the loop.
 *
 * <pre>{@code
 * ParallelRange rows = Parallel.range(0, m).workers(4).schedule(Schedule.dynamic(8));
 * rows.forEach(i -> out[i] = rowNorm(a, i));
 * }</pre>
 *
 * <p>Guarantees of every terminal operation:
 * <ul>
 *   <li><b>Exactly once.</b> Every index runs exactly once, for every schedule, chunk size and worker count. The
 *   iteration count is computed without overflow: ranges touching {@code Integer.MIN_VALUE} or
 *   {@code Integer.MAX_VALUE} iterate exactly.</li>
 *   <li><b>No work outlives the call.</b> When it returns or throws, no body is still running.</li>
 *   <li><b>Deterministic failure.</b> If bodies throw, the call throws the exception of the first failing iteration
 *   in iteration order (the lowest failing index for a positive step); the other failures are added to it as
 *   suppressed. Every earlier iteration has run; later ones may have been skipped. Errors propagate the same way;
 *   a checked exception thrown sneakily is wrapped in a {@link java.util.concurrent.CompletionException}.</li>
 *   <li><b>Nested calls run inline.</b> A parallel call made from inside a body of a call that was dispatched in
 *   parallel runs serially in that thread, so nesting never multiplies threads. A call that runs serially from the
 *   start ({@code onlyIf(false)}, one worker, or one iteration) dispatches nothing, so a call made inside its body is
 *   dispatched like any other call on that thread, under the limit in force there.</li>
 *   <li><b>Interruption.</b> If the calling thread is interrupted (before or during the call), chunks not yet started
 *   are cancelled, running ones are waited for, and the call throws a
 *   {@link java.util.concurrent.CancellationException} with the interrupt status still set. The pool stays
 *   usable.</li>
 *   <li><b>Early errors.</b> A null body, or a closed pool or shut-down executor, is rejected before any body
 *   runs.</li>
 * </ul>
 *
 * <p>Memory consistency effects: actions in the calling thread prior to a terminal operation <i>happen-before</i> every
 * body invocation; every body invocation <i>happens-before</i> the terminal operation returns or throws (the
 * parallel-call edges of the {@linkplain dev.threadproof.runtime package documentation}).
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "the bodies passed to it run concurrently: they must not race")
public final class ParallelRange {
    private final Span span;
    private final Workers workers; // null: decided per call (limit, environment, all cores)
    private final Schedule schedule;
    private final boolean onlyIf;

    ParallelRange(int start, int stop, int step) {
        this(new Span(start, stop, step), null, Schedule.STATIC, true);
    }

    private ParallelRange(Span span, Workers workers, Schedule schedule, boolean onlyIf) {
        this.span = span;
        this.workers = workers;
        this.schedule = schedule;
        this.onlyIf = onlyIf;
    }

    /**
     * Immutable: this range with {@code n} workers of the common pool, by SciPy's rules ({@code -1} = all usable
     * cores, {@code -k} = all but {@code k - 1}); see {@link Workers#of(int)}.
     *
     * @param n the worker count
     * @return a new range
     * @throws IllegalArgumentException if {@code n == 0} or {@code n < -Workers.usableCores()}
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public ParallelRange workers(int n) {
        return workers(Workers.of(n));
    }

    /**
     * Immutable: this range with the given workers (a count, a pool of your own, or an executor).
     *
     * @param workers the workers
     * @return a new range
     * @throws NullPointerException if {@code workers} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public ParallelRange workers(Workers workers) {
        return new ParallelRange(span, Objects.requireNonNull(workers, "workers"), schedule, onlyIf);
    }

    /**
     * Immutable: this range with the given schedule ({@link Schedule#STATIC} unless set).
     *
     * @param schedule the schedule
     * @return a new range
     * @throws NullPointerException if {@code schedule} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public ParallelRange schedule(Schedule schedule) {
        return new ParallelRange(span, workers, Objects.requireNonNull(schedule, "schedule"), onlyIf);
    }

    /**
     * Immutable: this range, run in parallel only if {@code condition} holds and serially in the calling thread
     * otherwise (Cython's {@code use_threads_if}, OpenMP's {@code if} clause). The guarantees are the same either way.
     *
     * @param condition whether to use threads
     * @return a new range
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public ParallelRange onlyIf(boolean condition) {
        return new ParallelRange(span, workers, schedule, condition);
    }

    /**
     * Immutable: the first index.
     *
     * @return the start
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int start() {
        return span.start;
    }

    /**
     * Immutable: the exclusive end.
     *
     * @return the stop
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int stop() {
        return span.stop;
    }

    /**
     * Immutable: the step (never 0).
     *
     * @return the step
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int step() {
        return span.step;
    }

    /**
     * Immutable: the number of iterations, exact even when it exceeds {@code Integer.MAX_VALUE}.
     *
     * @return the iteration count
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public long size() {
        return span.size;
    }

    /**
     * Immutable: the schedule.
     *
     * @return the schedule
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public Schedule schedule() {
        return schedule;
    }

    /**
     * Immutable: the condition set by {@link #onlyIf(boolean)}: whether the range may use threads.
     *
     * @return the condition
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public boolean isParallel() {
        return onlyIf;
    }

    /**
     * Thread-safe: runs {@code body} once for every index, in parallel; see the class documentation for the
     * guarantees.
     *
     * <p>Memory consistency effects: actions prior to this call <i>happen-before</i> every body invocation, and every
     * body invocation <i>happens-before</i> this call returns or throws.
     *
     * @param body the iteration body, invoked concurrently for distinct indices
     * @throws NullPointerException if {@code body} is null
     * @throws java.util.concurrent.RejectedExecutionException if the workers' pool is closed or executor shut down
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     * @throws IllegalStateException if the environment defaults in use are malformed
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public void forEach(IntConsumer body) {
        Engine.run(span, workers, schedule, onlyIf, Objects.requireNonNull(body, "body"), null);
    }

    /**
     * Thread-safe: runs {@code body} once for every chunk of indices, in parallel: {@code (lo, hi)} bounds let a body
     * run a tight inner loop (see {@link ChunkBody}). A failure is attributed to the chunk's first index.
     *
     * <p>Memory consistency effects: actions prior to this call <i>happen-before</i> every body invocation, and every
     * body invocation <i>happens-before</i> this call returns or throws.
     *
     * @param body the chunk body, invoked concurrently for disjoint chunks
     * @throws NullPointerException if {@code body} is null
     * @throws java.util.concurrent.RejectedExecutionException if the workers' pool is closed or executor shut down
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     * @throws IllegalStateException if the environment defaults in use are malformed
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public void forEachChunk(ChunkBody body) {
        Engine.run(span, workers, schedule, onlyIf, null, Objects.requireNonNull(body, "body"));
    }

    /** A range over [0, n) with the given workers (null: decided per call) and condition. */
    static ParallelRange over(int n, Workers workers, boolean onlyIf) {
        return new ParallelRange(new Span(0, n, 1), workers, Schedule.STATIC, onlyIf);
    }

    /**
     * Thread-safe: the sum of {@code f(i)} over the range: compensated, and bitwise the same for every worker count,
     * schedule and pool (reproducible).
     *
     * <p>The range is cut into blocks of {@code min(4096, max(16, ceil(size / 256)))} iterations (a function of the
     * length only); each block is summed in index order by one thread with double-double (TwoSum) accumulators, and
     * block results are added in a fixed pairwise tree in double-double. The error is at most
     * {@code 2 ulp(sum) + (blockLength * 2^-53)^2 * sum(|f(i)|)}: within 2 ulp of the exactly rounded sum whenever the
     * condition number {@code sum(|f(i)|) / |sum|} is below {@code 2^53 / blockLength^2} (5e8 for the longest blocks),
     * and in practice far beyond. The cost, against a plain loop: seven floating-point operations per element instead
     * of one (TwoSum's six and the low part's addition), in four independent chains; the plain loop's one chain is
     * latency-bound, so on a CPU with fused multiply-add both run at about the same speed (docs/performance.md has the
     * measured ratios). NaN and infinities follow IEEE (a NaN, or +Inf with -Inf, gives NaN; a NaN sum is always
     * {@link Double#NaN} itself, whichever NaN the arithmetic made, so that its raw bits are reproducible too); a
     * running sum that overflows gives an infinity. An empty range sums to 0.0.
     *
     * <p>Memory: no buffer of block results. Each claim of the schedule is one run of consecutive blocks, reduced where
     * it ran into the aligned subtrees of the fixed tree, and the tree is completed as runs finish. A node is 32
     * bytes, and the tree reuses the nodes its merges drop, so a call allocates nodes for the most nodes alive at
     * once (about {@code workers * log2(blocks)}), whatever the schedule: with {@code dynamic(1)}, one claim per
     * block, too. Each thread keeps one 600-byte work space and one spare node for its next sum.
     *
     * <p>Memory consistency effects: as {@link #forEach}.
     *
     * @param f the term of index {@code i}, invoked concurrently for distinct indices
     * @return the sum
     * @throws NullPointerException if {@code f} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public double sum(IntToDoubleFunction f) {
        Objects.requireNonNull(f, "f");
        return Reductions.sum(span, f, blockLoop());
    }

    /**
     * Thread-safe: reduces {@code f(i)} over the range with {@code reducer}, reproducibly: blocks of a length that
     * depends on the range length only, each reduced in index order, combined in a fixed pairwise tree.
     * {@link DoubleReducer#SUM} is the same as {@link #sum(IntToDoubleFunction)}. An empty range gives the identity.
     * No buffer of block results: as {@link #sum}, runs of blocks are reduced where they ran, into nodes that the
     * tree reuses, so the memory a call allocates does not grow with the range's length under any schedule.
     *
     * <p>Memory consistency effects: as {@link #forEach}.
     *
     * @param reducer the reduction
     * @param f the term of index {@code i}, invoked concurrently for distinct indices
     * @return the reduction
     * @throws NullPointerException if {@code reducer} or {@code f} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public double reduce(DoubleReducer reducer, IntToDoubleFunction f) {
        Objects.requireNonNull(reducer, "reducer");
        Objects.requireNonNull(f, "f");
        if (reducer == DoubleReducer.SUM) {
            return sum(f);
        }
        return Reductions.reduce(span, reducer, f, blockLoop());
    }

    /**
     * Thread-safe: reduces {@code f(i)} over the range with {@code reducer} (sum, product, min, max, and, or, xor);
     * exact, hence the same for every worker count. An empty range gives the identity. Memory as
     * {@link #reduce(DoubleReducer, IntToDoubleFunction)}.
     *
     * <p>Memory consistency effects: as {@link #forEach}.
     *
     * @param reducer the reduction
     * @param f the term of index {@code i}, invoked concurrently for distinct indices
     * @return the reduction
     * @throws NullPointerException if {@code reducer} or {@code f} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public long reduce(LongReducer reducer, IntToLongFunction f) {
        Objects.requireNonNull(reducer, "reducer");
        Objects.requireNonNull(f, "f");
        return Reductions.reduce(span, reducer, f, blockLoop());
    }

    /**
     * Thread-safe: a general reduction (see {@link Reducer}): each block of the range starts from
     * {@code reducer.identity()} and accumulates its indices in iteration order; blocks are combined in a fixed
     * pairwise tree, so deterministic reducers give the same result for every worker count, schedule and pool. An
     * empty range gives {@code reducer.identity()}. Memory: every block starts from {@code reducer.identity()} and the
     * tree holds the reducer's own accumulators, so a call allocates what the reducer allocates, typically an
     * accumulator per block (the double and long reductions reuse their nodes instead).
     *
     * <p>Memory consistency effects: as {@link #forEach}; in addition every {@code accumulate} and {@code combine} on
     * an accumulator <i>happens-before</i> the next use of that accumulator.
     *
     * @param reducer the reduction
     * @param <A> the accumulator type
     * @return the combined accumulator
     * @throws NullPointerException if {@code reducer} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public <A> A reduce(Reducer<A> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return Reductions.reduce(span, reducer, blockLoop());
    }

    /** The blocks of this range's reductions run as a parallel range with its workers, schedule and condition. */
    private Reductions.BlockLoop blockLoop() {
        return Engine.blocks(workers, schedule, onlyIf);
    }

    /**
     * Immutable: two ranges are equal when their bounds, workers, schedule and condition are.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParallelRange)) {
            return false;
        }
        ParallelRange r = (ParallelRange) o;
        return r.span.sameIndices(span) && r.onlyIf == onlyIf
                && Objects.equals(r.workers, workers) && r.schedule.equals(schedule);
    }

    /**
     * Immutable: a hash of the bounds, workers, schedule and condition.
     *
     * @return the hash
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    @Override
    public int hashCode() {
        return Objects.hash(span.start, span.stop, span.step, workers, schedule, onlyIf);
    }

    /**
     * Immutable: e.g. {@code Parallel.range(0, 100, 1) [100 iterations, static, default workers]}.
     *
     * @return the description
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    @Override
    public String toString() {
        return "Parallel.range(" + span.start + ", " + span.stop + ", " + span.step + ") [" + span.size + " iterations, " + schedule + ", "
                + (workers == null ? "default workers" : workers.toString()) + (onlyIf ? "" : ", serial") + "]";
    }
}
