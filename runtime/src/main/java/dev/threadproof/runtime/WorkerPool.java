package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Thread-safe: a fixed set of daemon worker threads that parallel calls borrow; any number of threads may run calls
 * on one pool at once, and {@link #close()} may race with them.
 *
 * <p>{@link #common()} is the pool that calls use unless they name another: started on first use, sized to
 * {@link Workers#usableCores()}, with threads named {@code threadproof-worker-N}, never closed. {@link #create(int)}
 * makes a pool of your own, to isolate a workload; close it when done.
 *
 * <p><b>Borrowing, not queueing.</b> A call takes only workers that are idle at that moment and runs the rest of its
 * work in the calling thread (which always takes part). So concurrent callers never wait for each other's work and
 * the number of threads running bodies never exceeds the pool size plus the callers; under load a call simply gets
 * fewer helpers. A call made from inside a body of a call dispatched in parallel runs inline in that thread.
 *
 * <p><b>Closing.</b> {@link #close()} rejects every later call with a {@link RejectedExecutionException}, lets calls
 * already running finish completely, then ends the threads. A call racing with {@code close} either runs completely or
 * is rejected before any body runs, never half.
 *
 * <p>Memory consistency effects: actions in a thread prior to {@link #close()} <i>happen-before</i> a call that is
 * rejected because of it; every body of every call on this pool <i>happens-before</i> {@code close} returns (when it
 * waits, see {@link #close()}).
 */
@ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
public final class WorkerPool implements AutoCloseable {

    /*
     * Implementation notes.
     *
     * Representation. Each Worker owns a hand-off slot (task) and an availability flag. A caller reserves an idle
     * worker by CASing `available` from 1 to 0, then writes the task (volatile, the release that publishes the job:
     * the fork edge). Workers prefer to be taken while they still
     * spin, so reservation scans spinning workers first.
     *
     * Idling. A worker that finds no task waits by SpinThenPark, the runtime's one idle policy, but at most
     * `maxSpinners` workers spin at a time (so idle spinners never take every core from the callers); the others park
     * at once. The Dekker pair: the worker writes `parked` then reads `task` (Worker.prepareToPark); the caller writes
     * `task` then reads `parked` (assign); both volatile, so at least one side sees the other's write and no hand-off
     * is lost.
     *
     * Lifecycle. `state` holds the closed bit (sign) and the number of calls in progress. A call enters with a CAS that
     * fails once the bit is set, so close and enter are totally ordered: a call either entered first (and close waits
     * for it) or is rejected. The last call to leave a closed pool, or close itself when none is in progress,
     * terminates the pool: workers are unparked and exit when they have no task.
     */

    private static final int CLOSED = Integer.MIN_VALUE;
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    /** Pools that are open, for {@link Workers#info()}. */
    static final Set<WorkerPool> OPEN = ConcurrentHashMap.newKeySet();

    private final Worker[] workers;
    private final String name;
    private final boolean common;
    private final int maxSpinners;
    private final AtomicInteger state = new AtomicInteger();
    private final AtomicInteger spinners = new AtomicInteger();
    private final AtomicInteger alive;
    private final AtomicInteger terminateOnce = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean terminating;

    private static final class CommonHolder {
        static final WorkerPool POOL = start(new WorkerPool(WorkerCount.USABLE_CORES, true));
    }

    private WorkerPool(int threads, boolean common) {
        this.common = common;
        this.name = common ? "threadproof-common" : "threadproof-pool-" + POOL_IDS.incrementAndGet();
        this.maxSpinners = Math.max(1, Math.min(threads, WorkerCount.USABLE_CORES - 1));
        this.alive = new AtomicInteger(threads);
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            String threadName = common ? "threadproof-worker-" + (i + 1) : name + "-worker-" + (i + 1);
            workers[i] = new Worker(this, threadName);
        }
    }

    private static WorkerPool start(WorkerPool pool) {
        OPEN.add(pool);
        for (Worker w : pool.workers) {
            w.start();
        }
        return pool;
    }

    /**
     * Thread-safe: the shared pool that calls use unless they name another, started on the first call of this method
     * and never closed.
     *
     * <p>It has {@link Workers#usableCores()} daemon threads named {@code threadproof-worker-1} ... Every thread gets
     * the same instance (class initialization makes the lazy start safe). It needs no linearizability test of its
     * own: the JVM initializes the holder class once, and jcstress's {@code PoolStress.CommonPoolOneInstance} checks
     * the identity from two threads.
     *
     * @return the common pool
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static WorkerPool common() {
        return CommonHolder.POOL;
    }

    /**
     * Thread-safe: starts a new pool of {@code threads} daemon threads, named {@code threadproof-pool-K-worker-N}.
     * Close it with {@link #close()} (it is {@link AutoCloseable}).
     *
     * @param threads the number of worker threads, at least 1
     * @return the new pool
     * @throws IllegalArgumentException if {@code threads <= 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public static WorkerPool create(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return start(new WorkerPool(threads, false));
    }

    /**
     * Thread-safe: the number of worker threads of this pool (the callers of its calls come on top).
     *
     * @return the size
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public int size() {
        return workers.length;
    }

    /**
     * Thread-safe: the name of this pool: {@code threadproof-common} or {@code threadproof-pool-K}.
     *
     * @return the name
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public String name() {
        return name;
    }

    /**
     * Thread-safe: whether {@link #close()} has been called; from then on every call is rejected.
     *
     * @return whether the pool is closed
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public boolean isClosed() {
        return state.get() < 0;
    }

    /**
     * Thread-safe: whether the pool is closed, no call is in progress and every worker thread has ended.
     *
     * @return whether the pool has terminated
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public boolean isTerminated() {
        if (terminated.getCount() != 0) {
            return false;
        }
        for (Worker w : workers) {
            if (w.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Thread-safe: the number of calls in progress on this pool at the moment of the call (a snapshot; always 0 for
     * the common pool, whose calls are not counted).
     *
     * @return the number of calls in progress
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    public int activeCalls() {
        return state.get() & ~CLOSED;
    }

    /**
     * Thread-safe: closes this pool: every later call is rejected with a {@link RejectedExecutionException}; calls in
     * progress finish completely. Idempotent.
     *
     * <p>Unless it is called from inside a body of a call on this pool (where waiting would deadlock), {@code close}
     * waits until those calls have finished and the worker threads have ended. If the waiting thread is interrupted it
     * keeps waiting and returns with its interrupt status set.
     *
     * <p>Memory consistency effects: actions prior to {@code close} <i>happen-before</i> the rejection of any call that
     * it causes; when {@code close} waited, every body of every call on this pool <i>happens-before</i> it returns.
     *
     * @throws UnsupportedOperationException on {@link #common()}, which is never closed
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    @Override
    public void close() {
        if (common) {
            throw new UnsupportedOperationException("the common pool is shared by every caller and is never closed");
        }
        for (;;) {
            int s = state.get();
            if (s < 0) {
                break;
            }
            if (state.compareAndSet(s, s | CLOSED)) {
                if (s == 0) {
                    terminate();
                }
                break;
            }
        }
        Thread t = Thread.currentThread();
        boolean inside = (t instanceof Worker && ((Worker) t).pool == this) || Context.current().pool == this;
        if (!inside) {
            boolean interrupted = false;
            for (int i = -1; i < workers.length; ) {
                try {
                    if (i < 0) {
                        terminated.await();
                    } else {
                        // Joined as a Thread: a controlled scheduler (explore mode's engine) recognizes the join
                        // by its owner java.lang.Thread, and would let a join through the subclass block for real.
                        ((Thread) workers[i]).join();
                    }
                    i++;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                t.interrupt();
            }
        }
    }

    /**
     * Thread-safe: a one-line description: name, size, state and calls in progress.
     *
     * @return the description
     */
    @ThreadSafety(level = ThreadSafety.Level.THREAD_SAFE)
    @Override
    public String toString() {
        String st = isTerminated() ? "terminated" : isClosed() ? "closed" : "open";
        return "WorkerPool[" + name + ", " + workers.length + " threads, " + st + ", " + activeCalls()
                + " calls in progress]";
    }

    // ---------------------------------------------------------------- engine side (package-private)

    boolean isCommon() {
        return common;
    }

    /** Registers a call; throws if the pool is closed. The common pool is never closed, so it skips the count. */
    void enter() {
        if (common) {
            return;
        }
        for (;;) {
            int s = state.get();
            if (s < 0) {
                throw new RejectedExecutionException(name + " is closed: no call may start on it");
            }
            if (state.compareAndSet(s, s + 1)) {
                return;
            }
        }
    }

    void exit() {
        if (!common && state.decrementAndGet() == CLOSED) {
            terminate();
        }
    }

    /** Throws if the pool is closed, without registering a call. */
    void checkOpen() {
        if (state.get() < 0) {
            throw new RejectedExecutionException(name + " is closed: no call may start on it");
        }
    }

    private void terminate() {
        if (terminateOnce.compareAndSet(0, 1)) {
            OPEN.remove(this);
            terminating = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    /** Reserves up to {@code max} idle workers into {@code out}, spinning ones first; returns how many. */
    int reserve(Worker[] out, int max) {
        int n = 0;
        Worker[] ws = workers;
        for (int pass = 0; pass < 2 && n < max; pass++) {
            for (int i = 0; i < ws.length && n < max; i++) {
                Worker w = ws[i];
                if (w.available == 1 && (pass == 1 || !w.parked) && AVAILABLE.compareAndSet(w, 1, 0)) {
                    out[n++] = w;
                }
            }
        }
        return n;
    }

    /**
     * Hands a reserved worker a job: the caller's half of the hand-off's Dekker pair (a volatile write of the task,
     * the fork edge, then a volatile read of {@code parked}).
     *
     * @return whether the worker had announced that it parks, and so was unparked
     */
    static boolean assign(Worker w, Job job) {
        w.task = job;
        if (w.parked) {
            LockSupport.unpark(w);
            return true;
        }
        return false;
    }

    private static final VarHandle AVAILABLE;

    static {
        try {
            AVAILABLE = MethodHandles.lookup().findVarHandle(Worker.class, "available", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A worker thread of a pool. */
    static final class Worker extends Context.OwnThread implements SpinThenPark.Waiter {
        final WorkerPool pool;
        /** 1 while idle and reservable; 0 from reservation until the worker is done with its task. */
        volatile int available = 1;
        /** The hand-off slot; written by the reserving caller, cleared by the worker. */
        volatile Job task;
        /** Written before {@link #task}, read after it. */
        volatile boolean parked;

        Worker(WorkerPool pool, String name) {
            super(name);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                for (Job job; (job = awaitTask()) != null; ) {
                    task = null;
                    job.runAsHelper(context);
                    Thread.interrupted(); // a body may have interrupted its own thread; do not carry that over
                    available = 1;
                }
            } finally {
                if (pool.alive.decrementAndGet() == 0) {
                    pool.terminated.countDown();
                }
            }
        }

        /**
         * The idle worker's half of the hand-off's Dekker pair: a volatile write of {@code parked}, then a volatile
         * read of the task slot.
         *
         * @return the task, or null: the worker may park, and the caller that assigns it a task will unpark it
         */
        Job prepareToPark() {
            parked = true;
            return task;
        }

        private Job awaitTask() {
            Job job = task;
            if (job != null) {
                return job;
            }
            AtomicInteger spinners = pool.spinners;
            boolean ready = spinners.incrementAndGet() <= pool.maxSpinners && SpinThenPark.spin(this);
            spinners.decrementAndGet();
            if (!ready) {
                SpinThenPark.park(this);
                parked = false;
            }
            return task; // null only when the pool terminates
        }

        @Override
        public boolean ready() {
            return task != null;
        }

        @Override
        public boolean announce() {
            return prepareToPark() != null || pool.terminating;
        }

        @Override
        public void unparked() {
            // Nothing to do: an interrupt of a pool worker (by a body, or by close) only ends a park early.
        }
    }
}
