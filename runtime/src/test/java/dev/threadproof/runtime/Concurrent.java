package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Helpers for concurrent tests, following the JSR-166 TCK rules: failures in spawned threads reach the test thread. */
final class Concurrent {
    /** How long a test waits for threads before it declares a hang; a liveness guard, never a speed assertion. */
    static final long HANG_MILLIS = 60_000;

    interface Task {
        void run(int threadIndex) throws Throwable;
    }

    private Concurrent() {
    }

    /** Runs {@code task} in {@code n} new threads released together, joins them all and rethrows the first failure. */
    static void runThreads(int n, Task task) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        String dump = runThreads(n, "test-caller-", task, HANG_MILLIS, failures);
        if (dump != null) {
            fail("the threads did not finish within " + HANG_MILLIS + " ms: a hang; every thread:\n" + dump);
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.poll();
            for (Throwable other : failures) {
                first.addSuppressed(other);
            }
            throw new AssertionError("a concurrent task failed", first);
        }
    }

    /**
     * Runs {@code task} in {@code n} new threads named {@code name + index}, released together, and joins them
     * against one deadline, {@code hangMillis} away; what the tasks throw goes to {@code failures}.
     *
     * @return null if every thread returned in time; else every thread's stack at the deadline (the stuck threads are
     *         then interrupted and joined for {@code hangMillis} more)
     */
    static String runThreads(int n, String name, Task task, long hangMillis, Queue<Throwable> failures)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    task.run(index);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, name + i);
            threads.add(t);
            t.start();
        }
        start.countDown();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(hangMillis);
        boolean hung = false;
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            hung |= t.isAlive();
        }
        if (!hung) {
            return null;
        }
        String dump = dump();
        for (Thread t : threads) {
            t.interrupt(); // a parallel call cancels on its caller's interrupt: its team breaks, running members return
        }
        for (Thread t : threads) {
            t.join(hangMillis);
        }
        return dump;
    }

    /** Every live thread of the JVM with its state, the lock it waits on, and its top 24 frames. */
    static String dump() {
        StringBuilder sb = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            sb.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                sb.append(" on ").append(info.getLockName());
            }
            sb.append('\n');
            StackTraceElement[] st = info.getStackTrace();
            for (int i = 0; i < Math.min(24, st.length); i++) {
                sb.append("\tat ").append(st[i]).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Spins until {@code reached} is true, or until {@link #HANG_MILLIS} have passed (the caller's own assertions
     * then report what did not happen): a wait tighter than a latch, for tests that need threads to act together.
     */
    static void spinUntil(java.util.function.BooleanSupplier reached) {
        long guard = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANG_MILLIS);
        while (!reached.getAsBoolean() && System.nanoTime() < guard) {
            Thread.onSpinWait();
        }
    }

    /** Counts this thread in and spins until {@code parties} threads have been counted: a tight rendezvous. */
    static void meet(java.util.concurrent.atomic.AtomicInteger arrived, int parties) {
        arrived.incrementAndGet();
        spinUntil(() -> arrived.get() >= parties);
    }

    /**
     * Gives up the processor for at least {@code nanos}, so that a pool's worker can finish what it was doing and go
     * idle; parks again after an early return (a stale unpark permit from a parallel call returns at once).
     */
    static void idle(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }

    /** Burns roughly {@code iterations} steps of work that the JIT cannot remove. */
    static long work(long iterations) {
        long v = iterations;
        for (long k = 0; k < iterations; k++) {
            v = (v ^ (v >>> 29)) * 0xbf58476d1ce4e5b9L;
        }
        return v;
    }
}
