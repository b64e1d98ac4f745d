package dev.threadproof.junit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Thread-safe: the barrier that starts every iteration of a free-threaded test, built to release all parties at
 * nearly the same instant (waiters spin briefly before they park), and to break for good.
 *
 * <p>Memory consistency effects: actions of every party before its {@link #await(int)} happen-before the actions of
 * every party after the return of that generation's {@code await}.
 */
final class StartBarrier {

    /* Implementation notes.
     *
     * Why not Phaser or CyclicBarrier. Both park every waiter at once, and the last arrival wakes them one after
     * another: on a loaded machine the first released thread finishes a short body before the last one is running,
     * and the race the test is looking for never gets a chance.
     *
     * Two regimes, chosen by whether every party can have a CPU of its own (measured on a 2-CPU VM, see the module
     * README). With parties <= CPUs, waiters spin up to SPIN_NANOS_OWN_CPU watching the generation, so a release is
     * seen by every party within a cache-line transfer, and then wait at a start gate (up to GATE_NANOS) until
     * every party has left, so all bodies begin within microseconds of each other. With more parties than CPUs,
     * spinning burns the CPU that late arrivals need (8 parties on 2 CPUs: 380 us per thread-iteration of an empty
     * body with a 1 ms spin), and parking at once makes every iteration pay a kernel wake-up (14 us). So waiters
     * yield for up to SPIN_NANOS_SHARED_CPU, handing their CPU to the late arrivals queued behind them, and park
     * after that (2 to 3.6 us). Races still show: the controls' bodies span time slices, so they are preempted
     * in the middle and interleave even on one CPU.
     *
     * Generations. `arrived` counts arrivals; the last one resets it to 0 and then publishes generation + 1 (a
     * volatile write). A waiter arrives again only after it saw the new generation, so it never sees the old count.
     *
     * Parking (a Dekker handshake). A waiter writes parked[i] = 1, then re-reads `generation` and `broken` before
     * it parks; the releaser writes `generation` (or `broken`), then reads parked[]. All four accesses are volatile,
     * so either the waiter sees the release, or the releaser sees the flag and unparks it. Spurious wake-ups and
     * stale permits only cost one more turn of the loop.
     *
     * Breaking. breakBarrier() sets `broken` for good and unparks every party: every current and later await returns
     * false at once, so no party waits for one that failed.
     */

    /** How long a waiter spins before it parks when every party has a CPU of its own. */
    static final long SPIN_NANOS_OWN_CPU = 1_000_000L;
    /** How long a waiter yields before it parks when there are more parties than CPUs. */
    static final long SPIN_NANOS_SHARED_CPU = 200_000L;
    /** How long a released party waits at the start gate for the others to wake up (own CPUs only). */
    static final long GATE_NANOS = 200_000L;

    private final int parties;
    private final long spinNanos;
    private final boolean shared;
    private final Thread[] threads;
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicLong departed = new AtomicLong();
    private final AtomicIntegerArray parked;
    private volatile int generation;
    private volatile boolean broken;
    /** System.nanoTime() of the latest release, written just before the generation it belongs to is published. */
    private volatile long releasedAt;

    StartBarrier(int parties) {
        this.parties = parties;
        this.shared = parties > Runtime.getRuntime().availableProcessors();
        this.spinNanos = shared ? SPIN_NANOS_SHARED_CPU : SPIN_NANOS_OWN_CPU;
        this.threads = new Thread[parties];
        this.parked = new AtomicIntegerArray(parties);
    }

    /** Registers the thread of party {@code index}; called before the threads start (their start publishes it). */
    void register(int index, Thread t) {
        threads[index] = t;
    }

    /**
     * Waits until all parties arrived in this generation.
     *
     * @param index the calling party's index
     * @return true when the generation was released, false when the barrier is broken
     */
    boolean await(int index) {
        int g = generation;
        if (broken) {
            return false;
        }
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            releasedAt = System.nanoTime();
            generation = g + 1;
            for (int i = 0; i < parties; i++) {
                if (parked.get(i) != 0) {
                    LockSupport.unpark(threads[i]);
                }
            }
        } else {
            long start = System.nanoTime();
            while (generation == g) {
                if (broken) {
                    return false;
                }
                if (System.nanoTime() - start < spinNanos) {
                    if (shared) {
                        Thread.yield(); // a late arrival waiting for this CPU gets it now
                    } else {
                        Thread.onSpinWait();
                    }
                } else {
                    parked.set(index, 1);
                    if (generation == g && !broken) {
                        LockSupport.park(this);
                    }
                    parked.set(index, 0);
                }
            }
        }
        if (!shared) {
            // The start gate: leave together, once every party is awake, or after GATE_NANOS.
            long target = (long) (g + 1) * parties;
            departed.incrementAndGet();
            long start = System.nanoTime();
            while (departed.get() < target && !broken && System.nanoTime() - start < GATE_NANOS) {
                Thread.onSpinWait();
            }
        }
        return !broken;
    }

    /** How many generations were released so far (the iterations started); a volatile read. */
    int generation() {
        return generation;
    }

    /**
     * When generation {@code g} (a value {@link #generation()} returned, read before this call) was released, or a
     * later generation: releasedAt is written before generation, so after reading g this read sees that release's
     * time or a later one's, never an older one.
     */
    long releasedAt(int g, long ifNone) {
        return g == 0 ? ifNone : releasedAt;
    }

    /** Breaks the barrier for good and wakes every party. */
    void breakBarrier() {
        broken = true;
        for (Thread t : threads) {
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
