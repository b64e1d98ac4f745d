package dev.threadproof.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * One parallel call, as seen by the threads that take part in it: the caller (participant 0) and helpers.
 *
 * <p>Implementation notes. The caller waits for completion by {@link SpinThenPark}; the participant that completes the
 * job unparks it. The Dekker pair: the caller writes {@code waiter} and then reads the completion state
 * ({@link #announce}), a participant writes the completion state and then reads {@code waiter}
 * ({@link #signal}).
 */
abstract class Job implements SpinThenPark.Waiter {
    private volatile Thread waiter;
    /** Whether the waiting caller was interrupted; written and read by the caller only. */
    private boolean callerInterrupted;
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

    /** After the join, in the caller: throws the job's failure, if any, or a cancellation. */
    abstract void finish();

    /**
     * On an executor, after the helper tasks were submitted ({@code submitted} of them; fewer than asked if the
     * executor rejected one) and before the caller runs its share. A range needs nothing (the caller claims what
     * helpers leave); a parallel block forms its team of the caller and the tasks that started.
     */
    void helpersSubmitted(int submitted) {
    }

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
    @Override
    public final boolean announce() {
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
        if (!isDone()) {
            SpinThenPark.await(this);
            waiter = null;
        }
        if (callerInterrupted) {
            Thread.currentThread().interrupt();
        }
        return callerInterrupted;
    }

    @Override
    public final boolean ready() {
        return isDone();
    }

    @Override
    public final void unparked() {
        if (Thread.interrupted()) {
            if (!callerInterrupted) {
                cancel();
            }
            callerInterrupted = true;
        }
    }
}
