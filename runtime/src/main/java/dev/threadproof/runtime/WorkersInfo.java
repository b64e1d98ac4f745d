package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Immutable: a snapshot, taken by {@link Workers#info()}, of threadproof's pools, their sizes, the worker limit in
 * force on the thread that took it and the environment defaults (what threadpoolctl's {@code threadpool_info()}
 * shows).
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "a snapshot: later changes are not reflected")
public final class WorkersInfo {

    /** Immutable: one pool in a {@link WorkersInfo} snapshot. */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "a snapshot")
    public static final class PoolInfo {
        private final String name;
        private final int size;
        private final int activeCalls;
        private final boolean common;

        PoolInfo(WorkerPool p) {
            this.name = p.name();
            this.size = p.size();
            this.activeCalls = p.activeCalls();
            this.common = p.isCommon();
        }

        /**
         * Immutable: the pool's name.
         *
         * @return the name
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public String name() {
            return name;
        }

        /**
         * Immutable: the pool's number of worker threads.
         *
         * @return the size
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public int size() {
            return size;
        }

        /**
         * Immutable: the calls that were in progress on it (not counted for the common pool).
         *
         * @return the count
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public int activeCalls() {
            return activeCalls;
        }

        /**
         * Immutable: whether this is the common pool.
         *
         * @return whether it is
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        public boolean common() {
            return common;
        }

        /**
         * Immutable: e.g. {@code threadproof-common: 2 threads}.
         *
         * @return the description
         */
        @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
        @Override
        public String toString() {
            return name + ": " + size + " threads" + (common ? "" : ", " + activeCalls + " calls in progress");
        }
    }

    private final int usableCores;
    private final List<PoolInfo> pools;
    private final int limit;
    private final String numThreadsEnv;
    private final String scheduleEnv;
    private final int defaultWorkers;
    private final String defaultError;

    private WorkersInfo(int usableCores, List<PoolInfo> pools, int limit, String numThreadsEnv, String scheduleEnv,
                        int defaultWorkers, String defaultError) {
        this.usableCores = usableCores;
        this.pools = pools;
        this.limit = limit;
        this.numThreadsEnv = numThreadsEnv;
        this.scheduleEnv = scheduleEnv;
        this.defaultWorkers = defaultWorkers;
        this.defaultError = defaultError;
    }

    static WorkersInfo capture() {
        List<PoolInfo> pools = new ArrayList<>();
        for (WorkerPool p : WorkerPool.OPEN) {
            pools.add(new PoolInfo(p));
        }
        pools.sort((a, b) -> a.common != b.common ? (a.common ? -1 : 1) : a.name.compareTo(b.name));
        Context ctx = Context.current();
        int def = 0;
        String error = null;
        try {
            def = Context.defaultCount(ctx.limitInForce());
        } catch (IllegalStateException e) {
            error = e.getMessage();
        }
        return new WorkersInfo(WorkerCount.USABLE_CORES, Collections.unmodifiableList(pools), ctx.limitInForce(),
                Env.numThreadsRaw(), Env.scheduleRaw(), def, error);
    }

    /**
     * Immutable: {@link Workers#usableCores()}.
     *
     * @return the usable cores
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int usableCores() {
        return usableCores;
    }

    /**
     * Immutable: the open pools (the common pool first, once started), as they were.
     *
     * @return an unmodifiable list
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public List<PoolInfo> pools() {
        return pools;
    }

    /**
     * Immutable: the {@link Workers#limit(int) limit} in force on the thread that took the snapshot, including one
     * followed from the caller of the body it was running, or 0 for none.
     *
     * @return the limit, or 0
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int limit() {
        return limit;
    }

    /**
     * Immutable: the worker count a call naming no workers would have got on that thread, or 0 if the environment
     * default is malformed (see {@link #toString()}).
     *
     * @return the default worker count
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int defaultWorkers() {
        return defaultWorkers;
    }

    /**
     * Immutable: the raw value of {@value Workers#ENV}, or null when unset.
     *
     * @return the value, or null
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public String numThreadsEnv() {
        return numThreadsEnv;
    }

    /**
     * Immutable: the raw value of {@value Schedule#ENV}, or null when unset.
     *
     * @return the value, or null
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public String scheduleEnv() {
        return scheduleEnv;
    }

    /**
     * Immutable: a multi-line, human-readable rendering of the snapshot.
     *
     * @return the text
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("threadproof workers\n");
        sb.append("  usable cores:    ").append(usableCores).append('\n');
        sb.append("  default workers: ")
                .append(defaultError != null ? "ERROR " + defaultError : String.valueOf(defaultWorkers)).append('\n');
        sb.append("  limit in force:  ").append(limit == 0 ? "none" : String.valueOf(limit)).append('\n');
        sb.append("  ").append(WorkerCount.ENV).append(": ").append(numThreadsEnv == null ? "unset" : numThreadsEnv)
                .append('\n');
        sb.append("  ").append(Schedule.ENV).append(": ").append(scheduleEnv == null ? "unset" : scheduleEnv)
                .append('\n');
        sb.append("  pools:").append(pools.isEmpty() ? " none started" : "").append('\n');
        for (PoolInfo p : pools) {
            sb.append("    ").append(p).append('\n');
        }
        return sb.toString();
    }
}
