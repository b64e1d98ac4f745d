package dev.threadproof.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.threadproof.annotations.Certifies;
import dev.threadproof.runtime.SharedDoubleArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.DDD_Result;
import org.openjdk.jcstress.infra.results.DD_Result;
import org.openjdk.jcstress.infra.results.ZZD_Result;

/**
 * Races on {@link SharedDoubleArray}: two actors update the same element (atomicity), one publishes through it
 * (volatile semantics), or they update neighbouring elements (independence).
 *
 * <p>Run one: {@code java -jar stress-tests/target/jcstress.jar -t SharedDoubleArrayStress -m quick}, or
 * {@code ci/stress.sh --tests SharedDoubleArrayStress}. Observed (smoke budget, JDK 17, 2 CPUs): only ACCEPTABLE
 * outcomes; see the summary JSON of a run for counts.
 */
public class SharedDoubleArrayStress {
    private SharedDoubleArrayStress() {
    }

    @JCStressTest
    @Certifies(type = SharedDoubleArray.class, members = {"addAndGet", "get"})
    @Outcome(id = {"1.0, 2.0, 2.0", "2.0, 1.0, 2.0"}, expect = ACCEPTABLE,
            desc = "Both additions landed and each actor saw its own addition applied on top of the other's or first.")
    @Outcome(expect = FORBIDDEN, desc = "An addition was lost or an actor saw a value no linear order produces.")
    @State
    public static class AddAtomicity {
        final SharedDoubleArray a = new SharedDoubleArray(1);

        @Actor
        public void actor1(DDD_Result r) {
            r.r1 = a.addAndGet(0, 1.0);
        }

        @Actor
        public void actor2(DDD_Result r) {
            r.r2 = a.addAndGet(0, 1.0);
        }

        @Arbiter
        public void arbiter(DDD_Result r) {
            r.r3 = a.get(0);
        }
    }

    @JCStressTest
    @Certifies(type = SharedDoubleArray.class, members = {"getAndAdd"})
    @Outcome(id = {"0.0, 1.0, 3.0", "2.0, 0.0, 3.0"}, expect = ACCEPTABLE,
            desc = "Both additions landed; each actor saw the value before its own addition.")
    @Outcome(expect = FORBIDDEN, desc = "An addition was lost or a previous value was seen twice.")
    @State
    public static class GetAndAddAtomicity {
        final SharedDoubleArray a = new SharedDoubleArray(1);

        @Actor
        public void actor1(DDD_Result r) {
            r.r1 = a.getAndAdd(0, 1.0);
        }

        @Actor
        public void actor2(DDD_Result r) {
            r.r2 = a.getAndAdd(0, 2.0);
        }

        @Arbiter
        public void arbiter(DDD_Result r) {
            r.r3 = a.get(0);
        }
    }

    @JCStressTest
    @Certifies(type = SharedDoubleArray.class, members = {"compareAndSet"})
    @Outcome(id = {"true, false, 1.0", "false, true, 2.0"}, expect = ACCEPTABLE,
            desc = "Exactly one compare-and-set from 0.0 won and its value stayed.")
    @Outcome(expect = FORBIDDEN, desc = "Both or neither compare-and-set won, or the winner's value was lost.")
    @State
    public static class CompareAndSetAtomicity {
        final SharedDoubleArray a = new SharedDoubleArray(1);

        @Actor
        public void actor1(ZZD_Result r) {
            r.r1 = a.compareAndSet(0, 0.0, 1.0);
        }

        @Actor
        public void actor2(ZZD_Result r) {
            r.r2 = a.compareAndSet(0, 0.0, 2.0);
        }

        @Arbiter
        public void arbiter(ZZD_Result r) {
            r.r3 = a.get(0);
        }
    }

    @JCStressTest
    @Certifies(type = SharedDoubleArray.class, members = {"getAndSet"})
    @Outcome(id = {"0.0, 1.0, 2.0", "2.0, 0.0, 1.0"}, expect = ACCEPTABLE,
            desc = "The two swaps were ordered: the later one saw the earlier one's value and its own value stayed.")
    @Outcome(expect = FORBIDDEN, desc = "The swaps overlapped: a value was seen twice or lost.")
    @State
    public static class GetAndSetAtomicity {
        final SharedDoubleArray a = new SharedDoubleArray(1);

        @Actor
        public void actor1(DDD_Result r) {
            r.r1 = a.getAndSet(0, 1.0);
        }

        @Actor
        public void actor2(DDD_Result r) {
            r.r2 = a.getAndSet(0, 2.0);
        }

        @Arbiter
        public void arbiter(DDD_Result r) {
            r.r3 = a.get(0);
        }
    }

    @JCStressTest
    @Certifies(type = SharedDoubleArray.class, members = {"accumulateAndGet"})
    @Outcome(id = {"3.0, 5.0, 5.0", "5.0, 5.0, 5.0"}, expect = ACCEPTABLE,
            desc = "Both updates applied: the maximum is 5.0 and each actor saw a state some order produces.")
    @Outcome(expect = FORBIDDEN, desc = "An update was lost: the final maximum is wrong or a result is impossible.")
    @State
    public static class AccumulateAtomicity {
        final SharedDoubleArray a = new SharedDoubleArray(new double[] {1.0});

        @Actor
        public void actor1(DDD_Result r) {
            r.r1 = a.accumulateAndGet(0, 3.0, Math::max);
        }

        @Actor
        public void actor2(DDD_Result r) {
            r.r2 = a.accumulateAndGet(0, 5.0, Math::max);
        }

        @Arbiter
        public void arbiter(DDD_Result r) {
            r.r3 = a.get(0);
        }
    }

    @JCStressTest
    @Certifies(type = SharedDoubleArray.class, members = {"set", "get"})
    @Outcome(id = {"0.0, 0.0", "0.0, 42.5", "1.0, 42.5"}, expect = ACCEPTABLE,
            desc = "The reader saw the flag only together with the data written before it (volatile publication).")
    @Outcome(expect = FORBIDDEN, desc = "The reader saw the flag but not the data written before it.")
    @State
    public static class Publication {
        final SharedDoubleArray a = new SharedDoubleArray(2);

        @Actor
        public void writer() {
            a.set(1, 42.5);
            a.set(0, 1.0);
        }

        @Actor
        public void reader(DD_Result r) {
            r.r1 = a.get(0);
            r.r2 = a.get(1);
        }
    }

    @JCStressTest
    @Certifies(type = SharedDoubleArray.class, members = {"addAndGet", "snapshot", "length"})
    @Outcome(id = "1.0, 1.0", expect = ACCEPTABLE, desc = "Adds to neighbouring elements did not disturb each other.")
    @Outcome(expect = FORBIDDEN, desc = "An add to one element changed or lost its neighbour's.")
    @State
    public static class NeighbourIndependence {
        final SharedDoubleArray a = new SharedDoubleArray(2);

        @Actor
        public void actor1() {
            a.addAndGet(0, 1.0);
        }

        @Actor
        public void actor2() {
            a.addAndGet(1, 1.0);
        }

        @Arbiter
        public void arbiter(DD_Result r) {
            double[] s = a.snapshot();
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
    @Certifies(type = SharedDoubleArray.class, members = {"set", "get"})
    @Outcome(id = {"0.0, 1.0", "1.0, 0.0", "1.0, 1.0"}, expect = ACCEPTABLE, desc = "An interleaving of the two threads.")
    @Outcome(expect = FORBIDDEN,
            desc = "Both reads passed the other thread's set: set or get is not sequentially consistent.")
    @State
    public static class StoreLoadOrder {
        final SharedDoubleArray a = new SharedDoubleArray(2);

        @Actor
        public void actor1(DD_Result r) {
            a.set(0, 1.0);
            r.r1 = a.get(1);
        }

        @Actor
        public void actor2(DD_Result r) {
            a.set(1, 1.0);
            r.r2 = a.get(0);
        }
    }

    /**
     * Progress of {@code get}: a thread that spins until it reads another thread's {@code set} ends. A volatile read
     * is made again on every turn of the loop; a plain one may be hoisted out of it by the JIT, and the loop then never
     * ends. Negative control: {@code broken.BrokenSharedArrayStress.PlainSpinNeverSeesTheSet}.
     */
    @JCStressTest(Mode.Termination)
    @Certifies(type = SharedDoubleArray.class, members = {"get", "set"})
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The spinning thread saw the set and stopped.")
    @Outcome(expect = FORBIDDEN, desc = "The spinning thread never saw the set (STALE): get was hoisted.")
    @State
    public static class SpinSeesTheSet {
        final SharedDoubleArray a = new SharedDoubleArray(1);

        @Actor
        public void spin() {
            while (a.get(0) == 0.0) {
                // spin: the read must be made again every turn
            }
        }

        @Signal
        public void signal() {
            a.set(0, 1.0);
        }
    }
}
