package dev.threadproof.junit;

import dev.threadproof.annotations.ThreadSafety;
import org.opentest4j.AssertionFailedError;

/**
 * Immutable once thrown: an explored test failed in one schedule the controlled scheduler chose; the message holds
 * the first failure, the interleaving that led to it (thread switches with source lines) and the replay id, and the
 * cause is the failure the body threw (absent for a deadlock, which no body throws).
 *
 * <p>Give the id back with {@code -Dthreadproof.replay=ID} to run that test's search again to the same schedule: the
 * search is deterministic, so the replay meets the same failure in the same interleaving on its first run, and says
 * so.
 */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
public final class ExploreFailure extends AssertionFailedError {
    private static final long serialVersionUID = 1L;
    private final String replayId;
    private final long schedule;

    ExploreFailure(String message, String replayId, long schedule, Throwable cause) {
        super(message, cause);
        this.replayId = replayId;
        this.schedule = schedule;
    }

    /**
     * Immutable: the id that replays this failure with {@code -Dthreadproof.replay=ID}.
     *
     * @return the replay id
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public String replayId() {
        return replayId;
    }

    /**
     * Immutable: the number of the schedule that failed, counted from 1 in the search's order.
     *
     * @return the schedule number
     */
    @ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
    public long schedule() {
        return schedule;
    }
}
