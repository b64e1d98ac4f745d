package dev.threadproof.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.threadproof.annotations.Certifies;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * White-box tests of progress across the join edge: a caller that spins on a job's {@link Job#isDone()} (as
 * {@link Job#awaitDone()} does before it parks) sees the completion made by the last participant of a block or a
 * range, and a participant that polls a call's {@link Failures} (as every unit of a range does, to skip work above a
 * failure) sees a failure another participant recorded. Each of those reads is documented as a volatile read: made
 * again on every turn, where a plain read may be hoisted out of the loop by the JIT, which then never ends.
 *
 * <p>They live in the runtime's package because jobs and failures are package-private; the loops call the runtime's
 * own methods, and the signals complete a real job through its participant path. Negative control (a plain read in a
 * spin loop): {@code dev.threadproof.stress.broken.BrokenSharedArrayStress.PlainSpinNeverSeesTheSet}.
 *
 * <p>Run: {@code ci/stress.sh --tests JoinStress}. Observed (quick, JDK 17, 2 CPUs): only ACCEPTABLE outcomes.
 */
public class JoinStress {
    private JoinStress() {
    }

    @JCStressTest(Mode.Termination)
    @Certifies(type = Parallel.class, members = {"block"})
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The spinning caller saw the block's last member end.")
    @Outcome(expect = FORBIDDEN, desc = "The spinning caller never saw the block done (STALE): isDone was hoisted.")
    @State
    public static class CallerSeesTheBlockDone {
        final TeamJob job = new TeamJob(team -> { }, 1, 0);

        @Actor
        public void caller() {
            while (!job.isDone()) {
                // spin, as awaitDone does before it parks: the read must be made again every turn
            }
        }

        @Signal
        public void lastMember() {
            job.participate(true);
        }
    }

    @JCStressTest(Mode.Termination)
    @Certifies(type = ParallelRange.class, members = {"forEach"})
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The spinning caller saw the range's last unit end.")
    @Outcome(expect = FORBIDDEN, desc = "The spinning caller never saw the range done (STALE): isDone was hoisted.")
    @State
    public static class CallerSeesTheRangeDone {
        final RangeJob job = new RangeJob(new Span(0, 1, 1), Schedule.STATIC, 1, i -> { }, null, 0);

        @Actor
        public void caller() {
            while (!job.isDone()) {
                // spin, as awaitDone does before it parks: the read must be made again every turn
            }
        }

        @Signal
        public void lastParticipant() {
            job.participate(true);
        }
    }

    static final RuntimeException FAILURE = new IllegalStateException("a body failed at ordinal 0");

    @JCStressTest(Mode.Termination)
    @Certifies(type = ParallelRange.class, members = {"forEach"})
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The polling participant saw the recorded failure.")
    @Outcome(expect = FORBIDDEN,
            desc = "The polling participant never saw the failure (STALE): the read of the lowest failure was hoisted.")
    @State
    public static class ParticipantSeesAFailure {
        final Failures failures = new Failures();

        @Actor
        public void participant() {
            while (failures.min() == Long.MAX_VALUE) {
                // poll, as a participant does before each unit: the read must be made again every turn
            }
        }

        @Signal
        public void failingParticipant() {
            failures.add(0, FAILURE);
        }
    }
}
