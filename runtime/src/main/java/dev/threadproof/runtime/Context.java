package dev.threadproof.runtime;

/**
 * Per-thread state of the runtime: whether the thread is running a share of a call dispatched in parallel (nested
 * calls then run inline; a call that ran serially from the start does not count), the {@link Workers.Limit} in
 * force, and the pool whose call it is taking part in.
 *
 * <p>Confined to its thread: pool workers keep theirs in a field, other threads in a {@link ThreadLocal}.
 */
final class Context {
    private static final ThreadLocal<Context> LOCAL = ThreadLocal.withInitial(Context::new);

    /**
     * Greater than 0 while this thread runs its share of a call dispatched in parallel (as caller or helper, even when
     * no helper was idle); a call decided serial up front does not raise it.
     */
    int depth;
    /** The innermost limit opened on this thread ({@link Workers.Limit}), or null. */
    ScopedLimit limit;
    /** While running a body for another thread's call: the worker count in force for that call, else 0. */
    int inheritedLimit;
    /**
     * The pool of the call this thread is taking part in as a caller, or null; kept as an identity (only compared with
     * {@code ==} by {@link WorkerPool#close()}), so that this per-thread state sits below the pool, not beside it.
     */
    Object pool;
    /**
     * A range sum's work space (a {@code Reductions.SumRun}: a block's accumulators and the stack of its nodes), kept
     * between runs and calls; null while a sum on this thread uses it, so that a sum its terms start makes its own.
     * Typed {@code Object}, as {@link #pool}, so that this per-thread state sits below the reductions, not beside them.
     */
    Object sumRun;
    /**
     * A spare node of a range reduction's tree ({@link RunTree}'s recycling: a {@code double[2]} of a sum or a
     * {@code reduce(DoubleReducer)}, a {@code long[1]} of a {@code reduce(LongReducer)}), kept between runs and calls;
     * null while a reduction on this thread holds it.
     */
    double[] doubleNode;
    /** As {@link #doubleNode}, for {@code reduce(LongReducer)}. */
    long[] longNode;

    static Context current() {
        Thread t = Thread.currentThread();
        if (t instanceof OwnThread) { // a class, not an interface: the JIT checks it with one load and compare
            return ((OwnThread) t).context;
        }
        return LOCAL.get();
    }

    /** The worker count that calls naming no workers get on this thread, or 0 when no limit is in force. */
    int limitInForce() {
        ScopedLimit l = limit;
        return l != null ? l.workers() : inheritedLimit;
    }

    /**
     * The worker count that calls naming no workers get under {@code limitInForce} (0: none): the limit, else
     * {@value WorkerCount#ENV}, else all usable cores. {@link CallPlan} plans with it and {@link Workers#info()}
     * reports it.
     *
     * @throws IllegalStateException if {@value WorkerCount#ENV} is needed and malformed
     */
    static int defaultCount(int limitInForce) {
        int n = limitInForce != 0 ? limitInForce : Env.numThreads();
        return n != 0 ? n : WorkerCount.USABLE_CORES;
    }

    /** A thread that keeps its context in a field (a pool's worker) rather than in the thread-local. */
    abstract static class OwnThread extends Thread {
        final Context context = new Context();

        OwnThread(String name) {
            super(name);
        }
    }

    /** What a thread's scoped limit tells the calls made under it: its worker count. */
    interface ScopedLimit {
        int workers();
    }
}
