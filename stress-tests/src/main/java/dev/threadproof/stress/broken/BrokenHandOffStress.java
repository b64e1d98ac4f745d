package dev.threadproof.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * Broken twin of {@code dev.threadproof.runtime.HandOffStress.CallerWakeUp}: the caller's announcement that it waits
 * is a plain store, so it can pass the caller's own read of the completion state (the store buffer lets the load go
 * first), and the last participant's read of the waiter can miss it. Both sides then miss each other: the lost
 * wake-up that the runtime's volatile {@code Job.waiter} forbids.
 *
 * <p>Run: {@code ci/stress.sh --tests BrokenHandOff}. Expected: the interesting outcome is observed.
 */
public class BrokenHandOffStress {
    private BrokenHandOffStress() {
    }

    @JCStressTest
    @Outcome(id = {"true, false", "false, true", "true, true"}, expect = ACCEPTABLE,
            desc = "At least one side saw the other's write.")
    @Outcome(id = "false, false", expect = ACCEPTABLE_INTERESTING,
            desc = "Lost wake-up: the caller will park and nobody unparks it. The control is caught.")
    @State
    public static class PlainWaiterLosesTheWakeUp {
        private static final VarHandle LEFT;

        static {
            try {
                LEFT = MethodHandles.lookup().findVarHandle(PlainWaiterLosesTheWakeUp.class, "left", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        Thread waiter; // plain: the bug
        volatile int left = 1;

        @Actor
        public void caller(ZZ_Result r) {
            waiter = Thread.currentThread();
            r.r1 = left == 0;
        }

        @Actor
        public void lastParticipant(ZZ_Result r) {
            LEFT.getAndAdd(this, -1);
            r.r2 = waiter != null;
        }
    }
}
