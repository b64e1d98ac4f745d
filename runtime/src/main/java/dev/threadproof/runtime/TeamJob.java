package dev.threadproof.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One parallel block: the members of its team run the same body at once, member 0 in the calling thread.
 *
 * <p>Implementation notes.
 *
 * <p><b>Who is a member.</b> A team is formed only of threads that are already running it, so that no member ever
 * waits at a barrier for a thread that may never come. On a pool that holds by construction: the call reserved idle
 * workers ({@code WorkerPool.reserve}) and each is handed the job, so the team has its final size at once (the
 * {@link #TeamJob(BlockBody, int, int) fixed} form); member ids are claimed with {@code nextMember} (the caller takes
 * 0 before any helper is published), so a helper that starts after the block was cancelled finds no id left.
 *
 * <p>On an executor nothing says when, or whether, a submitted task will start: its threads may all be callers of
 * other blocks waiting for their own members, the queue may reject, the executor may run the task in the caller.
 * So the team is formed at the call ({@link #TeamJob(BlockBody, int, int, Thread) forming} form, then
 * {@link #helpersSubmitted}): helper tasks that start before the caller forms the team are admitted (a CAS on
 * {@code admission} that fails once the team is closed), the caller waits for them until all requested have arrived or
 * {@link #FORMATION_NANOS} have passed since it submitted them, then closes admission; the team is the caller plus
 * the helpers admitted. A helper that starts later finds admission closed and returns without running anything. An
 * admitted helper waits for the team to be published, and the caller unparks every admitted helper after publishing
 * it: a Dekker pair (the helper writes its slot in {@code arrivals}, then reads {@code team}; the caller writes
 * {@code team}, then reads the slots), so no helper misses the start. A helper task run by the calling thread itself
 * (a caller-runs executor) is never admitted.
 *
 * <p><b>Join.</b> {@code finished} counts members that ended or were skipped, and its atomic add is the join edge.
 * Each member records its own failure in {@code failures}, at its member id, before that add: the same collector as
 * a range's, so a parallel block reports the lowest member's failure with the others suppressed, as a range reports
 * its lowest iteration's.
 */
final class TeamJob extends Job {
    /**
     * How long a caller on an executor waits for its helper tasks to start before it forms its team without the ones
     * that have not: long enough for an idle executor's thread to wake (tens of microseconds), short enough that a
     * saturated executor costs a call little. {@code -Dthreadproof.teamFormationNanos} sets it (0: no wait).
     */
    static final long FORMATION_NANOS = Long.getLong("threadproof.teamFormationNanos", 1_000_000L);

    private static final VarHandle NEXT_MEMBER;
    private static final VarHandle FINISHED;
    private static final VarHandle ADMISSION;
    /** The bit of {@code admission} that closes it; the bits below count the helpers admitted. */
    private static final int CLOSED = 1 << 30;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT_MEMBER = l.findVarHandle(TeamJob.class, "nextMember", int.class);
            FINISHED = l.findVarHandle(TeamJob.class, "finished", int.class);
            ADMISSION = l.findVarHandle(TeamJob.class, "admission", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BlockBody body;
    private final Failures failures = new Failures();
    /** The team; on an executor null until {@link #helpersSubmitted} publishes it (a volatile write after it is built). */
    private volatile TeamState team;
    private volatile int nextMember = 1;
    private volatile int finished;

    /* Formation, on an executor only. */
    private final int requested;
    private final Thread caller;
    private final AtomicReferenceArray<Thread> arrivals;
    private volatile int admission;

    /** A team of exactly {@code size} members, each certain to run: inline, or on workers a pool reserved. */
    TeamJob(BlockBody body, int size, int limit) {
        super(limit);
        this.body = body;
        this.team = new TeamState(size);
        this.requested = size;
        this.caller = null;
        this.arrivals = null;
    }

    /**
     * A team of at most {@code requested} members, formed by {@link #helpersSubmitted} from the caller and the helper
     * tasks that started in time.
     */
    TeamJob(BlockBody body, int requested, int limit, Thread caller) {
        super(limit);
        this.body = body;
        this.requested = requested;
        this.caller = caller;
        this.arrivals = new AtomicReferenceArray<>(requested);
    }

    /** The team's size once formed (for tests and diagnostics); 0 before. */
    int size() {
        TeamState t = team;
        return t == null ? 0 : t.size;
    }

    @Override
    boolean isDone() {
        TeamState t = team;
        return t != null && finished == t.size;
    }

    @Override
    void participate(boolean caller) {
        if (arrivals != null) {
            if (caller) {
                runMember(0);
            } else {
                joinForming();
            }
            return;
        }
        int id = caller ? 0 : (int) NEXT_MEMBER.getAndAdd(this, 1);
        if (id < team.size) {
            runMember(id);
        }
    }

    /** A helper task on an executor: joins the team if it is still forming, waits for it to form, runs its member. */
    private void joinForming() {
        if (Thread.currentThread() == caller) {
            return; // a caller-runs executor ran this task in the caller, which is member 0 already
        }
        int id;
        for (;;) {
            int a = admission;
            if ((a & CLOSED) != 0 || a >= requested - 1) {
                return; // formed without this task: nothing of the block runs here
            }
            if (ADMISSION.compareAndSet(this, a, a + 1)) {
                id = a + 1;
                break;
            }
        }
        arrivals.set(id, Thread.currentThread());
        if (team == null) {
            SpinThenPark.await(new Formation());
        }
        if (id < team.size) { // always: the caller counts this helper in when it closes admission
            runMember(id);
        }
    }

    /** An admitted helper's wait for the caller to publish the team; the caller unparks every admitted helper. */
    private final class Formation implements SpinThenPark.Waiter {
        @Override
        public boolean ready() {
            return team != null;
        }

        @Override
        public boolean announce() {
            return ready(); // the slot in `arrivals`, written before, is the announcement
        }

        @Override
        public void unparked() {
            // An interrupt of a helper task's thread does not concern the block; the flag stays for its owner.
        }
    }

    /**
     * The caller, after submitting {@code submitted} helper tasks: waits until they have all been admitted or
     * {@link #FORMATION_NANOS} have passed, closes admission and publishes the team of the caller and the helpers
     * admitted. Called once, before the caller runs member 0.
     */
    @Override
    void helpersSubmitted(int submitted) {
        if (arrivals == null) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + FORMATION_NANOS;
        int spins = 0;
        // 0: form the team from the helpers already admitted, without waiting; so does a clock that stands still (a
        // controlled scheduler's), where no timed wait would end
        while (FORMATION_NANOS > 0 && admission < submitted && !Thread.currentThread().isInterrupted()) {
            if (++spins == SpinThenPark.FROZEN_CHECK && System.nanoTime() == start) {
                break;
            }
            if ((spins & 63) == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                if (spins > 4096) {
                    LockSupport.parkNanos(this, Math.min(left, 50_000L));
                }
            }
            Thread.onSpinWait();
        }
        int helpers = (int) ADMISSION.getAndBitwiseOr(this, CLOSED);
        team = new TeamState(helpers + 1);
        for (int id = 1; id <= helpers; id++) {
            Thread t = arrivals.get(id);
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    private void runMember(int id) {
        TeamState t = team;
        try {
            if (t.brokenCause() == null) {
                t.register(id);
                body.run(new Team(t, id));
                t.memberReturned(id);
            }
        } catch (Throwable e) {
            if (!(e instanceof TeamState.Aborted)) {
                failures.add(id, e); // an abort is the echo of another member's failure or of a cancellation
            }
            t.breakTeam(e);
        } finally {
            if ((int) FINISHED.getAndAdd(this, 1) + 1 == t.size) {
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

    void cancel(Throwable cause) {
        TeamState t = team;
        t.breakTeam(cause);
        if (arrivals != null) {
            return; // every member of a formed team is a running thread: each ends and counts itself
        }
        for (int id; (id = (int) NEXT_MEMBER.getAndAdd(this, 1)) < t.size; ) {
            if ((int) FINISHED.getAndAdd(this, 1) + 1 == t.size) {
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
