package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;

/**
 * Confined: one member's handle on the team of a {@link Parallel#block parallel block} (OpenMP's team inside
 * {@code omp parallel}, Cython's {@code with parallel():}), valid only in the member's own thread during the parallel block.
 *
 * <p>Every member runs the block body once, at the same time as the others. {@link #threadId()} tells them apart
 * (Cython's {@code threadid()}); {@link #range(int, int)} makes a work-sharing loop whose iterations the team shares
 * ({@code omp for}); {@link #barrier()} waits for the whole team. Every member must reach the same barriers and
 * work-sharing loops in the same order; a member that returns while others wait at a barrier breaks the team and the
 * block throws an {@link IllegalStateException}.
 *
 * <p>Memory consistency effects: actions of every member prior to a barrier, explicit or ending a work-sharing loop,
 * <i>happen-before</i> actions of every member after it.
 */
@ThreadSafety(level = ThreadSafety.Level.CONFINED, note = "valid only in its member's thread, during the parallel block")
public final class Team {
    private final TeamState state;
    private final int id;

    Team(TeamState state, int id) {
        this.state = state;
        this.id = id;
    }

    /**
     * Confined: this member's thread id, from 0 to {@code size() - 1}; the calling thread of the parallel block is 0.
     *
     * @return the thread id
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public int threadId() {
        return id;
    }

    /**
     * Confined: the number of members of this team: at most the workers asked for, fewer when the pool had fewer
     * idle threads at the start of the parallel block (OpenMP's dynamic adjustment).
     *
     * @return the team size, at least 1
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public int size() {
        return state.size;
    }

    /**
     * Confined: waits until every member of the team has reached this barrier.
     *
     * <p>Memory consistency effects: actions of every member prior to the barrier <i>happen-before</i> actions of
     * every member after it.
     *
     * @throws java.util.concurrent.CancellationException if the team was broken (another member failed, or the block's
     *     caller was interrupted); the parallel block then throws the cause
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public void barrier() {
        state.await(id);
    }

    /**
     * Confined: a work-sharing loop over {@code [0, n)}; see {@link #range(int, int, int)}.
     *
     * @param n the number of iterations; 0 or less gives an empty loop
     * @return the loop
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public TeamRange range(int n) {
        return range(0, n, 1);
    }

    /**
     * Confined: a work-sharing loop over {@code [start, stop)}; see {@link #range(int, int, int)}.
     *
     * @param start the first index
     * @param stop the exclusive end
     * @return the loop
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public TeamRange range(int start, int stop) {
        return range(start, stop, 1);
    }

    /**
     * Confined: a work-sharing loop whose iterations {@code start, start + step, ...} (before {@code stop}) are shared
     * among the members: every member must run it, and together they run each index exactly once; it ends with an
     * implicit barrier.
     *
     * @param start the first index
     * @param stop the exclusive end
     * @param step the step, not 0, may be negative
     * @return the loop
     * @throws IllegalArgumentException if {@code step == 0}
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public TeamRange range(int start, int stop, int step) {
        return new TeamRange(state, id, new Span(start, stop, step), Schedule.STATIC);
    }

    /**
     * Confined: e.g. {@code Team[member 1 of 4]}.
     *
     * @return the description
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    @Override
    public String toString() {
        return "Team[member " + id + " of " + state.size + "]";
    }
}
