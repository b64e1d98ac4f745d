package dev.threadproof.junit;

import dev.threadproof.annotations.ThreadSafety;

/**
 * Immutable once thrown: a failure of one harness thread that is not an assertion failure (the body, or a per-thread
 * hook, threw an exception or an error other than {@link AssertionError}), labelled with the thread index and the
 * iteration it happened in; its cause is what was thrown, and the message reads
 * {@code thread 1, iteration 0 of [4 threads x 3]: java.lang.IllegalStateException: ...}.
 *
 * <p>It is not an {@link AssertionError}, so JUnit, Surefire and IDEs count the test as an error, as they would
 * without the harness; an assertion failure stays a failure ({@link ThreadFailure}).
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE, note = "once thrown")
public final class ThreadError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int thread;
    private final int iteration;

    ThreadError(String label, int thread, int iteration, Throwable cause, boolean withCause) {
        super(label + " " + cause, withCause ? cause : null);
        this.thread = thread;
        this.iteration = iteration;
    }

    /**
     * Immutable: the index of the harness thread that failed, {@code 0 .. threads-1}.
     *
     * @return the thread index
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int thread() {
        return thread;
    }

    /**
     * Immutable: the iteration in which the thread failed, {@link ThreadFailure#BEFORE_FIRST_ITERATION} for a
     * {@link BeforeEachThread} method, or the iteration count for an {@link AfterEachThread} method.
     *
     * @return the iteration index
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public int iteration() {
        return iteration;
    }
}
