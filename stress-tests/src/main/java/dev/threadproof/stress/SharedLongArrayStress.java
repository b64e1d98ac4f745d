package dev.threadproof.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.SharedLongArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import org.openjdk.jcstress.infra.results.JJ_Result;
import org.openjdk.jcstress.infra.results.ZZJ_Result;

/**
 * Races on {@link SharedLongArray}: atomicity of every update on one element, volatile publication, and independence
 * of neighbours.
 *
 * <p>Run one: {@code ci/stress.sh --tests SharedLongArrayStress}. Observed (smoke budget, JDK 17, 2 CPUs): only
 * ACCEPTABLE outcomes.
 */
public class SharedLongArrayStress {
    private SharedLongArrayStress() {
    }

    @JCStressTest
    @Certifies(type = SharedLongArray.class, members = {"addAndGet", "getAndAdd", "get"})
    @Outcome(id = {"1, 1, 3", "3, 0, 3"}, expect = ACCEPTABLE,
            desc = "Both additions landed; the results fit one order of the two.")
    @Outcome(expect = FORBIDDEN, desc = "An addition was lost or a result fits no order.")
    @State
    public static class AddAtomicity {
        final SharedLongArray a = new SharedLongArray(1);

        @Actor
        public void actor1(JJJ_Result r) {
            r.r1 = a.addAndGet(0, 1);
        }

        @Actor
        public void actor2(JJJ_Result r) {
            r.r2 = a.getAndAdd(0, 2);
        }

        @Arbiter
        public void arbiter(JJJ_Result r) {
            r.r3 = a.get(0);
        }
    }

    @JCStressTest
    @Certifies(type = SharedLongArray.class, members = {"compareAndSet"})
    @Outcome(id = {"true, false, 1", "false, true, 2"}, expect = ACCEPTABLE,
            desc = "Exactly one compare-and-set from 0 won and its value stayed.")
    @Outcome(expect = FORBIDDEN, desc = "Both or neither won, or the winner's value was lost.")
    @State
    public static class CompareAndSetAtomicity {
        final SharedLongArray a = new SharedLongArray(1);

        @Actor
        public void actor1(ZZJ_Result r) {
            r.r1 = a.compareAndSet(0, 0, 1);
        }

        @Actor
        public void actor2(ZZJ_Result r) {
            r.r2 = a.compareAndSet(0, 0, 2);
        }

        @Arbiter
        public void arbiter(ZZJ_Result r) {
            r.r3 = a.get(0);
        }
    }

    @JCStressTest
    @Certifies(type = SharedLongArray.class, members = {"getAndSet", "accumulateAndGet"})
    @Outcome(id = {"0, 7, 7", "7, 7, 7"}, expect = ACCEPTABLE,
            desc = "The swap and the maximum were ordered; the final value is 7.")
    @Outcome(expect = FORBIDDEN, desc = "The updates overlapped and one was lost.")
    @State
    public static class SwapVersusAccumulate {
        final SharedLongArray a = new SharedLongArray(1);

        @Actor
        public void actor1(JJJ_Result r) {
            r.r1 = a.getAndSet(0, 7);
        }

        @Actor
        public void actor2(JJJ_Result r) {
            r.r2 = a.accumulateAndGet(0, 7, Math::max);
        }

        @Arbiter
        public void arbiter(JJJ_Result r) {
            r.r3 = a.get(0);
        }
    }

    @JCStressTest
    @Certifies(type = SharedLongArray.class, members = {"set", "get"})
    @Outcome(id = {"0, 0", "0, 42", "1, 42"}, expect = ACCEPTABLE,
            desc = "The reader saw the flag only together with the data written before it (volatile publication).")
    @Outcome(expect = FORBIDDEN, desc = "The reader saw the flag but not the data written before it.")
    @State
    public static class Publication {
        final SharedLongArray a = new SharedLongArray(2);

        @Actor
        public void writer() {
            a.set(1, 42);
            a.set(0, 1);
        }

        @Actor
        public void reader(JJ_Result r) {
            r.r1 = a.get(0);
            r.r2 = a.get(1);
        }
    }

    @JCStressTest
    @Certifies(type = SharedLongArray.class, members = {"addAndGet", "snapshot", "length"})
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Adds to neighbouring elements did not disturb each other.")
    @Outcome(expect = FORBIDDEN, desc = "An add to one element changed or lost its neighbour's.")
    @State
    public static class NeighbourIndependence {
        final SharedLongArray a = new SharedLongArray(2);

        @Actor
        public void actor1() {
            a.addAndGet(0, 1);
        }

        @Actor
        public void actor2() {
            a.addAndGet(1, 1);
        }

        @Arbiter
        public void arbiter(JJ_Result r) {
            long[] s = a.snapshot();
            r.r1 = s.length == a.length() ? s[0] : -1;
            r.r2 = s[1];
        }
    }

    /**
     * Sequential consistency of {@code set} and {@code get} (Dekker): each thread sets its own element and then
     * reads the other's. Volatile accesses forbid both reads passing the other thread's store; a plain store (which on
     * x86 may wait in the store buffer while the next load runs) allows it. Negative control:
     * {@code broken.BrokenSharedArrayStress.MissingVolatileReordersStoreAndLoad}.
     */
    @JCStressTest
    @Certifies(type = SharedLongArray.class, members = {"set", "get"})
    @Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "An interleaving of the two threads.")
    @Outcome(expect = FORBIDDEN,
            desc = "Both reads passed the other thread's set: set or get is not sequentially consistent.")
    @State
    public static class StoreLoadOrder {
        final SharedLongArray a = new SharedLongArray(2);

        @Actor
        public void actor1(JJ_Result r) {
            a.set(0, 1);
            r.r1 = a.get(1);
        }

        @Actor
        public void actor2(JJ_Result r) {
            a.set(1, 1);
            r.r2 = a.get(0);
        }
    }

    /**
     * Progress of {@code get}: a thread that spins until it reads another thread's {@code set} ends. A volatile read
     * is made again on every turn of the loop; a plain one may be hoisted out of it by the JIT, and the loop then never
     * ends. Negative control: {@code broken.BrokenSharedArrayStress.PlainSpinNeverSeesTheSet}.
     */
    @JCStressTest(Mode.Termination)
    @Certifies(type = SharedLongArray.class, members = {"get", "set"})
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The spinning thread saw the set and stopped.")
    @Outcome(expect = FORBIDDEN, desc = "The spinning thread never saw the set (STALE): get was hoisted.")
    @State
    public static class SpinSeesTheSet {
        final SharedLongArray a = new SharedLongArray(1);

        @Actor
        public void spin() {
            while (a.get(0) == 0) {
                // spin: the read must be made again every turn
            }
        }

        @Signal
        public void signal() {
            a.set(0, 1);
        }
    }
}
