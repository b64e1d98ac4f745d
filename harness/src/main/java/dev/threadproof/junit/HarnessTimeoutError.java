package dev.threadproof.junit;

import org.opentest4j.AssertionFailedError;

/**
 * Immutable once thrown: a free-threaded test ran past its timeout (or its test thread was interrupted); the message
 * holds the stacks of the harness threads at that moment, and failures recorded before it are suppressed exceptions.
 *
 * <p>When this is thrown, the harness has already interrupted its threads and waited for them; the message says so
 * when a thread ignored the interrupt and is still running.
 */
public final class HarnessTimeoutError extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    HarnessTimeoutError(String message) {
        super(message);
    }
}
