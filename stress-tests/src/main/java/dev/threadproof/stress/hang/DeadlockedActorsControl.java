package dev.threadproof.stress.hang;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.locks.LockSupport;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A hang on purpose: each actor waits for a signal that only the other actor sends after its own wait, the shape of a
 * team whose members wait for each other while the threads that would run them are taken. No actor ever returns, and
 * the waits ignore interruption, as a parallel call's join does while bodies still run.
 *
 * <p>Run: {@code ci/stress.sh --tests '^dev\.threadproof\.stress\.hang\.' --limit 20}. Expected: the run is stopped at
 * its limit, "stage timed out", exit 124, and a thread dump of the forked VM shows both actors in {@link #await}.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Never seen: both actors would have to get past their waits.")
@Outcome(expect = FORBIDDEN, desc = "Never seen either: no actor returns, so no outcome is ever recorded.")
@State
public class DeadlockedActorsControl {
    volatile boolean fromActor1;
    volatile boolean fromActor2;

    static void await(DeadlockedActorsControl s, boolean fromFirst) {
        while (fromFirst ? !s.fromActor1 : !s.fromActor2) {
            LockSupport.parkNanos(s, 1_000_000L); // never woken: the signal comes after the other actor's own wait
        }
    }

    @Actor
    public void actor1(II_Result r) {
        await(this, false);
        fromActor1 = true;
        r.r1 = 1;
    }

    @Actor
    public void actor2(II_Result r) {
        await(this, true);
        fromActor2 = true;
        r.r2 = 1;
    }
}
