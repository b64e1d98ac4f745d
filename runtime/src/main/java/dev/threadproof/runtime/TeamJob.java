package dev.threadproof.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One parallel block: {@code size} members run the same body at once, member 0 in the calling thread.
 *
 * <p>Implementation notes. Member ids are claimed with {@code nextMember} (the caller takes 0 before any helper is
 * published), so a helper task that starts after the parallel block was cancelled finds no id left and does nothing;
 * {@code finished} counts members that ended or were skipped, and its atomic add is the join edge. Each member records
 * its own failure in {@code failures}, at its member id, before that add: the same collector as a range's, so a parallel block
 * reports the lowest member's failure with the others suppressed, as a range reports its lowest iteration's.
 */
final class TeamJob extends Job {
    private static final VarHandle NEXT_MEMBER;
    private static final VarHandle FINISHED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT_MEMBER = l.findVarHandle(TeamJob.class, "nextMember", int.class);
            FINISHED = l.findVarHandle(TeamJob.class, "finished", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BlockBody body;
    final TeamState team;
    private final Failures failures = new Failures();
    private volatile int nextMember = 1;
    private volatile int finished;

    TeamJob(BlockBody body, int size, int limit) {
        super(limit);
        this.body = body;
        this.team = new TeamState(size);
    }

    @Override
    boolean isDone() {
        return finished == team.size;
    }

    @Override
    void participate(boolean caller) {
        int id = caller ? 0 : (int) NEXT_MEMBER.getAndAdd(this, 1);
        if (id < team.size) {
            runMember(id);
        }
    }

    private void runMember(int id) {
        try {
            if (team.brokenCause() == null) {
                team.register(id);
                body.run(new Team(team, id));
                team.memberReturned(id);
            }
        } catch (Throwable t) {
            if (!(t instanceof TeamState.Aborted)) {
                failures.add(id, t); // an abort is the echo of another member's failure or of a cancellation
            }
            team.breakTeam(t);
        } finally {
            if ((int) FINISHED.getAndAdd(this, 1) + 1 == team.size) {
                signal();
            }
        }
    }

    /** Breaks the team and accounts for members that no thread has claimed yet. */
    @Override
    void cancel() {
        cancel(new java.util.concurrent.CancellationException("parallel block cancelled: the calling thread was "
                + "interrupted; the interrupt status is kept"));
    }

    @Override
    void helperRejected(java.util.concurrent.Executor executor, int participant) {
        // A member that cannot start would leave the others waiting at barriers forever: give up.
        cancel(new java.util.concurrent.RejectedExecutionException("executor " + executor + " rejected member "
                + participant + " of a parallel block of " + team.size + "; the block did not run"));
    }

    void cancel(Throwable cause) {
        team.breakTeam(cause);
        for (int id; (id = (int) NEXT_MEMBER.getAndAdd(this, 1)) < team.size; ) {
            if ((int) FINISHED.getAndAdd(this, 1) + 1 == team.size) {
                signal();
            }
        }
    }

    /**
     * After the join: throws the failure of the lowest member id (barrier aborts caused by another member's failure
     * do not count), the others suppressed onto it; else the cause that broke the team, if any.
     */
    @Override
    void finish() {
        failures.throwIfAny();
        Throwable broken = team.brokenCause();
        if (broken != null) {
            throw Failures.propagate(broken);
        }
    }
}
