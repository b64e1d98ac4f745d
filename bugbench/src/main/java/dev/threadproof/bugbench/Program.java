package dev.threadproof.bugbench;

/**
 * Not thread-safe, one run per instance: one small concurrent program. {@link #run} starts its threads, joins them and
 * checks its outcome, throwing {@link AssertionError} when the bug showed. A fresh instance is made for every run (the
 * state lives in its fields), so no run sees another's state.
 */
public interface Program {
    /**
     * Runs the program once.
     *
     * @param join how to wait for the threads (a timed join under stress, where a deadlock must end the run; a plain
     *     join under a model checker, which detects the deadlock itself)
     * @throws Exception an unexpected failure
     */
    void run(Join join) throws Exception;

    /**
     * Immutable: how a run waits for its threads. The join is a direct {@code Thread.join} call in {@link Threads#join}
     * (Lincheck 3.7's model checker threw an internal NullPointerException when the join was made from a lambda held in
     * an interface's static field).
     */
    enum Join {
        /** A plain join of each thread (under a model checker, which detects a deadlock itself). */
        PLAIN,
        /** A join of at most 2 s in all; a thread still alive then is a hang, reported as the bug showing. */
        TIMED
    }

    /** Not thread-safe (the run's main thread only): the threads of one run and the first failure any of them threw. */
    final class Threads {
        private final java.util.List<Thread> threads = new java.util.ArrayList<>();
        private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();

        /**
         * Starts a daemon thread whose failure the run rethrows.
         *
         * @param name its name
         * @param body what it runs
         */
        public void start(String name, Runnable body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        /**
         * Joins every thread, then rethrows the first failure.
         *
         * @param join how to wait
         * @throws Exception the first failure of a thread, or an interrupt
         */
        public void join(Join join) throws Exception {
            if (join == Join.PLAIN) {
                for (Thread t : threads) {
                    t.join();
                }
            } else {
                long deadline = System.nanoTime() + 2_000_000_000L;
                for (Thread t : threads) {
                    t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    if (t.isAlive()) {
                        throw new AssertionError("hang: " + t.getName() + " did not end within 2 s (deadlock or lost"
                                + " wake-up)");
                    }
                }
            }
            Throwable e = failure.get();
            if (e instanceof Error) {
                throw (Error) e;
            } else if (e instanceof Exception) {
                throw (Exception) e;
            } else if (e != null) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Fails the run.
     *
     * @param condition what must hold
     * @param message what the bug did
     */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
