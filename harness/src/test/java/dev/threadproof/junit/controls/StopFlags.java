package dev.threadproof.junit.controls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A background worker stopped by a flag: a plain boolean (racy: the JIT may read it once and loop on the stale
 * value) and a volatile one.
 */
public final class StopFlags {
    private StopFlags() {
    }

    /** Spins at most this many times; a worker that never sees its stop flag ends here instead of forever. */
    static final long LIMIT = 1L << 30;

    abstract static class Worker implements Runnable {
        private volatile boolean started;
        private volatile boolean stoppedByRequest;

        abstract boolean running();

        abstract void stop();

        @Override
        public final void run() {
            started = true;
            long spins = 0;
            while (running() && spins < LIMIT) {
                spins++;
            }
            stoppedByRequest = spins < LIMIT;
        }

        boolean started() {
            return started;
        }

        boolean stoppedByRequest() {
            return stoppedByRequest;
        }
    }

    /** Broken: nothing orders the write in stop() before a read in the loop; compiled code may hoist the read. */
    static final class RacyPlainFlagWorker extends Worker {
        private boolean running = true;

        @Override
        boolean running() {
            return running;
        }

        @Override
        void stop() {
            running = false;
        }
    }

    static final class VolatileFlagWorker extends Worker {
        private volatile boolean running = true;

        @Override
        boolean running() {
            return running;
        }

        @Override
        void stop() {
            running = false;
        }
    }

    abstract static class Case {
        abstract Worker create();

        @Test
        void workerStopsWhenAsked() throws InterruptedException {
            Worker w = create();
            Thread t = new Thread(w, "stop-flag-worker");
            t.setDaemon(true);
            t.start();
            while (!w.started()) {
                Thread.onSpinWait();
            }
            w.stop();
            t.join(30_000);
            assertFalse(t.isAlive(), "the worker is still running");
            assertTrue(w.stoppedByRequest(), "the worker ran to its limit without seeing stop()");
        }
    }

    static final class RacyCase extends Case {
        @Override
        Worker create() {
            return new RacyPlainFlagWorker();
        }
    }

    static final class CorrectCase extends Case {
        @Override
        Worker create() {
            return new VolatileFlagWorker();
        }
    }
}
