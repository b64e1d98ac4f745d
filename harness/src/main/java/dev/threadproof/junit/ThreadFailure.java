package dev.threadproof.junit;

import org.opentest4j.AssertionFailedError;

/**
 * Immutable once thrown: an assertion failure of one harness thread (the body, or a per-thread hook, threw an
 * {@link AssertionError}), labelled with the thread index and the iteration it happened in; its cause is what was
 * thrown. Any other throwable fails the thread as a {@link ThreadError}, so a build counts it as an error, as it would
 * without the harness.
 *
 * <p>When several threads fail, the harness throws the first failure in (iteration, thread) order and adds the others
 * to it as suppressed exceptions, each a {@code ThreadFailure} with its own label. When the body's failure was an
 * {@link AssertionFailedError} with expected and actual values, this one carries the same values, so IDEs still show
 * the comparison.
 */
public final class ThreadFailure extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    /**
     * Immutable: the iteration index used for a failure of a {@link BeforeEachThread} method.
     */
    public static final int BEFORE_FIRST_ITERATION = -1;

    private final int thread;
    private final int iteration;

    ThreadFailure(String label, int thread, int iteration, Throwable cause, boolean withCause) {
        super(label + " " + String.valueOf(cause), expected(cause), actual(cause), withCause ? cause : null);
        this.thread = thread;
        this.iteration = iteration;
    }

    private static Object expected(Throwable cause) {
        return cause instanceof AssertionFailedError && ((AssertionFailedError) cause).isExpectedDefined()
                ? ((AssertionFailedError) cause).getExpected().getValue() : null;
    }

    private static Object actual(Throwable cause) {
        return cause instanceof AssertionFailedError && ((AssertionFailedError) cause).isActualDefined()
                ? ((AssertionFailedError) cause).getActual().getValue() : null;
    }

    /**
     * Immutable: the index of the harness thread that failed, {@code 0 .. threads-1}.
     *
     * @return the thread index
     */
    public int thread() {
        return thread;
    }

    /**
     * Immutable: the iteration in which the thread failed, {@link #BEFORE_FIRST_ITERATION} for a
     * {@link BeforeEachThread} method, or the iteration count for an {@link AfterEachThread} method.
     *
     * @return the iteration index
     */
    public int iteration() {
        return iteration;
    }
}
