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

    /** Waits for threads. */
    @FunctionalInterface
    interface Join {
        /**
         * Waits for every thread.
         *
         * @param threads the threads
         * @throws InterruptedException when interrupted
         */
        void all(Thread... threads) throws InterruptedException;

        /** A plain join of each thread. */
        Join PLAIN = threads -> {
            for (Thread t : threads) {
                t.join();
            }
        };

        /**
         * No join: {@link Threads#join} waits on the count of finished threads instead (a yielding spin, which a model
         * checker schedules as a wait; Lincheck 3.7's own join handling threw a NullPointerException in most programs
         * here).
         */
        Join COUNTED = threads -> { };

        /** A join of at most 2 s in all; a thread still alive then is a hang, reported as the bug showing. */
        Join TIMED = threads -> {
            long deadline = System.nanoTime() + 2_000_000_000L;
            for (Thread t : threads) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (t.isAlive()) {
                    throw new AssertionError("hang: " + t.getName() + " did not end within 2 s (deadlock or lost"
                            + " wake-up)");
                }
            }
        };
    }

    /** Not thread-safe (the run's main thread only): the threads of one run and the first failure any of them threw. */
    final class Threads {
        private final java.util.List<Thread> threads = new java.util.ArrayList<>();
        private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicInteger finished =
                new java.util.concurrent.atomic.AtomicInteger();

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
                } finally {
                    finished.incrementAndGet();
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
            join.all(threads.toArray(new Thread[0]));
            if (join == Join.COUNTED) {
                while (finished.get() < threads.size()) {
                    Thread.yield();
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
     * Starts a daemon thread.
     *
     * @param name its name
     * @param body what it runs
     * @return the started thread
     */
    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
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
