package dev.threadproof.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.threadproof.annotations.Certifies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * White-box tests of the two park/unpark hand-offs under every parallel call on a pool, each a Dekker pair of
 * volatile accesses: a waiting caller and the participant that completes its job ({@link Job#announce()}
 * against {@link Job#signal()}), and an idle worker and the caller that hands it a task
 * ({@link WorkerPool.Worker#prepareToPark()} against {@link WorkerPool#assign}). If both sides miss the other's write,
 * a thread parks that nobody will unpark: the call never returns, or a worker sleeps on a task it was given.
 *
 * <p>They live in the runtime's package because the hand-offs are package-private; each actor runs the runtime's own
 * method, so a weakened field or a reordered access in it is what the test sees. {@code @Certifies} names the public
 * calls that rely on the hand-offs; the mutation tool also selects these tests for the internal types they refer to.
 *
 * <p>Negative control: {@code dev.threadproof.stress.broken.BrokenHandOffStress} (the caller's half with a plain
 * store). Run: {@code ci/stress.sh --tests HandOffStress}. Observed (quick, JDK 17, 2 CPUs): only ACCEPTABLE outcomes.
 */
public class HandOffStress {
    private HandOffStress() {
    }

    /**
     * A job whose completion is one atomic add, then {@link #signal()}: the shape of the last participant's step in
     * both {@link RangeJob} and {@link TeamJob}.
     */
    static final class OnePartJob extends Job {
        private static final VarHandle LEFT;

        static {
            try {
                LEFT = MethodHandles.lookup().findVarHandle(OnePartJob.class, "left", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile int left = 1;

        OnePartJob() {
            super(0);
        }

        @Override
        void participate(boolean caller) {
            complete();
        }

        @Override
        void finish() {
            // nothing to report: the part cannot fail
        }

        /** The last part ends: the atomic add (the join edge), then the wake-up; returns whether it woke a waiter. */
        boolean complete() {
            LEFT.getAndAdd(this, -1);
            return signal();
        }

        @Override
        boolean isDone() {
            return left == 0;
        }

        @Override
        void cancel() {
        }
    }

    @JCStressTest
    @Certifies(type = Parallel.class, members = {"range", "block"})
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "The caller saw the job done and will not park.")
    @Outcome(id = "false, true", expect = ACCEPTABLE,
            desc = "The caller will park, and the last participant saw it waiting and unparked it.")
    @Outcome(id = "true, true", expect = ACCEPTABLE,
            desc = "Each side saw the other's write; the caller does not park and the unpark is spare.")
    @Outcome(expect = FORBIDDEN, desc = "Lost wake-up: the caller saw the job not done and will park, and the last "
            + "participant saw no waiter, so the call would never return.")
    @State
    public static class CallerWakeUp {
        final OnePartJob job = new OnePartJob();

        @Actor
        public void caller(ZZ_Result r) {
            r.r1 = job.announce();
        }

        @Actor
        public void lastParticipant(ZZ_Result r) {
            r.r2 = job.complete();
        }
    }

    /** Workers of this pool are only constructed by the test, never started; the pool's own worker idles. */
    static final WorkerPool POOL = WorkerPool.create(1);
    static final Job TASK = new OnePartJob();

    @JCStressTest
    @Certifies(type = WorkerPool.class, members = {"create", "common"})
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "The worker found its task and will not park.")
    @Outcome(id = "false, true", expect = ACCEPTABLE,
            desc = "The worker will park, and the caller saw it parking and unparked it.")
    @Outcome(id = "true, true", expect = ACCEPTABLE,
            desc = "Each side saw the other's write; the worker does not park and the unpark is spare.")
    @Outcome(expect = FORBIDDEN, desc = "Lost hand-off: the worker found no task and will park, and the caller saw "
            + "it not parking, so the worker would sleep on the task it was given.")
    @State
    public static class WorkerWakeUp {
        final WorkerPool.Worker worker = new WorkerPool.Worker(POOL, "threadproof-handoff-test");

        @Actor
        public void worker(ZZ_Result r) {
            r.r1 = worker.prepareToPark() != null;
        }

        @Actor
        public void caller(ZZ_Result r) {
            r.r2 = WorkerPool.assign(worker, TASK);
        }
    }
}
