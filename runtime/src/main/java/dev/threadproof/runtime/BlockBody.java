package dev.threadproof.runtime;

import dev.threadproof.annotations.ThreadSafety;

/**
 * Conditionally thread-safe: the body of a {@link Parallel#block parallel block}, run once by every member of the team
 * at the same time, each with its own {@link Team} handle.
 *
 * <p>Locals declared inside the body are per-thread scratch (Cython's thread-private variables inside
 * {@code with parallel():}).
 */
@ThreadSafety(level = ThreadSafety.Level.CONDITIONAL,
        note = "invoked concurrently, once per team member; the implementation must be safe for that")
@FunctionalInterface
public interface BlockBody {

    /**
     * Conditionally thread-safe: runs one team member's share of the block; called concurrently by every member.
     *
     * @param team this member's handle: its thread id, the team size, work-sharing loops and the barrier
     */
    @ThreadSafety(level = ThreadSafety.Level.CONDITIONAL, note = "called concurrently, once per team member")
    void run(Team team);
}
