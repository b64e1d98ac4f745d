package dev.threadproof.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * One parallel call, as seen by the threads that take part in it: the caller (participant 0) and helpers.
 *
 * <p>Implementation notes. The caller waits for completion by spinning for {@link #SPIN_NANOS}, then parking; the
 * participant that completes the job unparks it. The two sides follow the Dekker pattern on volatile fields: the
 * caller writes {@code waiter} and then reads the completion state, a participant writes the completion state and then
 * reads {@code waiter}, so at least one of them sees the other's write and no wake-up is lost.
 */
abstract class Job {
    /** How long an idle worker or a waiting caller spins before it parks. */
    static final long SPIN_NANOS = Long.getLong("threadproof.spinNanos", 50_000L);

    private volatile Thread waiter;
    /** The worker count in force for the call (0: none), followed by the helpers while they run its bodies. */
    final int limit;

    Job(int limit) {
        this.limit = limit;
    }

    /** Runs a share of the work, as the caller or as a helper; never throws. */
    abstract void participate(boolean caller);

    /** Whether every part of the job has finished or been skipped; a volatile read. */
    abstract boolean isDone();

    /** The caller was interrupted while waiting: cancel what has not started. */
    abstract void cancel();

    /** Runs a share of this job for another thread's call: nested calls inside run inline. */
    final void runAsHelper(Context ctx) {
        int savedLimit = ctx.inheritedLimit;
        ctx.depth++;
        ctx.inheritedLimit = limit;
        try {
            participate(false);
        } finally {
            ctx.depth--;
            ctx.inheritedLimit = savedLimit;
        }
    }

    /**
     * The waiting caller's half of the Dekker pair: a volatile write of {@code waiter}, then a volatile read of the
     * completion state.
     *
     * @return whether the job is done; false: the caller may park, and the participant that completes the job will
     *         unpark it
     */
    final boolean announceWaiter() {
        waiter = Thread.currentThread();
        return isDone();
    }

    /**
     * Called by the participant whose work completed the job, after the atomic add that completed it: the other half
     * of the Dekker pair (a volatile read of {@code waiter}).
     *
     * @return whether a caller had announced that it waits, and so was unparked
     */
    final boolean signal() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
            return true;
        }
        return false;
    }

    /**
     * Waits, without giving up, until the job is done. An interrupt cancels the remaining work once; the interrupt
     * status is restored before returning.
     *
     * @return whether the caller was interrupted at any point during the call
     */
    final boolean awaitDone() {
        boolean interrupted = false;
        if (!isDone()) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            int spins = 0;
            while (!isDone()) {
                if (++spins < 1 << 20 && ((spins & 63) != 0 || System.nanoTime() < deadline)) {
                    Thread.onSpinWait();
                    continue;
                }
                if (announceWaiter()) {
                    break;
                }
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    if (!interrupted) {
                        cancel();
                    }
                    interrupted = true;
                }
            }
            waiter = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }
}
