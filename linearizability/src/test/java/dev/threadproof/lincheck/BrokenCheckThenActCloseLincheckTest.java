package dev.threadproof.lincheck;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Negative control: a lifecycle whose {@code run} checks "not closed" and then acts, and whose {@code close} sets the
 * flag and returns without waiting, the bugs {@code WorkerPool} avoids (its calls enter with one CAS on a state word
 * that also holds the closed bit, and {@code close} waits for calls in progress). Lincheck must find that {@code close}
 * can return while a call is still running; if it does not, the build fails.
 */
public class BrokenCheckThenActCloseLincheckTest {
    private volatile boolean closed;
    private volatile int inProgress;

    @Operation
    public int run() {
        if (closed) {           // check...
            return -1;
        }
        inProgress++;           // ...then act: close may slip in between (and this increment is not atomic either)
        inProgress--;
        return 4;
    }

    @Operation
    public int close() {
        closed = true;          // Broken: does not wait for calls in progress.
        return inProgress;
    }

    @Operation
    public boolean isClosed() {
        return closed;
    }

    @Test
    void modelCheckingCatchesCloseReturningDuringACall() {
        assertNotNull(Lincheck.run(getClass(), WorkerPoolLincheckTest.Spec.class, Lincheck.Strategy.MODEL_CHECKING, true),
                "Lincheck passed a close that does not wait for running calls");
    }
}
