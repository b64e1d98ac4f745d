package dev.threadproof.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * The runtime's one idle policy, used by every thread that waits: a caller waiting for its call's participants
 * ({@link Job}), a pool worker waiting for a task ({@link WorkerPool}), and a team member waiting at a barrier
 * ({@link TeamState}). A waiter first spins for {@link #SPIN_NANOS}, re-reading its condition every turn (a short
 * wait costs no system call and no wake-up latency), then parks until the thread that ends the wait unparks it.
 *
 * <p>Parking is safe only if the thread that ends the wait knows to unpark: each {@link Waiter} announces itself
 * before it parks and then reads its condition again, while the other side writes the condition and then reads the
 * announcement (the Dekker pattern on volatile fields), so at least one of them sees the other's write and no wake-up
 * is lost. {@link LockSupport#park} may return for no reason; the loop reads the condition again after every return.
 */
final class SpinThenPark {
    /** How long a waiter spins before it parks; {@code -Dthreadproof.spinNanos} sets it (0: park at once). */
    static final long SPIN_NANOS = Long.getLong("threadproof.spinNanos", 50_000L);

    /** The most turns a spin takes, whatever the clock says. */
    private static final int MAX_SPINS = 1 << 20;

    /**
     * The turn at which a spin checks that the clock moves at all: a clock that stands still (a controlled scheduler
     * such as explore mode's engine returns one constant time) would make the spin run to {@link #MAX_SPINS}, which
     * such a scheduler reports as a livelock, so the waiter parks at once; on a running clock 16 turns take longer
     * than its resolution.
     */
    static final int FROZEN_CHECK = 16;

    private SpinThenPark() {
    }

    /** One thread's wait: the condition that ends it and the way the thread announces that it parks. */
    interface Waiter {
        /** Whether the wait is over: a volatile read. */
        boolean ready();

        /**
         * Called before each park: announces that this thread parks (a volatile write the releasing side reads), then
         * reads the condition again.
         *
         * @return true if the wait is over (do not park)
         */
        boolean announce();

        /** Called after each return from park, which may be spurious or caused by an interrupt. */
        void unparked();
    }

    /** Spins, then parks, until {@code w} is ready. */
    static void await(Waiter w) {
        if (!spin(w)) {
            park(w);
        }
    }

    /**
     * The first phase: spins until {@code w} is ready or {@link #SPIN_NANOS} have passed.
     *
     * @return whether {@code w} became ready
     */
    static boolean spin(Waiter w) {
        if (SPIN_NANOS <= 0) {
            return w.ready(); // 0: park at once
        }
        long start = System.nanoTime();
        long deadline = start + SPIN_NANOS;
        int spins = 0;
        while (!w.ready()) {
            ++spins;
            if (spins >= MAX_SPINS || ((spins & 63) == 0 && System.nanoTime() >= deadline)
                    || (spins == FROZEN_CHECK && System.nanoTime() == start)) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** The second phase: announces and parks until {@code w} is ready; the parked thread's blocker is {@code w}. */
    static void park(Waiter w) {
        while (!w.announce()) {
            LockSupport.park(w);
            w.unparked();
        }
    }
}
