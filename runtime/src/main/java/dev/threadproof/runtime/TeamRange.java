package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.IntToDoubleFunction;

/**
 * Confined: a work-sharing loop of a {@link Team} (OpenMP's {@code omp for} inside {@code omp parallel}, Cython's
 * {@code prange} inside {@code with parallel():}), usable only in the member thread that made it.
 *
 * <p>Every member of the team must run the same loops in the same order; together they run each index exactly once,
 * each member with its own body (which may use that member's scratch). The loop ends with an implicit barrier, so after
 * {@code forEach} returns in any member, every iteration of the loop has run and its writes are visible.
 *
 * <p>If bodies throw, every member's {@code forEach} throws the same exception: the one of the first failing iteration
 * in iteration order, with the others suppressed onto it.
 */
@ThreadSafety(level = ThreadSafety.Level.CONFINED, note = "valid only in its member's thread, during the block")
public final class TeamRange {
    private final TeamState state;
    private final int id;
    private final Span range;
    private final Schedule schedule;

    TeamRange(TeamState state, int id, Span range, Schedule schedule) {
        this.state = state;
        this.id = id;
        this.range = range;
        this.schedule = schedule;
    }

    /**
     * Confined: this loop with another schedule; every member must use the same one.
     *
     * @param schedule the schedule
     * @return a new loop
     * @throws NullPointerException if {@code schedule} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public TeamRange schedule(Schedule schedule) {
        return new TeamRange(state, id, range, Objects.requireNonNull(schedule, "schedule"));
    }

    /**
     * Confined: the number of iterations of the whole loop (not of this member's share).
     *
     * @return the iteration count
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public long size() {
        return range.size;
    }

    /**
     * Confined: runs this member's share of the iterations, then waits at the loop's barrier.
     *
     * <p>Memory consistency effects: every iteration of the loop, in every member, <i>happens-before</i> any member
     * returns from this call.
     *
     * @param body the iteration body
     * @throws NullPointerException if {@code body} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public void forEach(IntConsumer body) {
        Objects.requireNonNull(body, "body");
        state.share(id, range, schedule, body, null);
    }

    /**
     * Confined: runs this member's share of the iterations chunk by chunk (see {@link ChunkBody} for the bounds), then
     * waits at the loop's barrier.
     *
     * @param body the chunk body
     * @throws NullPointerException if {@code body} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public void forEachChunk(ChunkBody body) {
        Objects.requireNonNull(body, "body");
        state.share(id, range, schedule, null, body);
    }

    /**
     * Confined: the members share the sum of {@code f(i)} over this loop and each gets the result (Cython's reduction
     * inside {@code with parallel():}); the sum is compensated and reproducible, bitwise equal to
     * {@link ParallelRange#sum} over the same range. Ends with the loop's implicit barrier.
     *
     * @param f the term of index {@code i}, invoked concurrently for distinct indices
     * @return the sum, the same in every member
     * @throws NullPointerException if {@code f} is null
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    public double sum(IntToDoubleFunction f) {
        Objects.requireNonNull(f, "f");
        return state.sum(id, range, schedule, f);
    }
}
